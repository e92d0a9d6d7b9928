using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using MysteryShopper.Planning;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>
/// Mailboxes with a journal (a fake of the store) against the real Postfix + Dovecot and a real Maildir: what came
/// while nothing ran is read when the mailbox opens again, nothing twice, and a UIDVALIDITY change loses nothing.
/// </summary>
[NonParallelizable]
public class MailJournalTests
{
    private const string User = "shopper@inbox.mshop.test";

    private LocalMailServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await MailServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.StopAsync(purge: true);

    private Task<ImapMailbox> OpenAsync(FakeMailJournal? journal) =>
        ImapMailbox.OpenAsync(_server.ImapOptions(), AddressPattern.Default, TimeProvider.System, Logger.None, journal, CancellationToken.None);

    private string Key(string folder) => ImapMailbox.MailboxKey(_server.ImapOptions(), folder);

    private async Task AppendAsync(string folderName, MimeMessage message)
    {
        // Right after the folder is made again, Dovecot may still say "Mailbox was deleted under us": try again then.
        for (var attempt = 1; ; attempt++)
        {
            using var client = new ImapClient();
            await client.ConnectAsync("127.0.0.1", _server.ImapPort, MailKit.Security.SecureSocketOptions.None);
            await client.AuthenticateAsync(User, _server.Password);
            var folder = await client.GetFolderAsync(folderName);
            try
            {
                await folder.AppendAsync(message);
                await client.DisconnectAsync(true);
                return;
            }
            catch (ImapCommandException e) when (attempt < 10 && e.Message.Contains("deleted under us", StringComparison.Ordinal))
            {
                await Task.Delay(200);
            }
        }
    }

