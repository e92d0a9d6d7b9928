using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// Gating on a baseline with real mshop processes over a real store: two stored runs of one suite (written through
/// the SQLite store's own API), the later one slower in every sample. <c>mshop report --baseline last</c> fails with
/// the regression in words; <c>mshop tag</c> names the earlier run for <c>--baseline TAG</c>; an unknown baseline is
/// invalid input (exit 2) with a hint, for <c>report</c> and for <c>run</c> before anything is started.
/// </summary>
public sealed class BaselineCommandTests
{
    private const string Suite = "presales";
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private string _workspace = null!;

    [SetUp]
    public async Task SetUp()
    {
        _workspace = DurableWorkspace.Create("baseline", new Dictionary<string, string> { ["look.yaml"] = DurableWorkspace.Look(Suite, "brightwave") });
        await using var store = await SqliteStore.OpenAsync(StoreRows.PathIn(_workspace), CancellationToken.None);
        await StoreRunAsync(store, "20261130-090000-base", Start, [1.0, 1.2, 1.1, 0.9, 1.3]);
        await StoreRunAsync(store, "20261130-100000-next", Start.AddHours(1), [3.0, 3.4, 3.1, 2.9, 3.3]);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_workspace, recursive: true);

    [Test]
    public async Task Report_BaselineLastSlowerSamples_ExitsOneWithTheRegression()
    {
        var report = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "report", "--baseline", "last", "--report", "json");

