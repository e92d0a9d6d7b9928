using System.Globalization;
using System.Text;
using MysteryShopper.Cli;
using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using Serilog;

namespace MysteryShopper.Bench;

/// <summary>
/// An mshop run of the bench journey: how long the whole <see cref="RunPipeline"/> took, and the process tree's CPU
/// time at the end of each probe (read while Chromium runs, so its renderers' time counts).
/// </summary>
public sealed record MshopRun(RunResult Result, string Directory, TimeSpan Wall, IReadOnlyList<TimeSpan> CpuAtProbeEnds)
{
    /// <summary>The probes in the order they started.</summary>
    public IReadOnlyList<ProbeResult> ByStart => Result.Probes.OrderBy(p => p.Record.StartedAt).ToList();

    public IReadOnlyList<ProbeResult> Broken => Result.Probes.Where(p => !p.Record.JourneyCompleted).ToList();

    /// <summary>Why the first broken probe broke, or null when none did.</summary>
    public string? FirstFailure => Result.Probes.FirstOrDefault(p => !p.Record.JourneyCompleted)?.Record.Failure?.ToString();

    /// <summary>From the first probe's start to the last probe's end: the run without start-up, judging and reports.</summary>
    public TimeSpan ProbeSpan => Result.Probes.Count == 0
        ? TimeSpan.Zero
        : Result.Probes.Max(p => p.Record.FinishedAt) - Result.Probes.Min(p => p.Record.StartedAt);
}

/// <summary>
/// Runs the bench journey through mshop's own pipeline (<see cref="RunPipeline.RunAsync"/>), with the example suite's
/// targets and personas, which name the built-in demo companies (<c>demo://</c>): each run starts them itself, as
/// <c>mshop run</c> does.
/// </summary>
public static class MshopRuns
{
    /// <summary>
    /// The newsletter journey with no email steps. A scenario may list a target once, so N probes come from N inline
    /// questions (one probe per question and target); the journey does not use them.
    /// </summary>
    public static string Scenario(IReadOnlyList<string> targets, int questionsPerTarget)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("name: bench-newsletter");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"targets: [{string.Join(", ", targets)}]");
        yaml.AppendLine("persona: default");
        yaml.AppendLine("questions:");
        for (var i = 1; i <= questionsPerTarget; i++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - text: \"Benchmark probe {i}\"");
        }

        yaml.AppendLine("""
            journey:
              - goto: "{target.url}/newsletter"
              - fill: { label: "Name", value: "{persona.name}" }
              - fill: { label: "Email", value: "{probe.email}" }
              - check: { label: "Send me the newsletter" }
              - click: { role: button, name: "Subscribe", submit: true }
              - expect_text: "Thank you"
            """);
        return yaml.ToString();
    }

    /// <summary>The files of the suite last loaded, kept with each run in the store as a user's run keeps them.</summary>
    private static IReadOnlyList<SourceFile> Sources { get; set; } = [];

    public static Suite Load(string scenarioYaml)
    {
        var shared = EmbeddedFiles.In("suite")
            .Where(f => f.Name is "targets.yaml" or "personas.yaml")
            .Select(f => new SourceFile(f.Name, f.Text));
        Sources = [.. shared.Append(new SourceFile("bench-newsletter.yaml", scenarioYaml))];
        var loaded = SuiteLoader.Load(Sources);
        return loaded.Diagnostics.Count == 0 && loaded.Suite is { } suite
            ? suite
            : throw new InvalidOperationException("The bench scenario does not load:\n" + string.Join("\n", loaded.Diagnostics));
    }

    public static async Task<MshopRun> RunAsync(Suite suite, RunSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var clock = new ProbeCpuClock();
        using var console = new LoggerConfiguration().WriteTo.Sink(clock).CreateLogger();
        var started = time.GetTimestamp();
        // Each run its own workspace (store, Maildir), as a user's run would have; the suite's files are kept in it.
        settings = settings.WorkspaceFolder is null ? settings with { WorkspaceFolder = settings.OutputRoot } : settings;
        var outcome = await RunPipeline.RunAsync(suite, Sources, settings, CliRunParts.System, console, time, cancellationToken);
        var wall = time.GetElapsedTime(started);
        return new MshopRun(outcome.Result, outcome.Directory, wall, clock.AtProbeEnds);
    }
}
