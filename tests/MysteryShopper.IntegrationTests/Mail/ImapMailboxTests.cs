using MysteryShopper.Cli.Running;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Planning;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>The IMAP mailbox against the real Postfix + Dovecot: arrival, junk, duplicates, replies, a dropped connection, strays.</summary>
[NonParallelizable]
public class ImapMailboxTests
{
    private LocalMailServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await MailServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.StopAsync(purge: true);

    private Task<ImapMailbox> OpenAsync() =>
        ImapMailbox.OpenAsync(_server.ImapOptions(), AddressPattern.Default, TimeProvider.System, Logger.None, CancellationToken.None);

    private Task<string> SendAsync(string to, string subject, string? inReplyTo = null) => _server.SendAsync(to, subject, inReplyTo);

    private async Task AppendAsync(string folderName, MimeMessage message)
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", _server.ImapPort, MailKit.Security.SecureSocketOptions.None);
        await client.AuthenticateAsync("shopper@inbox.mshop.test", _server.Password);
        var folder = await client.GetFolderAsync(folderName);
        await folder.AppendAsync(message);
        await client.DisconnectAsync(true);
    }

    private static MimeMessage Message(string token, string subject)
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("dunmore.example") };
        message.From.Add(MailboxAddress.Parse("news@dunmore.example"));
        message.To.Add(MailboxAddress.Parse(AddressPattern.Default.For(token)));
        message.Body = new TextPart("plain") { Text = "Hello" };
        return message;
    }

    [Test]
    public async Task Message_SentOverSmtp_IsSeenInTheInboxWithTheServersReceiveTime()
    {
        await using var mailbox = await OpenAsync();
        var token = Planner.NewToken();
        var sentAt = DateTimeOffset.UtcNow;

        await SendAsync(AddressPattern.Default.For(token), "Welcome");
        var email = await mailbox.WaitForAsync(token, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.That(email, Is.Not.Null);
        Assert.That((email!.Subject, email.Folder), Is.EqualTo(("Welcome", "INBOX")));
        Assert.That(email.ReceivedAt, Is.GreaterThanOrEqualTo(sentAt.AddSeconds(-1)).And.LessThanOrEqualTo(email.SeenAt));
        Assert.That(email.Source, Does.StartWith($"imap://127.0.0.1:{_server.ImapPort}/INBOX;UID="));
        Assert.That(mailbox.Folders, Is.EqualTo(new[] { "INBOX", "Junk" }));
    }

    [Test]
    public async Task Message_InTheJunkFolder_IsFoundAndRecordedAsJunk()
    {
        await using var mailbox = await OpenAsync();
        var token = Planner.NewToken();

        await AppendAsync("Junk", Message(token, "Spam-filtered welcome"));
        var email = await mailbox.WaitForAsync(token, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.That(email?.Folder, Is.EqualTo("Junk"));
    }

    [Test]
    public async Task SameMessage_InInboxAndJunk_CountsOnce()
    {
        await using var mailbox = await OpenAsync();
        var token = Planner.NewToken();
        var message = Message(token, "Twice");

        await AppendAsync("INBOX", message);
        await AppendAsync("Junk", message);
        await mailbox.WaitForAsync(token, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None);
        await Task.Delay(1500);

        Assert.That(mailbox.ReceivedFor(token), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reply_ToAMessageTheProbeSent_IsTheProbesEvenWithoutItsToken()
    {
        await using var mailbox = await OpenAsync();
        var token = Planner.NewToken();
        var ours = MimeKit.Utils.MimeUtils.GenerateMessageId("inbox.mshop.test");
        mailbox.RegisterSent(token, ours);

        await SendAsync("shopper@inbox.mshop.test", "Re: your question", inReplyTo: ours);
        var email = await mailbox.WaitForAsync(token, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.That(email?.Subject, Is.EqualTo("Re: your question"));
        Assert.That(email!.InReplyTo, Does.Contain(ours));
    }

    [Test]
    public async Task Message_MatchingNoProbe_IsKeptAsUnattributed()
    {
        await using var mailbox = await OpenAsync();

        var id = await SendAsync("shopper@inbox.mshop.test", "A newsletter nobody asked for");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (mailbox.Unattributed.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.That(mailbox.Unattributed.Select(e => e.Id), Does.Contain(id));
    }

    [Test]
    public async Task DroppedConnection_DuringAWait_IsRecoveredWithoutLosingTheMessage()
    {
        await using var mailbox = await OpenAsync();
        var token = Planner.NewToken();
        var waiting = mailbox.WaitForAsync(token, _ => true, TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(500);

        var (exit, output) = await _server.DoveadmAsync("kick shopper@inbox.mshop.test");
        Assert.That(exit, Is.Zero, output);
        await SendAsync(AddressPattern.Default.For(token), "Sent while the mailbox was disconnected");
        var email = await waiting;

        Assert.That(email?.Subject, Is.EqualTo("Sent while the mailbox was disconnected"));
        Assert.That(mailbox.Reconnects, Is.GreaterThan(0));
    }

    [Test]
    public async Task WrongPassword_IsAClearError()
    {
        var options = _server.ImapOptions() with { Password = "wrong" };

        var error = Assert.ThrowsAsync<MailboxUnavailableException>(() =>
            ImapMailbox.OpenAsync(options, AddressPattern.Default, TimeProvider.System, Logger.None, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("refused the login for shopper@inbox.mshop.test"));
    }

    [Test]
    public async Task ReceivedAt_IsNeverBeforeTheTrueArrival_AndItsResolutionIsAtMostASecond()
    {
        await using var mailbox = await OpenAsync();
        var random = new Random(11);
        for (var i = 0; i < 4; i++)
        {
            // A different moment within the second each time: INTERNALDATE cuts them all down to the whole second.
            await Task.Delay(random.Next(0, 1000));
            var token = Planner.NewToken();
            var sentAt = DateTimeOffset.UtcNow;

            await SendAsync(AddressPattern.Default.For(token), $"Timed {i}");
            var email = await mailbox.WaitForAsync(token, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None);

            Assert.That(email, Is.Not.Null);
            Assert.That(email!.ReceivedAt, Is.GreaterThanOrEqualTo(sentAt), "it arrived after it was sent, so ReceivedAt (the latest it can have arrived) is too");
            Assert.That(email.ReceivedAt, Is.LessThanOrEqualTo(email.SeenAt));
            Assert.That(email.ReceivedAtResolution, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
            Assert.That((email.ReceivedAt - email.ReceivedAtResolution).Ticks % TimeSpan.TicksPerSecond, Is.Zero, "the earliest it can have arrived is its INTERNALDATE");
        }
    }

    [Test]
    public async Task CatchUp_ReturnsAfterEverythingInTheFoldersIsTakenIn()
    {
        await using var mailbox = await OpenAsync();
        var token = Planner.NewToken();
        var inbox = await _server.MessagesAsync("INBOX");
        var junk = await _server.MessagesAsync("Junk");

        await SendAsync(AddressPattern.Default.For(token), "One");
        await SendAsync(AddressPattern.Default.For(token), "Two");
        await AppendAsync("Junk", Message(token, "Three"));
        await _server.WaitForMessagesAsync("INBOX", inbox + 2);
        await _server.WaitForMessagesAsync("Junk", junk + 1);
        await mailbox.CatchUpAsync(CancellationToken.None);

        Assert.That(mailbox.ReceivedFor(token).Select(e => e.Subject).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "One", "Three", "Two" }));
    }
}
