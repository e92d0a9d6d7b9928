using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>
/// The durable-run promises with real processes: real `mshop` children (run, collect, runs, show, report, prune), real
/// Chromium, the real store file, and the demo companies served by a `mshop demo serve` child that outlives the runs.
/// </summary>
[NonParallelizable]
public partial class DurableRunTests
{
    private static readonly string[] ReportFiles = ["report.html", "report.md", "summary.md", "results.json", "junit.xml"];

    [Test]
    public async Task Overnight_AnswerArrivesWhileNothingRuns_CollectCompletesItTimedFromItsReceipt()
    {
        // 20 h × 0.0002 = 14.4 s: the run has long ended when Corvid's person answers.
        const double scale = 0.0002;
        var day = TimeSpan.FromHours(20) * scale;
        var workspace = TestPaths.NewScratch("overnight");
        var example = Path.Combine(RepositoryRoot(), "docs", "examples", "overnight");
        foreach (var file in Directory.GetFiles(example, "*.yaml"))
        {
            File.Copy(file, Path.Combine(workspace, Path.GetFileName(file)));
        }

        await using var serve = await DurableWorkspace.ServeAsync(workspace, scale);

        // Corvid alone: Brightwave's answer misses the example's coverage expectation and Dunmore sometimes rejects a
        // valid form (both findings by design), which would decide the exit code.
        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run", ".", "--wait", "2s", "--target", "corvid");

        Assert.That(run.ExitCode, Is.EqualTo(0), "awaiting is not failing: nothing decided failed\n" + run.Transcript);
        Assert.That(run.Output, Does.Match(@"1 probe\(s\) awaiting replies; next deadline in .*; 'mshop collect' completes them"), run.Transcript);
        var corvid = StoreRows.Probes(workspace).Single();
        Assert.That(corvid.State, Is.EqualTo("awaiting"), run.Transcript);

        // The answer lands while no mshop but the served demo runs.
        await DurableWorkspace.WaitForMailAsync(workspace, corvid.Email, m => m.InReplyTo is not null, day * 3 + TimeSpan.FromSeconds(30));
        var answered = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(5));

