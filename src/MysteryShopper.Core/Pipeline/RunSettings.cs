using MysteryShopper.Execution;
using MysteryShopper.Planning;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;
using MysteryShopper.Storage;

namespace MysteryShopper.Pipeline;

/// <summary>What a run needs beyond its suite: the command line's options over mshop.yaml's over the defaults.</summary>
public sealed record RunSettings
{
    /// <summary>Where run folders go: the workspace's <c>reports/</c> by default (relative paths are the workspace's).</summary>
    public string OutputRoot { get; init; } = "reports";

    /// <summary>Who set <see cref="OutputRoot"/> (<c>--out</c>, mshop.yaml), so a problem with it blames the right place.</summary>
    public string OutputRootFrom { get; init; } = "the default";

    /// <summary>The workspace folder when the suite has none of its own (the embedded demo suite: the current folder).</summary>
    public string? WorkspaceFolder { get; init; }

    /// <summary>Demo targets use the companies <c>mshop demo serve</c> runs for the workspace, when it runs.</summary>
    public bool UseServedDemo { get; init; } = true;

    /// <summary>The store file; null means the workspace's <c>.mshop/store.db</c>.</summary>
    public string? Store { get; init; }

    /// <summary>How long a probe waits in this process for the mail its steps expect (<c>--wait</c>); later mail is for <c>collect</c>.</summary>
    public TimeSpan Wait { get; init; } = DefaultWait;

    /// <summary>Probes found unknown (a submission half-done) are walked again from the start: the user asked for it.</summary>
    public bool RetryUnknown { get; init; }

    /// <summary>The Maildir the mail bot reads; null means the workspace's <c>.mshop/mail/</c>.</summary>
    public string? Maildir { get; init; }

    /// <summary>A real mailbox over IMAP, instead of the Maildir.</summary>
    public MailServer? Imap { get; init; }

    /// <summary>An SMTP server to send through, instead of the pickup folder.</summary>
    public MailServer? Smtp { get; init; }

    /// <summary>The pickup folder sent mail goes to; null means the run folder's <c>outbox/</c>.</summary>
    public string? Pickup { get; init; }

    public AddressPattern Addresses { get; init; } = AddressPattern.Default;
    public int Parallel { get; init; } = Parallelism.Default;
    public string? BrowserPath { get; init; }

    /// <summary>Who set <see cref="BrowserPath"/> (<c>--browser</c>, mshop.yaml), so a missing browser blames the right place.</summary>
    public string BrowserPathFrom { get; init; } = "the configuration";

    /// <summary>A Playwright browser server to use instead of a local browser.</summary>
    public string? Connect { get; init; }

    public bool Headless { get; init; } = true;

    /// <summary>Run up to the first submitting step of each journey and send nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Record a trace per probe and keep it for failed ones (<c>--trace on-failure</c>). Off by default: recording costs
    /// 10–20 % of a probe's CPU whether the probe fails or not (BENCHMARKS.md, "Evidence"), and a failure keeps its
    /// full-page screenshot, its step, place and reason without it.
    /// </summary>
    public bool Trace { get; init; }

    /// <summary>Screenshots only of failures (and at screenshot steps), none at marks or at the end of a passing probe.</summary>
    public bool FailureScreenshotsOnly { get; init; }

    /// <summary>The trace keeps DOM snapshots too (see <c>BrowserOptions.TraceSnapshots</c>).</summary>
    public bool TraceSnapshots { get; init; } = true;

    /// <summary>The picture at the end of a passing probe (see <see cref="RunnerOptions.EndScreenshot"/>).</summary>
    public ScreenshotKind EndScreenshot { get; init; } = ScreenshotKind.FullPage;

    /// <summary>Write a HAR file per probe.</summary>
    public bool Har { get; init; }
    public PlanFilter Filter { get; init; } = PlanFilter.All;

