using MysteryShopper.DemoSites.Companies;
using MysteryShopper.DemoSites.Mail;
using Serilog;

namespace MysteryShopper.DemoSites;

/// <summary>
/// The three built-in demo companies (Brightwave, Corvid &amp; Co, Dunmore Direct), each a small web app
/// on 127.0.0.1 with a free port, delivering their emails into a Maildir and reading what probes send them from the
/// pickup folder (<see cref="DemoOptions.PickupPath"/>), or, with <see cref="DemoOptions.MailServer"/>, sending through a
/// real mail server whose mailboxes they read over IMAP. Their replies span the range a shopper meets: a good personal
/// answer (Brightwave), a template acknowledgement and an agent's answer through a helpdesk that marks it
/// <c>Auto-Submitted</c> (Corvid &amp; Co), a pushy sales reply with an unfilled <c>{{first_name}}</c> (Dunmore Direct);
/// newsletters with one-click unsubscribe that stop when asked (Brightwave), without one and never stopping (Dunmore
/// Direct), confirmed by a link (Corvid &amp; Co's newsletter) or only by a reply (its letters, <c>/letters</c>).
/// </summary>
public sealed class DemoCompanies : IAsyncDisposable
{
    private readonly DemoSite[] _sites;
    private readonly EmailScheduler _scheduler;
    private readonly SubmissionLog _submissions;
    private readonly Serilog.Core.Logger _aspNetCoreLogger;
    private readonly Serilog.ILogger _logger;
    private SupportMailboxWatcher[] _watchers = [];
    private PickupFolderReader? _pickup;
    private IReadOnlyList<DemoCompany> _companies = [];
    private Dictionary<string, DemoCompany> _byId = new(StringComparer.Ordinal);
    private int _disposed;

    private DemoCompanies(DemoSite[] sites, EmailScheduler scheduler, SubmissionLog submissions, Serilog.Core.Logger aspNetCoreLogger, Serilog.ILogger logger)
    {
        _sites = sites;
        _scheduler = scheduler;
        _submissions = submissions;
        _aspNetCoreLogger = aspNetCoreLogger;
        _logger = logger;
    }

    /// <summary>The ids of the demo companies, as targets name them (<c>demo://brightwave</c>).</summary>
    public static IReadOnlyList<string> Ids { get; } = ["brightwave", "corvid", "dunmore"];

    /// <summary>The companies, in order: brightwave, corvid, dunmore.</summary>
    public IReadOnlyList<DemoCompany> Companies => _companies;

    /// <summary>A snapshot of every form POST received so far, in order.</summary>
    public IReadOnlyList<DemoSubmission> Submissions => _submissions.Snapshot();

    /// <summary>The company with id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No demo company has that id.</exception>
    public DemoCompany this[string id] =>
        _byId.TryGetValue(id, out var company)
            ? company
            : throw new KeyNotFoundException(
                $"There is no demo company with id '{id}'. The demo companies are: {string.Join(", ", _companies.Select(c => c.Id))}.");