        var collect = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "collect");
        var collectedAfter = Stopwatch.GetElapsedTime(answered);

        Assert.That(collect.ExitCode, Is.EqualTo(0), collect.Transcript);
        Assert.That(collect.Output, Does.Contain("Collected: 1 passed; none awaiting."), collect.Transcript);
        Assert.That(StoreRows.Probes(workspace).Single(p => p.Token == corvid.Token).State, Is.EqualTo("passed"));
        var firstReply = TimeSpan.FromSeconds(StoreRows.Metric(workspace, corvid.Token, "first_reply") ?? double.NaN);
        TestContext.Progress.WriteLine($"overnight: first_reply {firstReply.TotalSeconds:0.0} s (20 h × {scale} = {day.TotalSeconds:0.0} s); collect ran {collectedAfter.TotalSeconds:0.0} s after the answer landed");
        Assert.That(firstReply, Is.GreaterThanOrEqualTo(day * 0.9).And.LessThan(day + TimeSpan.FromSeconds(4)), "measured to the message's receipt, not to the collect");

        var results = await File.ReadAllTextAsync(Path.Combine(workspace, "reports", corvid.RunId, "results.json"));
        Assert.That(results, Does.Contain("first_reply"));
        var show = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "show", corvid.Token);
        Assert.That(show.Output, Does.Contain(": passed").And.Contain("Edmund Hale"), show.Transcript);
    }

    [Test]
    public async Task Collect_TwoAtOnceOverOneStoreAndMaildir_EachMessageStoredOnceEachProbeDecidedOnce()
    {
        // 20 h × 0.00005 = 3.6 s.
        const double scale = 0.00005;
        var workspace = DurableWorkspace.Create("two-collects", new Dictionary<string, string>
        {
            ["ask-1.yaml"] = DurableWorkspace.AskCorvid.Replace("name: ask-corvid", "name: ask-1", StringComparison.Ordinal),
            ["ask-2.yaml"] = DurableWorkspace.AskCorvid.Replace("name: ask-corvid", "name: ask-2", StringComparison.Ordinal),
            ["ask-3.yaml"] = DurableWorkspace.AskCorvid.Replace("name: ask-corvid", "name: ask-3", StringComparison.Ordinal),
        });
        await using var serve = await DurableWorkspace.ServeAsync(workspace, scale);
        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run", ".", "--wait", "0s", "--parallel", "3", "--trace", "off");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        var probes = StoreRows.Probes(workspace);
        Assert.That(probes.Select(p => p.State).ToList(), Has.Count.EqualTo(3).And.All.EqualTo("awaiting"), run.Transcript);
        foreach (var probe in probes)
        {
            await DurableWorkspace.WaitForMailAsync(workspace, probe.Email, m => m.InReplyTo is not null, TimeSpan.FromSeconds(60));
        }

        var first = MshopChild.Start(workspace, "collect");
        var second = MshopChild.Start(workspace, "collect");
        await using (first)
        await using (second)
        {
            var exits = await Task.WhenAll(first.WaitForExitAsync(DurableWorkspace.CommandPatience), second.WaitForExitAsync(DurableWorkspace.CommandPatience));

            Assert.That(exits, Is.All.EqualTo(0), first.Transcript + "\n" + second.Transcript);
            Assert.That(first.Error + second.Error, Does.Not.Contain("   at "), first.Transcript + "\n" + second.Transcript);
            Assert.That(Passed(first.Output) + Passed(second.Output), Is.EqualTo(3), "each probe decided by one of them\n" + first.Transcript + "\n" + second.Transcript);
        }

        Assert.That(StoreRows.Probes(workspace).Select(p => p.State), Is.All.EqualTo("passed"));
        var files = StoreRows.MaildirMessageIds(DurableWorkspace.Maildir(workspace));
        var stored = StoreRows.Messages(workspace);
        Assert.That(files, Has.Count.EqualTo(6), "an acknowledgement and an answer per probe");
        Assert.That(stored.Select(m => m.Key), Is.EquivalentTo(files.Values), "every delivered message stored, once");
        Assert.That(stored.Select(m => m.Token), Is.EquivalentTo(probes.SelectMany(p => new[] { p.Token, p.Token })), "two messages attributed to each probe");
        var observations = StoreRows.Observations(workspace);
        foreach (var probe in probes)
        {
            var own = observations.Where(o => o.Token == probe.Token).ToList();
            Assert.That(own.Count(o => IsKind(o.Kind, "ProbeFinished")), Is.EqualTo(1), $"{probe.Token} finished once");
            Assert.That(own.Where(o => IsKind(o.Kind, "EmailReceived")).Select(o => o.Name), Is.EquivalentTo(new[] { "ack", "answer" }), $"{probe.Token}: each email observed once");
        }
    }

    [TestCase("TERM", 143, "SIGTERM: stopping cleanly")]
    [TestCase("INT", 130, "Ctrl-C: stopping cleanly")]
    public async Task Run_StoppedBySignalMidway_ExitsWithItsCodeStoresFinishedProbesAndLeavesNoneRunning(string signal, int exitCode, string announced)
    {
        // 20 h × 0.0001 = 7.2 s: each probe waits that long in the run for its answer (--wait 30s).
        const double scale = 0.0001;
        var workspace = DurableWorkspace.Create("stop-" + signal.ToLowerInvariant(), new Dictionary<string, string>
        {
            ["ask-1.yaml"] = DurableWorkspace.AskCorvid.Replace("name: ask-corvid", "name: ask-1", StringComparison.Ordinal),
            ["ask-2.yaml"] = DurableWorkspace.AskCorvid.Replace("name: ask-corvid", "name: ask-2", StringComparison.Ordinal),
            ["ask-3.yaml"] = DurableWorkspace.AskCorvid.Replace("name: ask-corvid", "name: ask-3", StringComparison.Ordinal),
        });
        await using var serve = await DurableWorkspace.ServeAsync(workspace, scale);
        await using var run = MshopChild.Start(workspace, "run", ".", "--wait", "30s", "--parallel", "1", "--trace", "off");

        // Stop it once the first probe has passed and the second waits here for its answer.
        await run.WaitForAsync(
            () => File.Exists(StoreRows.PathIn(workspace)) && TryProbes(workspace) is { } p && p.Any(x => x.State == "passed") && p.Any(x => x.State == "awaiting"),
            DurableWorkspace.RunPatience,
            "a passed probe and one waiting for its answer");
        await run.SignalAsync(signal);
        var exit = await run.WaitForExitAsync(DurableWorkspace.CommandPatience);

        Assert.That(exit, Is.EqualTo(exitCode), run.Transcript);
        Assert.That(run.Error, Does.Contain(announced), run.Transcript);
        Assert.That(run.Output, Does.Contain("Stopped before the end"), run.Transcript);
        Assert.That(run.Error, Does.Not.Contain("   at "), run.Transcript);
        var probes = StoreRows.Probes(workspace);
        TestContext.Progress.WriteLine($"SIG{signal}: {StoreRows.Tally(probes)}");
        Assert.That(probes.Select(p => p.State), Has.None.AnyOf("running", "planned"), run.Transcript);
        Assert.That(probes.Select(p => p.State), Has.All.AnyOf("passed", "failed", "cancelled", "awaiting"), run.Transcript);
        Assert.That(probes.Select(p => p.State), Is.EqualTo(new[] { "passed", "awaiting", "cancelled" }), "finished, waiting, not begun\n" + run.Transcript);
        Assert.That(probes.Where(p => p.State == "cancelled").Select(p => p.Reason), Has.None.Null.And.None.Empty);
        var folder = Path.Combine(workspace, "reports", probes[0].RunId);
        Assert.That(ReportFiles.Where(f => !File.Exists(Path.Combine(folder, f))), Is.Empty, "every report written");
    }

    [Test]
    public async Task Run_TwoAtOnceOnATargetAllowedOneProbeADay_ExactlyOneProbesItTheOtherSkips()
    {
        var workspace = DurableWorkspace.Create("two-runs", new Dictionary<string, string> { ["look.yaml"] = DurableWorkspace.Look("look", "corvid") }, corvidLimits: "{ probes_per_day: 1 }");

        var first = MshopChild.Start(workspace, "run", ".", "--trace", "off");
        var second = MshopChild.Start(workspace, "run", ".", "--trace", "off");
        await using (first)
        await using (second)
        {
            var exits = await Task.WhenAll(first.WaitForExitAsync(DurableWorkspace.RunPatience), second.WaitForExitAsync(DurableWorkspace.RunPatience));

            var both = first.Transcript + "\n" + second.Transcript;
            Assert.That(exits, Is.All.EqualTo(0), both);
            Assert.That(StoreRows.Probes(workspace).Where(p => p.TargetId == "corvid").Select(p => p.State), Is.EqualTo(new[] { "passed" }), both);
            var skipped = new[] { first, second }.Where(r => SkipLine().IsMatch(r.Output)).ToList();
            Assert.That(skipped, Has.Count.EqualTo(1), both);
            Assert.That(skipped[0].Output, Does.Contain("limit of 1 probe(s) a day for corvid reached"), both);
        }
    }

    [Test]
    public async Task Run_WorkspaceGivenFromAnotherFolder_WritesReportsAndStoreUnderTheWorkspace()
    {
        var workspace = DurableWorkspace.Create("relative", new Dictionary<string, string> { ["look.yaml"] = DurableWorkspace.Look("look", "brightwave") });
        var elsewhere = TestPaths.NewScratch("elsewhere");

        var run = await MshopChild.RunAsync(elsewhere, DurableWorkspace.RunPatience, "run", workspace, "--trace", "off");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        Assert.That(File.Exists(StoreRows.PathIn(workspace)), Is.True, "the store is the workspace's");
        var runId = StoreRows.Probes(workspace).Single().RunId;
        Assert.That(ReportFiles.Where(f => !File.Exists(Path.Combine(workspace, "reports", runId, f))), Is.Empty, run.Transcript);
        Assert.That(Directory.GetFileSystemEntries(elsewhere), Is.Empty, "nothing in the current folder");
    }

    [Test]
    public async Task StoreCommands_RealStore_ListShowReRenderAndPrune()
    {
        var workspace = DurableWorkspace.Create("history", new Dictionary<string, string> { ["ask.yaml"] = DurableWorkspace.AskCorvid });
        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run", ".", "--wait", "0s", "--trace", "off");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Transcript);
        var probe = StoreRows.Probes(workspace).Single();
        Assert.That(probe.State, Is.EqualTo("awaiting"), run.Transcript);
        var folder = Path.Combine(workspace, "reports", probe.RunId);

        var runs = await Mshop(workspace, "runs");
        Assert.That(runs.Output, Does.Match($@"{probe.RunId} .* ask-corvid +0 +0 +1 +0"), "passed 0, failed 0, awaiting 1, other 0");

        var showRun = await Mshop(workspace, "show", probe.RunId);
        Assert.That(showRun.Output, Does.Contain($"Run {probe.RunId}: ask-corvid").And.Contain(probe.Token).And.Contain("awaiting"));
        var showProbe = await Mshop(workspace, "show", probe.Token);
        Assert.That(
            showProbe.Output,
            Does.Contain($"Probe ask-corvid/corvid/default ({probe.Token}) in run {probe.RunId}: awaiting")
                .And.Contain("Timeline:").And.Contain("goto").And.Contain("asked")
                .And.Contain("Submissions:").And.Contain("Messages received"));

        foreach (var file in ReportFiles)
        {
            File.Delete(Path.Combine(folder, file));
        }

        var report = await Mshop(workspace, "report", "last");
        Assert.That(ReportFiles.Where(f => !File.Exists(Path.Combine(folder, f))), Is.Empty, "every format rendered again\n" + report.Transcript);
        Assert.That(report.Output + report.Error, Does.Not.Contain("browser").IgnoreCase, "no browser needed");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var kept = await Mshop(workspace, "prune", "--older-than", "1s");
        Assert.That(kept.Output, Does.Contain("0 run(s) removed").And.Contain("awaiting replies are kept"));
        Assert.That(Directory.Exists(folder), Is.True);
        Assert.That(StoreRows.RunIds(workspace), Is.EqualTo(new[] { probe.RunId }));

        var forced = await Mshop(workspace, "prune", "--older-than", "1s", "--force");
        Assert.That(forced.Output, Does.Contain($"removed {probe.RunId}").And.Contain("1 run(s) removed"));
        Assert.That(Directory.Exists(folder), Is.False, "the run folder goes with it");
        Assert.That(StoreRows.RunIds(workspace), Is.Empty);
        Assert.That((await Mshop(workspace, "runs")).Output, Does.StartWith("No runs"));
    }

    [Test]
    public async Task StoreCommands_CorruptStoreFile_ExitThreeWithOneLineNamingItAndLeaveItUntouched()
    {
        var workspace = DurableWorkspace.Create("corrupt", new Dictionary<string, string> { ["look.yaml"] = DurableWorkspace.Look("look", "brightwave") });
        var path = StoreRows.PathIn(workspace);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[8192];
        new Random(8).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        foreach (var args in new[] { new[] { "runs" }, ["run", "."], ["collect"] })
        {
            var command = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, args);

            Assert.That(command.ExitCode, Is.EqualTo(3), command.Transcript);
            var lines = command.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.That(lines, Has.Length.EqualTo(1), command.Transcript);
            Assert.That(lines[0], Does.StartWith("mshop: ").And.Contain(path), command.Transcript);
            Assert.That(command.Output + command.Error, Does.Not.Contain("   at "), "no stack trace\n" + command.Transcript);
            Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(bytes), "the file is untouched");
            Assert.That(File.Exists(path + "-wal") || File.Exists(path + "-journal"), Is.False, command.Transcript);
        }
    }

    private static async Task<MshopChild> Mshop(string workspace, params string[] args)
    {
        var command = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, args);
        Assert.That(command.ExitCode, Is.EqualTo(0), command.Transcript);
        return command;
    }

    private static IReadOnlyList<ProbeRow>? TryProbes(string workspace)
    {
        try
        {
            return StoreRows.Probes(workspace);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return null; // not created yet, or busy
        }
    }

    private static int Passed(string collectOutput) =>
        PassedCount().Match(collectOutput) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static bool IsKind(string stored, string kind) =>
        string.Equals(stored.Replace("_", "", StringComparison.Ordinal), kind, StringComparison.OrdinalIgnoreCase);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MysteryShopper.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with MysteryShopper.sln) is not above the test folder.");
    }

    [GeneratedRegex(@"Collected: (\d+) passed")]
    private static partial Regex PassedCount();

    [GeneratedRegex(@"^\s+SKIP\s", RegexOptions.Multiline)]
    private static partial Regex SkipLine();
}
