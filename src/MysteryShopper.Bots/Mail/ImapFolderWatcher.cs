using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MysteryShopper.Settings;
using Polly;
using Polly.Retry;
using Serilog;

namespace MysteryShopper.Bots.Mail;

/// <summary>Where a folder is read from: the first UID not yet handled, valid only under its UIDVALIDITY.</summary>
public sealed record ImapPosition(uint UidValidity, uint NextUid);

/// <summary>A new message in a watched folder: its summary (UID, INTERNALDATE, flags, mod-sequence), its raw MIME, and when the watcher saw it.</summary>
public sealed record ImapArrival(IMailFolder Folder, IMessageSummary Summary, uint UidValidity, byte[] Raw, DateTimeOffset SeenAt)
{
    public UniqueId Uid => Summary.UniqueId;
}

/// <summary>How an <see cref="ImapFolderWatcher"/> watches.</summary>
public sealed record ImapWatchOptions
{
    /// <summary>Read-write to set flags (the demo companies mark what they answer); read-only otherwise.</summary>
    public FolderAccess Access { get; init; } = FolderAccess.ReadOnly;

    /// <summary>Null: IMAP IDLE when the server has it, else a poll every <see cref="ImapFolderWatcher.DefaultPollInterval"/>. Set: always poll this often.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>How often the folder is looked at while <see cref="Hurry"/> says someone waits (servers delay IDLE notices).</summary>
    public TimeSpan PromptInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>True while someone waits for mail: look every <see cref="PromptInterval"/>.</summary>
    public Func<bool>? Hurry { get; init; }

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When the folder's UIDVALIDITY changes under the watcher, it reads the folder again from the start; messages the
    /// server received before this moment are then passed over (they were there before anyone watched). Null: read them all.
    /// </summary>
    public DateTimeOffset? ForgetBefore { get; init; }

    /// <summary>
    /// How often the folder is selected again while watched. A server may keep serving a session the folder as it was
    /// before it was deleted and made again (Dovecot does, with an untagged NO), so a changed UIDVALIDITY is only seen by
    /// selecting it anew; a catch-up always does.
    /// </summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long stopping lets a running command (and the callback) finish before cutting the connection.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Watches one IMAP folder over its own connection and hands each new message, in UID order, to a callback: IMAP IDLE
/// or a poll, a prompt look on <see cref="Wake"/>, and a dropped connection made again with backoff (Polly), carrying
/// on from the first UID not yet handled: a UID counts as handled only once the callback has returned for it. When the
/// folder's UIDVALIDITY changes its UIDs say nothing any more, so the folder is read again from the start; the callback
/// drops what it has seen (by Message-ID). Used by the run's mailbox and by the demo companies' support mailboxes.
/// </summary>
public sealed class ImapFolderWatcher : IAsyncDisposable
{
    /// <summary>How often a server without IDLE is polled when no poll interval is set.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    // Servers end an IDLE after 30 minutes at the latest; renewing it well before keeps the connection alive.
    private static readonly TimeSpan IdleRenewal = TimeSpan.FromMinutes(9);

    // An INTERNALDATE counts whole seconds: a message stamped within a second before ForgetBefore may have come after it.
    private static readonly TimeSpan StampUnit = TimeSpan.FromSeconds(1);

    // Bodies are fetched in batches of at most this many messages and bytes.
    private const int BodyBatchCount = 100;
    private const long BodyBatchBytes = 16L << 20;

    private readonly MailServer _server;
    private readonly Func<ImapArrival, CancellationToken, Task> _onMessage;
    private readonly ImapWatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ResiliencePipeline _reconnect;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource> _catchUps = [];
    private CancellationTokenSource? _wait;
    private bool _woken;
    private uint _uidValidity;
    private UniqueId _next = UniqueId.MinValue;
    private bool _forgetOld;
    private int _failures;
    private int _reconnects;
    private Exception? _failure;
    private Task _run = Task.CompletedTask;
    private int _disposed;

