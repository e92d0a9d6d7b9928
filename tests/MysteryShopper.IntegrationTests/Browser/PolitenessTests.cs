using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>A target's limits hold across runs: the second run within the day is refused, and says why.</summary>
public class PolitenessTests
{
    [Test]
    public async Task Run_ProbesPerDayReached_SkipsTheProbeInTheNextRun()
    {
        var reports = TestPaths.NewScratch("polite");
        var files = new[]
        {
            new SourceFile("targets.yaml", """
                targets:
                  brightwave: { name: Brightwave, role: own, url: "demo://brightwave", limits: { probes_per_day: 1 } }
                """),
            new SourceFile("personas.yaml", "personas: { default: { name: Alex Morgan } }"),
            new SourceFile("visit.yaml", """
                name: visit
                targets: [brightwave]
                journey:
                  - goto: "{target.url}/newsletter"
                """),
        };
        var suite = SuiteLoader.Load(files).Suite!;
        var settings = new RunSettings { WorkspaceFolder = reports };

        var first = await RunPipeline.RunAsync(suite, files, settings, CliRunParts.System, Logger.None, TimeProvider.System, CancellationToken.None);
        var second = await RunPipeline.RunAsync(suite, files, settings, CliRunParts.System, Logger.None, TimeProvider.System, CancellationToken.None);

        Assert.That(first.Result.Probes, Has.Count.EqualTo(1));
        Assert.That(first.Result.Skipped, Is.Empty);
        Assert.That(second.Result.Probes, Is.Empty, "nothing is sent to brightwave again today");
        Assert.That(second.Result.Skipped.Single().Reason, Does.StartWith("limit of 1 probe(s) a day for brightwave reached (1 in the last 24 h"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(second.Directory, "report.md")), Does.Contain("## Skipped probes").And.Contain("limit of 1 probe(s) a day"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(second.Directory, "report.html")), Does.Contain("<h2>Skipped probes</h2>"));
    }
}