    /// <summary>
    /// Starts the three demo sites in parallel and returns once all of them are listening and, with a
    /// <see cref="DemoOptions.MailServer"/>, once its SMTP server answers and the support mailboxes are watched
    /// (mail that arrives from then on is answered).
    /// </summary>
    /// <exception cref="DemoMailServerException">The mail server cannot be reached, or refuses the password.</exception>
    public static async Task<DemoCompanies> StartAsync(DemoOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MailServer is null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.MaildirPath, nameof(options));
        }
        else
        {
            ValidateMailServer(options, options.MailServer);
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        if (!double.IsFinite(options.TimeScale) || options.TimeScale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeScale, "TimeScale must be a finite number, zero or more.");
        }

        var logger = options.Logger ?? Serilog.Core.Logger.None;
        // ASP.NET Core only gets to say something when it matters, whatever level the caller's logger allows.
        var aspNetCoreLogger = new LoggerConfiguration()
            .MinimumLevel.Warning()
            .Enrich.WithProperty("Source", "DemoSites.AspNetCore")
            .WriteTo.Logger(logger)
            .CreateLogger();
        var scheduler = new EmailScheduler(options.TimeProvider, logger);
        var smtp = options.MailServer is { } server ? new SmtpDelivery(server.Host, server.SmtpPort, options.TimeProvider) : null;
        IMailDelivery delivery = smtp is null ? new MaildirDelivery(options.MaildirPath, options.TimeProvider) : smtp;
        var submissions = new SubmissionLog();
        var services = new DemoSiteServices(
            logger,
            aspNetCoreLogger,
            options.TimeProvider,
            options.TimeScale,
            delivery,
            scheduler,
            submissions,
            options.ServeLab);
        DemoSite[] sites = [new BrightwaveSite(services), new CorvidSite(services), new DunmoreSite(services)];
        var demo = new DemoCompanies(sites, scheduler, submissions, aspNetCoreLogger, logger);
        try
        {
            await Task.WhenAll(sites.Select(site => site.StartAsync(cancellationToken)));
            if (options.MailServer is { } mailServer && smtp is not null)
            {
                await CheckSmtpAsync(mailServer, smtp, cancellationToken);
                demo._watchers = sites
                    .SelectMany(site => site.Mailboxes.Select(mailbox => new SupportMailboxWatcher(mailServer, site, mailbox, logger)))
                    .ToArray();
                await Task.WhenAll(demo._watchers.Select(watcher => watcher.StartAsync(cancellationToken)));
            }
            else if (options.PickupPath is { } pickup)
            {
                demo._pickup = new PickupFolderReader(pickup, sites, logger);
                demo._pickup.Start();
            }
        }
        catch
        {
            await demo.DisposeAsync();
            throw;
        }

        demo._companies = sites.Select(site => site.Company).ToList().AsReadOnly();
        demo._byId = demo._companies.ToDictionary(company => company.Id, StringComparer.Ordinal);
        logger.Information(
            "Demo companies started: {Companies}",
            demo._companies.Select(company => $"{company.Id} {company.Url}").ToArray());
        if (options.MailServer is { } used)
        {
            logger.Information(
                "Demo companies send through {MailServer} and answer {Mailboxes}",
                used.ToString(),
                sites.SelectMany(site => site.Mailboxes).ToArray());
        }
        else if (demo._pickup is { } reader)
        {
            logger.Information("Demo companies answer {Mailboxes} from the pickup folder {Folder}", reader.Mailboxes.ToArray(), reader.Folder);
        }

        return demo;
    }

    /// <summary>Stops reading the mailboxes (or the pickup folder), cancels the emails not yet sent and stops the three sites.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Watchers first, so no answer is scheduled after the scheduler has stopped.
        await Task.WhenAll(_watchers.Select(watcher => watcher.DisposeAsync().AsTask()));
        if (_pickup is not null)
        {
            await _pickup.DisposeAsync();
        }

        await _scheduler.DisposeAsync();
        await Task.WhenAll(_sites.Select(site => site.DisposeAsync().AsTask()));
        _logger.Debug("Demo companies stopped");
        await _aspNetCoreLogger.DisposeAsync();
    }

    private static void ValidateMailServer(DemoOptions options, DemoMailServer server)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(server.Host, nameof(options));
        ArgumentNullException.ThrowIfNull(server.Password, nameof(options));
        if (server.SmtpPort is < 1 or > 65535 || server.ImapPort is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), server.ToString(), "MailServer's ports must be between 1 and 65535.");
        }
    }

    // A wrong SMTP port shows up now, not as a failed email later.
    private static async Task CheckSmtpAsync(DemoMailServer server, SmtpDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            using var client = await delivery.ConnectAsync(cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
            or MailKit.CommandException or TimeoutException)
        {
            throw DemoMailServerException.SmtpUnreachable(server, exception);
        }
    }
}
