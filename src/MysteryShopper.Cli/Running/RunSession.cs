using System.Globalization;
using MysteryShopper.Bots.Browser;
using MysteryShopper.Bots.Mail;
using MysteryShopper.DemoSites;
using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Planning;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using Serilog;
using Serilog.Formatting.Compact;

namespace MysteryShopper.Cli.Running;

/// <summary>What a run needs beyond its suite.</summary>
public sealed record RunSettings
{
    /// <summary>Where run folders go: <c>reports/</c> by default.</summary>
    public string OutputRoot { get; init; } = "reports";

    /// <summary>The Maildir the mail bot reads; null means the run folder's own <c>mail/</c>.</summary>
    public string? Maildir { get; init; }

    public AddressPattern Addresses { get; init; } = AddressPattern.Default;
    public int Parallel { get; init; } = 3;
    public string? BrowserPath { get; init; }
    public IReadOnlyCollection<string> Targets { get; init; } = [];
    public IReadOnlyList<IReportWriter> Reports { get; init; } = ReportWriters.All;

    /// <summary>Multiplies every delay of the demo companies (1 = as designed).</summary>
    public double DemoTimeScale { get; init; } = 1.0;

    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>The outcome of a run: its results and where its reports are.</summary>
public sealed record RunOutcome(RunResult Result, string Directory, IReadOnlyList<string> Reports);

/// <summary>
/// The pipeline from a loaded suite to written reports: demo companies (when targets use demo://), mailbox, one
/// browser, the probes, judging, reports. Everything it starts it stops.
/// </summary>
public static class RunSession
{
    public static async Task<RunOutcome> RunAsync(Suite suite, RunSettings settings, ILogger console, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"{started:yyyyMMdd-HHmmss}-{Planner.NewToken()[..4]}");
        var directory = Path.GetFullPath(Path.Combine(settings.OutputRoot, runId));
        Directory.CreateDirectory(directory);

        await using var fileLog = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .Enrich.WithProperty("Run", runId)
            .WriteTo.Logger(console)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(directory, "log.clef"))
            .CreateLogger();
        var log = fileLog.ForContext("SourceContext", "mshop");
        log.Information("Run {Run} writes to {Directory}", runId, directory);

        var maildir = settings.Maildir ?? Path.Combine(directory, "mail");
        await using var mailbox = MaildirMailbox.Open(maildir, settings.Addresses, time, log);
        await using var demo = await StartDemoAsync(suite, settings, maildir, log, cancellationToken);
        await using var browser = await PlaywrightBrowser.LaunchAsync(new BrowserOptions { ExecutablePath = settings.BrowserPath }, log, cancellationToken);

        var probes = Planner.Plan(suite, settings.Addresses, t => ResolveUrl(t, demo), settings.Targets);
        log.Information("{Count} probe(s), {Parallel} at a time", probes.Count, settings.Parallel);
        var runner = new ProbeRunner(browser, mailbox, new RunnerOptions { OutputDirectory = directory, StepTimeout = settings.StepTimeout }, time, log);
        var records = await RunExecutor.RunAsync(probes, runner, settings.Parallel, cancellationToken);

        var results = records.Select((r, i) => new ProbeResult(r, Judge.Evaluate(probes[i].Scenario, r))).ToList();
        var run = new RunResult
        {
            RunId = runId,
            StartedAt = started,
            FinishedAt = time.GetUtcNow(),
            Probes = results,
            Unattributed = mailbox.Unattributed,
        };
        var written = await ReportWriters.WriteAllAsync(run, directory, settings.Reports, cancellationToken);
        return new RunOutcome(run, directory, written);
    }

    private static async Task<DemoCompanies?> StartDemoAsync(Suite suite, RunSettings settings, string maildir, ILogger log, CancellationToken cancellationToken)
    {
        if (!suite.Targets.Values.Any(t => t.IsDemo))
        {
            return null;
        }

        return await DemoCompanies.StartAsync(new DemoOptions { MaildirPath = maildir, TimeScale = settings.DemoTimeScale, Logger = log }, cancellationToken);
    }

    private static string ResolveUrl(TargetDefinition target, DemoCompanies? demo) =>
        target.DemoCompanyId is { } id && demo is not null ? demo[id].Url.ToString().TrimEnd('/') : target.Url;

    /// <summary>Demo targets must name a built-in company; checked before anything starts.</summary>
    public static IReadOnlyList<Diagnostic> CheckDemoTargets(Suite suite) =>
        suite.Targets.Values
            .Where(t => t.IsDemo && !DemoCompanies.Ids.Contains(t.DemoCompanyId!))
            .Select(t => Diagnostic.At(t.Place, $"there is no demo company '{t.DemoCompanyId}'", $"the demo companies are: {string.Join(", ", DemoCompanies.Ids.Select(i => TargetDefinition.DemoScheme + i))}"))
            .ToList();
}
