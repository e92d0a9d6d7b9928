using MimeKit;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Serilog;

namespace MysteryShopper.Bots.Mail;

/// <summary>
/// The embedded mailbox: a Maildir folder (tmp/, new/, cur/) that anything can deliver into. New messages are seen
/// through a file watcher, with a short poll behind it because watchers can miss events. Files are only read,
/// never moved or deleted. Without a journal, messages already there when it opens are not this run's and are
/// ignored; with one, every file the journal has not kept yet is read, mail that came while nothing ran included.
/// </summary>
public sealed class MaildirMailbox : IRunMailbox
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly string[] MessageFolders = ["new", "cur"];

    private readonly string _root;
    private readonly AddressPattern _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly IMailJournal? _journal;
    private readonly MailIntake _intake;

    // Known by their unique name (the file name before ":2,flags"), which stays when a reader moves new/x to cur/x:2,S.
    private readonly HashSet<string> _knownFiles = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scanning = new(1, 1);
    private readonly FileSystemWatcher _watcher;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poller;
    private bool _keptLoaded;

    private MaildirMailbox(string root, AddressPattern addresses, TimeProvider time, ILogger log, IMailJournal? journal)
    {
        _root = root;
        _addresses = addresses;
        _time = time;
        _log = log;
        _journal = journal;
        _intake = new MailIntake(time, journal);
        foreach (var folder in MessageFolders.Append("tmp"))
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        if (journal is null)
        {
            _knownFiles.UnionWith(ExistingFiles().Select(UniqueName));
        }

        _watcher = new FileSystemWatcher(Path.Combine(root, "new")) { EnableRaisingEvents = true };
        _watcher.Created += (_, _) => _ = ScanQuietlyAsync();
        _watcher.Renamed += (_, _) => _ = ScanQuietlyAsync();
        _poller = PollAsync(_stop.Token);
    }

    public string Root => _root;

    /// <summary>Opens a Maildir (made when missing); with a <paramref name="journal"/>, every message it has not kept is read, the ones already there included.</summary>
    public static MaildirMailbox Open(string root, AddressPattern addresses, TimeProvider time, ILogger log, IMailJournal? journal = null) =>
        new(Path.GetFullPath(root), addresses, time, log, journal);

    /// <summary>Emails that arrived while the mailbox was open and matched no probe.</summary>
    public IReadOnlyList<ReceivedEmail> Unattributed => _intake.Unattributed;

    public IReadOnlyList<ReceivedEmail> ReceivedFor(string token) => _intake.ReceivedFor(token);

    public void RegisterSent(string token, string messageId) => _intake.RegisterSent(token, messageId);

    public void RegisterProbe(string token, IReadOnlyList<string> domains, DateTimeOffset since) => _intake.RegisterProbe(token, domains, since);

    public Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken) =>
        _intake.WaitForAsync(token, match, within, ScanQuietlyAsync, cancellationToken);

    /// <summary>Reads every message not read yet; returns when they are all taken in (and kept, with a journal).</summary>
    public event Action? Arrived
    {
        add => _intake.Arrived += value;
        remove => _intake.Arrived -= value;
    }

    public Task CatchUpAsync(CancellationToken cancellationToken) => ScanAsync(cancellationToken);

    /// <summary>The name a message keeps in this Maildir whichever folder it is in: <c>new/u</c> and <c>cur/u:2,S</c> are both <c>u</c>.</summary>
    public static string UniqueName(string file)
    {
        var name = Path.GetFileName(file);
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }

    private IEnumerable<string> ExistingFiles() => MessageFolders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(_root, f)));

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await ScanQuietlyAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
    }

    // The background scans' boundary: what cannot be read or kept now is logged and tried again at the next scan.
    private async Task ScanQuietlyAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await ScanAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Closing.
        }
        catch (IOException e)
        {
            _log.Warning("The mailbox {Root} could not be scanned: {Reason}", _root, e.Message);
        }
        catch (Exception e)
        {
            _log.Error(e, "A message in {Root} could not be kept; it is read again at the next scan", _root);
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _scanning.WaitAsync(cancellationToken);
        try
        {
            if (_journal is not null && !_keptLoaded)
            {
                _knownFiles.UnionWith(await _journal.KeptSourcesAsync(_root, cancellationToken));
                _keptLoaded = true;
            }

            foreach (var file in ExistingFiles().Where(f => _knownFiles.Add(UniqueName(f))).ToList())
            {
                try
                {
                    await ReadAsync(file, cancellationToken);
                }
                catch
                {
                    // Not taken in: the next scan tries again.
                    _knownFiles.Remove(UniqueName(file));
                    throw;
                }
            }
        }
        finally
        {
            _scanning.Release();
        }
    }

    private async Task ReadAsync(string file, CancellationToken cancellationToken)
    {
        ReceivedEmail email;
        var seenAt = _time.GetUtcNow();
        DateTimeOffset receivedAt;
        byte[] raw;
        try
        {
            receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
            raw = await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Moved on (new/ to cur/) while we looked: read where it is now, at the next scan.
            _knownFiles.Remove(UniqueName(file));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warning("The message {File} could not be read and is left as it is: {Reason}", file, e.Message);
            return;
        }

        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            email = EmailReader.Read(message, receivedAt, seenAt, file, _addresses.TokenOf);
        }
        catch (Exception e) when (e is FormatException or ParseException)
        {
            _log.Warning("The message {File} could not be parsed; it is kept as unreadable: {Reason}", file, e.Message);
            email = EmailReader.Unreadable(raw, receivedAt, seenAt, file, e.Message);
        }

        if (await _intake.AddAsync(new IncomingMessage(email, raw, _root, UniqueName(file)), cancellationToken))
        {
            _log.Debug("Mail {Subject} for {Token} from {From}", email.Subject, email.Token ?? "(no probe)", email.From);
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
}
