using MysteryShopper.Cli;
using MysteryShopper.Execution;
using MysteryShopper.IntegrationTests.Cli;
using MysteryShopper.Pipeline;
using MysteryShopper.Storage.Tests;

namespace MysteryShopper.IntegrationTests.Pipeline;

/// <summary>
/// A run whose folder fills up (a tiny tmpfs as <c>--out</c>, as root) stops before its next submission and says so;
/// what it recorded stays whole (no zero-byte screenshot), and the store keeps every probe's state.
/// </summary>
[NonParallelizable]
public class FullDiskTests
{
    [Test]
    public async Task Run_OutOnA200KiBFileSystem_SubmitsNothing_ExitsThreeAndSaysWhy()
    {
        using var tiny = TmpfsMount.Mount("200k");
        var workspace = DurableWorkspace.Create("full-disk", new Dictionary<string, string> { ["sign-up.yaml"] = DurableWorkspace.SignUp, ["look.yaml"] = DurableWorkspace.Look("look", "corvid") });
        await using var serve = await DurableWorkspace.ServeAsync(workspace, 1);

        var run = await MshopChild.RunAsync(workspace, DurableWorkspace.RunPatience, "run", "--out", tiny.Path);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), run.Transcript);
        Assert.That(run.Error, Does.Contain("mshop: the run stopped submitting because it can no longer record its evidence: only ")
            .And.Contain($"is free on the file system of {tiny.Path}").And.Contain("'mshop report ").And.Not.Contain("   at "), run.Transcript);
        Assert.That(serve.Output, Does.Not.Contain("submission from"), "the demo company was sent nothing");
        var probes = StoreRows.Probes(workspace);
        Assert.That(probes.Select(p => p.State), Is.All.EqualTo("cancelled"), run.Transcript);
        Assert.That(probes.Select(p => p.Reason), Is.All.Contain("can no longer record its evidence"));
        Assert.That(Directory.GetFiles(tiny.Path, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length == 0), Is.Empty, "no zero-byte evidence");

        // The store has it all: the reports are written again elsewhere, as the message says.
        var file = Path.Combine(workspace, "a-file");
        await File.WriteAllTextAsync(file, "");
        var wrong = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "report", "last", "--out", file);
        Assert.That(wrong.ExitCode, Is.EqualTo(ExitCodes.InfrastructureUnavailable), wrong.Transcript);
        Assert.That(wrong.Error.Trim(), Does.EndWith($"{file} is a file, not a folder; give --out a folder (it is made when missing)"));
        var elsewhere = Path.Combine(workspace, "elsewhere");
        var report = await MshopChild.RunAsync(workspace, DurableWorkspace.CommandPatience, "report", "last", "--out", elsewhere);
        Assert.That(report.ExitCode, Is.EqualTo(ExitCodes.Ok), report.Transcript);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(elsewhere, "report.md")), Does.Contain("can no longer record its evidence"));
    }

    [Test]
    public async Task Run_FolderFillsUpDuringAProbe_StopsBeforeTheSubmit_KeepsWhatItRecorded()
    {
        using var tiny = TmpfsMount.Mount("4m");
        // Room for the reserve and a little more: the first screenshot (about 40 KiB) takes the folder below it.
        var filler = EvidenceFolder.FreeSpace(tiny.Path)!.Value - EvidenceFolder.DefaultReserve - 16 * 1024;
        await File.WriteAllBytesAsync(tiny.File("filler"), new byte[filler]);

        var outcome = await DemoSuite.RunAsync(DurableWorkspace.SignUp, new RunSettings { OutputRoot = tiny.Path, Parallel = 1 });

        Assert.That(outcome.CannotRecord, Does.StartWith("only ").And.Contain($"is free on the file system of {outcome.Directory}"));
        var probe = outcome.Single();
        Assert.That(probe.State, Is.EqualTo("cancelled"));
        Assert.That(probe.Record.Observations.Single(o => o.Kind == ObservationKind.StepSkipped).Detail,
            Does.StartWith("stopped before click role=button name=\"Subscribe\"").And.Contain("nothing more was submitted"));
        Assert.That(probe.Record.Observations.Any(o => o.Kind == ObservationKind.StepStarted && o.Name == "click"), Is.False, "the submit never started");
        var shot = Path.Combine(outcome.Directory, "screenshots", "sign-up--brightwave--page_loaded.png");
        Assert.That(new FileInfo(shot).Length, Is.GreaterThan(16 * 1024), "the screenshot taken before is kept whole");
        Assert.That(Directory.GetFiles(outcome.Directory, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length == 0), Is.Empty);
        Assert.That(outcome.Reports.Select(Path.GetFileName), Does.Contain("report.html"), "the reports still fit in the reserve");
    }
}
