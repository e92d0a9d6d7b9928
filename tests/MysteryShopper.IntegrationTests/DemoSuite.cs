using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests;

/// <summary>Runs inline scenarios against the demo companies, with the example suite's targets and personas.</summary>
public static class DemoSuite
{
    /// <summary>The real parts, with demo companies that also serve the /lab test pages.</summary>
    public static CliRunParts WithLab { get; } = new(TimeProvider.System) { DemoLab = true };

    public static async Task<Suite> LoadAsync(string scenarioYaml, string? personasYaml = null) => (await LoadWithFilesAsync(scenarioYaml, personasYaml)).Suite;

    public static async Task<(Suite Suite, IReadOnlyList<SourceFile> Files)> LoadWithFilesAsync(string scenarioYaml, string? personasYaml = null)
    {
        var shared = (await SuiteLoader.ReadFilesAsync([TestPaths.Scenarios], CancellationToken.None))
            .Where(f => Path.GetFileName(f.Path) is "targets.yaml" || (personasYaml is null && Path.GetFileName(f.Path) is "personas.yaml"));
        var files = shared.Append(new SourceFile("test.yaml", scenarioYaml));
        if (personasYaml is not null)
        {
            files = files.Append(new SourceFile("personas.yaml", personasYaml));
        }

        var list = files.ToList();
        var result = SuiteLoader.Load(list);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        return (result.Suite!, list);
    }

    public static async Task<RunOutcome> RunAsync(string scenarioYaml, RunSettings? settings = null, string? personasYaml = null, IRunParts? parts = null)
    {
        var (suite, files) = await LoadWithFilesAsync(scenarioYaml, personasYaml);
        settings ??= new RunSettings();
        if (settings.WorkspaceFolder is null)
        {
            // Each run its own workspace: its own store, Maildir and reports.
            settings = settings with { WorkspaceFolder = TestPaths.NewScratch("run") };
        }

        return await RunPipeline.RunAsync(suite, files, settings, parts ?? WithLab, Logger.None, TimeProvider.System, CancellationToken.None);
    }

    public static ProbeResult Single(this RunOutcome outcome) => outcome.Result.Probes.Single();
}
