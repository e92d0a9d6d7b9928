using System.Text;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>Messages real companies send that are not what a mail reader expects: each is read, or kept with a note, and never stops the run.</summary>
public class BadMailTests
{
    private static async Task<ReceivedEmail?> DeliverAsync(string token, byte[] raw)
    {
        var root = TestPaths.NewScratch("badmail");
        await using var mailbox = MaildirMailbox.Open(root, AddressPattern.Default, TimeProvider.System, Logger.None);
        var name = $"{Guid.NewGuid():N}.test";
        await File.WriteAllBytesAsync(Path.Combine(root, "tmp", name), raw);
        File.Move(Path.Combine(root, "tmp", name), Path.Combine(root, "new", name));
        var email = await mailbox.WaitForAsync(token, _ => true, TimeSpan.FromSeconds(10), CancellationToken.None);
        return email ?? (mailbox.Unattributed.Count > 0 ? mailbox.Unattributed[0] : null);
    }

    private static string To(string token) => AddressPattern.Default.For(token);

    [Test]
    public async Task NoMessageId_IsKnownByAContentHashWithANote()
    {
        var token = Planner.NewToken();
        var email = await DeliverAsync(token, Encoding.ASCII.GetBytes($"From: a@dunmore.example\r\nTo: {To(token)}\r\nSubject: Hi\r\n\r\nHello\r\n"));

        Assert.That(email!.Id, Does.StartWith("sha256:"));
        Assert.That(email.Note, Does.Contain("no Message-ID"));
    }

    [Test]
    public async Task EightBitHeaders_AreDecodedAsUtf8()
    {
        var token = Planner.NewToken();
        var email = await DeliverAsync(token, Encoding.UTF8.GetBytes($"From: Zoë <z@corvid.example>\r\nTo: {To(token)}\r\nSubject: Grüße aus Köln ☕\r\nMessage-ID: <8bit@corvid.example>\r\n\r\nHallo\r\n"));

        Assert.That(email!.Subject, Is.EqualTo("Grüße aus Köln ☕"));
    }

    [Test]
    public async Task OddCharset_BodyIsDecoded()
    {
        var token = Planner.NewToken();
        var head = Encoding.ASCII.GetBytes($"From: a@corvid.example\r\nTo: {To(token)}\r\nSubject: =?windows-1252?Q?Caf=E9?=\r\nMessage-ID: <cp@corvid.example>\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        var body = new byte[] { 0x43, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x35 };
        var email = await DeliverAsync(token, [.. head, .. body]);

        Assert.That(email!.Subject, Is.EqualTo("Café"));
        Assert.That(email.Text, Does.Contain("Café €5"));
    }

    [Test]
    public async Task HtmlOnly_GivesTextAndLinks()
    {
        var token = Planner.NewToken();
        var html = "<html><body><p>Please <a href=\"https://corvid.example/confirm?t=1\">Confirm my subscription</a></p><script>x()</script></body></html>";
        var email = await DeliverAsync(token, Encoding.ASCII.GetBytes($"From: a@corvid.example\r\nTo: {To(token)}\r\nSubject: Confirm\r\nMessage-ID: <h@corvid.example>\r\nContent-Type: text/html\r\n\r\n{html}\r\n"));

        Assert.That(email!.Text, Does.Contain("Please").And.Contain("Confirm my subscription").And.Not.Contain("x()"));
        Assert.That(email.Links.Single(), Is.EqualTo(new EmailLink("Confirm my subscription", "https://corvid.example/confirm?t=1")));
    }

    [Test]
    public async Task MalformedMime_BrokenBoundary_IsStillRead()
    {
        var token = Planner.NewToken();
        var raw = $"From: a@dunmore.example\r\nTo: {To(token)}\r\nSubject: Broken\r\nMessage-ID: <b@dunmore.example>\r\nContent-Type: multipart/alternative; boundary=\"XYZ\"\r\n\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\nStill readable\r\n--WRONG--\r\n";
        var email = await DeliverAsync(token, Encoding.ASCII.GetBytes(raw));

        Assert.That(email!.Subject, Is.EqualTo("Broken"));
        Assert.That(email.Text, Does.Contain("Still readable"));
    }

    [Test]
    public async Task Garbage_IsKeptWithoutCrashing()
    {
        var raw = new byte[4096];
        new Random(7).NextBytes(raw);

        var email = await DeliverAsync(Planner.NewToken(), raw);

        Assert.That(email, Is.Not.Null, "kept as an unattributed message");
        Assert.That(email!.Token, Is.Null);
    }

    [Test]
    public async Task TwentyFiveMegabytes_IsRead()
    {
        var token = Planner.NewToken();
        var attachment = Convert.ToBase64String(new byte[18 * 1024 * 1024], Base64FormattingOptions.InsertLineBreaks);
        var raw = $"From: a@brightwave.example\r\nTo: {To(token)}\r\nSubject: Brochure\r\nMessage-ID: <big@brightwave.example>\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nOur brochure is attached.\r\n--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{attachment}\r\n--B--\r\n";
        Assert.That(raw.Length, Is.GreaterThan(24 * 1024 * 1024));

        var email = await DeliverAsync(token, Encoding.ASCII.GetBytes(raw));

        Assert.That(email!.Text, Does.Contain("Our brochure is attached."));
    }
}
