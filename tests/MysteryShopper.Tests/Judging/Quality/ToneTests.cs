using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class ToneTests
{
    [Test]
    public void Judge_WarmPoliteReply_ScoresHighAndQuotesThePhrases()
    {
        const string text = "Hi Sam,\n\nThank you for reaching out! Yes, we offer an annual plan, and twenty seats get a 10% discount. "
            + "I'm happy to help you set it up.\n\nKind regards,\nAnna";

        var part = Tone.Judge(PlainLetter.Text(text));

        Assert.That(part.Name, Is.EqualTo(Parts.Tone));
        Assert.That(part.Value, Is.EqualTo("positive, polite"));
        Assert.That(part.Evidence, Has.Some.StartsWith("polite: ").And.Some.Contains("\"happy to help\""));
        Assert.That(part.Score, Is.GreaterThanOrEqualTo(8.5));
    }

    [Test]
    public void Judge_PushyShoutingPromotion_ScoresLowWithTheWordsFound()
    {
        const string text = "ACT NOW!!! Our BIGGEST sale ever ends tonight. Limited time only: don't miss 50% off everything. Hurry!!";

        var part = Tone.Judge(PlainLetter.Text(text, subject: "LAST CHANCE: 50% off"));

        Assert.That(part.Value, Does.Contain("pushy").And.Contain("shouting"));
        Assert.That(part.Evidence, Has.Some.Contains("\"act now\"").And.Some.Contains("\"limited time\"").And.Some.Contains("\"don't miss\""));
        Assert.That(part.Evidence, Has.Some.Contains("\"BIGGEST\"").And.Some.Contains("\"!!!\""));
        Assert.That(part.Score, Is.LessThan(3));
    }

    [Test]
    public void Judge_AcronymsInCapitals_AreNotShouting()
    {
        var part = Tone.Judge(PlainLetter.Text("Our plan includes SSO, an API and a GDPR-ready DPA. Prices are in USD and exclude VAT."));

        Assert.That(part.Value, Does.Not.Contain("shouting"));
    }

    [Test]
    public void Judge_RefusalWithoutApology_LosesAPointAndSaysSo()
    {
        var bare = Tone.Judge(PlainLetter.Text("We do not offer an annual plan. Monthly billing is the only option."));
        var sorry = Tone.Judge(PlainLetter.Text("Sorry, we do not offer an annual plan. Monthly billing is the only option."));

        Assert.That(bare.Evidence, Has.Some.EqualTo("no apology with the refusal"));
        Assert.That(sorry.Evidence, Has.Some.EqualTo("apology: \"sorry\""));
        Assert.That(bare.Score, Is.LessThan(sorry.Score!.Value));
    }

    [Test]
    public void Judge_LateReplyWithoutApology_SaysSo()
    {
        var part = Tone.Judge(PlainLetter.Text("Yes, we offer an annual plan with a discount for twenty seats."), late: true);

        Assert.That(part.Evidence, Has.Some.EqualTo("no apology for the delay"));
    }

    [Test]
    public void Judge_ApologyNotNeeded_NeitherAddsNorSubtracts()
    {
        var plain = Tone.Judge(PlainLetter.Text("We offer an annual plan with a discount for twenty seats."));
        var sorry = Tone.Judge(PlainLetter.Text("Sorry, we offer an annual plan with a discount for twenty seats."));

        Assert.That(sorry.Value, Does.Contain("apologetic"));
        Assert.That(plain.Evidence, Has.None.Contains("apology"));
        Assert.That(sorry.Score, Is.LessThanOrEqualTo(plain.Score!.Value), "VADER reads 'sorry' as negative; no bonus when nothing went wrong");
    }

    [Test]
    public void Judge_CondescendingWording_IsNegativeWording()
    {
        var part = Tone.Judge(PlainLetter.Text("As previously stated, you must read the FAQ first. Obviously the annual plan is on the pricing page."));

        Assert.That(part.Value, Does.Contain("negative wording"));
        Assert.That(part.Evidence, Has.Some.EqualTo("negative: \"as previously stated\", \"you must\", \"read the faq first\", \"obviously\""));
        Assert.That(part.Score, Is.LessThan(4));
    }

    [Test]
    public void Judge_QuotedAngryQuestion_IsNotTheCompanysTone()
    {
        const string text = "Thanks for your patience. The annual plan is $490 per seat.\n\n> WHY IS NOBODY ANSWERING!!! This is terrible service.";

        var part = Tone.Judge(PlainLetter.Text(text));

        Assert.That(part.Value, Does.Not.Contain("shouting"));
        Assert.That(part.Evidence, Has.Some.StartsWith("VADER compound 0."));
    }

    [Test]
    public void Judge_NeutralFacts_IsNeutralNearSix()
    {
        var part = Tone.Judge(PlainLetter.Text("The annual plan is $490 per seat. Twenty seats cost $8,820 a year."));

        Assert.That(part.Value, Is.EqualTo("neutral"));
        Assert.That(part.Score, Is.EqualTo(6));
    }

    [Test]
    public void Judge_GermanReply_HasNoToneScoreWithANote()
    {
        const string text = "Hallo Sam,\n\nvielen Dank für Ihre Anfrage. Wir bieten einen Jahresplan mit zwanzig Prozent Rabatt für Teams ab zwanzig Plätzen an.\n\nMit freundlichen Grüßen\nAnna Berg";

        var part = Tone.Judge(PlainLetter.Text(text, subject: "AW: Preisanfrage"));

        Assert.That((part.Value, part.Score), Is.EqualTo(("not English", (double?)null)));
        Assert.That(part.Evidence, Has.Some.Contains("tone skipped"));
    }

    [Test]
    public void Judge_OutOfOfficeMentioningUrgentQuestions_IsNotPushy()
    {
        var part = Tone.Judge(PlainLetter.Text("I am out of the office until Monday. For urgent questions please contact ben@brightwave.example."));

        Assert.That(part.Value, Does.Not.Contain("pushy"));
    }
}