    /// <summary>How many samples of every scenario (<c>--samples</c>); null keeps each scenario's own <c>samples</c>.</summary>
    public int? Samples { get; init; }

    /// <summary>
    /// The part of the plan this run makes (<c>--shard i/n</c>); null for the whole plan. A sharded run also writes
    /// its rows to <c>run.db</c> in its folder, for <c>mshop merge</c>.
    /// </summary>
    public Shard? Shard { get; init; }
    public IReadOnlyList<IReportWriter> Reports { get; init; } = ReportWriters.All;

    /// <summary>Told of every probe's change of state while the run works (the console's progress); null: nobody listens.</summary>
    public IProgress<ProbeProgress>? Progress { get; init; }

    /// <summary>Multiplies every delay of the demo companies (1 = as designed).</summary>
    public double DemoTimeScale { get; init; } = 1.0;

    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The checks made of each received message with the network (links, DKIM, spamd). Stored with the run, so that
    /// <c>collect</c> checks its later mail the same way (<see cref="ChecksOf"/>).
    /// </summary>
    public MessageChecks Checks { get; init; } = MessageChecks.None;

    /// <summary>The run to compare with (<c>--baseline RUN|last|TAG</c>); null: none.</summary>
    public string? Baseline { get; init; }

    /// <summary>How many earlier runs of the same suite the reports' trends show (<c>--trend N</c>; 0: none).</summary>
    public int Trend { get; init; } = Baselines.DefaultTrend;

    /// <summary>When a change against the baseline is a regression (mshop.yaml's <c>regression:</c>).</summary>
    public RegressionSettings Regression { get; init; } = RegressionSettings.Default;

    /// <summary>A failed expectation of severity warn fails the run too (<c>--fail-on warn</c>).</summary>
    public bool FailOnWarn { get; init; }

    /// <summary>
    /// The default <c>--wait</c>: long enough for automatic mail (confirmations, welcomes, acknowledgements arrive in
    /// seconds), short enough that a CI job never hangs on a human reply that takes hours.
    /// </summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(2);


    /// <summary>The settings mshop.yaml gives, over the defaults; relative paths are relative to its folder.</summary>
    public static RunSettings From(WorkspaceConfig config)
    {
        var defaults = new RunSettings();
        string? Local(string? path) => path is null || config.Folder is null ? path : Path.Combine(config.Folder, path);
        var file = config.Folder is null ? SuiteLoader.ConfigFile : Path.Combine(config.Folder, SuiteLoader.ConfigFile);
        return defaults with
        {
            OutputRoot = Local(config.ReportsFolder) ?? defaults.OutputRoot,
            OutputRootFrom = config.ReportsFolder is null ? defaults.OutputRootFrom : $"reports.out in {file}",
            BrowserPathFrom = $"browser.executable in {file}",
            Store = Local(config.Store),
            Maildir = Local(config.Maildir),
            Imap = config.Imap,
            Smtp = config.Smtp,
            Pickup = Local(config.Pickup),
            Addresses = config.Addresses ?? defaults.Addresses,
            Parallel = config.Parallel ?? defaults.Parallel,
            BrowserPath = config.BrowserExecutable,
            Connect = config.BrowserConnect?.Text,
            Headless = config.Headless,
            StepTimeout = config.StepTimeout ?? defaults.StepTimeout,
            Reports = config.ReportFormats.Count == 0 ? defaults.Reports : config.ReportFormats.Select(f => f.Writer).ToList(),
            Checks = config.Checks,
            Regression = config.Regression,
        };
    }

    /// <summary>The message checks a run was started with, as its stored settings keep them (a spamd address that no longer parses is left out).</summary>
    public static MessageChecks ChecksOf(StoredSettings stored) => new()
    {
        Links = stored.CheckLinks,
        Dkim = stored.CheckDkim,
        Spamd = stored.Spamd is { } text && SpamdAddress.TryParse(text, out var spamd, out _) ? spamd : null,
    };
}

