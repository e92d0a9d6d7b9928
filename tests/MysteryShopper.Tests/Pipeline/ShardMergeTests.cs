using Microsoft.Extensions.Time.Testing;
using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Pipeline;
using MysteryShopper.Reporting;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.Tests.Pipeline;

/// <summary>
/// Shard exports and their merge over real SQLite stores: a shard's run is written to the store as a run would write it,
/// exported with <see cref="RunExport"/>, and merged with <see cref="ShardMerge"/> into a workspace store.
/// </summary>
public class ShardMergeTests
{
    private const string Sources = """[{"path":"/ci/checkout/scenarios/ask.yaml","text":"name: ask\n"}]""";
    private const string Plan = "0123456789abcdef";

    private string _folder = "";
    private SqliteStore _workspace = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("mshop-merge-test-").FullName;
        _workspace = await SqliteStore.OpenAsync(Path.Combine(_folder, "workspace", "store.db"), CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _workspace.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<IStore> Open(string path, CancellationToken cancellationToken) => await SqliteStore.OpenAsync(path, cancellationToken);

    /// <summary>
    /// A shard's run folder as <c>mshop run --shard</c> leaves it: its own store with the run (a passed probe with an
    /// observation, a submission, a screenshot, a sent and a received message, a verdict), exported to run.db.
    /// </summary>
    private async Task<(string Folder, IReadOnlyList<string> Tokens)> ShardAsync(int index, int count, string[] probeIds, string plan = Plan, string sources = Sources, string? storeFile = null)
    {
        var folder = Path.Combine(_folder, $"shard-{index}-{Guid.NewGuid():N}"[..16]);
        Directory.CreateDirectory(Path.Combine(folder, "screenshots"));
        var runId = $"run-{index}";
        var started = Some.Start.AddMinutes(index);
        var tokens = new List<string>();
        var own = storeFile is null;
        var store = own ? await SqliteStore.OpenAsync(Path.Combine(folder, "store-of-the-shard.db"), CancellationToken.None) : _workspace;
        try
        {
            await store.CreateRunAsync(
                new StoredRun
                {
                    Id = runId,
                    Suite = "ask",
                    Directory = folder,
                    StartedAt = started,
                    SourcesJson = sources,
                    SettingsJson = StoreJson.Settings(new StoredSettings { AddressPattern = "shopper+{token}@inbox.mshop.test", Reports = ["json"], Shard = new StoredShard(index, count, plan) }),
                    SkippedJson = StoreJson.Skipped([new SkippedProbe($"ask/held/default#{index}", "ask", "held", "limit of 1 probe(s) a day")]),
                },
                CancellationToken.None);
            foreach (var (id, ordinal) in probeIds.Select((id, i) => (id, i)))
            {
                var token = MysteryShopper.Planning.Planner.NewToken();
                tokens.Add(token);
                var verdict = new ProbeVerdict(true, [new MetricValue("page_load", 1.5, true)], [new ExpectationResult("page_load", "< 5s", 1.5, true, "1.5 s")], []);
                await store.ImportProbesAsync(
                [
                    new StoredProbe
                    {
                        Token = token, RunId = runId, ProbeId = id, Ordinal = ordinal * count + index, PlannedAt = started, Scenario = "ask", ScenarioFile = "ask.yaml",
                        TargetId = "rival", TargetName = "Rival", TargetRole = "competitor", TargetUrl = "https://rival.example", Persona = "default", FirstName = "Alex",
                        Email = $"shopper+{token}@inbox.mshop.test", State = ProbeState.Passed, StartedAt = started, FinishedAt = started.AddSeconds(5), Owner = "ci:1:1",
                    },
                ],
                    CancellationToken.None);
                await store.AppendObservationsAsync(token, [new Observation(ObservationKind.ProbeStarted, started), new Observation(ObservationKind.Screenshot, started.AddSeconds(1)) { Name = "end", Detail = $"screenshots/{token}.png" }], CancellationToken.None);
                await store.BeginSubmissionAsync(token, 2, "click Send", started.AddSeconds(2), CancellationToken.None);
                await store.EndSubmissionAsync(token, 2, started.AddSeconds(3), CancellationToken.None);
                await File.WriteAllBytesAsync(Path.Combine(folder, "screenshots", $"{token}.png"), [1, 2, 3]);
                await store.AddArtifactAsync(token, "screenshot", $"screenshots/{token}.png", CancellationToken.None);
                await store.AddSentAsync(new SentMessage(token, $"<sent-{token}@mshop>", "support@rival.example", started.AddSeconds(2), [4, 5]), CancellationToken.None);
                var email = Some.Email("Re: your question", 10 + index, token: token);
                await store.AddMessageAsync(new StoredMessage { Key = $"answer-{token}", Mailbox = "maildir", Source = $"file-{token}", Token = token, ReceivedAt = email.ReceivedAt, SeenAt = email.SeenAt, EmailJson = StoreJson.Email(email), Raw = [6, 7] }, CancellationToken.None);
                await store.SaveVerdictAsync(token, StoreJson.Verdict(verdict), [new StoredMetric("page_load", 1.5, true)], CancellationToken.None);
            }

            var stray = Some.Email("Newsletter", (60 * index) + 30, token: "nobody");
            await store.AddMessageAsync(new StoredMessage { Key = $"stray-{index}", Mailbox = "maildir", Source = $"stray-{index}", ReceivedAt = stray.ReceivedAt, SeenAt = stray.SeenAt, EmailJson = StoreJson.Email(stray), Raw = [8] }, CancellationToken.None);
            await store.FinishRunAsync(runId, started.AddMinutes(1), CancellationToken.None);
            await File.WriteAllTextAsync(Path.Combine(folder, "log.clef"), $"{{\"shard\":{index}}}\n");
            await RunExport.WriteAsync(store, runId, Open, folder, CancellationToken.None);
        }
        finally
        {
            if (own)
            {
                await store.DisposeAsync();
            }
        }

        return (folder, tokens);
    }

    private Task<MergeOutcome> MergeAsync(params string[] folders) => ShardMerge.MergeAsync(
        folders, _workspace, Open, Path.Combine(_folder, "workspace", "reports"), "the default", Path.Combine(_folder, "workspace"), new FakeTimeProvider(Some.Start.AddHours(1)), CancellationToken.None);

    [Test]
    public async Task Export_RunDb_HoldsTheRunWithEverythingItsProbesGathered()
    {
        var (folder, tokens) = await ShardAsync(1, 2, ["ask/rival/default"]);

        await using var export = await SqliteStore.OpenAsync(Path.Combine(folder, RunExport.FileName), CancellationToken.None);
        var run = await export.FindRunAsync("last", CancellationToken.None);
        var token = tokens.Single();
        Assert.That(run?.Id, Is.EqualTo("run-1"));
        Assert.That(StoreJson.Settings(run!.SettingsJson)?.Shard, Is.EqualTo(new StoredShard(1, 2, Plan)));
        Assert.That((await export.ProbesOfRunAsync("run-1", CancellationToken.None)).Select(p => (p.Token, p.State)), Is.EqualTo(new[] { (token, ProbeState.Passed) }));
        Assert.That(await export.ObservationsAsync(token, CancellationToken.None), Has.Count.EqualTo(2));
        Assert.That((await export.SubmissionsAsync(token, CancellationToken.None)).Single().FinishedAt, Is.EqualTo(Some.Start.AddMinutes(1).AddSeconds(3)));
        Assert.That((await export.ArtifactsAsync(token, CancellationToken.None)).Single().Path, Is.EqualTo($"screenshots/{token}.png"));
        Assert.That((await export.SentMessagesAsync(token, CancellationToken.None)).Single().Raw, Is.EqualTo(new byte[] { 4, 5 }));
        Assert.That((await export.MessagesOfProbeAsync(token, CancellationToken.None)).Single().Raw, Is.EqualTo(new byte[] { 6, 7 }));
        Assert.That(await export.MetricsAsync(token, CancellationToken.None), Is.EqualTo(new[] { new StoredMetric("page_load", 1.5, true) }));
        Assert.That((await export.UnattributedAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None)).Select(m => m.Key), Is.EqualTo(new[] { "stray-1" }));
    }

