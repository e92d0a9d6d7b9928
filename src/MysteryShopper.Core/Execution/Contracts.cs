using MysteryShopper.Planning;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Execution;

/// <summary>What a step came to: passed (with a value, for <c>extract</c>), or failed with a reason a person can act on.</summary>
public sealed record StepOutcome(bool Passed, string? Reason = null, string? Value = null)
{
    public static readonly StepOutcome Success = new(true);

    public static StepOutcome Failure(string reason) => new(false, reason);
}

/// <summary>What a browser step runs with: the probe's values, its time limit, and the frames it is inside (outermost first).</summary>
public sealed record StepContext(IReadOnlyDictionary<string, string> Values, TimeSpan Timeout, IReadOnlyList<LocatorSpec> Frames);

/// <summary>Where a browser session reports what it sees on its own (page timings, console errors, failed requests).</summary>
public interface IProbeJournal
{
    void Add(Observation observation);
}

/// <summary>One probe's browser: its own context (cookies, storage), opened per probe and closed after it.</summary>
public interface IBrowserSession : IAsyncDisposable
{
    /// <summary>Counts required fields and looks for CAPTCHAs on the current page, before a submit.</summary>
    Task InspectFormAsync(CancellationToken cancellationToken);

    /// <summary>Saves the Playwright trace of the session so far (for a failed probe); false when tracing is off.</summary>
    Task<bool> SaveTraceAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a browser step (goto, fill, type, select, check, uncheck, click, press, hover, expect_*, extract,
    /// dismiss_cookies). The page is kept on the target's site (<see cref="LinkPolicy"/>), and nothing is entered into a
    /// payment field (<see cref="PaymentFields"/>): either fails the step, saying why.
    /// </summary>
    Task<StepOutcome> RunAsync(Step step, StepContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a link from an email, exactly once (never retried: opening it may confirm or count something); a hop of
    /// its redirects that leaves the target's site is stopped, and the outcome names it.
    /// </summary>
    /// <param name="url">The link.</param>
    /// <param name="timeout">How long opening it may take.</param>
    /// <param name="allowItsHost">
    /// The link's own host may be opened even off the target's site: an email's <c>List-Unsubscribe</c> URI, which the
    /// mail itself names as its way out (its redirects are still checked against the site and that host).
    /// </param>
    /// <param name="cancellationToken">Stops opening.</param>
    Task<StepOutcome> OpenAsync(string url, TimeSpan timeout, bool allowItsHost, CancellationToken cancellationToken);

    /// <summary>A screenshot of the <paramref name="kind"/> asked for; null when the page could not be captured. The caller writes it.</summary>
    Task<byte[]?> ScreenshotAsync(ScreenshotKind kind, CancellationToken cancellationToken);

    /// <summary>The context's cookies and local storage (Playwright storage state JSON), kept when a probe parks.</summary>
    Task<string?> StorageStateAsync(CancellationToken cancellationToken);
}

/// <summary>Opens a fresh browser session per probe, with the persona's locale, time zone and device.</summary>
public interface IBrowser
{
    /// <param name="probe">The probe the session is for.</param>
    /// <param name="journal">Where the session reports what it sees on its own.</param>
    /// <param name="storageState">Cookies and local storage to start with (a parked probe resuming), or null for none.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    Task<IBrowserSession> OpenAsync(Probe probe, IProbeJournal journal, string? storageState, CancellationToken cancellationToken);
}

/// <summary>Where probe mail arrives. Messages are attributed to probes by the token in their address.</summary>
public interface IMailbox
{
    /// <summary>
    /// The first email for <paramref name="token"/> that <paramref name="match"/> accepts, already received or arriving
    /// before <paramref name="within"/> has passed; null when none came in time.
    /// </summary>
    Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken);

    /// <summary>Every email attributed to <paramref name="token"/> so far, oldest first.</summary>
    IReadOnlyList<ReceivedEmail> ReceivedFor(string token);

    /// <summary>Remembers a message the probe sent, so a reply to it is the probe's (by In-Reply-To/References).</summary>
    void RegisterSent(string token, string messageId);

    /// <summary>
    /// Tells the mailbox a probe's target domains and start, so mail from those domains that carries no token (sent to
    /// a shared address) can still be the probe's when a waiting step's rules accept it.
    /// </summary>
    void RegisterProbe(string token, IReadOnlyList<string> domains, DateTimeOffset since);
}

/// <summary>A run's mailbox, whichever kind: what probes wait on, and what no probe claimed.</summary>
public interface IRunMailbox : IMailbox, IAsyncDisposable
{
    /// <summary>Emails that arrived while the mailbox was open and matched no probe: kept and shown, never dropped.</summary>
    IReadOnlyList<ReceivedEmail> Unattributed { get; }

