using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class MessageKindsTests
{
    [Test]
    public void Judge_MailMergedHiSamAcknowledgement_IsAuto()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nThank you for contacting Brightwave. We have received your request (#48213) and a member of our team will get back to you within 24 hours.\n\nKind regards,\nThe Brightwave Team");

        var (kind, part) = MessageKinds.Judge(letter);

        Assert.That(kind, Is.EqualTo(MessageKind.Auto));
        Assert.That(part.Evidence, Has.Some.Contains("we have received your request"));
    }

    [Test]
    public void Judge_HelpdeskReplyWithAutoSubmittedThatAnswers_IsHuman()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nYes, we offer an annual plan, and 20 seats get 10% off.\nI have added the details to your quote.\n\nBest,\nEmma",
            from: "support@brightwave.zendesk.com", fromName: "Emma", subject: "[Ticket #48213] Re: Annual plan",
            new MailHeader("Auto-Submitted", "auto-generated"), new MailHeader("Precedence", "bulk"), new MailHeader("X-Zendesk-From-Account-Id", "9f3a"));

        var (kind, part) = MessageKinds.Judge(letter);

        Assert.That(kind, Is.EqualTo(MessageKind.Human));
        Assert.That(part.Evidence, Has.Member("Auto-Submitted: auto-generated"), "headers stay as evidence");
        Assert.That(part.Evidence, Has.Member("signed by \"Emma\""));
    }

    [Test]
    public void Judge_OutOfOfficeSignedByAPerson_IsAuto()
    {
        var letter = SomeLetter.Text("Hi,\n\nI am currently out of the office until Monday 9 March with limited access to email.\n\nKind regards,\nDaniel");

        Assert.That(MessageKinds.Judge(letter).Kind, Is.EqualTo(MessageKind.Auto));
    }

    [Test]
    public void Judge_NewsletterWithUnsubscribeFooter_IsMarketing()
    {
        var letter = SomeLetter.Text("What's new in March\nShared inboxes now sync in real time.\nView this email in your browser.\nUnsubscribe from this list.", from: "news@brightwave.io", fromName: "Brightwave");

        Assert.That(MessageKinds.Judge(letter).Kind, Is.EqualTo(MessageKind.Marketing));
    }

    [Test]
    public void Judge_DoubleOptInConfirmation_IsMarketing()
    {
        var letter = SomeLetter.Text("Please confirm your subscription to the Brightwave newsletter: https://brightwave.io/confirm?t=1", from: "news@brightwave.io", fromName: "Brightwave");

        Assert.That(MessageKinds.Judge(letter).Kind, Is.EqualTo(MessageKind.Marketing));
    }

    [Test]
    public void Judge_ContentSaysNothing_ListHeadersDecide()
    {
        var letter = SomeLetter.Text("Neu im März: Bürostühle.", from: "nl@buerowelt.de", fromName: "Bürowelt", subject: "Neu",
            new MailHeader("List-Id", "<nl.buerowelt.de>"));

        var (kind, part) = MessageKinds.Judge(letter);

        Assert.That(kind, Is.EqualTo(MessageKind.Marketing));
        Assert.That(part.Evidence, Has.Member("List-Id: <nl.buerowelt.de>"));
    }

    [Test]
    public void Judge_PlainReplyFromAPerson_IsHuman()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nWe don't sell an annual plan yet, but I'm told it's coming in the summer.\n\nCheers,\nBen");

        Assert.That(MessageKinds.Judge(letter).Kind, Is.EqualTo(MessageKind.Human));
    }

    [Test]
    public void Judge_AccountVerification_IsAuto()
    {
        var letter = SomeLetter.Text("Welcome to Brightwave!\nPlease verify your email address to finish setting up your account.", from: "no-reply@brightwave.io", fromName: "Brightwave");

        Assert.That(MessageKinds.Judge(letter).Kind, Is.EqualTo(MessageKind.Auto));
    }
}
