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
using Serilog.Core;
using Serilog.Formatting.Compact;

namespace MysteryShopper.Cli.Running;

/// <summary>What a run needs beyond its suite: the command line's options over mshop.yaml's over the defaults.</summary>
public sealed record RunSettings
{
    /// <summary>Where run folders go: <c>reports/</c> by default.</summary>
    public string OutputRoot { get; init; } = "reports";

    /// <summary>The Maildir the mail bot reads; null means the run folder's own <c>mail/</c>.</summary>
    public string? Maildir { get; init; }

    /// <summary>A real mailbox over IMAP, instead of the Maildir.</summary>
    public MailServerConfig? Imap { get; init; }

    /// <summary>An SMTP server to send through, instead of the pickup folder.</summary>
    public MailServerConfig? Smtp { get; init; }

    /// <summary>The pickup folder sent mail goes to; null means the run folder's <c>outbox/</c>.</summary>
    public string? Pickup { get; init; }

    public AddressPattern Addresses { get; init; } = AddressPattern.Default;
    public int Parallel { get; init; } = 3;
    public string? BrowserPath { get; init; }

    /// <summary>A Playwright browser server to use instead of a local browser.</summary>
    public string? Connect { get; init; }

    public bool Headless { get; init; } = true;

    /// <summary>Run up to the first submitting step of each journey and send nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Record a trace per probe and keep it for failed ones.</summary>
    public bool Trace { get; init; } = true;

    /// <summary>Screenshots only of failures (and at screenshot steps), none at marks or at the end of a passing probe.</summary>
    public bool FailureScreenshotsOnly { get; init; }

    /// <summary>Write a HAR file per probe.</summary>
    public bool Har { get; init; }
    public PlanFilter Filter { get; init; } = PlanFilter.All;
    public IReadOnlyList<IReportWriter> Reports { get; init; } = ReportWriters.All;

    /// <summary>Multiplies every delay of the demo companies (1 = as designed).</summary>
    public double DemoTimeScale { get; init; } = 1.0;

    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>When set, the demo companies send through this SMTP server and answer mail sent to their support addresses.</summary>
    public DemoMailServer? DemoMail { get; init; }

    /// <summary>Demo targets use the demo <c>mshop demo serve</c> runs for the workspace, when there is one (<c>mshop demo</c> starts its own).</summary>
    public bool UseServedDemo { get; init; } = true;

    /// <summary>The settings mshop.yaml gives, over the defaults; relative paths are relative to its folder.</summary>
    public static RunSettings From(WorkspaceConfig config)
    {
        var defaults = new RunSettings();
        string? Local(string? path) => path is null || config.Folder is null ? path : Path.Combine(config.Folder, path);
        return defaults with
        {
            OutputRoot = Local(config.ReportsFolder) ?? defaults.OutputRoot,
            Maildir = Local(config.Maildir),
            Imap = config.Imap,
            Smtp = config.Smtp,
            Pickup = Local(config.Pickup),
            Addresses = config.Addresses is null ? defaults.Addresses : new AddressPattern(config.Addresses),
            Parallel = config.Parallel ?? defaults.Parallel,
            BrowserPath = config.BrowserExecutable,
            Connect = config.BrowserConnect,
            Headless = config.Headless,
            StepTimeout = config.StepTimeout ?? defaults.StepTimeout,
            Reports = config.ReportFormats.Count == 0 ? defaults.Reports : config.ReportFormats.Select(f => ReportWriters.ByName(f)!).ToList(),
        };
    }
}

/// <summary>The outcome of a run: its results and where its reports are.</summary>
public sealed record RunOutcome(RunResult Result, string Directory, IReadOnlyList<string> Reports);

/// <summary>
/// The pipeline from a loaded suite to written reports: politeness, demo companies (when targets use demo://),
/// mailbox, one browser, the probes, judging, reports. Everything it starts it stops; secrets never reach a log or
/// report.
/// </summary>
public static class RunSession
{
    public static async Task<RunOutcome> RunAsync(Suite suite, RunSettings settings, ILogger console, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var history = await Politeness.HistoryAsync(settings.OutputRoot, started - Politeness.Window(suite), cancellationToken);
        var runId = string.Create(CultureInfo.InvariantCulture, $"{started:yyyyMMdd-HHmmss}-{Planner.NewToken()[..4]}");
        var directory = Path.GetFullPath(Path.Combine(settings.OutputRoot, runId));
        Directory.CreateDirectory(directory);
        var redactor = new Redactor(suite.Secrets);

        await using var sinks = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.Logger(console)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(directory, "log.clef"))
            .CreateLogger();
        await using var fileLog = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .Enrich.WithProperty("Run", runId)
            .WriteTo.Sink(new RedactingSink(sinks, redactor))
            .CreateLogger();
        var log = fileLog.ForContext(Constants.SourceContextPropertyName, "mshop");
        log.Information("Run {Run} writes to {Directory}", runId, directory);