    public ImapFolderWatcher(MailServer server, string folder, Func<ImapArrival, CancellationToken, Task> onMessage, ImapWatchOptions options, TimeProvider time, ILogger log)
    {
        _server = server;
        Folder = folder;
        _onMessage = onMessage;
        _options = options;
        _time = time;
        _log = log;
        _reconnect = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => !_stopping.IsCancellationRequested && !IsRefusedLogin(e)),
                DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(NextDelay()),
                OnRetry = args =>
                {
                    OnLost(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public string Folder { get; }

    /// <summary>How many times the connection had to be made again.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>The first UID not yet handled, under the folder's UIDVALIDITY as last seen.</summary>
    public ImapPosition Position
    {
        get
        {
            lock (_gate)
            {
                return new ImapPosition(_uidValidity, _next.Id);
            }
        }
    }

    /// <summary>
    /// Connects, logs in and opens the folder, then watches in the background from <paramref name="from"/> (null: only
    /// mail that arrives from now on; a position under another UIDVALIDITY: the whole folder). Throws
    /// <see cref="MailboxUnavailableException"/> when the server cannot be reached or refuses the login.
    /// </summary>
    public async Task StartAsync(ImapPosition? from, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken);
        IMailFolder folder;
        try
        {
            folder = await OpenFolderAsync(client, cancellationToken);
            _uidValidity = folder.UidValidity;
            if (from is null)
            {
                _next = await NextUidAsync(folder, cancellationToken);
            }
            else if (from.UidValidity == folder.UidValidity)
            {
                _next = new UniqueId(Math.Max(from.NextUid, UniqueId.MinValue.Id));
            }
            else
            {
                _log.Warning(
                    "IMAP folder {Folder} of {User} has UIDVALIDITY {New}, not {Old} as when it was last read: reading it again from the start",
                    Folder,
                    _server.User,
                    folder.UidValidity,
                    from.UidValidity);
                _next = UniqueId.MinValue;
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _log.Debug("IMAP folder {Folder} of {User} watched from UID {Uid}", Folder, _server.User, _next.Id);
        // Task.Run so the loop never runs on the caller's thread.
        _run = Task.Run(() => RunAsync(client, folder), CancellationToken.None);
    }

    /// <summary>Looks at the folder now: ends the current IDLE or poll wait, or, between waits, skips the next one.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            if (_wait is null)
            {
                _woken = true;
            }
            else
            {
                _wait.Cancel();
            }
        }
    }

    /// <summary>
    /// Returns once everything in the folder at the time of the call has been handed to the callback. Waits through a
    /// reconnect; throws when the watcher stopped (a refused login) or a message could not be handled.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw new MailboxUnavailableException($"the IMAP folder {Folder} of {_server.User} is no longer watched: {_failure.Message}", _failure);
            }

            _catchUps.Add(done);
        }

