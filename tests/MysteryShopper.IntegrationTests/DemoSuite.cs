using MysteryShopper.Cli.Running;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests;

/// <summary>Runs inline scenarios against the demo companies, with the example suite's targets and personas.</summary>
public static class DemoSuite
{
    public static async Task<Suite> LoadAsync(string scenarioYaml, string? personasYaml = null)
    {
        var shared = (await SuiteLoader.ReadFilesAsync([TestPaths.Scenarios], CancellationToken.None))
            .Where(f => Path.GetFileName(f.Path) is "targets.yaml" || (personasYaml is null && Path.GetFileName(f.Path) is "personas.yaml"));
        var files = shared.Append(new SourceFile("test.yaml", scenarioYaml));
        if (personasYaml is not null)
        {
            files = files.Append(new SourceFile("personas.yaml", personasYaml));
        }

        var result = SuiteLoader.Load(files);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        return result.Suite!;
    }

    public static async Task<RunOutcome> RunAsync(string scenarioYaml, RunSettings? settings = null, string? personasYaml = null)
    {
        var suite = await LoadAsync(scenarioYaml, personasYaml);
        settings ??= new RunSettings();
        if (settings.OutputRoot == new RunSettings().OutputRoot)
        {
            settings = settings with { OutputRoot = TestPaths.NewScratch("run") };
        }

        return await RunSession.RunAsync(suite, settings, Logger.None, TimeProvider.System, CancellationToken.None);
    }

    public static ProbeResult Single(this RunOutcome outcome) => outcome.Result.Probes.Single();
}
