using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using MysteryShopper.Settings;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Bots.Mail;

/// <summary>
/// A real mailbox over IMAP (MailKit): one <see cref="ImapFolderWatcher"/> per watched folder (the inbox and the junk
/// folder), IMAP IDLE for instant arrival (polling when the server lacks IDLE), and, while a step waits for mail, a
/// prompt re-check a few times a second, because servers delay IDLE notices. A dropped connection is made again with
/// backoff and picks up from the first UID not yet handled, so nothing is lost. Without a journal only messages newer
/// than the mailbox's opening are read; with one, each folder is read from where the journal says it was left (all
/// of it when its UIDVALIDITY changed), each message is kept before the position moves past it.
/// </summary>
public sealed class ImapMailbox : IRunMailbox
{
    /// <summary>How often a folder is re-checked while a step waits.</summary>
    public static readonly TimeSpan PromptInterval = TimeSpan.FromMilliseconds(100);

    // INTERNALDATE counts whole seconds.
    private static readonly TimeSpan StampUnit = TimeSpan.FromSeconds(1);

    // How long a waiting step's last look at the deadline may take (a reconnect in progress is not waited for).
    private static readonly TimeSpan LastLookLimit = TimeSpan.FromSeconds(1);

    private readonly MailServer _server;
    private readonly AddressPattern _addresses;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly IMailJournal? _journal;
    private readonly MailIntake _intake;
    private readonly List<ImapFolderWatcher> _watchers = [];

    private ImapMailbox(MailServer server, AddressPattern addresses, TimeProvider time, ILogger log, IMailJournal? journal)
    {
        _server = server;
        _addresses = addresses;
        _time = time;
        _log = log;
        _journal = journal;
        _intake = new MailIntake(time, journal);
        _intake.Waiting += () =>
        {
            foreach (var watcher in _watchers)
            {
                watcher.Wake();
            }
        };
    }

    /// <summary>Emails that matched no probe.</summary>
    public IReadOnlyList<ReceivedEmail> Unattributed => _intake.Unattributed;

    /// <summary>The folders watched, once connected (e.g. INBOX and Junk).</summary>
    public IReadOnlyList<string> Folders => _watchers.Select(w => w.Folder).ToList();

    /// <summary>How many times a connection had to be made again.</summary>
    public int Reconnects => _watchers.Sum(w => w.Reconnects);

    /// <summary>The journal's name for one folder of one account: <c>imap://user@host:port/INBOX</c>.</summary>
    public static string MailboxKey(MailServer server, string folder) =>
        server.User is null ? $"imap://{server.Host}:{server.Port}/{folder}" : $"imap://{server.User}@{server.Host}:{server.Port}/{folder}";

    /// <summary>
    /// Connects, finds the inbox and the junk folder, and starts watching them from now on. Throws
    /// <see cref="MailboxUnavailableException"/> when the server cannot be reached or refuses the login.
    /// </summary>
    public static Task<ImapMailbox> OpenAsync(MailServer server, AddressPattern addresses, TimeProvider time, ILogger log, CancellationToken cancellationToken) =>
        OpenAsync(server, addresses, time, log, journal: null, cancellationToken);

    /// <summary>
    /// Connects, finds the inbox and the junk folder, and starts watching them: with a <paramref name="journal"/>, each
    /// folder from the position it keeps (from now on when it keeps none yet, and that position is kept at once).
    /// Throws <see cref="MailboxUnavailableException"/> when the server cannot be reached or refuses the login.
    /// </summary>
    public static async Task<ImapMailbox> OpenAsync(MailServer server, AddressPattern addresses, TimeProvider time, ILogger log, IMailJournal? journal, CancellationToken cancellationToken)
    {
        var opened = time.GetUtcNow();
        var mailbox = new ImapMailbox(server, addresses, time, log, journal);
        var starts = new List<(string Folder, ImapPosition Start)>();
        await WithFoldersAsync(server, async folder =>
        {
            var now = new ImapPosition(folder.UidValidity, (await ImapFolderWatcher.NextUidAsync(folder, cancellationToken)).Id);
            starts.Add((folder.FullName, await mailbox.StartOfAsync(folder.FullName, now, cancellationToken)));
        }, cancellationToken);

        try
        {
            foreach (var (name, start) in starts)
            {
                var key = MailboxKey(server, name);
                var options = new ImapWatchOptions
                {
                    PromptInterval = PromptInterval,
                    Hurry = () => mailbox._intake.HasWaiters,
                    // Without a journal nothing from before the opening is this run's, even after a UIDVALIDITY change.
                    ForgetBefore = journal is null ? opened : null,
                };
                var watcher = new ImapFolderWatcher(server, name, (arrival, token) => mailbox.TakeAsync(name, key, arrival, token), options, time, log);
                mailbox._watchers.Add(watcher);
                await watcher.StartAsync(start, cancellationToken);
            }
        }
        catch
        {
            await mailbox.DisposeAsync();
            throw;
        }

        log.Information("IMAP mailbox {Server} as {User}: watching {Folders}", server.ToString(), server.User, starts.Select(s => s.Folder).ToArray());
        return mailbox;
    }

    /// <summary>
    /// What <c>mshop doctor</c> checks: logs in, finds the folders a run watches and opens each read-only, as a run
    /// does. Returns each folder with its message count; throws <see cref="MailboxUnavailableException"/> when not.
    /// </summary>
    public static async Task<IReadOnlyList<(string Folder, int Messages)>> CheckAsync(MailServer server, CancellationToken cancellationToken)
    {
        var folders = new List<(string, int)>();
        await WithFoldersAsync(server, folder =>
        {
            folders.Add((folder.FullName, folder.Count));
            return Task.CompletedTask;
        }, cancellationToken);
        return folders;
    }

