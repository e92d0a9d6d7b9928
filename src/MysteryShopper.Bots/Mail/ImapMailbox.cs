using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Polly;
using Polly.Retry;
using Serilog;

namespace MysteryShopper.Bots.Mail;

/// <summary>
/// A real mailbox over IMAP (MailKit): one connection per watched folder (the inbox and the junk folder), IMAP IDLE
/// for instant arrival (polling when the server lacks IDLE), and, while a step waits for mail, a prompt re-check a
/// few times a second, because servers delay IDLE notices. A dropped connection is re-made with backoff and picks up
/// from the last UID it saw, so nothing is lost. Only messages newer than the mailbox's opening are fetched.
/// </summary>
public sealed class ImapMailbox : IRunMailbox
{
    /// <summary>How often a folder is re-checked while a step waits, and how often when the server has no IDLE.</summary>
    public static readonly TimeSpan PromptInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly MailServerOptions _server;
    private readonly AddressPattern _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly MailIntake _intake;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<FolderWatch> _watches = [];
    private readonly ResiliencePipeline _reconnect;

    private ImapMailbox(MailServerOptions server, AddressPattern addresses, TimeProvider time, ILogger log)
    {
        _server = server;
        _addresses = addresses;
        _time = time;
        _log = log;
        _intake = new MailIntake(time);
        _intake.Waiting += () =>
        {
            foreach (var watch in _watches)
            {
                watch.Wake();
            }
        };
        _reconnect = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(30),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                OnRetry = args =>
                {
                    _log.Warning("IMAP {Server}: connection lost ({Reason}); reconnecting in {Delay}", _server.ToString(), args.Outcome.Exception?.Message, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Emails that matched no probe.</summary>
    public IReadOnlyList<ReceivedEmail> Unattributed => _intake.Unattributed;

    /// <summary>The folders watched, once connected (e.g. INBOX and Junk).</summary>
    public IReadOnlyList<string> Folders => _watches.Select(w => w.Name).ToList();

    /// <summary>How many times a connection had to be made again.</summary>
    public int Reconnects => _watches.Sum(w => w.Reconnects);

    /// <summary>
    /// Connects, finds the inbox and the junk folder, and starts watching. Throws <see cref="MailboxUnavailableException"/>
    /// when the server cannot be reached or refuses the login.
    /// </summary>
    public static async Task<ImapMailbox> OpenAsync(MailServerOptions server, AddressPattern addresses, TimeProvider time, ILogger log, CancellationToken cancellationToken)
    {
        var mailbox = new ImapMailbox(server, addresses, time, log);
        IReadOnlyList<string> folders;
        using (var client = await mailbox.ConnectAsync(cancellationToken))
        {
            folders = await FindFoldersAsync(client, cancellationToken);
            foreach (var name in folders)
            {
                var folder = await client.GetFolderAsync(name, cancellationToken);
                await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                mailbox._watches.Add(new FolderWatch(mailbox, name, folder.UidNext ?? UniqueId.MinValue));
                await folder.CloseAsync(false, cancellationToken);
            }

            await client.DisconnectAsync(true, cancellationToken);
        }

        foreach (var watch in mailbox._watches)
        {
            watch.Start(mailbox._stop.Token);
        }

        log.Information("IMAP mailbox {Server} as {User}: watching {Folders}", server.ToString(), server.User, folders);
        return mailbox;
    }

    public IReadOnlyList<ReceivedEmail> ReceivedFor(string token) => _intake.ReceivedFor(token);

    public void RegisterSent(string token, string messageId) => _intake.RegisterSent(token, messageId);

    public void RegisterProbe(string token, IReadOnlyList<string> domains, DateTimeOffset since) => _intake.RegisterProbe(token, domains, since);

    public Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken) =>
        _intake.WaitForAsync(token, match, within, LastLookAsync, cancellationToken);

    private async Task LastLookAsync()
    {
        foreach (var watch in _watches)
        {
            watch.Wake();
        }

        // One prompt cycle is enough for a message that arrived in the final moment.
        await Task.Delay(PromptInterval * 3, _time);
    }

    private async Task<ImapClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new ImapClient { Timeout = (int)_server.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_server.Host, _server.Port, _server.SocketOptions, cancellationToken);
            if (_server.User is not null)
            {
                await client.AuthenticateAsync(_server.User, _server.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch (MailKit.Security.AuthenticationException e)
        {
            client.Dispose();
            throw new MailboxUnavailableException($"the IMAP server {_server} refused the login for {_server.User}: {e.Message}", e);
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new MailboxUnavailableException($"the IMAP server {_server} could not be reached: {e.Message}", e);
        }
    }

    /// <summary>The inbox, and the junk folder by its special use (\Junk) or its usual names.</summary>
    private static async Task<IReadOnlyList<string>> FindFoldersAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var folders = new List<string> { client.Inbox.FullName };
        IMailFolder? junk = null;
        if (client.Capabilities.HasFlag(ImapCapabilities.SpecialUse))
        {
            junk = client.GetFolder(SpecialFolder.Junk);
        }

        if (junk is null)
        {
            var all = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: cancellationToken);
            junk = all.FirstOrDefault(f => f.Name is "Junk" or "Spam" or "Junk E-mail" or "Junk Email" or "Bulk Mail");
        }

        if (junk is not null)
        {
            folders.Add(junk.FullName);
        }

        return folders;
    }

    private static bool IsTransient(Exception e) => e switch
    {
        MailboxUnavailableException { InnerException: MailKit.Security.AuthenticationException } => false,
        MailboxUnavailableException or IOException or System.Net.Sockets.SocketException or ImapProtocolException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException or TimeoutException => true,
        InvalidOperationException => e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var watch in _watches)
        {
            await watch.Stopped;
        }

        _stop.Dispose();
    }

