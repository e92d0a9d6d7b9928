using MimeKit;
using MimeKit.Cryptography;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Judging.Quality;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace MysteryShopper.IntegrationTests.Judging;

/// <summary>The checks outside a message's text: DKIM verified with a locally generated key, and a real spamd's score.</summary>
[NonParallelizable]
public class DeliveryCheckerTests
{
    private static readonly Lazy<AsymmetricCipherKeyPair> Key = new(() =>
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), 2048));
        return generator.GenerateKeyPair();
    });

    private static DkimKeys Keys => DkimKeys.From(new Dictionary<string, string>
    {
        ["s1._domainkey.brightwave.example"] = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Key.Value.Public).GetEncoded())}",
    });

    private static MimeMessage Reply() => new(
        [new MailboxAddress("Sam Carter", "sam@brightwave.example")],
        [new MailboxAddress("Alex Morgan", "shopper+abc123@inbox.mshop.test")],
        "Re: Do you offer an annual plan?",
        new TextPart("plain") { Text = "Hi Alex,\n\nYes: the annual plan is £90 a year, two months free.\n\nSam Carter\nBrightwave" })
    {
        MessageId = "reply-1@brightwave.example",
        Date = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
    };

    private static byte[] Signed(Action<MimeMessage>? tamper = null)
    {
        var message = Reply();
        var signer = new DkimSigner(Key.Value.Private, "brightwave.example", "s1")
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        signer.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        tamper?.Invoke(message);
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    [Test]
    public async Task VerifyAsync_SignedWithTheKeyItNames_Verifies()
    {
        var (verified, note) = await DeliveryChecker.VerifyAsync(Signed(), Keys, CancellationToken.None);

        Assert.That((verified, note), Is.EqualTo(((bool?)true, (string?)null)));
    }

    [Test]
    public async Task VerifyAsync_SubjectChangedAfterSigning_DoesNotVerify()
    {
        var (verified, note) = await DeliveryChecker.VerifyAsync(Signed(m => m.Subject = "Re: something else"), Keys, CancellationToken.None);

        Assert.That(verified, Is.False);
        Assert.That(note, Is.EqualTo("the signature does not match the message"));
    }

    [Test]
    public async Task VerifyAsync_KeyNotPublished_IsNotCheckedRatherThanFailed()
    {
        var (verified, note) = await DeliveryChecker.VerifyAsync(Signed(), DkimKeys.From(new Dictionary<string, string>()), CancellationToken.None);

        Assert.That(verified, Is.Null);
        Assert.That(note, Is.EqualTo("no DKIM key at s1._domainkey.brightwave.example"));
    }

    [Test]
    public async Task VerifyAsync_Unsigned_SaysSo()
    {
        using var stream = new MemoryStream();
        Reply().WriteTo(stream);

        var (verified, note) = await DeliveryChecker.VerifyAsync(stream.ToArray(), Keys, CancellationToken.None);

        Assert.That((verified, note), Is.EqualTo(((bool?)null, "no DKIM-Signature")));
    }

    [Test]
    public async Task CheckAsync_RealSpamd_ScoresTheReplyAndTheCardShowsIt()
    {
        await using var spamd = await Spamd.StartAsync();
        var checker = new DeliveryChecker(Keys, new SpamAssassin("127.0.0.1", spamd.Port, TimeSpan.FromSeconds(60)));

        var checks = await checker.CheckAsync(Signed(), CancellationToken.None);
        var part = Deliverability.Judge(new Letter { Subject = "Re: Do you offer an annual plan?", From = "sam@brightwave.example" }, checks);

        Assert.That(checks.DkimVerified, Is.True);
        Assert.That(checks.SpamScore, Is.Not.Null.And.LessThan(checks.SpamThreshold), $"rules: {string.Join(", ", checks.SpamRules)}");
        Assert.That(checks.SpamThreshold, Is.EqualTo(5.0));
        Assert.That(checks.SpamRules, Is.Not.Empty, "spamd names the rules that fired, even for a clean message");
        Assert.That(part.Evidence, Has.Some.StartsWith("SpamAssassin ").And.Some.EqualTo("DKIM signature verified"));
        Assert.That(part.Value, Is.EqualTo("inbox"));
    }

    [Test]
    public async Task CheckAsync_SpamdNotListening_NotesItAndKeepsTheRest()
    {
        var checker = new DeliveryChecker(Keys, new SpamAssassin("127.0.0.1", 9, TimeSpan.FromSeconds(5)));

        var checks = await checker.CheckAsync(Signed(), CancellationToken.None);

        Assert.That(checks.DkimVerified, Is.True);
        Assert.That(checks.SpamScore, Is.Null);
        Assert.That(checks.SpamNote, Does.StartWith("not scored: spamd at 127.0.0.1:9 did not answer"));
    }

    [Test]
    public void Parse_SpamdAnswer_ScoreThresholdAndRules()
    {
        var (score, threshold, rules) = SpamAssassin.Parse("SPAMD/1.1 0 EX_OK\r\nContent-length: 26\r\nSpam: True ; 15.3 / 5.0\r\n\r\nBAYES_99,URIBL_BLACK,HTML_MESSAGE");

        Assert.That((score, threshold), Is.EqualTo((15.3, 5.0)));
        Assert.That(rules, Is.EqualTo(new[] { "BAYES_99", "URIBL_BLACK", "HTML_MESSAGE" }));
    }
}
