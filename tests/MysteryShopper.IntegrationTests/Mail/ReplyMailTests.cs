using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Planning;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>
/// A reply as the <c>reply</c> step makes it, through the real Postfix + Dovecot: the original read over IMAP gives its
/// Reply-To and kind, the answer goes out over SMTP to that Reply-To and arrives threaded by In-Reply-To and References.
/// </summary>
[NonParallelizable]
public class ReplyMailTests
{
    private LocalMailServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await MailServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.StopAsync(purge: true);

    [Test]
    public async Task Reply_ToAMessageWithReplyTo_ArrivesThereThreadedWithTheOriginalQuoted()
    {
        await using var mailbox = await ImapMailbox.OpenAsync(_server.ImapOptions(), AddressPattern.Default, TimeProvider.System, Logger.None, CancellationToken.None);
        var shopper = Planner.NewToken();
        var list = Planner.NewToken();

        // The company's answer: it asks for replies at another address (a list's confirmation address, a ticket queue).
        var original = new MimeMessage { Subject = "Your pricing question", MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("brightwave.example") };
        original.From.Add(new MailboxAddress("Jo at Brightwave", "support@brightwave.example"));
        original.ReplyTo.Add(MailboxAddress.Parse(AddressPattern.Default.For(list)));
        original.To.Add(MailboxAddress.Parse(AddressPattern.Default.For(shopper)));
        original.References.Add("first-question@inbox.mshop.test");
        original.Body = new TextPart("plain") { Text = "Hi Sam,\n\nThe annual plan is 20% off for 20 seats. I'm happy to help.\n\nJo\nBrightwave Support" };
        await SendAsync(original);
        var received = await mailbox.WaitForAsync(shopper, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.That(received, Is.Not.Null);
        Assert.That(received!.ReplyTo, Is.EqualTo(AddressPattern.Default.For(list)));
        Assert.That(received.Kind, Is.EqualTo(MessageKind.Human), "the card's kind is read with the message");

        var (inReplyTo, references) = Replies.Thread(received);
        var sender = new SmtpSender(_server.SmtpOptions(), TimeProvider.System, Logger.None);
        var sent = await sender.SendAsync(
            new OutgoingEmail(AddressPattern.Default.For(shopper), "Sam Shopper", Replies.AddressOf(received)!, Replies.Subject(received.Subject), Replies.Body("And for 50 seats?", received, quote: true), null)
            {
                InReplyTo = inReplyTo,
                References = references,
            },
            CancellationToken.None);
        var reply = await mailbox.WaitForAsync(list, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.That(reply, Is.Not.Null, "the reply went to the Reply-To address");
        Assert.That(reply!.Id, Is.EqualTo(sent.MessageId));
        Assert.That(reply.Subject, Is.EqualTo("Re: Your pricing question"));
        Assert.That(reply.Headers["In-Reply-To"], Is.EqualTo($"<{original.MessageId}>"));
        Assert.That(MimeKit.Utils.MimeUtils.EnumerateReferences(reply.Headers["References"]), Is.EqualTo(new[] { "first-question@inbox.mshop.test", original.MessageId }));
        Assert.That(reply.InReplyTo, Is.EqualTo(new[] { original.MessageId, "first-question@inbox.mshop.test" }));
        Assert.That(reply.Text, Does.Contain("And for 50 seats?").And.Contain("Jo at Brightwave wrote:\n> Hi Sam,\n>\n> The annual plan is 20% off"));
    }

    private async Task SendAsync(MimeMessage message)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient();
        await client.ConnectAsync("127.0.0.1", _server.SmtpPort, MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }
}