    /// <summary>Connects, and runs <paramref name="use"/> on each watched folder opened read-only; any failure is one clear line.</summary>
    private static async Task WithFoldersAsync(MailServer server, Func<IMailFolder, Task> use, CancellationToken cancellationToken)
    {
        using var client = await ImapFolderWatcher.ConnectAsync(server, cancellationToken);
        try
        {
            foreach (var name in await FindFoldersAsync(client, cancellationToken))
            {
                var folder = await client.GetFolderAsync(name, cancellationToken);
                await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                await use(folder);
                await folder.CloseAsync(false, cancellationToken);
            }

            await client.DisconnectAsync(true, cancellationToken);
        }
        catch (Exception e) when (e is ImapCommandException or FolderNotFoundException || (MailErrors.IsTransient(e) && !cancellationToken.IsCancellationRequested))
        {
            throw new MailboxUnavailableException(MailErrors.Unreachable("IMAP", server, e, "mailbox.imap"), e);
        }
    }

    /// <summary>Where a folder is read from: the journal's position, or now (which the journal then keeps).</summary>
    private async Task<ImapPosition> StartOfAsync(string folder, ImapPosition now, CancellationToken cancellationToken)
    {
        if (_journal is null)
        {
            return now;
        }

        var key = MailboxKey(_server, folder);
        if (await _journal.PositionAsync(key, cancellationToken) is { } kept)
        {
            return new ImapPosition((uint)kept.UidValidity, (uint)kept.NextUid);
        }

        // Kept at once: mail that comes after this opening is the workspace's, even if this process ends before it comes.
        await _journal.SetPositionAsync(new MailboxPosition(key, now.UidValidity, now.NextUid, _time.GetUtcNow()), cancellationToken);
        return now;
    }

    public IReadOnlyList<ReceivedEmail> ReceivedFor(string token) => _intake.ReceivedFor(token);

    public void RegisterSent(string token, string messageId) => _intake.RegisterSent(token, messageId);

    public void RegisterProbe(string token, IReadOnlyList<string> domains, DateTimeOffset since) => _intake.RegisterProbe(token, domains, since);

    public Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken) =>
        _intake.WaitForAsync(token, match, within, LastLookAsync, cancellationToken);

    /// <summary>Reads everything new in every watched folder once; returns when it is all taken in (and kept).</summary>
    public event Action? Arrived
    {
        add => _intake.Arrived += value;
        remove => _intake.Arrived -= value;
    }

    public Task CatchUpAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_watchers.Select(w => w.CatchUpAsync(cancellationToken)));

    // At a waiting step's deadline, one more look, so a message that arrived in the final moment is not missed.
    private async Task LastLookAsync()
    {
        try
        {
            await CatchUpAsync(CancellationToken.None).WaitAsync(LastLookLimit, _time);
        }
        catch (Exception e) when (e is TimeoutException or MailboxUnavailableException || MailErrors.IsTransient(e))
        {
            _log.Debug("IMAP mailbox {Server}: the last look before a deadline did not finish ({Reason})", _server.ToString(), e.Message);
        }
    }

    /// <summary>One new message from a folder: read, taken in (kept, with a journal), then the folder's position moves past it.</summary>
    private async Task TakeAsync(string folder, string key, ImapArrival arrival, CancellationToken cancellationToken)
    {
        var (receivedAt, resolution) = ReceivedEmail.Bound(arrival.Summary.InternalDate, StampUnit, arrival.SeenAt);
        var uid = arrival.Uid.Id;
        var source = $"imap://{_server.Host}:{_server.Port}/{folder};UID={uid}";
        ReceivedEmail email;
        try
        {
            using var stream = new MemoryStream(arrival.Raw, writable: false);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            email = EmailReader.Read(message, receivedAt, arrival.SeenAt, source, _addresses.TokenOf, folder);
        }
        catch (Exception e) when (e is FormatException or ParseException)
        {
            _log.Warning("Message {Source} could not be parsed; it is kept as unreadable: {Reason}", source, e.Message);
            email = EmailReader.Unreadable(arrival.Raw, receivedAt, arrival.SeenAt, source, e.Message, folder);
        }

        email = email with { ReceivedAtResolution = resolution };
        if (await _intake.AddAsync(new IncomingMessage(email, arrival.Raw, key, uid.ToString(CultureInfo.InvariantCulture)), cancellationToken))
        {
            _log.Debug("Mail {Subject} in {Folder} for {Token}", email.Subject, folder, email.Token ?? "(no probe)");
        }

        if (_journal is not null)
        {
            await _journal.SetPositionAsync(new MailboxPosition(key, arrival.UidValidity, uid + 1L, _time.GetUtcNow()), cancellationToken);
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
            junk = all.FirstOrDefault(f => JunkFolders.Names.Contains(f.Name));
        }

        if (junk is not null)
        {
            folders.Add(junk.FullName);
        }

        return folders;
    }

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_watchers.Select(w => w.DisposeAsync().AsTask()));
}

/// <summary>The mailbox cannot be used: the run cannot happen (exit code 3).</summary>
public sealed class MailboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The configured sender (SMTP server, pickup folder) cannot be used: the run cannot happen (exit code 3).</summary>
public sealed class SenderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