        // A demo served by `mshop demo serve` outlives the run: its answers arrive, and are read, after the run has ended.
        var served = settings.UseServedDemo ? await ServedDemo.FindAsync(suite, log, cancellationToken) : null;
        settings = served?.Over(settings, log) ?? settings;
        var maildir = settings.Maildir ?? Path.Combine(directory, "mail");
        await using var mailbox = await OpenMailboxAsync(settings, maildir, time, log, cancellationToken);
        await using var demo = served is null ? await StartDemoAsync(suite, settings, maildir, log, cancellationToken) : null;

        var planned = Politeness.Apply(Planner.Plan(suite, settings.Addresses, t => served?.UrlOf(t) ?? ResolveUrl(t, demo), settings.Filter), history, started);
        var probes = planned.Where(p => p.Runs).Select(p => p.Probe).ToList();
        foreach (var skipped in planned.Where(p => !p.Runs))
        {
            log.Warning("Probe {Probe} skipped: {Reason}", skipped.Probe.Id, skipped.SkipReason);
        }

        IReadOnlyList<ProbeRecord> records = [];
        if (probes.Count > 0)
        {
            var browserOptions = new BrowserOptions
            {
                ExecutablePath = settings.BrowserPath,
                Connect = settings.Connect,
                Headless = settings.Headless,
                Trace = settings.Trace,
                HarFolder = settings.Har ? Path.Combine(directory, "har") : null,
                Time = time,
            };
            await using var browser = await PlaywrightBrowser.LaunchAsync(browserOptions, log, cancellationToken);
            log.Information("{Count} probe(s), {Parallel} at a time", probes.Count, settings.Parallel);
            IMailSender sender = settings.Smtp is { } smtp
                ? new SmtpSender(Server(smtp), time, log)
                : new PickupSender(settings.Pickup ?? Path.Combine(directory, "outbox"), time);
            var runner = new ProbeRunner(browser, mailbox, sender, new RunnerOptions { OutputDirectory = directory, StepTimeout = settings.StepTimeout, DryRun = settings.DryRun, FailureScreenshotsOnly = settings.FailureScreenshotsOnly }, time, log);
            records = await RunExecutor.RunAsync(probes, runner, settings.Parallel, cancellationToken);
        }

        var run = new RunResult
        {
            RunId = runId,
            StartedAt = started,
            FinishedAt = time.GetUtcNow(),
            Probes = records.Select((r, i) => new ProbeResult(r, Judge.Evaluate(probes[i].Scenario, probes[i].Target, r))).ToList(),
            Skipped = planned.Where(p => !p.Runs).Select(p => new SkippedProbe(p.Probe.Id, p.Probe.Scenario.Name, p.Probe.Target.Id, p.SkipReason!)).ToList(),
            Unattributed = mailbox.Unattributed,
        };
        // A report may quote a page or a failure that showed a secret: masked before any of it is written.
        var written = await ReportWriters.WriteAllAsync(run, directory, settings.Reports, cancellationToken, redactor.IsEmpty ? null : redactor.Redact);
        return new RunOutcome(run, directory, written);
    }

    /// <summary>The IMAP mailbox when one is configured, else the Maildir.</summary>
    private static async Task<IRunMailbox> OpenMailboxAsync(RunSettings settings, string maildir, TimeProvider time, ILogger log, CancellationToken cancellationToken) =>
        settings.Imap is { } imap
            ? await ImapMailbox.OpenAsync(Server(imap), settings.Addresses, time, log, cancellationToken)
            : MaildirMailbox.Open(maildir, settings.Addresses, time, log);

    public static MailServerOptions Server(MailServerConfig config) => new()
    {
        Host = config.Host,
        Port = config.Port,
        Security = config.Security,
        User = config.User,
        Password = config.Password,
    };

    private static async Task<DemoCompanies?> StartDemoAsync(Suite suite, RunSettings settings, string maildir, ILogger log, CancellationToken cancellationToken)
    {
        if (!suite.Targets.Values.Any(t => t.IsDemo))
        {
            return null;
        }

        return await DemoCompanies.StartAsync(new DemoOptions { MaildirPath = maildir, TimeScale = settings.DemoTimeScale, Logger = log, MailServer = settings.DemoMail }, cancellationToken);
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
