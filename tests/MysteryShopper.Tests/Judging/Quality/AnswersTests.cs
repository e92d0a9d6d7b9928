using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Judging.Quality;

public class AnswersTests
{
    [Test]
    public void Judge_EveryTermWithConcreteInformation_IsFull()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nYes, we offer annual billing. Teams of 20 seats or more get a 15% discount.\n\nBest,\nEmma");

        var (answered, _, part) = Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human);

        Assert.That(answered, Is.EqualTo(Answer.Full));
        Assert.That(part.Score, Is.EqualTo(10));
        Assert.That(part.Evidence, Has.Member("3 of 3 terms addressed"));
    }

    [Test]
    public void Judge_InflectedTermsAndSynonyms_AreMatchedByStem()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nANNUALLY billed plans cost £80 per seat. We reduce that by 10% when you seat twenty people (a reduction applied automatically).\n\nEmma");

        Assert.That(Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human).Answered, Is.EqualTo(Answer.Full));
    }

    [Test]
    public void Judge_SomeTermsAddressed_IsPartial()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nWe do offer an annual plan, billed once a year.\n\nBest,\nDaniel");

        var (answered, _, part) = Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human);

        Assert.That(answered, Is.EqualTo(Answer.Partial));
        Assert.That(part.Score, Is.EqualTo(5));
        Assert.That(part.Evidence, Has.Member("not addressed: seats"));
    }

    [Test]
    public void Judge_DeflectionToACall_IsNoneWithNextStep()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nPricing for 20 seats on an annual plan depends on your setup, so please book a call with our sales team: https://calendly.com/brightwave/30min\n\nTom");

        var (answered, nextStep, part) = Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human);

        Assert.That(answered, Is.EqualTo(Answer.None));
        Assert.That(nextStep, Is.True);
        Assert.That(part.Evidence, Has.Some.StartsWith("deflects:"));
    }

    [Test]
    public void Judge_RepWillContactYou_IsNone()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nThanks for asking about annual seats. A sales representative will contact you about a discount.\n\nHannah");

        Assert.That(Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human).Answered, Is.EqualTo(Answer.None));
    }

    [Test]
    public void Judge_OnlyEchoesTheQuestion_IsNone()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nYou asked whether we offer an annual plan and what discount 20 seats would get.\nDo you offer an annual plan, and what discount would 20 seats get.\n\nMark");

        Assert.That(Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human).Answered, Is.EqualTo(Answer.None));
    }

    [Test]
    public void Judge_QuotedQuestionBelowTheReply_DoesNotCount()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nThanks, I will look into it.\n\nAlex\n\nOn Mon, 2 Mar 2026 at 16:02, Sam <sam@shopper.example> wrote:\n> Yes, annual plan with 20 seats and a 10% discount?\n> 20 seats, annual, discount 10%.");

        Assert.That(Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human).Answered, Is.EqualTo(Answer.None));
    }

    [Test]
    public void Judge_QuestionAskedBack_IsNone()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nHow many seats do you need, and would you pay annually for a discount?\n\nOlivia");

        var (answered, _, part) = Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human);

        Assert.That(answered, Is.EqualTo(Answer.None));
        Assert.That(part.Evidence, Has.Some.StartsWith("asks back:"));
    }

    [Test]
    public void Judge_MarketingOrNoQuestion_IsNullWithoutScore()
    {
        var letter = SomeLetter.Text("30% off every annual plan this week.");

        var marketing = Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Marketing);
        var unasked = Answers.Judge(letter, SomeLetter.Pricing with { Question = null }, MessageKind.Auto);

        Assert.That((marketing.Answered, marketing.Part.Score, unasked.Answered, unasked.Part.Score), Is.EqualTo(((Answer?)null, (double?)null, (Answer?)null, (double?)null)));
    }

    [Test]
    public void Judge_NoMustCoverTerms_ConcreteSentenceIsFull()
    {
        var context = new JudgeContext { Question = "Where are you based?", FirstName = "Sam" };
        var letter = SomeLetter.Text("Hi Sam,\n\nOur office is at 12 Market Street, Bristol.\n\nEmma");

        Assert.That(Answers.Judge(letter, context, MessageKind.Human).Answered, Is.EqualTo(Answer.Full));
    }

    [Test]
    public void Judge_MultiWordTerm_NeedsEveryWord()
    {
        var context = new JudgeContext { Question = "Is there a rate limit?", MustCover = [new CoverTerm("rate limit", [])] };

        var onlyRate = Answers.Judge(SomeLetter.Text("Hi Sam,\n\nOur rate is 10 euros per month.\n\nEmma"), context, MessageKind.Human);
        var both = Answers.Judge(SomeLetter.Text("Hi Sam,\n\nThe rate limits are 600 requests per minute.\n\nEmma"), context, MessageKind.Human);

        Assert.That((onlyRate.Answered, both.Answered), Is.EqualTo(((Answer?)Answer.None, (Answer?)Answer.Full)));
    }

    [Test]
    public void Judge_FreeTrialOffered_IsNextStep()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nAnnual plans get 2 months free for 20 seats, a 15% discount. Start a free trial to see it.\n\nTom");

        var (answered, nextStep, _) = Answers.Judge(letter, SomeLetter.Pricing, MessageKind.Human);

        Assert.That((answered, nextStep), Is.EqualTo(((Answer?)Answer.Full, true)));
    }
}