    /// <summary>One folder, watched over its own connection.</summary>
    private sealed class FolderWatch(ImapMailbox mailbox, string name, UniqueId first)
    {
        private readonly object _gate = new();
        private UniqueId _next = first;
        private CancellationTokenSource? _idle;
        private bool _woken;

        public string Name { get; } = name;
        public int Reconnects { get; private set; }
        public Task Stopped { get; private set; } = Task.CompletedTask;

        public void Start(CancellationToken stop) => Stopped = Task.Run(() => RunAsync(stop), CancellationToken.None);

        /// <summary>Ends the current IDLE at once, so the folder is checked now; between IDLEs, the next IDLE is skipped.</summary>
        public void Wake()
        {
            lock (_gate)
            {
                if (_idle is null)
                {
                    _woken = true;
                }
                else
                {
                    _idle.Cancel();
                }
            }
        }

        private async Task RunAsync(CancellationToken stop)
        {
            var connected = false;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await mailbox._reconnect.ExecuteAsync(
                        async token =>
                        {
                            if (connected)
                            {
                                Reconnects++;
                            }

                            using var client = await mailbox.ConnectAsync(token);
                            connected = true;
                            var folder = await client.GetFolderAsync(Name, token);
                            await folder.OpenAsync(FolderAccess.ReadOnly, token);
                            await WatchAsync(client, folder, token);
                        },
                        stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (MailboxUnavailableException e)
                {
                    mailbox._log.Error("IMAP folder {Folder} is no longer watched: {Reason}", Name, e.Message);
                    return;
                }
            }
        }

        private async Task WatchAsync(ImapClient client, IMailFolder folder, CancellationToken stop)
        {
            var idle = client.Capabilities.HasFlag(ImapCapabilities.Idle);
            if (!idle)
            {
                mailbox._log.Information("IMAP server {Server} has no IDLE: polling {Folder}", mailbox._server.ToString(), Name);
            }

            folder.CountChanged += (_, _) => Wake();
            while (!stop.IsCancellationRequested)
            {
                lock (_gate)
                {
                    _woken = false;
                }

                await FetchNewAsync(folder, stop);
                var interval = mailbox._intake.HasWaiters ? PromptInterval : idle ? TimeSpan.FromMinutes(9) : PollInterval;
                if (idle)
                {
                    using var done = new CancellationTokenSource(interval);
                    lock (_gate)
                    {
                        // Dovecot announces new mail (EXISTS) at the end of the very search that missed it, and a step may
                        // start waiting while we fetch: either wake came between IDLEs, so look again now instead of idling.
                        if (_woken)
                        {
                            continue;
                        }

                        _idle = done;
                    }

                    try
                    {
                        await client.IdleAsync(done.Token, stop);
                    }
                    finally
                    {
                        lock (_gate)
                        {
                            _idle = null;
                        }
                    }
                }
                else
                {
                    await Task.Delay(mailbox._intake.HasWaiters ? PromptInterval : PollInterval, mailbox._time, stop);
                    await client.NoOpAsync(stop);
                }
            }
        }

        /// <summary>Every message from the next unseen UID on: their INTERNALDATE and full text.</summary>
        private async Task FetchNewAsync(IMailFolder folder, CancellationToken stop)
        {
            var uids = await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(_next, UniqueId.MaxValue)), stop);
            uids = uids.Where(u => u.Id >= _next.Id).ToList();
            if (uids.Count == 0)
            {
                return;
            }

            var summaries = await folder.FetchAsync(uids, MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate, stop);
            foreach (var summary in summaries.OrderBy(s => s.UniqueId.Id))
            {
                var seenAt = mailbox._time.GetUtcNow();
                var receivedAt = summary.InternalDate is { } date && date <= seenAt ? date : seenAt;
                var source = $"imap://{mailbox._server.Host}:{mailbox._server.Port}/{Name};UID={summary.UniqueId.Id}";
                ReceivedEmail email;
                try
                {
                    var message = await folder.GetMessageAsync(summary.UniqueId, stop);
                    email = EmailReader.Read(message, receivedAt, seenAt, source, mailbox._addresses.TokenOf, Name);
                }
                catch (Exception e) when (e is FormatException or MimeKit.ParseException)
                {
                    mailbox._log.Warning("Message {Source} could not be parsed; it is kept as unreadable: {Reason}", source, e.Message);
                    email = EmailReader.Unreadable(System.Text.Encoding.UTF8.GetBytes(source), receivedAt, seenAt, source, e.Message, Name);
                }

                if (mailbox._intake.Add(email))
                {
                    mailbox._log.Debug("Mail {Subject} in {Folder} for {Token}", email.Subject, Name, email.Token ?? "(no probe)");
                }

                _next = new UniqueId(summary.UniqueId.Id + 1);
            }
        }
    }
}

/// <summary>The mailbox cannot be used: the run cannot happen (exit code 3).</summary>
public sealed class MailboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
