using MysteryShopper.Bots.Browser;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Bots.Web;
using MysteryShopper.DemoSites;
using MysteryShopper.DemoSites.Mail;
using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;
using Serilog;

namespace MysteryShopper.Cli.Running;

/// <summary>The real parts: the SQLite store, Chromium through Playwright, MailKit's IMAP/SMTP or the Maildir and pickup folder, and the demo companies.</summary>
public sealed class CliRunParts(TimeProvider time) : IRunParts
{
    public static readonly CliRunParts System = new(TimeProvider.System);

    /// <summary>When set, the demo companies send through this SMTP server and answer mail sent to their support addresses.</summary>
    public DemoMailServer? DemoMail { get; init; }

    /// <summary>Whether the demo companies started for a run also serve the /lab test pages (the browser tests use them).</summary>
    public bool DemoLab { get; init; }

    public async Task<IStore> OpenStoreAsync(string path, CancellationToken cancellationToken) =>
        await SqliteStore.OpenAsync(path, cancellationToken);

    public async Task<IRunBrowser> LaunchBrowserAsync(RunSettings settings, string runDirectory, ILogger log, CancellationToken cancellationToken)
    {
        var options = new BrowserOptions
        {
            ExecutablePath = settings.BrowserPath,
            ExecutableFrom = settings.BrowserPathFrom,
            Connect = settings.Connect,
            Headless = settings.Headless,
            Trace = settings.Trace,
            TraceSnapshots = settings.TraceSnapshots,
            HarFolder = settings.Har ? Path.Combine(runDirectory, "har") : null,
            Time = time,
        };
        return new RunBrowser(await PlaywrightBrowser.LaunchAsync(options, log, cancellationToken));
    }

    public async Task<IRunMailbox> OpenMailboxAsync(RunSettings settings, string maildir, IMailJournal journal, ILogger log, CancellationToken cancellationToken) =>
        settings.Imap is { } imap
            ? await ImapMailbox.OpenAsync(imap, settings.Addresses, time, log, journal, cancellationToken)
            : MaildirMailbox.Open(maildir, settings.Addresses, time, log, journal);

    public IWebPoster CreateWebPoster() => new HttpWebPoster();

    public IMailSender CreateSender(RunSettings settings, string runDirectory, ILogger log) =>
        settings.Smtp is { } smtp
            ? new SmtpSender(smtp, time, log)
            : new PickupSender(settings.Pickup ?? Path.Combine(runDirectory, "outbox"), time);

    public async Task<IDemoCompanies?> StartDemoAsync(Suite suite, RunSettings settings, string workspace, string maildir, ILogger log, CancellationToken cancellationToken)
    {
        if (!suite.Targets.Values.Any(t => t.IsDemo))
        {
            return null;
        }

        if (settings.UseServedDemo && await ServedDemo.FindAsync(suite, log, cancellationToken) is { } served)
        {
            return new Served(served, log);
        }

        // Without a mail server the companies read the pickup folder probes send into: the one configured, else the
        // workspace's .mshop/outbox (not the run folder's, which is new for every run and which the companies cannot know).
        var pickup = DemoMail is null && settings.Smtp is null ? Path.GetFullPath(settings.Pickup ?? DemoPickup(workspace)) : null;
        var companies = await DemoCompanies.StartAsync(new DemoOptions { MaildirPath = maildir, PickupPath = pickup, TimeScale = settings.DemoTimeScale, Logger = log, MailServer = DemoMail, ServeLab = DemoLab }, cancellationToken);
        return new InProcessDemo(companies, pickup);
    }

    /// <summary>The pickup folder the demo companies read when mshop.yaml names none: the workspace's <c>.mshop/outbox</c>.</summary>
    public static string DemoPickup(string workspace) => Path.Combine(workspace, Workspace.StateFolder, "outbox");

    /// <summary>The checks mshop.yaml's <c>checks</c> turns on (links, DKIM, spamd), one checker for the run; null when none is.</summary>
    public IMessageChecker? CreateMessageChecker(RunSettings settings, ILogger log)
    {
        var checker = MessageChecker.Create(settings.Checks, time);
        if (checker is not null)
        {
            log.Information("Each received message is checked: {Checks}", settings.Checks.ToString());
        }

        return checker;
    }

    /// <summary>Demo targets must name a built-in company; checked before anything starts.</summary>
    public static IReadOnlyList<Diagnostic> CheckDemoTargets(Suite suite) =>
        suite.Targets.Values
            .Where(t => t.IsDemo && !DemoCompanies.Ids.Contains(t.DemoCompanyId!))
            .Select(t => Diagnostic.At(t.Place, $"there is no demo company '{t.DemoCompanyId}'", $"the demo companies are: {string.Join(", ", DemoCompanies.Ids.Select(i => TargetDefinition.DemoScheme + i))}"))
            .ToList();

    private sealed class RunBrowser(PlaywrightBrowser browser) : IRunBrowser
    {
        public Task<IBrowserSession> OpenAsync(Planning.Probe probe, IProbeJournal journal, string? storageState, CancellationToken cancellationToken) =>
            browser.OpenAsync(probe, journal, storageState, cancellationToken);

        public ValueTask DisposeAsync() => browser.DisposeAsync();
    }

    /// <summary>The demo companies started inside this process for the run: they stop with it, and read what its probes send into <paramref name="pickup"/>.</summary>
    private sealed class InProcessDemo(DemoCompanies companies, string? pickup) : IDemoCompanies
    {
        public RunSettings Over(RunSettings settings) => pickup is null ? settings : settings with { Pickup = pickup };

        public string UrlOf(string id) => companies[id].Url.ToString().TrimEnd('/');

        public ValueTask DisposeAsync() => companies.DisposeAsync();
    }

    /// <summary>The demo companies <c>mshop demo serve</c> runs in a process of their own: they outlive the run.</summary>
    private sealed class Served(ServedDemo served, ILogger log) : IDemoCompanies
    {
        public string UrlOf(string id) => served.Discovery.Companies[id].ToString().TrimEnd('/');

        public RunSettings Over(RunSettings settings) => served.Over(settings, log);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
