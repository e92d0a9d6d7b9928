using MimeKit;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Serilog;

namespace MysteryShopper.Bots.Mail;

/// <summary>
/// The embedded mailbox: a Maildir folder (tmp/, new/, cur/) that anything can deliver into. New messages are seen
/// through a file watcher, with a short poll behind it because watchers can miss events. Files are only read,
/// never moved or deleted. Messages already there when it opens are not this run's and are ignored.
/// </summary>
public sealed class MaildirMailbox : IMailbox, IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly string _root;
    private readonly AddressPattern _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _knownFiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ReceivedEmail>> _byToken = new(StringComparer.Ordinal);
    private readonly List<ReceivedEmail> _unattributed = [];
    private readonly List<Waiter> _waiters = [];
    private readonly SemaphoreSlim _scanning = new(1, 1);
    private readonly FileSystemWatcher _watcher;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poller;

    private MaildirMailbox(string root, AddressPattern addresses, TimeProvider time, ILogger log)
    {
        _root = root;
        _addresses = addresses;
        _time = time;
        _log = log;
        foreach (var folder in MessageFolders.Append("tmp"))
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        foreach (var file in ExistingFiles())
        {
            _knownFiles.Add(file);
        }

        _watcher = new FileSystemWatcher(Path.Combine(root, "new")) { EnableRaisingEvents = true };
        _watcher.Created += (_, _) => _ = ScanAsync();
        _watcher.Renamed += (_, _) => _ = ScanAsync();
        _poller = PollAsync(_stop.Token);
    }

    public string Root => _root;

    public static MaildirMailbox Open(string root, AddressPattern addresses, TimeProvider time, ILogger log) =>
        new(Path.GetFullPath(root), addresses, time, log);

    /// <summary>Emails that arrived while the mailbox was open and matched no probe.</summary>
    public IReadOnlyList<ReceivedEmail> Unattributed
    {
        get
        {
            lock (_gate)
            {
                return [.. _unattributed];
            }
        }
    }

    public IReadOnlyList<ReceivedEmail> ReceivedFor(string token)
    {
        lock (_gate)
        {
            return _byToken.TryGetValue(token, out var list) ? [.. list] : [];
        }
    }

    public async Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(token, match);
        lock (_gate)
        {
            if (_byToken.TryGetValue(token, out var list) && list.FirstOrDefault(match) is { } already)
            {
                return already;
            }

            _waiters.Add(waiter);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(within, _time, timeout.Token);
            var done = await Task.WhenAny(waiter.Arrived.Task, delay);
            await timeout.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (done == waiter.Arrived.Task)
            {
                return await waiter.Arrived.Task;
            }

            // One last look, so a message delivered in the final moment is not missed.
            await ScanAsync();
            return waiter.Arrived.Task.IsCompletedSuccessfully ? await waiter.Arrived.Task : null;
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private static readonly string[] MessageFolders = ["new", "cur"];

    private IEnumerable<string> ExistingFiles() =>
        MessageFolders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(_root, f)));

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await ScanAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
    }

    private async Task ScanAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _scanning.WaitAsync();
        try
        {
            foreach (var file in ExistingFiles())
            {
                bool known;
                lock (_gate)
                {
                    known = !_knownFiles.Add(file);
                }

                if (!known)
                {
                    await ReadAsync(file);
                }
            }
        }
        catch (IOException e)
        {
            _log.Warning("The mailbox {Root} could not be scanned: {Reason}", _root, e.Message);
        }
        finally
        {
            _scanning.Release();
        }
    }

    private async Task ReadAsync(string file)
    {
        ReceivedEmail email;
        try
        {
            var receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
            var message = await MimeMessage.LoadAsync(file);
            email = EmailReader.Read(message, receivedAt, _time.GetUtcNow(), file, _addresses.TokenOf);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            _log.Warning("The message {File} could not be read and is left as it is: {Reason}", file, e.Message);
            return;
        }

        List<Waiter> woken;
        lock (_gate)
        {
            if (!_knownIds.Add(email.Id))
            {
                return;
            }

            if (email.Token is null)
            {
                _unattributed.Add(email);
                woken = [];
            }
            else
            {
                if (!_byToken.TryGetValue(email.Token, out var list))
                {
                    _byToken[email.Token] = list = [];
                }

                list.Add(email);
                list.Sort((a, b) => a.ReceivedAt.CompareTo(b.ReceivedAt));
                woken = _waiters.Where(w => w.Token == email.Token && w.Match(email)).ToList();
            }
        }

        _log.Debug("Mail {Subject} for {Token} from {From}", email.Subject, email.Token ?? "(no probe)", email.From);
        foreach (var waiter in woken)
        {
            waiter.Arrived.TrySetResult(email);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        await _stop.CancelAsync();
        await _poller;
        _stop.Dispose();
    }

    private sealed record Waiter(string Token, Func<ReceivedEmail, bool> Match)
    {
        public TaskCompletionSource<ReceivedEmail> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
