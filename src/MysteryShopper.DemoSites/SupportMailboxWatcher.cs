using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace MysteryShopper.DemoSites;

// Reads one company's support mailbox over IMAP, polling every 200 ms, and hands each new email to the site to answer.
// A poll rather than IDLE: Dovecot tells an IDLE client about new mail about half a second late, a poll sees it within
// 0.2 s, and Brightwave's acknowledgement is meant to come at once.
// Only mail that arrives after StartAsync counts; each message is answered once (by UID, by Message-ID, and by the
// \Answered flag it sets, so a second DemoCompanies on the same server leaves it alone); automatic mail is never
// answered, so two auto-responders cannot loop. A dropped connection is made again with backoff and carries on from
// the first UID not yet handled.
internal sealed class SupportMailboxWatcher : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    // How long DisposeAsync lets a running IMAP command finish before cutting the connection.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private readonly DemoMailServer _server;
    private readonly DemoSite _site;
    private readonly Serilog.ILogger _log;
    private readonly string _user;

    // The poll and the reconnect backoff run on real time, whatever the demo's TimeProvider: they say how often the
    // server is asked, not how a demo company behaves, and a fake clock must not stop the mailbox being read.
    private readonly TimeProvider _realTime = TimeProvider.System;

    // Stopping ends the loop between commands; abort cancels a command that is still running after the grace.
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly HashSet<string> _answeredMessageIds = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _claimedUids = [];
    private Task _run = Task.CompletedTask;
    private uint _uidValidity;
    private UniqueId _next = UniqueId.MinValue;
    private int _disposed;

    public SupportMailboxWatcher(DemoMailServer server, DemoSite site, Serilog.ILogger logger)
    {
        _server = server;
        _site = site;
        _user = site.Profile.SupportAddress;
        _log = logger.ForContext("CompanyId", site.Profile.Id);
    }

    // Logs in and notes where the inbox ends now, so only later mail is answered; then watches in the background.
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ImapClient client;
        try
        {
            client = await ConnectAsync(cancellationToken);
        }
        catch (AuthenticationException exception)
        {
            throw DemoMailServerException.ImapLoginRefused(_server, _user, exception);
        }
        catch (Exception exception) when (IsConnectionProblem(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw DemoMailServerException.ImapUnreachable(_server, _user, exception);
        }

        try
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            _uidValidity = client.Inbox.UidValidity;
            _next = await NextUidAsync(client.Inbox, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _log.Debug("Demo company {CompanyId} watches {Mailbox} from UID {Uid}", _site.Profile.Id, _user, _next.Id);
        // Task.Run so the loop never runs on the caller's thread.
        _run = Task.Run(() => RunAsync(client), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _abort.CancelAfter(StopGrace);
        // RunAsync never throws.
        await _run;
        _stopping.Dispose();
        _abort.Dispose();
    }

    private static async Task<UniqueId> NextUidAsync(IMailFolder inbox, CancellationToken cancellationToken)
    {
        if (inbox.UidNext is { } next)
        {
            return next;
        }

        // The server did not say UIDNEXT on SELECT: one past the highest UID there is.
        var all = await inbox.SearchAsync(SearchQuery.All, cancellationToken);
        return all.Count == 0 ? UniqueId.MinValue : new UniqueId(all.Max(uid => uid.Id) + 1);
    }

    private static bool IsConnectionProblem(Exception exception) => exception is
        IOException or SocketException or ImapProtocolException or ServiceNotConnectedException
            or ServiceNotAuthenticatedException or TimeoutException or OperationCanceledException;

    private async Task<ImapClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new ImapClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(_server.Host, _server.ImapPort, SecureSocketOptions.None, cancellationToken);
            await client.AuthenticateAsync(_user, _server.Password, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    // The watch loop: the boundary where anything that goes wrong is logged and met with a fresh connection.
    private async Task RunAsync(ImapClient firstClient)
    {
        var stopping = _stopping.Token;
        var abort = _abort.Token;
        ImapClient? client = firstClient;
        var retryDelay = FirstRetryDelay;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    if (client is null)
                    {
                        client = await ConnectAsync(abort);
                        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, abort);
                        await CheckUidValidityAsync(client.Inbox, abort);
                        _log.Information("Demo company {CompanyId} reconnected to {Mailbox}", _site.Profile.Id, _user);
                    }

                    retryDelay = FirstRetryDelay;
                    await WatchAsync(client, stopping, abort);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    // A dropped connection is ordinary (the reason says enough, and the retries that follow only matter
                    // to debugging); anything else deserves its stack trace.
                    var connection = IsConnectionProblem(exception);
                    var level = !connection ? Serilog.Events.LogEventLevel.Error
                        : retryDelay == FirstRetryDelay ? Serilog.Events.LogEventLevel.Warning
                        : Serilog.Events.LogEventLevel.Debug;
                    _log.Write(
                        level,
                        connection ? null : exception,
                        "Demo company {CompanyId} lost {Mailbox} ({Reason}); connecting again in {Delay}",
                        _site.Profile.Id,
                        _user,
                        exception.Message,
                        retryDelay);
                    client?.Dispose();
                    client = null;
                    try
                    {
                        await Task.Delay(retryDelay, _realTime, stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                }
            }
        }
        finally
        {
            if (client is not null)
            {
                await LogOutAsync(client, abort);
            }

            _log.Debug("Demo company {CompanyId} stopped watching {Mailbox}", _site.Profile.Id, _user);
        }
    }

    private async Task LogOutAsync(ImapClient client, CancellationToken abort)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, abort);
            }
        }
        catch (Exception exception) when (IsConnectionProblem(exception))
        {
            // Stopping anyway: a LOGOUT that fails only means the server closes the connection itself.
            _log.Debug("Demo company {CompanyId} did not log out of {Mailbox} cleanly: {Reason}", _site.Profile.Id, _user, exception.Message);
        }
        finally
        {
            client.Dispose();
        }
    }

    // UIDs only stay valid with the same UIDVALIDITY; if it changed, the old UIDs say nothing, so start from the end again.
    private async Task CheckUidValidityAsync(IMailFolder inbox, CancellationToken cancellationToken)
    {
        if (inbox.UidValidity == _uidValidity)
        {
            return;
        }

        _log.Warning(
            "Demo company {CompanyId}: {Mailbox} changed UIDVALIDITY ({Old} to {New}); mail that came while disconnected is not answered",
            _site.Profile.Id,
            _user,
            _uidValidity,
            inbox.UidValidity);
        _uidValidity = inbox.UidValidity;
        _claimedUids.Clear();
        _next = await NextUidAsync(inbox, cancellationToken);
    }

    private async Task WatchAsync(ImapClient client, CancellationToken stopping, CancellationToken abort)
    {
        while (!stopping.IsCancellationRequested)
        {
            await AnswerNewAsync(client.Inbox, abort);
            await Task.Delay(PollInterval, _realTime, stopping);
            // NOOP lets the server tell us about new mail before the next search.
            await client.NoOpAsync(abort);
        }
    }

    private async Task AnswerNewAsync(IMailFolder inbox, CancellationToken cancellationToken)
    {
        var found = await inbox.SearchAsync(SearchQuery.Uids(new UniqueIdRange(_next, UniqueId.MaxValue)), cancellationToken);
        // "n:*" always includes the highest UID, even when it is below n.
        var uids = found.Where(uid => uid.Id >= _next.Id).OrderBy(uid => uid.Id).ToList();
        if (uids.Count == 0)
        {
            return;
        }

        var items = MessageSummaryItems.UniqueId | MessageSummaryItems.Flags;
        if (inbox.Supports(FolderFeature.ModSequences))
        {
            items |= MessageSummaryItems.ModSeq;
        }

        var summaries = await inbox.FetchAsync(uids, items, cancellationToken);
        foreach (var summary in summaries.OrderBy(summary => summary.UniqueId.Id))
        {
            await AnswerAsync(inbox, summary, cancellationToken);
            _next = new UniqueId(summary.UniqueId.Id + 1);
        }
    }

    private async Task AnswerAsync(IMailFolder inbox, IMessageSummary summary, CancellationToken cancellationToken)
    {
        var uid = summary.UniqueId;
        MimeMessage message;
        try
        {
            message = await inbox.GetMessageAsync(uid, cancellationToken);
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

        if (Unanswerable(email) is { } reason)
        {
            _log.Information(
                "Demo company {CompanyId} leaves {Subject} from {Sender} unanswered: {Reason}",
                _site.Profile.Id,
                email.Subject,
                email.ReplyToAddress,
                reason);
            return;
        }

        var claimed = await ClaimAsync(inbox, summary, cancellationToken);
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

        _log.Information("Demo company {CompanyId} got support email {Subject} from {Sender}", _site.Profile.Id, email.Subject, email.ReplyToAddress);
        _site.AnswerSupportEmail(email);
    }

    private string? Unanswerable(SupportEmail email)
    {
        if (email.IsAutomatic)
        {
            return $"it is automatic (Auto-Submitted: {email.AutoSubmitted})";
        }

        if (email.ReplyTo is null)
        {
            return "it has no From or Reply-To address";
        }

        // Mail from the support address itself would be answered to itself, again and again.
        return string.Equals(email.ReplyTo.Address, _user, StringComparison.OrdinalIgnoreCase) ? "it comes from the support address itself" : null;
    }

    // Sets \Answered, only if nobody has touched the message since it was fetched (CONDSTORE's UNCHANGEDSINCE, where the
    // server has it): of two watchers on one mailbox, one wins. A UID claimed before a dropped connection stays ours.
    private async Task<bool> ClaimAsync(IMailFolder inbox, IMessageSummary summary, CancellationToken cancellationToken)
    {
        var uid = summary.UniqueId;
        if (summary.Flags is { } flags && flags.HasFlag(MessageFlags.Answered))
        {
            return _claimedUids.Contains(uid.Id);
        }

        _claimedUids.Add(uid.Id);
        var request = new StoreFlagsRequest(StoreAction.Add, MessageFlags.Answered) { Silent = true, UnchangedSince = summary.ModSeq };
        return await inbox.StoreAsync(uid, request, cancellationToken);
    }
}
