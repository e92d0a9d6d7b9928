using MailKit;
using MailKit.Security;
using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.DemoSites.Companies;
using MysteryShopper.Settings;

namespace MysteryShopper.DemoSites.Mail;

// Reads one of a company's mailboxes (support@, or Corvid's confirm@) over IMAP (an ImapFolderWatcher polling every 200 ms) and hands each new email to
// the site to answer. A poll rather than IDLE: Dovecot tells an IDLE client about new mail about half a second late, a
// poll sees it within 0.2 s, and Brightwave's acknowledgement is meant to come at once.
// Only mail that arrives after StartAsync counts (after a UIDVALIDITY change too); each message is answered once (by
// UID, by Message-ID, and by the \Answered flag it sets, so a second DemoCompanies on the same server leaves it alone);
// automatic mail is never answered, so two auto-responders cannot loop. A dropped connection is made again with backoff
// and carries on from the first UID not yet handled.
internal sealed class SupportMailboxWatcher : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly DemoMailServer _server;
    private readonly DemoSite _site;
    private readonly Serilog.ILogger _log;
    private readonly string _user;
    private readonly HashSet<string> _answeredMessageIds = new(StringComparer.Ordinal);
    private readonly HashSet<(uint UidValidity, uint Uid)> _claimedUids = [];
    private ImapFolderWatcher? _watcher;
    private int _disposed;

    public SupportMailboxWatcher(DemoMailServer server, DemoSite site, string mailbox, Serilog.ILogger logger)
    {
        _server = server;
        _site = site;
        _user = mailbox;
        _log = logger.ForContext("CompanyId", site.Profile.Id);
    }

    // Logs in and notes where the inbox ends now, so only later mail is answered; then watches in the background.
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The poll and the reconnect backoff run on real time, whatever the demo's TimeProvider: they say how often the
        // server is asked, not how a demo company behaves, and a fake clock must not stop the mailbox being read.
        var realTime = TimeProvider.System;
        var account = new MailServer
        {
            Host = _server.Host,
            Port = _server.ImapPort,
            Security = MailSecurity.None,
            User = _user,
            Password = _server.Password,
            Timeout = TimeSpan.FromSeconds(15),
        };
        var options = new ImapWatchOptions
        {
            Access = FolderAccess.ReadWrite,
            PollInterval = PollInterval,
            MaxRetryDelay = MaxRetryDelay,
            ForgetBefore = realTime.GetUtcNow(),
        };
        var watcher = new ImapFolderWatcher(account, "INBOX", AnswerAsync, options, realTime, _log);
        try
        {
            await watcher.StartAsync(from: null, cancellationToken);
        }
        catch (MailboxUnavailableException exception)
        {
            await watcher.DisposeAsync();
            throw exception.InnerException is AuthenticationException refused
                ? DemoMailServerException.ImapLoginRefused(_server, _user, refused)
                : DemoMailServerException.ImapUnreachable(_server, _user, exception.InnerException ?? exception);
        }
        catch
        {
            await watcher.DisposeAsync();
            throw;
        }

        _watcher = watcher;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_watcher is not null)
        {
            await _watcher.DisposeAsync();
        }
    }

    private async Task AnswerAsync(ImapArrival arrival, CancellationToken cancellationToken)
    {
        var uid = arrival.Uid;
        MimeMessage message;
        try
        {
            using var raw = new MemoryStream(arrival.Raw, writable: false);
            message = await MimeMessage.LoadAsync(raw, cancellationToken);
        }
        catch (Exception exception) when (exception is FormatException or ParseException)
        {
            _log.Warning("Demo company {CompanyId} cannot read message {Uid} in {Mailbox}, and leaves it: {Reason}", _site.Profile.Id, uid.Id, _user, exception.Message);
            return;
        }

        var email = SupportEmail.Read(message);
        if (email.MessageId is { } messageId && _answeredMessageIds.Contains(messageId))
        {
            _log.Debug("Demo company {CompanyId} has answered {MessageId} already", _site.Profile.Id, messageId);
            return;
        }

        if (IncomingMail.Unanswerable(email, _user) is { } reason)
        {
            _log.Information(
                "Demo company {CompanyId} leaves {Subject} from {Sender} unanswered: {Reason}",
                _site.Profile.Id,
                email.Subject,
                email.ReplyToAddress,
                reason);
            return;
        }

        var claimed = await ClaimAsync(arrival, cancellationToken);
        // Answered here or elsewhere: either way, another copy of the same message gets no answer from here.
        if (email.MessageId is { } id)
        {
            _answeredMessageIds.Add(id);
        }

        if (!claimed)
        {
            _log.Information("Demo company {CompanyId} leaves {Subject} from {Sender}: it is answered elsewhere", _site.Profile.Id, email.Subject, email.ReplyToAddress);
            return;
        }

        _log.Information("Demo company {CompanyId} got email {Subject} from {Sender} at {Mailbox}", _site.Profile.Id, email.Subject, email.ReplyToAddress, _user);
        _site.Receive(_user, email);
    }

    // Sets \Answered, only if nobody has touched the message since it was fetched (CONDSTORE's UNCHANGEDSINCE, where the
    // server has it): of two watchers on one mailbox, one wins. A UID claimed before a dropped connection stays ours.
    private async Task<bool> ClaimAsync(ImapArrival arrival, CancellationToken cancellationToken)
    {
        var summary = arrival.Summary;
        var claim = (arrival.UidValidity, summary.UniqueId.Id);
        if (summary.Flags is { } flags && flags.HasFlag(MessageFlags.Answered))
        {
            return _claimedUids.Contains(claim);
        }

        _claimedUids.Add(claim);
        var request = new StoreFlagsRequest(StoreAction.Add, MessageFlags.Answered) { Silent = true, UnchangedSince = summary.ModSeq };
        return await arrival.Folder.StoreAsync(summary.UniqueId, request, cancellationToken);
    }
}