        Assert.Multiple(async () =>
        {
            Assert.That(report.ExitCode, Is.EqualTo(1), report.Transcript);
            Assert.That(report.Output, Does.Contain("Against baseline run 20261130-090000-base (started 2026-11-30 09:00 UTC): 1 regressed"), report.Transcript);
            Assert.That(report.Output, Does.Contain("REGRESSED  presales  Brightwave  time_to_welcome 1.1 s → 3.1 s (+182 %), medians of 5 → 5 samples, p = 0.008, Cliff's δ = +1.00 (large)"), report.Transcript);
            var results = await File.ReadAllTextAsync(Path.Combine(_workspace, "reports", "20261130-100000-next", "results.json"));
            Assert.That(results, Does.Contain("\"baselineRunId\": \"20261130-090000-base\"").And.Contain("\"verdict\": \"Regressed\""));
        });
    }

    [Test]
    public async Task Tag_ThenBaselineTag_ComparesWithTheTaggedRunAndRunsListsIt()
    {
        var tag = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "tag", "20261130-090000-base", "release-1");
        var runs = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "runs");
        var report = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "report", "20261130-100000-next", "--baseline", "release-1", "--report", "json");
        var moved = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "tag", "last", "release-1");
        var itself = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "report", "--baseline", "release-1", "--report", "json");

        Assert.Multiple(() =>
        {
            Assert.That(tag.ExitCode, Is.EqualTo(0), tag.Transcript);
            Assert.That(tag.Output, Does.Contain("Tagged run 20261130-090000-base as 'release-1'"));
            Assert.That(runs.Output.Split('\n').Single(l => l.StartsWith("20261130-090000-base", StringComparison.Ordinal)), Does.EndWith("release-1"), runs.Transcript);
            Assert.That(report.ExitCode, Is.EqualTo(1), report.Transcript);
            Assert.That(report.Output, Does.Contain("Against baseline run 20261130-090000-base (tag release-1,"), report.Transcript);
            Assert.That(moved.Output, Does.Contain("(moved from run 20261130-090000-base)"), moved.Transcript);
            Assert.That(itself.ExitCode, Is.EqualTo(2), itself.Transcript);
            Assert.That(itself.Error, Does.Contain("is the run being reported"), itself.Transcript);
        });
    }

    [Test]
    public async Task Report_UnknownBaseline_ExitsTwoWithAHint()
    {
        await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "tag", "20261130-090000-base", "release-1");

        var report = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "report", "--baseline", "release-2", "--report", "json");
        var badName = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "tag", "last", "last");

        Assert.Multiple(() =>
        {
            Assert.That(report.ExitCode, Is.EqualTo(2), report.Transcript);
            Assert.That(report.Error, Does.Contain("--baseline: no run or tag 'release-2'").And.Contain("Did you mean the tag 'release-1'?").And.Contain("'mshop tag RUN NAME'"), report.Transcript);
            Assert.That(report.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(badName.ExitCode, Is.EqualTo(2), badName.Transcript);
            Assert.That(badName.Error, Does.Contain("'last' already means"), badName.Transcript);
        });
    }

    [Test]
    public async Task Run_UnknownBaseline_ExitsTwoBeforeAnythingIsStarted()
    {
        var run = await MshopChild.RunAsync(_workspace, DurableWorkspace.RunPatience, "run", ".", "--baseline", "nosuch");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.Transcript);
            Assert.That(run.Error, Does.Contain("--baseline: no run or tag 'nosuch'"), run.Transcript);
            Assert.That(StoreRows.RunIds(_workspace), Is.EqualTo(new[] { "20261130-090000-base", "20261130-100000-next" }), "no run was stored");
        });
    }

    [Test]
    public async Task Report_FailOnWarn_ExitsOneForAFailedWarning()
    {
        var plain = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "report", "--report", "json");
        var strict = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "report", "--report", "json", "--fail-on", "warn");

        Assert.Multiple(() =>
        {
            Assert.That(plain.ExitCode, Is.EqualTo(0), plain.Transcript);
            Assert.That(strict.ExitCode, Is.EqualTo(1), strict.Transcript);
            Assert.That(strict.Output, Does.Contain("5 failed warning(s) fail the report (--fail-on warn)"), strict.Transcript);
        });
    }

    /// <summary>A finished run of <see cref="Suite"/> at Brightwave: one passed probe per time_to_welcome sample, each with a failed warning on it.</summary>
    private async Task StoreRunAsync(SqliteStore store, string runId, DateTimeOffset startedAt, double[] samples)
    {
        await store.CreateRunAsync(new StoredRun
        {
            Id = runId,
            Suite = Suite,
            Workspace = _workspace,
            Directory = Path.Combine(_workspace, "reports", runId),
            StartedAt = startedAt,
            SourcesJson = "[]",
            SettingsJson = "{}",
        }, CancellationToken.None);
        for (var i = 0; i < samples.Length; i++)
        {
            var token = $"{runId[^4..]}{i}";
            await InsertProbeAsync(store, runId, token, i, startedAt);
            var verdict = new ProbeVerdict(
                true,
                [new MetricValue("time_to_welcome", samples[i], true), new MetricValue("emails_received", 1, false)],
                [new ExpectationResult("page_load", "< 2s", 2.5, false, "2.5 s does not meet < 2s") { Warning = true }],
                []);
            await store.SaveVerdictAsync(token, StoreJson.Verdict(verdict), [new StoredMetric("time_to_welcome", samples[i], true)], CancellationToken.None);
            await store.UpdateProbeAsync(new ProbeUpdate(token) { State = ProbeState.Passed, StartedAt = startedAt, FinishedAt = startedAt.AddMinutes(1) }, CancellationToken.None);
        }

        await store.FinishRunAsync(runId, startedAt.AddMinutes(5), CancellationToken.None);
    }

    /// <summary>Inserts one probe the way a run reserves it (the store has no other way in).</summary>
    internal static async Task InsertProbeAsync(SqliteStore store, string runId, string token, int ordinal, DateTimeOffset plannedAt)
    {
        var place = new SourcePlace("look.yaml", 1, 1);
        var target = new TargetDefinition { Id = "brightwave", Name = "Brightwave", Role = TargetRole.Own, Url = "http://127.0.0.1:1", Place = place };
        var probe = new Probe
        {
            Id = $"{Suite}/brightwave/default#{ordinal + 1}",
            Scenario = new ScenarioDefinition { Name = Suite, File = place.File, Targets = [new NameRef("brightwave", place)], Persona = new NameRef("default", place), Journey = [] },
            Target = target,
            Persona = new PersonaDefinition { Id = "default", Name = "Alex Morgan", FirstName = "Alex", LastName = "Morgan", Place = place },
            Token = token,
            Email = $"shopper+{token}@inbox.mshop.test",
            TargetUrl = target.Url,
            Journey = [],
        };
        await store.ReserveProbesAsync(
            plannedAt,
            _ => [new PlannedProbe(probe, null)],
            p => ProbeRecords.Stored(p.Probe, runId, ordinal, plannedAt),
            CancellationToken.None);
    }
}