    private static MimeMessage Message(string token, string subject)
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("dunmore.example") };
        message.From.Add(MailboxAddress.Parse("news@dunmore.example"));
        message.To.Add(MailboxAddress.Parse(AddressPattern.Default.For(token)));
        message.Body = new TextPart("plain") { Text = "Hello" };
        return message;
    }

    // A real UIDVALIDITY change: the folder deleted and made again, so its UIDs start at 1 once more.
    private async Task RecreateJunkAsync()
    {
        foreach (var command in new[] { $"mailbox delete -u {User} Junk", $"mailbox create -u {User} Junk" })
        {
            var (exit, output) = await _server.DoveadmAsync(command);
            Assert.That(exit, Is.Zero, output);
        }
    }

    private static IEnumerable<string> Subjects(FakeMailJournal journal, string token) =>
        journal.Kept.Where(m => m.Email.Token == token).Select(m => m.Email.Subject).Order(StringComparer.Ordinal);

    [Test]
    public async Task Imap_ReopenedWithTheSameJournal_ReadsTheMailThatCameWhileClosed_NoneTwice()
    {
        var journal = new FakeMailJournal();
        var token = Planner.NewToken();
        var inbox = await _server.MessagesAsync("INBOX");
        await using (var mailbox = await OpenAsync(journal))
        {
            await _server.SendAsync(AddressPattern.Default.For(token), "While open");
            Assert.That(await mailbox.WaitForAsync(token, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None), Is.Not.Null);
        }

        await _server.SendAsync(AddressPattern.Default.For(token), "While closed 1");
        await _server.SendAsync(AddressPattern.Default.For(token), "While closed 2");
        await _server.WaitForMessagesAsync("INBOX", inbox + 3);
        await using (var mailbox = await OpenAsync(journal))
        {
            await mailbox.CatchUpAsync(CancellationToken.None);

            Assert.That(mailbox.ReceivedFor(token).Select(e => e.Subject), Is.EqualTo(new[] { "While closed 1", "While closed 2" }), "read once caught up, no waiting");
        }

        Assert.That(Subjects(journal, token), Is.EqualTo(new[] { "While closed 1", "While closed 2", "While open" }));
        Assert.That(journal.Asked.Count(m => m.Email.Token == token), Is.EqualTo(3), "none read twice");
        Assert.That(Encoding.UTF8.GetString(journal.Kept.First(m => m.Email.Token == token).Raw), Does.Contain("Subject: While open"), "kept with its raw MIME");
        var uids = journal.Kept.Where(m => m.Mailbox == Key("INBOX")).Select(m => long.Parse(m.Source, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(journal.Position(Key("INBOX"))!.NextUid, Is.EqualTo(uids.Max() + 1), "the position is just past the last message kept");
    }

    [Test]
    public async Task Imap_FirstOpenWithAJournal_KeepsItsPositionAtOnce_SoMailAfterItIsNotMissed()
    {
        var journal = new FakeMailJournal();
        var token = Planner.NewToken();
        var inbox = await _server.MessagesAsync("INBOX");
        await using (await OpenAsync(journal))
        {
            Assert.That(journal.Position(Key("INBOX")), Is.Not.Null);
            Assert.That(journal.Position(Key("Junk")), Is.Not.Null);
        }

        await _server.SendAsync(AddressPattern.Default.For(token), "After the first opening");
        await _server.WaitForMessagesAsync("INBOX", inbox + 1);
        await using (var mailbox = await OpenAsync(journal))
        {
            await mailbox.CatchUpAsync(CancellationToken.None);

            Assert.That(mailbox.ReceivedFor(token).Select(e => e.Subject), Is.EqualTo(new[] { "After the first opening" }));
        }
    }

    [Test]
    public async Task Imap_UidValidityChangedWhileClosed_TheFolderIsReadAgain_NothingLostOrDoubled()
    {
        var journal = new FakeMailJournal();
        var token = Planner.NewToken();
        var old = Message(token, "Old");
        await using (var mailbox = await OpenAsync(journal))
        {
            await AppendAsync("Junk", old);
            await AppendAsync("Junk", Message(token, "Old too"));
            await AppendAsync("Junk", Message(token, "Old three"));
            await mailbox.CatchUpAsync(CancellationToken.None);
        }

        var before = journal.Position(Key("Junk"))!;
        await RecreateJunkAsync();
        // In the new folder these get UIDs 1 and 2: below the old position, so reading on from it would miss "New".
        await AppendAsync("Junk", old);
        await AppendAsync("Junk", Message(token, "New"));
        await using (var mailbox = await OpenAsync(journal))
        {
            await mailbox.CatchUpAsync(CancellationToken.None);

            Assert.That(mailbox.ReceivedFor(token).Select(e => e.Subject).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "New", "Old" }));
        }

        Assert.That(Subjects(journal, token), Is.EqualTo(new[] { "New", "Old", "Old three", "Old too" }), "each kept once");
        var after = journal.Position(Key("Junk"))!;
        Assert.That(after.UidValidity, Is.Not.EqualTo(before.UidValidity));
        Assert.That(after.NextUid, Is.EqualTo(3));
    }

    [Test]
    public async Task Imap_UidValidityChangedWhileWatching_NothingLostOrDoubled()
    {
        var journal = new FakeMailJournal();
        var token = Planner.NewToken();
        var first = Message(token, "Before the change");
        await using var mailbox = await OpenAsync(journal);
        await AppendAsync("Junk", first);
        await mailbox.CatchUpAsync(CancellationToken.None);

        await RecreateJunkAsync();
        await AppendAsync("Junk", first);
        await AppendAsync("Junk", Message(token, "After the change"));
        // Dovecot may go on serving the watcher's session the deleted folder (with an untagged NO); a catch-up selects it anew.
        await mailbox.CatchUpAsync(CancellationToken.None);
        Assert.That(mailbox.ReceivedFor(token).Select(e => e.Subject), Is.EquivalentTo(new[] { "Before the change", "After the change" }));
        Assert.That(Subjects(journal, token), Is.EqualTo(new[] { "After the change", "Before the change" }));
    }

    [Test]
    public async Task Maildir_ReopenedWithTheSameJournal_ReadsWhatCameWhileClosed_NoneTwice()
    {
        var root = TestPaths.NewScratch("maildir-journal");
        var journal = new FakeMailJournal();
        var token = Planner.NewToken();
        Deliver(root, token, "Before the first opening");
        await using (var mailbox = MaildirMailbox.Open(root, AddressPattern.Default, TimeProvider.System, Logger.None, journal))
        {
            await mailbox.CatchUpAsync(CancellationToken.None);
            Assert.That(mailbox.ReceivedFor(token).Select(e => e.Subject), Is.EqualTo(new[] { "Before the first opening" }));
        }

        Deliver(root, token, "While closed");
        // A reader that moves a message on (new/ to cur/, with flags) does not make it a new message.
        var seen = Directory.GetFiles(Path.Combine(root, "new")).First(f => File.ReadAllText(f).Contains("Before the first", StringComparison.Ordinal));
        File.Move(seen, Path.Combine(root, "cur", Path.GetFileName(seen) + ":2,S"));
        await using (var mailbox = MaildirMailbox.Open(root, AddressPattern.Default, TimeProvider.System, Logger.None, journal))
        {
            await mailbox.CatchUpAsync(CancellationToken.None);
            Assert.That(mailbox.ReceivedFor(token).Select(e => e.Subject), Is.EqualTo(new[] { "While closed" }));
        }

        Assert.That(journal.Asked.Select(m => m.Email.Subject), Is.EqualTo(new[] { "Before the first opening", "While closed" }), "none read twice");
        Assert.That(journal.Kept.Select(m => m.Raw.Length), Has.All.GreaterThan(0));
    }

    [Test]
    public async Task Maildir_WithoutAJournal_IgnoresWhatWasThereBeforeItOpened()
    {
        var root = TestPaths.NewScratch("maildir-nojournal");
        var token = Planner.NewToken();
        Deliver(root, token, "Old");
        await using var mailbox = MaildirMailbox.Open(root, AddressPattern.Default, TimeProvider.System, Logger.None);

        Deliver(root, token, "New");
        await mailbox.CatchUpAsync(CancellationToken.None);

        Assert.That(mailbox.ReceivedFor(token).Select(e => e.Subject), Is.EqualTo(new[] { "New" }));
    }

    private static void Deliver(string root, string token, string subject)
    {
        foreach (var folder in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        var name = $"{Guid.NewGuid():N}.test";
        var raw = $"From: news@dunmore.example\r\nTo: {AddressPattern.Default.For(token)}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@dunmore.example>\r\n\r\nHello\r\n";
        File.WriteAllText(Path.Combine(root, "tmp", name), raw);
        File.Move(Path.Combine(root, "tmp", name), Path.Combine(root, "new", name));
    }
}