    /// <summary>
    /// Reads everything that is new in every watched folder now, once, and returns when it is all taken in (kept, when
    /// the mailbox has a journal): one <c>collect</c> pass is open, catch up, done.
    /// </summary>
    Task CatchUpAsync(CancellationToken cancellationToken);

    /// <summary>Raised after a new message was taken in and kept: <c>mshop watch</c> goes on with its probes at once.</summary>
    event Action? Arrived;
}

/// <summary>An email a probe sends.</summary>
public sealed record OutgoingEmail(string From, string FromName, string To, string Subject, string Text, string? Html)
{
    /// <summary>The Message-ID (with its angle brackets) this email answers, for a reply: its In-Reply-To header.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The thread so far, oldest first, each with its angle brackets: a reply's References header.</summary>
    public IReadOnlyList<string> References { get; init; } = [];
}

/// <summary>How an email was sent: its Message-ID (replies refer to it) and when.</summary>
public sealed record SentEmail(string MessageId, DateTimeOffset SentAt);

/// <summary>Sends probe email: a pickup folder by default, SMTP for real mailboxes.</summary>
public interface IMailSender
{
    Task<SentEmail> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);

    /// <summary>
    /// Checks, before a run submits anything, that a message could be sent: the SMTP server answers, greets and takes
    /// the login; the pickup folder can be written. Throws with what was tried and a hint when not.
    /// </summary>
    Task CheckAsync(CancellationToken cancellationToken);
}

/// <summary>What a web server answered a POST: its HTTP status (a redirect's too, never followed), or why there was none.</summary>
public sealed record WebAnswer(int? Status, string? Error = null)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public override string ToString() => Status is { } status ? $"HTTP {status}" : $"no answer ({Error})";
}

/// <summary>
/// Posts a form to a web address outside the browser: the RFC 8058 one-click unsubscribe, which a mail client sends
/// without cookies or the user's session. Implemented with HttpClient in the bots.
/// </summary>
public interface IWebPoster
{
    /// <summary>
    /// POSTs <paramref name="form"/> as <c>application/x-www-form-urlencoded</c> to <paramref name="url"/> with no cookies,
    /// following no redirect (RFC 8058: a POST must not turn into a GET), within <paramref name="timeout"/>. A refused
    /// connection or a timeout is an answer without a status, never an exception.
    /// </summary>
    Task<WebAnswer> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>A message could not be sent; the step fails with this message.</summary>
public sealed class MailSendException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A message as a mailbox read it, before it is attributed: its reading, its raw MIME, and where it came from.</summary>
public sealed record IncomingMessage(ReceivedEmail Email, byte[] Raw, string Mailbox, string Source);

/// <summary>
/// Where a mailbox keeps what it reads, so nothing is lost between processes: its read position per folder, and every
/// message stored before the position moves past it. <see cref="KeepAsync"/> returns the message as stored, with the
/// probe it was attributed to by whoever stored it first (another process reading the same mailbox may have).
/// Null journal: nothing is kept beyond the process (tests, benchmarks of the mail bot alone).
/// </summary>
public interface IMailJournal
{
    Task<Storage.MailboxPosition?> PositionAsync(string mailbox, CancellationToken cancellationToken);

    Task SetPositionAsync(Storage.MailboxPosition position, CancellationToken cancellationToken);

    /// <summary>The sources (UIDs, file names) of one mailbox's messages already kept, for a Maildir scan.</summary>
    Task<IReadOnlySet<string>> KeptSourcesAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>Stores the message once; returns it as stored (its <see cref="ReceivedEmail.Token"/> as first attributed) and whether this call stored it.</summary>
    Task<(ReceivedEmail Email, bool IsNew)> KeepAsync(IncomingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Which picture a screenshot is. Capturing costs Chromium a frame whatever the format, so the cheap kind is kept for
/// moments nobody asked to inspect (the end of a passing probe), and the whole page for those a reader will study.
/// </summary>
public enum ScreenshotKind
{
    /// <summary>A full-page PNG: failures, <c>screenshot</c> steps, marks and a dry run's stop.</summary>
    FullPage,

    /// <summary>What the window shows, as a JPEG (quality 65): the end of a passing probe; 27 KB on a demo company's page, small enough to embed in a report.</summary>
    Viewport,
}

/// <summary>The file extension of each <see cref="ScreenshotKind"/>.</summary>
public static class ScreenshotKinds
{
    public static string Extension(this ScreenshotKind kind) => kind == ScreenshotKind.Viewport ? ".jpg" : ".png";
}
