using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class ReadabilityTests
{
    // 12 words, 2 sentences, 12 syllables (every word has one):
    // Flesch = 206.835 − 1.015·(12/2) − 84.6·(12/12) = 206.835 − 6.09 − 84.6 = 116.145
    // grade  = 0.39·6 + 11.8·1 − 15.59 = 2.34 + 11.8 − 15.59 = −1.45
    private const string OneSyllable = "The cat sat on the mat. The dog ran to the park.";

    // We(1) offer(2) an(1) annual(3) plan(1) = 5 words, 8 syllables;
    // It(1) gives(1) a(1) discount(2) of(1) twenty(2) percent(2) for(1) teams(1) of(1) twenty(2) seats(1) = 12 words, 16 syllables.
    // 17 words, 2 sentences, 24 syllables: words/sentence 8.5, syllables/word 24/17 = 1.41176
    // Flesch = 206.835 − 1.015·8.5 − 84.6·1.41176 = 206.835 − 8.6275 − 119.4353 = 78.772
    // grade  = 0.39·8.5 + 11.8·1.41176 − 15.59 = 3.315 + 16.6588 − 15.59 = 4.384
    private const string Plan = "We offer an annual plan. It gives a discount of twenty percent for teams of twenty seats.";

    // Our(1) enterprise(3) subscription(3) includes(2) unlimited(4) integrations(4) dedicated(4) onboarding(3) and(1)
    // priority(4) support(2) = 11 words, 31 syllables; Additionally(5) organisations(5) purchasing(3) annually(4)
    // receive(2) a(1) considerable(5) discount(2) = 8 words, 27 syllables.
    // 19 words, 2 sentences, 58 syllables: words/sentence 9.5, syllables/word 58/19 = 3.05263
    // Flesch = 206.835 − 9.6425 − 84.6·3.05263 = 206.835 − 9.6425 − 258.2526 = −61.060
    // grade  = 3.705 + 11.8·3.05263 − 15.59 = 3.705 + 36.0211 − 15.59 = 24.136
    private const string Jargon = "Our enterprise subscription includes unlimited integrations, dedicated onboarding, and priority support. "
        + "Additionally, organisations purchasing annually receive a considerable discount.";

    [TestCase(OneSyllable, 12, 2, 12, 116.145, -1.45)]
    [TestCase(Plan, 17, 2, 24, 78.772, 4.384)]
    [TestCase(Jargon, 19, 2, 58, -61.060, 24.136)]
    public void Measure_ReferencePassage_MatchesHandComputedFleschAndGrade(string passage, int words, int sentences, int syllables, double flesch, double grade)
    {
        var stats = Readability.Measure(passage);

        Assert.That((stats.Words, stats.Sentences, stats.Syllables), Is.EqualTo((words, sentences, syllables)));
        Assert.That(stats.Flesch, Is.EqualTo(flesch).Within(0.1));
        Assert.That(stats.Grade, Is.EqualTo(grade).Within(0.1));
    }

    [Test]
    public void Judge_PlainPassage_ShowsFleschAndGradeAsEvidence()
    {
        var part = Readability.Judge(PlainLetter.Text(Plan));

        Assert.That(part.Name, Is.EqualTo(Parts.Clear));
        Assert.That(part.Value, Is.EqualTo("79 (fairly easy)"));
        Assert.That(part.Evidence, Does.Contain("Flesch 78.8").And.Contain("grade 4.4"));
    }

    [Test]
    public void Measure_QuotedQuestionAndSignature_AreNotCounted()
    {
        const string text = "The cat sat on the mat.\r\n\r\n-- \r\nAnna Berg, Head of Customer Success and Onboarding\r\n"
            + "On Mon, 23 Nov 2026 at 09:00, Sam Shopper <sam@inbox.example> wrote:\r\n> Do you offer an annual plan, and what discount would twenty seats get?\r\n";

        Assert.That(Readability.Measure(Prose.Of(text)).Words, Is.EqualTo(6));
    }

    [Test]
    public void Measure_OnWroteLineAndQuote_AreNotCounted()
    {
        const string text = "The cat sat on the mat.\n\nOn Mon, 23 Nov 2026 at 09:00, Sam Shopper <sam@inbox.example>\nwrote:\n> Do you offer an annual plan?\n";

        Assert.That(Readability.Measure(Prose.Of(text)).Words, Is.EqualTo(6));
    }

    [Test]
    public void Measure_OutlookOriginalMessage_IsNotCounted()
    {
        const string text = "The cat sat on the mat.\n\nFrom: Sam Shopper <sam@inbox.example>\nSent: Monday, 23 November 2026 09:00\nTo: sales@brightwave.example\nSubject: Pricing\n\nDo you offer an annual plan?";

        Assert.That(Readability.Measure(Prose.Of(text)).Words, Is.EqualTo(6));
    }

    [Test]
    public void Measure_GreetingAndWrappedLines_GreetingIsOwnSentenceAndWrappingIsNot()
    {
        const string text = "Hi Sam,\n\nThanks for asking about our plans. We offer an annual plan with a discount\nof twenty percent for teams of twenty seats or more.\n\nBest regards,\nAnna";

        var stats = Readability.Measure(text);

        // "Hi Sam," | "Thanks … plans." | "We offer … more." | "Best regards," | "Anna"
        Assert.That(stats.Sentences, Is.EqualTo(5));
        Assert.That(stats.Paragraphs, Is.EqualTo(3));
        Assert.That(stats.LongestParagraph, Is.EqualTo(24));
    }

    [Test]
    public void Measure_AbbreviationsLinksAndAddresses_NeitherEndSentencesNorCountAsWords()
    {
        const string text = "Plans start at $49 per month, e.g. for small teams. See https://brightwave.example/pricing or write to sales@brightwave.example today.";

        var stats = Readability.Measure(text);

        Assert.That(stats.Sentences, Is.EqualTo(2));
        Assert.That(stats.Words, Is.EqualTo(15));
    }

    [Test]
    public void Measure_ListItems_EachEndsASentence()
    {
        const string text = "Our plans include:\n- unlimited projects\n- priority support\n- single sign-on";

        Assert.That(Readability.Measure(text).Sentences, Is.EqualTo(4));
    }

    [Test]
    public void Judge_GermanReply_SkipsFleschWithANote()
    {
        const string text = "Hallo Sam,\n\nvielen Dank für Ihre Anfrage. Wir bieten einen Jahresplan mit zwanzig Prozent Rabatt für Teams ab zwanzig Plätzen an. "
            + "Gerne können wir einen Termin vereinbaren, um die Einzelheiten zu besprechen.\n\nMit freundlichen Grüßen\nAnna Berg";

        var part = Readability.Judge(PlainLetter.Text(text));

        Assert.That(part.Value, Is.EqualTo("not English"));
        Assert.That(part.Evidence, Has.Some.Contains("Flesch skipped"));
        Assert.That(part.Evidence, Has.None.StartsWith("Flesch "));
        Assert.That(part.Score, Is.Not.Null);
    }

    [Test]
    public void Judge_EnglishReplyWithFrenchWords_IsStillEnglish()
    {
        var part = Readability.Judge(PlainLetter.Text("Thank you for your question about the café menu. We are open every day and the à la carte menu is on our site."));

        Assert.That(part.Value, Is.Not.EqualTo("not English"));
    }

    [Test]
    public void Judge_ShortReply_LosesPointsForLength()
    {
        var shortPart = Readability.Judge(PlainLetter.Text("Yes, we do. Thanks."));
        var bandPart = Readability.Judge(PlainLetter.Text("Yes, we do. Thanks."), new WordBand(1, 250));

        Assert.That(shortPart.Evidence, Has.Some.StartsWith("short: 4 words, below 50"));
        Assert.That(shortPart.Score, Is.LessThan(bandPart.Score!.Value));
    }

    [Test]
    public void Judge_LongRambling_LosesPointsForLengthSentencesAndParagraph()
    {
        var sentence = "In addition to the aforementioned considerations regarding your organisation's requirements, our comprehensive enterprise "
            + "subscription additionally encompasses numerous sophisticated capabilities, integrations and administrative functionalities ";
        var text = string.Concat(Enumerable.Repeat(sentence + "and furthermore ", 12)) + "everything else.";

        var part = Readability.Judge(PlainLetter.Text(text));

        Assert.That(part.Evidence, Has.Some.StartsWith("long:"));
        Assert.That(part.Evidence, Has.Some.StartsWith("longest paragraph"));
        Assert.That(part.Score, Is.LessThan(3));
    }

    [Test]
    public void Judge_ManyCallsToAction_CountsAndQuotesThem()
    {
        const string text = "Our spring offers are here. Shop now and save. Learn more about the new range. Sign up for early access. "
            + "Claim your discount before Friday. Contact us with questions. Get started today with the new planner for your whole team.";

        var part = Readability.Judge(PlainLetter.Text(text));

        Assert.That(part.Evidence, Has.Some.EqualTo("6 calls to action: \"shop now\", \"learn more\", \"sign up\", \"claim your discount\", \"contact us\", \"get started\""));
    }

    [Test]
    public void Judge_NewsletterLink_IsOneCallToAction()
    {
        var part = Readability.Judge(PlainLetter.Text("Plan your spring\n\nFive short tips from our team.\n\nRead the tips: https://brightwave.example/blog/spring"));

        Assert.That(part.Evidence, Has.Some.EqualTo("1 call to action: \"read the tips\""));
    }

    [Test]
    public void Judge_NoText_ScoresZero()
    {
        var part = Readability.Judge(PlainLetter.Text("> only the quoted question\n"));

        Assert.That(part.Score, Is.Zero);
        Assert.That(part.Value, Is.EqualTo("no text"));
    }

    [Test]
    public void Judge_ClearReplyInBand_ScoresHigh()
    {
        const string text = "Hi Sam,\n\nThanks for your question. Yes, we offer an annual plan. It costs $490 per seat a year, which is two months free. "
            + "For twenty seats we give a further ten percent off, so the total is $8,820 a year.\n\n"
            + "You can switch to the annual plan at any time from the billing page. If you would like, I can set it up for you today.\n\n"
            + "Best regards,\nAnna Berg\nCustomer Success";

        var part = Readability.Judge(PlainLetter.Text(text));

        Assert.That(part.Score, Is.GreaterThanOrEqualTo(9));
    }

    [TestCase(95, "very easy")]
    [TestCase(65, "plain English")]
    [TestCase(45, "difficult")]
    [TestCase(-3, "very difficult")]
    public void Band_FleschScore_GivesFleschsBand(double flesch, string band) =>
        Assert.That(Readability.Band(flesch), Is.EqualTo(band));
}
