using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Pipeline;

/// <summary>
/// The real parts a run is made of, which Core does not know how to make: the store, the browser, the mailbox, the
/// sender and the demo companies. The command line gives the real ones (SQLite, Playwright, MailKit, ASP.NET Core);
/// tests can give fakes of one part and real others.
/// </summary>
public interface IRunParts
{
    /// <summary>Opens (and migrates) the store; throws <see cref="StoreException"/> when it cannot be used.</summary>
    Task<IStore> OpenStoreAsync(string path, CancellationToken cancellationToken);

    /// <summary>Starts the browser the probes share; disposed when the run is done.</summary>
    Task<IRunBrowser> LaunchBrowserAsync(RunSettings settings, string runDirectory, ILogger log, CancellationToken cancellationToken);

    /// <summary>Opens the configured mailbox (IMAP, else the Maildir), keeping what it reads through <paramref name="journal"/>.</summary>
    Task<IRunMailbox> OpenMailboxAsync(RunSettings settings, string maildir, IMailJournal journal, ILogger log, CancellationToken cancellationToken);

    IMailSender CreateSender(RunSettings settings, string runDirectory, ILogger log);

    /// <summary>
    /// Starts the demo companies when <paramref name="suite"/> has <c>demo://</c> targets (or finds ones served by
    /// <c>mshop demo serve</c>); null when it has none.
    /// </summary>
    Task<IDemoCompanies?> StartDemoAsync(Suite suite, RunSettings settings, string workspace, string maildir, ILogger log, CancellationToken cancellationToken);

    /// <summary>
    /// What checks each received message outside it (DKIM, spamd, its links) when the run first judges it, as the
    /// settings ask; null when nothing is to be checked (the default: the card is then judged from the message alone).
    /// </summary>
    IMessageChecker? CreateMessageChecker(RunSettings settings, ILogger log) => null;

    /// <summary>What posts RFC 8058 one-click unsubscribes; null when none (an unsubscribe step takes the mail's next way out).</summary>
    IWebPoster? CreateWebPoster() => null;
}

/// <summary>A browser a run owns.</summary>
public interface IRunBrowser : IBrowser, IAsyncDisposable;

/// <summary>Running demo companies: where each one answers.</summary>
public interface IDemoCompanies : IAsyncDisposable
{
    /// <summary>The base URL of the demo company <paramref name="id"/> (e.g. <c>brightwave</c>).</summary>
    string UrlOf(string id);

    /// <summary>The run's settings as these companies need them: where they deliver mail is where the run reads it.</summary>
    RunSettings Over(RunSettings settings);
}
