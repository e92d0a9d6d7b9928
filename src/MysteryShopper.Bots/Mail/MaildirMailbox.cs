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
public sealed class MaildirMailbox : IRunMailbox
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly string[] MessageFolders = ["new", "cur"];

    private readonly string _root;
    private readonly AddressPattern _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly MailIntake _intake;
    private readonly HashSet<string> _knownFiles = new(StringComparer.Ordinal);
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
        _intake = new MailIntake(time);
        foreach (var folder in MessageFolders.Append("tmp"))
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        _knownFiles.UnionWith(ExistingFiles());
        _watcher = new FileSystemWatcher(Path.Combine(root, "new")) { EnableRaisingEvents = true };
        _watcher.Created += (_, _) => _ = ScanAsync();
        _watcher.Renamed += (_, _) => _ = ScanAsync();
        _poller = PollAsync(_stop.Token);
    }

    public string Root => _root;

    public static MaildirMailbox Open(string root, AddressPattern addresses, TimeProvider time, ILogger log) =>
        new(Path.GetFullPath(root), addresses, time, log);

    /// <summary>Emails that arrived while the mailbox was open and matched no probe.</summary>
    public IReadOnlyList<ReceivedEmail> Unattributed => _intake.Unattributed;

    public IReadOnlyList<ReceivedEmail> ReceivedFor(string token) => _intake.ReceivedFor(token);

    public void RegisterSent(string token, string messageId) => _intake.RegisterSent(token, messageId);

    public void RegisterProbe(string token, IReadOnlyList<string> domains, DateTimeOffset since) => _intake.RegisterProbe(token, domains, since);

    public Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken) =>
        _intake.WaitForAsync(token, match, within, ScanAsync, cancellationToken);

    private IEnumerable<string> ExistingFiles() => MessageFolders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(_root, f)));

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
            foreach (var file in ExistingFiles().Where(_knownFiles.Add).ToList())
            {
                await ReadAsync(file);
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
        var seenAt = _time.GetUtcNow();
        DateTimeOffset receivedAt;
        try
        {
            receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
        }
        catch (IOException e)
        {
            _log.Warning("The message {File} could not be read and is left as it is: {Reason}", file, e.Message);
            return;
        }

        try
        {
            var message = await MimeMessage.LoadAsync(file);
            email = EmailReader.Read(message, receivedAt, seenAt, file, _addresses.TokenOf);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ParseException)
        {
            _log.Warning("The message {File} could not be parsed; it is kept as unreadable: {Reason}", file, e.Message);
            email = EmailReader.Unreadable(File.Exists(file) ? await File.ReadAllBytesAsync(file) : [], receivedAt, seenAt, file, e.Message);
        }

        if (_intake.Add(email))
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
