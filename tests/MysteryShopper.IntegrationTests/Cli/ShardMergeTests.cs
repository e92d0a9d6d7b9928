using MysteryShopper.Cli;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Json;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// A CI matrix in miniature, with real mshop processes, Chromium and the demo companies: a part of the demo suite run
/// whole in one workspace, and as two shards in two others (two machines, two stores), then `mshop merge` of the two
/// shard folders in a fourth. The merged run must equal the whole run apart from timings, tokens and ids.
/// </summary>
[NonParallelizable]
public class ShardMergeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    /// <summary>
    /// The demo's newsletter sign-up up to the welcome: two samples of Brightwave and Corvid, and one of Dunmore (whose
    /// welcome never comes in time, so the run fails an expectation). One of Dunmore only: it rejects every third
    /// sign-up its site takes, on purpose, so a second sample's outcome would depend on which demo site it reached first.
    /// </summary>
    private static string SignUp(string name, string targets, int samples) => $$"""
        name: {{name}}
        description: Sign up for the newsletter, confirm if asked to, and time the welcome email.
        targets: {{targets}}
        persona: default
        samples: {{samples}}
        journey:
          - mark: opening
          - goto: "{target.url}/newsletter"
          - mark: page_loaded
          - fill: { label: "Name", value: "{persona.name}" }
          - fill: { label: "Email", value: "{probe.email}" }
          - check: { label: "Send me the newsletter" }
          - mark: submitted
          - click: { role: button, name: "Subscribe", submit: true }
          - expect_text: "Thank you"
          - mark: signed_up
          - expect_email: { as: first_email, within: 15s }
          - click_email_link: { email: first_email, text: "confirm", optional: true }
          - expect_email: { as: welcome, within: 15s, subject: "welcome" }
        measure:
          time_to_welcome: welcome.received - submitted
        expect:
          time_to_welcome: "< 10s"
        """;

    private string _whole = "";
    private MshopChild _wholeRun = null!;
    private MshopChild _first = null!;
    private MshopChild _second = null!;
    private string _firstFolder = "";
    private string _secondFolder = "";

    /// <summary>A workspace as a CI machine checks it out: the example suite's targets and personas, and the scenario.</summary>
    private static string Workspace(string name)
    {
        var folder = TestPaths.NewScratch(name);
        File.WriteAllText(Path.Combine(folder, "mshop.yaml"), "run: { parallel: 3 }\n");
        foreach (var file in new[] { "targets.yaml", "personas.yaml" })
        {
            File.Copy(Path.Combine(TestPaths.Scenarios, file), Path.Combine(folder, file));
        }

        File.WriteAllText(Path.Combine(folder, "newsletter-signup.yaml"), SignUp("newsletter-signup", "[brightwave, corvid]", 2));
        File.WriteAllText(Path.Combine(folder, "newsletter-dunmore.yaml"), SignUp("newsletter-dunmore", "[dunmore]", 1));
        return folder;
    }

    private static string RunFolder(string workspace) => Directory.GetDirectories(Path.Combine(workspace, "reports")).Single();

    [OneTimeSetUp]
    public async Task RunWholeAndSharded()
    {
        _whole = Workspace("whole");
        var first = Workspace("shard-1");
        var second = Workspace("shard-2");
        _wholeRun = await MshopChild.RunAsync(_whole, Patience, "run", "--report", "json,md,junit");
        _first = await MshopChild.RunAsync(first, Patience, "run", "--shard", "1/2", "--report", "json,md,junit");
        _second = await MshopChild.RunAsync(second, Patience, "run", "--shard", "2/2", "--report", "json,md,junit");
        _firstFolder = RunFolder(first);
        _secondFolder = RunFolder(second);
    }

    private static async Task<RunResult> ResultsAsync(string runFolder) =>
        await JsonReportWriter.ReadAsync(Path.Combine(runFolder, "results.json"), CancellationToken.None);

    /// <summary>A run as compared: each probe (in plan order) with its state, verdict, expectations, named emails and metrics; no times, tokens or ids.</summary>
    private static List<string> Normalized(RunResult run) => run.Probes.Select(p =>
        $"{p.Record.ProbeId} {p.State} passed={p.Verdict.Passed} completed={p.Record.JourneyCompleted} "
        + $"failure={p.Record.Failure?.Step}:{p.Record.Failure?.Description} "
        + $"expect=[{string.Join(", ", p.Verdict.Expectations.Select(e => $"{e.Metric} {e.Threshold} {e.Passed}{(e.Warning ? " warn" : "")}"))}] "
        + $"emails=[{string.Join(", ", p.Record.NamedEmails.Keys.Order(StringComparer.Ordinal))}] "
        // Which metrics, not their values: values are timings, and so is whether a follow-up came before the run
        // ended (Dunmore's deals keep coming). The expectations above say what was measured against a threshold.
        + $"metrics=[{string.Join(", ", p.Verdict.Metrics.Select(m => m.Name))}]").ToList();

    [Test]
    public void Shards_EachMakeTheirPartAndExportIt()
    {
        Assert.That(_wholeRun.ExitCode, Is.EqualTo(ExitCodes.ExpectationFailed), _wholeRun.Transcript);
        Assert.That(_first.ExitCode, Is.AnyOf(ExitCodes.Ok, ExitCodes.ExpectationFailed), _first.Transcript);
        Assert.That(_second.ExitCode, Is.AnyOf(ExitCodes.Ok, ExitCodes.ExpectationFailed), _second.Transcript);
        Assert.That(File.Exists(Path.Combine(_firstFolder, "run.db")), Is.True);
        Assert.That(File.Exists(Path.Combine(_secondFolder, "run.db")), Is.True);
        Assert.That(File.Exists(Path.Combine(RunFolder(_whole), "run.db")), Is.False, "a whole run writes no export");
    }

    [Test]
    public async Task Merge_TwoShards_EqualsTheWholeRunApartFromTimesAndIds()
    {
        var merger = Workspace("merge");

        var merge = await MshopChild.RunAsync(merger, Patience, "merge", _firstFolder, _secondFolder);

        Assert.That(merge.ExitCode, Is.EqualTo(_wholeRun.ExitCode), merge.Transcript);
        Assert.That(merge.Error, Does.Not.Contain("   at "), merge.Transcript);
        Assert.That(merge.Output, Does.Contain("Merged 2 shard(s) into run "));
        var whole = await ResultsAsync(RunFolder(_whole));
        var first = await ResultsAsync(_firstFolder);
        var second = await ResultsAsync(_secondFolder);
        var merged = await ResultsAsync(RunFolder(merger));

        Assert.That(whole.Probes, Has.Count.EqualTo(5));
        Assert.That((first.Probes.Count, second.Probes.Count), Is.EqualTo((3, 2)));
        Assert.That(first.Probes.Select(p => p.Record.ProbeId), Is.Not.EquivalentTo(second.Probes.Select(p => p.Record.ProbeId)));
        Assert.That(Normalized(merged), Is.EqualTo(Normalized(whole)));
        Assert.That(merged.Probes.Select(p => p.Record.Token), Is.EquivalentTo(first.Probes.Concat(second.Probes).Select(p => p.Record.Token)), "the probes keep their tokens");
        Assert.That(merged.RunId, Is.Not.AnyOf(first.RunId, second.RunId, whole.RunId));

        // The evidence travels: every screenshot the merged report names is in the merged folder.
        var screenshots = merged.Probes.SelectMany(p => p.Record.Screenshots).ToList();
        Assert.That(screenshots, Is.Not.Empty);
        Assert.That(screenshots.Where(s => !File.Exists(Path.Combine(RunFolder(merger), s))), Is.Empty);
        // Two samples of one company keep their files apart.
        Assert.That(screenshots, Is.Unique);
        Assert.That(File.ReadAllText(Path.Combine(RunFolder(merger), "summary.md")), Does.Contain("Brightwave"));
    }

    [Test]
    public async Task Merge_AShardTwice_ExitsTwoAndImportsNothing()
    {
        var merger = Workspace("merge-twice");

        var merge = await MshopChild.RunAsync(merger, Patience, "merge", _firstFolder, _firstFolder);

        Assert.That(merge.ExitCode, Is.EqualTo(ExitCodes.InvalidInput), merge.Transcript);
        Assert.That(merge.Error.Trim(), Is.EqualTo($"mshop: shard 1/2 is given twice: {_firstFolder} and {_firstFolder}; give each shard's run folder once"));
        Assert.That(Directory.Exists(Path.Combine(merger, "reports")) && Directory.EnumerateDirectories(Path.Combine(merger, "reports")).Any(), Is.False);
    }

    [Test]
    public async Task Merge_AWholeRunsFolder_ExitsTwoSayingToShard()
    {
        var merge = await MshopChild.RunAsync(Workspace("merge-whole"), Patience, "merge", RunFolder(_whole));

        Assert.That(merge.ExitCode, Is.EqualTo(ExitCodes.InvalidInput), merge.Transcript);
        Assert.That(merge.Error, Does.Contain("is not a shard's run folder: it has no run.db; only 'mshop run --shard i/n' writes one"));
    }

    [Test]
    public async Task Merge_OneShardOfTwo_MergesItAndWarnsOfTheOther()
    {
        var merger = Workspace("merge-part");

        var merge = await MshopChild.RunAsync(merger, Patience, "merge", _secondFolder);

        Assert.That(merge.ExitCode, Is.AnyOf(ExitCodes.Ok, ExitCodes.ExpectationFailed), merge.Transcript);
        Assert.That(merge.Error, Does.Contain("warning: shard(s) 1/2 not given"));
        Assert.That((await ResultsAsync(RunFolder(merger))).Probes, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Plan_ShardAndSamples_ListOnlyThatShardsPart()
    {
        var plan = await MshopChild.RunAsync(_whole, Patience, "plan", "--shard", "2/2", "--samples", "3");
        var bad = await MshopChild.RunAsync(_whole, Patience, "run", "--shard", "3/2");

        Assert.That(plan.ExitCode, Is.EqualTo(ExitCodes.Ok), plan.Transcript);
        Assert.That(plan.Output, Does.Contain("sample"));
        Assert.That(plan.Output, Does.Contain("Shard 2/2 of the plan: 4 of its 9 probe(s)"));
        Assert.That(bad.ExitCode, Is.EqualTo(ExitCodes.InvalidInput), bad.Transcript);
        Assert.That(bad.Error, Does.Contain("--shard '3/2' has no shard 3 of 2 (the shard number must be from 1 to 2)"));
    }
}