    [Test]
    public async Task Merge_TwoShards_AreOneRunWithEveryProbeItsRowsAndItsFiles()
    {
        var (first, firstTokens) = await ShardAsync(1, 2, ["ask/rival/default", "ask/rival/default#3"]);
        var (second, secondTokens) = await ShardAsync(2, 2, ["ask/rival/default#2"]);

        var merged = await MergeAsync(second, first);

        Assert.That(merged.Missing, Is.Empty);
        var run = (await _workspace.FindRunAsync(merged.RunId, CancellationToken.None))!;
        Assert.That((run.StartedAt, run.FinishedAt), Is.EqualTo((Some.Start.AddMinutes(1), (DateTimeOffset?)Some.Start.AddMinutes(3))));
        Assert.That(StoreJson.Settings(run.SettingsJson)?.Shard, Is.Null, "the merged run is a whole run");
        Assert.That(run.Directory, Is.EqualTo(merged.Directory));
        var probes = await _workspace.ProbesOfRunAsync(merged.RunId, CancellationToken.None);
        // Tokens kept (this store had none of them), in the plan's order across the shards, owned by nobody.
        Assert.That(probes.Select(p => p.Token), Is.EqualTo(new[] { firstTokens[0], secondTokens[0], firstTokens[1] }));
        Assert.That(probes.Select(p => p.ProbeId), Is.EqualTo(new[] { "ask/rival/default", "ask/rival/default#2", "ask/rival/default#3" }));
        Assert.That(probes.Select(p => p.Owner), Is.All.Null);

        var result = (await StoredRuns.LoadAsync(_workspace, merged.RunId, CancellationToken.None))!;
        Assert.That(result.Probes.Select(p => p.Verdict.Passed), Is.All.True);
        Assert.That(result.Probes.Select(p => p.Record.Emails.Count), Is.All.EqualTo(1));
        Assert.That(result.Skipped.Select(s => s.ProbeId), Is.EqualTo(new[] { "ask/held/default#1", "ask/held/default#2" }));
        Assert.That(result.Unattributed.Select(e => e.Subject), Is.EqualTo(new[] { "Newsletter", "Newsletter" }));
        foreach (var probe in probes)
        {
            var artifact = (await _workspace.ArtifactsAsync(probe.Token, CancellationToken.None)).Single();
            Assert.That(File.ReadAllBytes(Path.Combine(merged.Directory, artifact.Path)), Is.EqualTo(new byte[] { 1, 2, 3 }), "the screenshot travels with the run");
            Assert.That(await _workspace.MetricsAsync(probe.Token, CancellationToken.None), Has.Count.EqualTo(1));
            Assert.That(await _workspace.SentMessagesAsync(probe.Token, CancellationToken.None), Has.Count.EqualTo(1));
        }

        Assert.That(File.ReadAllText(Path.Combine(merged.Directory, "shard-2.log.clef")), Does.Contain("\"shard\":2"));
        Assert.That(File.Exists(Path.Combine(merged.Directory, RunExport.FileName)), Is.False, "a shard's export stays in its folder");
    }