        Wake();
        await done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _abort.CancelAfter(_options.StopGrace);
        // RunAsync never throws.
        await _run;
        _stopping.Dispose();
        _abort.Dispose();
    }

    private static bool IsRefusedLogin(Exception e) => e is MailboxUnavailableException { InnerException: AuthenticationException };

    private TimeSpan NextDelay()
    {
        var failures = Interlocked.Increment(ref _failures) - 1;
        var delay = _options.FirstRetryDelay * Math.Pow(2, Math.Min(failures, 20));
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private void OnLost(Exception exception, TimeSpan delay)
    {
        // A dropped connection is ordinary (the reason says enough, and the retries that follow only matter to
        // debugging); anything else deserves its stack trace, and fails whoever waits for a catch-up.
        var transient = MailErrors.IsTransient(exception);
        var level = !transient ? Serilog.Events.LogEventLevel.Error
            : delay <= _options.FirstRetryDelay ? Serilog.Events.LogEventLevel.Warning
            : Serilog.Events.LogEventLevel.Debug;
        _log.Write(level, transient ? null : exception, "IMAP folder {Folder} of {User} at {Server} lost ({Reason}); connecting again in {Delay}", Folder, _server.User, _server.ToString(), exception.Message, delay);
        if (!transient)
        {
            FailCatchUps(exception);
        }
    }

    private void FailCatchUps(Exception exception)
    {
        List<TaskCompletionSource> failed;
        lock (_gate)
        {
            failed = [.. _catchUps];
            _catchUps.Clear();
        }

        foreach (var catchUp in failed)
        {
            catchUp.TrySetException(exception);
        }
    }

    private Task<ImapClient> ConnectAsync(CancellationToken cancellationToken) => ConnectAsync(_server, cancellationToken);

    /// <summary>Connects and logs in; <see cref="MailboxUnavailableException"/> when the server cannot be reached or refuses the login.</summary>
    public static async Task<ImapClient> ConnectAsync(MailServer server, CancellationToken cancellationToken)
    {
        var client = new ImapClient { Timeout = (int)server.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(server.Host, server.Port, server.SocketOptions, cancellationToken);
            if (server.User is not null)
            {
                await client.AuthenticateAsync(server.User, server.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Refused, unknown host, no TLS, a refused login, not IMAP at all: one line that says what to check.
            client.Dispose();
            throw new MailboxUnavailableException(MailErrors.Unreachable("IMAP", server, e, "mailbox.imap"), e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<IMailFolder> OpenFolderAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var folder = await client.GetFolderAsync(Folder, cancellationToken);
        await folder.OpenAsync(_options.Access, cancellationToken);
        return folder;
    }

    /// <summary>The UID the next message in an open folder will get.</summary>
    public static async Task<UniqueId> NextUidAsync(IMailFolder folder, CancellationToken cancellationToken)
    {
        if (folder.UidNext is { } next)
        {
            return next;
        }

        // The server did not say UIDNEXT on SELECT: one past the highest UID there is.
        var all = await folder.SearchAsync(SearchQuery.All, cancellationToken);
        return all.Count == 0 ? UniqueId.MinValue : new UniqueId(all.Max(uid => uid.Id) + 1);
    }

    // The watch loop: the boundary where anything that goes wrong is logged and met with a fresh connection.
    private async Task RunAsync(ImapClient firstClient, IMailFolder firstFolder)
    {
        var stopping = _stopping.Token;
        var abort = _abort.Token;
        ImapClient? client = firstClient;
        IMailFolder? folder = firstFolder;
        try
        {
            await _reconnect.ExecuteAsync(
                async _ =>
                {
                    try
                    {
                        if (client is null || folder is null)
                        {
                            Interlocked.Increment(ref _reconnects);
                            client = await ConnectAsync(abort);
                            folder = await OpenFolderAsync(client, abort);
                            _log.Information("IMAP folder {Folder} of {User} connected again", Folder, _server.User);
                        }

                        await WatchAsync(client, folder, stopping, abort);
                    }
                    catch when (!stopping.IsCancellationRequested)
                    {
                        client?.Dispose();
                        client = null;
                        folder = null;
                        throw;
                    }
                },
                stopping);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopping: a command cut short after the grace ends as it may (cancelled, or a closed connection).
        }
        catch (Exception e)
        {
            // Only a refused login ends up here: nothing to try again until someone changes the password.
            _log.Error("IMAP folder {Folder} of {User} is no longer watched: {Reason}", Folder, _server.User, e.Message);
            lock (_gate)
            {
                _failure = e;
            }

            FailCatchUps(e);
        }
        finally
        {
            if (client is not null)
            {
                await LogOutAsync(client, abort);
            }

            List<TaskCompletionSource> left;
            lock (_gate)
            {
                left = [.. _catchUps];
                _catchUps.Clear();
            }

            foreach (var catchUp in left)
            {
                catchUp.TrySetCanceled(stopping);
            }

            _log.Debug("IMAP folder {Folder} of {User} no longer watched", Folder, _server.User);
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
        catch (Exception e) when (MailErrors.IsTransient(e) || e is OperationCanceledException)
        {
            // Stopping anyway: a LOGOUT that fails only means the server closes the connection itself.
            _log.Debug("IMAP folder {Folder} of {User}: no clean logout ({Reason})", Folder, _server.User, e.Message);
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task WatchAsync(ImapClient client, IMailFolder folder, CancellationToken stopping, CancellationToken abort)
    {
        var idle = _options.PollInterval is null && client.Capabilities.HasFlag(ImapCapabilities.Idle);
        if (_options.PollInterval is null && !idle)
        {
            _log.Information("IMAP server {Server} has no IDLE: polling {Folder}", _server.ToString(), Folder);
        }

        var selected = _time.GetTimestamp();
        folder.CountChanged += OnCountChanged;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                // Catch-ups asked for before this look are done when it is (they stay listed until then, so a failure fails them).
                List<TaskCompletionSource> catchUps;
                lock (_gate)
                {
                    _woken = false;
                    catchUps = [.. _catchUps];
                }

                if (catchUps.Count > 0 || _time.GetElapsedTime(selected) >= _options.RecheckInterval)
                {
                    // Selected anew: the server's view of the folder as it is now (mail not announced yet, a new UIDVALIDITY).
                    await folder.OpenAsync(_options.Access, abort);
                    selected = _time.GetTimestamp();
                }

                await FetchNewAsync(folder, abort);
                Interlocked.Exchange(ref _failures, 0);
                lock (_gate)
                {
                    _catchUps.RemoveAll(catchUps.Contains);
                }

                foreach (var catchUp in catchUps)
                {
                    catchUp.TrySetResult();
                }

                var interval = _options.Hurry?.Invoke() == true ? _options.PromptInterval
                    : _options.PollInterval ?? (idle ? IdleRenewal : DefaultPollInterval);
                using var timer = new CancellationTokenSource(interval, _time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping, timer.Token);
                lock (_gate)
                {
                    // Dovecot announces new mail (EXISTS) at the end of the very search that missed it, and a step may
                    // start waiting while we fetch: either wake came between waits, so look again now.
                    if (_woken || _catchUps.Count > 0)
                    {
                        continue;
                    }

                    _wait = wait;
                }

                try
                {
                    if (idle)
                    {
                        await client.IdleAsync(wait.Token, abort);
                    }
                    else
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, _time, wait.Token);
                    }
                }
                catch (OperationCanceledException) when (!idle && wait.IsCancellationRequested && !stopping.IsCancellationRequested)
                {
                    // The poll's time came, or someone woke us.
                }
                finally
                {
                    lock (_gate)
                    {
                        _wait = null;
                    }
                }

                if (!idle && !stopping.IsCancellationRequested)
                {
                    // NOOP lets the server tell us about new mail before the next search.
                    await client.NoOpAsync(abort);
                }
            }
        }
        finally
        {
            folder.CountChanged -= OnCountChanged;
        }
    }

    private void OnCountChanged(object? sender, EventArgs e) => Wake();

    /// <summary>Every message from the first UID not yet handled on, each handed to the callback in UID order.</summary>
    private async Task FetchNewAsync(IMailFolder folder, CancellationToken cancellationToken)
    {
        CheckUidValidity(folder);
        var found = await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(_next, UniqueId.MaxValue)), cancellationToken);
        // Whatever arrived, arrived before the server answered the search: the tightest "seen" a message can have.
        var seenAt = _time.GetUtcNow();
        // "n:*" always includes the highest UID, even when it is below n.
        var uids = found.Where(uid => uid.Id >= _next.Id).OrderBy(uid => uid.Id).ToList();
        if (uids.Count == 0)
        {
            _forgetOld = false;
            return;
        }

        var items = MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate | MessageSummaryItems.Flags | MessageSummaryItems.Size;
        if (folder.Supports(FolderFeature.ModSequences))
        {
            items |= MessageSummaryItems.ModSeq;
        }

        var summaries = (await folder.FetchAsync(uids, items, cancellationToken)).OrderBy(s => s.UniqueId.Id).ToList();
        bool Forgotten(IMessageSummary summary) =>
            _forgetOld && _options.ForgetBefore is { } before && summary.InternalDate is { } stamp && stamp + StampUnit < before;

        // The bodies come a batch at a time in one FETCH (one round trip per batch, not per message); each message is
        // still handed over alone and in UID order, so it is kept before the position moves past it.
        foreach (var batch in Batches(summaries.Where(s => !Forgotten(s)).ToList()))
        {
            var bodies = await BodiesAsync(folder, [.. batch.Select(s => s.UniqueId)], cancellationToken);
            foreach (var summary in batch)
            {
                if (!bodies.TryGetValue(summary.UniqueId, out var raw))
                {
                    _log.Debug("IMAP folder {Folder}: message {Uid} was gone before it could be read", Folder, summary.UniqueId.Id);
                    Advance(summary.UniqueId);
                    continue;
                }

                await _onMessage(new ImapArrival(folder, summary, _uidValidity, raw, seenAt), cancellationToken);
                Advance(summary.UniqueId);
            }
        }

        // Forgotten messages (older than the opening, after a UIDVALIDITY change without a journal) are passed over.
        if (summaries.Count > 0 && summaries[^1].UniqueId.Id >= _next.Id)
        {
            Advance(summaries[^1].UniqueId);
        }

        _forgetOld = false;
    }

    /// <summary>Runs of at most <see cref="BodyBatchCount"/> messages and <see cref="BodyBatchBytes"/> bytes (one message alone when bigger).</summary>
    private static IEnumerable<List<IMessageSummary>> Batches(List<IMessageSummary> summaries)
    {
        var batch = new List<IMessageSummary>();
        long bytes = 0;
        foreach (var summary in summaries)
        {
            var size = (long)(summary.Size ?? 0);
            if (batch.Count > 0 && (batch.Count == BodyBatchCount || bytes + size > BodyBatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(summary);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>The raw bodies of <paramref name="uids"/>, by UID; a message expunged meanwhile is simply not there.</summary>
    private static async Task<Dictionary<UniqueId, byte[]>> BodiesAsync(IMailFolder folder, IList<UniqueId> uids, CancellationToken cancellationToken)
    {
        var bodies = new Dictionary<UniqueId, byte[]>();
        if (folder is ImapFolder imap)
        {
            await imap.GetStreamsAsync(
                uids,
                async (_, _, uid, stream, token) =>
                {
                    using var copy = new MemoryStream();
                    await stream.CopyToAsync(copy, token);
                    bodies[uid] = copy.ToArray();
                },
                cancellationToken);
            return bodies;
        }

        foreach (var uid in uids)
        {
            try
            {
                using var stream = await folder.GetStreamAsync(uid, cancellationToken);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken);
                bodies[uid] = copy.ToArray();
            }
            catch (MessageNotFoundException)
            {
                // Gone: the caller passes it over.
            }
        }

        return bodies;
    }

    // UIDs only stay valid with the same UIDVALIDITY; when it changed, the old UIDs say nothing: read everything again.
    private void CheckUidValidity(IMailFolder folder)
    {
        if (folder.UidValidity == _uidValidity)
        {
            return;
        }

        _log.Warning(
            "IMAP folder {Folder} of {User} changed UIDVALIDITY ({Old} to {New}): reading it again from the start",
            Folder,
            _server.User,
            _uidValidity,
            folder.UidValidity);
        lock (_gate)
        {
            _uidValidity = folder.UidValidity;
            _next = UniqueId.MinValue;
        }

        _forgetOld = true;
    }

    private void Advance(UniqueId handled)
    {
        lock (_gate)
        {
            _next = new UniqueId(handled.Id + 1);
        }
    }
}
