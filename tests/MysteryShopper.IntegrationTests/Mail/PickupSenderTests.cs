using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Execution;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>The embedded sender writes a reply's threading headers into the file it leaves in the pickup folder.</summary>
public class PickupSenderTests
{
    [Test]
    public async Task SendAsync_Reply_WritesInReplyToAndReferences()
    {
        var folder = TestPaths.NewScratch("pickup");
        var sender = new PickupSender(folder, TimeProvider.System);

        var sent = await sender.SendAsync(
            new OutgoingEmail("shopper+tok@inbox.mshop.test", "Sam Shopper", "sales@brightwave.example", "Re: Pricing", "And for 50 seats?", null)
            {
                InReplyTo = "answer@brightwave.example",
                References = ["question@inbox.mshop.test", "answer@brightwave.example"],
            },
            CancellationToken.None);

        var file = Directory.GetFiles(Path.Combine(folder, "new")).Single();
        var message = await MimeMessage.LoadAsync(file);
        Assert.That(message.MessageId, Is.EqualTo(sent.MessageId));
        Assert.That(message.Headers[HeaderId.InReplyTo], Is.EqualTo("<answer@brightwave.example>"));
        Assert.That(message.References, Is.EqualTo(new[] { "question@inbox.mshop.test", "answer@brightwave.example" }));
    }

    [Test]
    public async Task SendAsync_NewEmail_HasNoThreadingHeaders()
    {
        var folder = TestPaths.NewScratch("pickup");

        await new PickupSender(folder, TimeProvider.System).SendAsync(
            new OutgoingEmail("shopper+tok@inbox.mshop.test", "Sam Shopper", "sales@brightwave.example", "Pricing", "Annual plan?", null), CancellationToken.None);

        var message = await MimeMessage.LoadAsync(Directory.GetFiles(Path.Combine(folder, "new")).Single());
        Assert.That((message.InReplyTo, message.References.Count), Is.EqualTo(((string?)null, 0)));
    }
}