    [Test]
    public async Task Merge_ShardsRanInThisStore_CopiesTheProbesUnderNewTokens()
    {
        var (first, firstTokens) = await ShardAsync(1, 2, ["ask/rival/default"], storeFile: "workspace");
        var (second, _) = await ShardAsync(2, 2, ["ask/rival/default#2"], storeFile: "workspace");

        var merged = await MergeAsync(first, second);

        var probes = await _workspace.ProbesOfRunAsync(merged.RunId, CancellationToken.None);
        Assert.That(probes.Select(p => p.ProbeId), Is.EqualTo(new[] { "ask/rival/default", "ask/rival/default#2" }));
        Assert.That(probes.Select(p => p.Token), Has.None.EqualTo(firstTokens[0]));
        Assert.That((await _workspace.MessagesOfProbeAsync(probes[0].Token, CancellationToken.None)).Single().Raw, Is.EqualTo(new byte[] { 6, 7 }));
        Assert.That((await _workspace.MessagesOfProbeAsync(firstTokens[0], CancellationToken.None)), Has.Count.EqualTo(1), "the shard's own probe keeps its mail");
    }

    [Test]
    public async Task Merge_AShardMissing_MergesTheRestAndSaysWhich()
    {
        var (first, _) = await ShardAsync(1, 3, ["ask/rival/default"]);
        var (third, _) = await ShardAsync(3, 3, ["ask/rival/default#3"]);

        var merged = await MergeAsync(first, third);

        Assert.That(merged.Missing, Is.EqualTo(new[] { "2/3" }));
        Assert.That(await _workspace.ProbesOfRunAsync(merged.RunId, CancellationToken.None), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Merge_TheSameShardTwice_IsRefused()
    {
        var (first, _) = await ShardAsync(1, 2, ["ask/rival/default"]);
        var (again, _) = await ShardAsync(1, 2, ["ask/rival/default"]);

        var e = Assert.ThrowsAsync<MergeException>(() => MergeAsync(first, again));

        Assert.That(e!.Message, Is.EqualTo($"shard 1/2 is given twice: {first} and {again}; give each shard's run folder once"));
        Assert.That(await _workspace.ListRunsAsync(10, CancellationToken.None), Is.Empty, "nothing is imported");
    }

    [Test]
    public async Task Merge_ShardsOfDifferentPlans_AreRefused()
    {
        var (first, _) = await ShardAsync(1, 2, ["ask/rival/default"]);
        var (other, _) = await ShardAsync(2, 2, ["ask/rival/default#2"], plan: "fedcba9876543210");

        var e = Assert.ThrowsAsync<MergeException>(() => MergeAsync(first, other));

        Assert.That(e!.Message, Does.StartWith($"{other} and {first} are not shards of one run: they planned different probes"));
    }

    [Test]
    public async Task Merge_ShardsOfDifferentSuites_AreRefused_TheSameSuiteInAnotherFolderIsOne()
    {
        var (first, _) = await ShardAsync(1, 3, ["ask/rival/default"]);
        var (moved, _) = await ShardAsync(2, 3, ["ask/rival/default#2"], sources: Sources.Replace("/ci/checkout", "/home/me/work", StringComparison.Ordinal));
        var (changed, _) = await ShardAsync(3, 3, ["ask/rival/default#3"], sources: Sources.Replace("name: ask", "name: ask2", StringComparison.Ordinal));

        var e = Assert.ThrowsAsync<MergeException>(() => MergeAsync(first, moved, changed));

        Assert.That(e!.Message, Does.StartWith($"{changed} and {first} are not shards of one run: their suite files differ"));
    }

    [Test]
    public async Task Merge_ShardsSplitDifferently_AreRefused()
    {
        var (first, _) = await ShardAsync(1, 2, ["ask/rival/default"]);
        var (other, _) = await ShardAsync(2, 3, ["ask/rival/default#2"]);

        var e = Assert.ThrowsAsync<MergeException>(() => MergeAsync(first, other));

        Assert.That(e!.Message, Does.Contain("one is split into 2 shards, the other into 3"));
    }

    [Test]
    public async Task Merge_NotARunFolder_IsRefusedWithWhatToGive()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;
        var file = Path.Combine(_folder, "file.txt");
        await File.WriteAllTextAsync(file, "x");
        var (shard, _) = await ShardAsync(1, 2, ["ask/rival/default"]);

        Assert.That(Assert.ThrowsAsync<MergeException>(() => MergeAsync(shard, empty))!.Message,
            Is.EqualTo($"{empty} is not a shard's run folder: it has no run.db; only 'mshop run --shard i/n' writes one, so run each shard with --shard"));
        Assert.That(Assert.ThrowsAsync<MergeException>(() => MergeAsync(file))!.Message, Does.StartWith($"{file} is not a folder"));
        Assert.That(Assert.ThrowsAsync<MergeException>(() => MergeAsync(Path.Combine(_folder, "nowhere")))!.Message, Does.EndWith("does not exist; give the run folders the shards wrote (reports/RUN-ID)"));
    }

    [Test]
    public async Task Merge_ARunDbThatIsNoStore_IsRefused()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "junk")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, RunExport.FileName), "not a database, just text that is long enough to be read as a header............");

        var e = Assert.ThrowsAsync<MergeException>(() => MergeAsync(folder));

        Assert.That(e!.Message, Does.StartWith($"{Path.Combine(folder, RunExport.FileName)} cannot be read as a run: "));
    }

    [Test]
    public async Task Merge_ARunMadeWithoutShard_IsRefused()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "whole")).FullName;
        await using (var store = await SqliteStore.OpenAsync(Path.Combine(folder, RunExport.FileName), CancellationToken.None))
        {
            await store.CreateRunAsync(new StoredRun { Id = "whole", Suite = "ask", Directory = folder, StartedAt = Some.Start, SourcesJson = Sources, SettingsJson = StoreJson.Settings(new StoredSettings { AddressPattern = "x+{token}@y" }) }, CancellationToken.None);
        }

        var e = Assert.ThrowsAsync<MergeException>(() => MergeAsync(folder));

        Assert.That(e!.Message, Is.EqualTo($"{folder} holds a run made without --shard; only shards of one run are merged"));
    }
}
