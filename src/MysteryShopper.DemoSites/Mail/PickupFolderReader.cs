using MimeKit;
using MysteryShopper.DemoSites.Companies;

namespace MysteryShopper.DemoSites.Mail;

// Without a mail server, probes "send" by writing into a pickup folder (tmp/, then new/, like a Maildir): this reader is
// the demo companies' mail server for it. Each new file addressed to one of their mailboxes (support@brightwave.example,
// confirm+TOKEN@corvid.example...) is claimed by moving it from new/ to cur/ (with the Maildir "seen" flag), so of two
// readers on one folder exactly one answers it, and handed to its company as the IMAP watcher would. Mail for anyone else
// stays in new/, untouched. Only files written after StartAsync count, as over IMAP. A file watcher sees new files at
// once, a 200 ms poll behind it catches what watchers miss.
internal sealed class PickupFolderReader : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly string _new;
    private readonly string _cur;
    private readonly Dictionary<string, DemoSite> _owners;
    private readonly Serilog.ILogger _log;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answeredMessageIds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scanning = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private FileSystemWatcher? _watcher;
    private Task _poller = Task.CompletedTask;
    private int _disposed;

    public PickupFolderReader(string folder, IEnumerable<DemoSite> sites, Serilog.ILogger logger)
    {
        Folder = Path.GetFullPath(folder);
        _new = Path.Combine(Folder, "new");
        _cur = Path.Combine(Folder, "cur");
        _owners = sites
            .SelectMany(site => site.Mailboxes.Select(mailbox => (mailbox, site)))
            .ToDictionary(pair => pair.mailbox, pair => pair.site, StringComparer.OrdinalIgnoreCase);
        _log = logger;
    }

    public string Folder { get; }

    public IReadOnlyCollection<string> Mailboxes => _owners.Keys;

    // Makes the folder (as PickupSender would), notes what is in it now (not ours to answer), then reads in the background.
    public void Start()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "tmp"));
        Directory.CreateDirectory(_new);
        Directory.CreateDirectory(_cur);
        _seen.UnionWith(Directory.EnumerateFiles(_new).Select(Path.GetFileName).OfType<string>());
        _watcher = new FileSystemWatcher(_new) { EnableRaisingEvents = true };
        _watcher.Created += (_, _) => _ = ScanQuietlyAsync();
        _watcher.Renamed += (_, _) => _ = ScanQuietlyAsync();
        _poller = PollAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher?.Dispose();
        await _stop.CancelAsync();
        await _poller;
        // A scan under way finishes its file before the companies stop.
        await _scanning.WaitAsync(CancellationToken.None);
        _scanning.Release();
        _stop.Dispose();
    }

    // The poll runs on real time whatever the demo's TimeProvider, like the IMAP watcher's: it says how often the folder
    // is looked at, not how a company behaves.
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await ScanQuietlyAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ScanQuietlyAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await _scanning.WaitAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(_new).ToList())
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                var name = Path.GetFileName(file);
                if (_seen.Add(name))
                {
                    await ReadAsync(file, name);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _log.Warning("The demo companies cannot read the pickup folder {Folder}: {Reason}", Folder, exception.Message);
        }
        finally
        {
            _scanning.Release();
        }
    }

    private async Task ReadAsync(string file, string name)
    {
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(file, _stop.Token);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }
        catch (Exception exception) when (exception is FormatException or ParseException or IOException or UnauthorizedAccessException)
        {
            _log.Warning("The demo companies cannot read {File} in the pickup folder, and leave it: {Reason}", name, exception.Message);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var email = SupportEmail.Read(message);
        if (Owner(email) is not var (mailbox, site))
        {
            return;
        }

        if (email.MessageId is { } messageId && !_answeredMessageIds.Add(messageId))
        {
            _log.Debug("Demo company {CompanyId} has answered {MessageId} already", site.Profile.Id, messageId);
            return;
        }

        if (IncomingMail.Unanswerable(email, mailbox) is { } reason)
        {
            _log.Information("Demo company {CompanyId} leaves {Subject} from {Sender} unanswered: {Reason}", site.Profile.Id, email.Subject, email.ReplyToAddress, reason);
            return;
        }

        if (!Claim(file, name))
        {
            _log.Information("Demo company {CompanyId} leaves {Subject} from {Sender}: it is answered elsewhere", site.Profile.Id, email.Subject, email.ReplyToAddress);
            return;
        }

        _log.Information("Demo company {CompanyId} got email {Subject} from {Sender} at {Mailbox} (pickup folder)", site.Profile.Id, email.Subject, email.ReplyToAddress, mailbox);
        site.Receive(mailbox, email);
    }

    // The company mailbox the email is for: the first recipient that is one, "+detail" aside.
    private (string Mailbox, DemoSite Site)? Owner(SupportEmail email)
    {
        foreach (var recipient in email.Recipients)
        {
            var at = recipient.LastIndexOf('@');
            var plus = recipient.IndexOf('+', StringComparison.Ordinal);
            var address = plus > 0 && plus < at ? string.Concat(recipient.AsSpan(0, plus), recipient.AsSpan(at)) : recipient;
            if (_owners.TryGetValue(address, out var site))
            {
                return (address.ToLowerInvariant(), site);
            }
        }

        return null;
    }

    // new/NAME to cur/NAME:2,S; whoever moves it answers it.
    private bool Claim(string file, string name)
    {
        try
        {
            File.Move(file, Path.Combine(_cur, name + ":2,S"));
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
