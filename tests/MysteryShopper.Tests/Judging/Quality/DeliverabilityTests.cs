using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class DeliverabilityTests
{
    private static Letter Letter(string folder = "INBOX", params string[] authenticationResults) => new()
    {
        Subject = "Re: annual plan",
        From = "sam@brightwave.example",
        Folder = folder,
        Headers = [.. authenticationResults.Select(v => new MailHeader("Authentication-Results", v))],
    };

    [Test]
    public void Judge_NothingKnown_HasNoSubScore()
    {
        var part = Deliverability.Judge(Letter(), null);

        Assert.That((part.Name, part.Value, part.Score), Is.EqualTo((Parts.Deliverability, "not known", (double?)null)));
    }

    [Test]
    public void Judge_AllPassInTheInbox_IsTen()
    {
        var part = Deliverability.Judge(Letter("INBOX", "mx.example.net; spf=pass smtp.mailfrom=brightwave.example; dkim=pass header.d=brightwave.example; dmarc=pass header.from=brightwave.example"), null);

        Assert.That((part.Value, part.Score), Is.EqualTo(("inbox", (double?)10)));
        Assert.That(part.Evidence, Is.EqualTo(new[] { "spf=pass", "dkim=pass", "dmarc=pass" }));
    }

    [Test]
    public void Judge_FoldedHeaderInAnyCase_IsRead()
    {
        var letter = Letter() with { Headers = [new MailHeader("authentication-results", "mx.example.net;\r\n\tSPF=softfail smtp.mailfrom=x;\r\n\tDKIM=none;\r\n\tdmarc=fail (p=reject)")] };

        var part = Deliverability.Judge(letter, null);

        Assert.That(part.Evidence, Is.EqualTo(new[] { "spf=softfail", "dkim=none", "dmarc=fail" }));
        Assert.That((part.Value, part.Score), Is.EqualTo(("at risk", (double?)4)));
    }

    [Test]
    public void Judge_InTheJunkFolder_IsAFinding()
    {
        var part = Deliverability.Judge(Letter("Junk"), null);

        Assert.That((part.Value, part.Score), Is.EqualTo(("junk", (double?)5)));
        Assert.That(part.Evidence, Does.Contain("found in Junk"));
    }

    [Test]
    public void Judge_ChecksAlone_GiveTheScore()
    {
        var part = Deliverability.Judge(Letter(), new DeliveryChecks { DkimVerified = false, DkimNote = "body hash did not match", SpamScore = 7.2, SpamRules = ["BAYES_99", "URIBL_BLACK"] });

        Assert.That((part.Value, part.Score), Is.EqualTo(("at risk", (double?)5)));
        Assert.That(part.Evidence, Is.EqualTo(new[] { "DKIM signature did not verify: body hash did not match", "SpamAssassin 7.2 of 5.0 (BAYES_99, URIBL_BLACK)" }));
    }

    [Test]
    public void Judge_VerifiedSignatureAndLowSpamScore_IsTen()
    {
        var part = Deliverability.Judge(Letter(), new DeliveryChecks { DkimVerified = true, SpamScore = 0.4 });

        Assert.That((part.Value, part.Score), Is.EqualTo(("inbox", (double?)10)));
    }
}
