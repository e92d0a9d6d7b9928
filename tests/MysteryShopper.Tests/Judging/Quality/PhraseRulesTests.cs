using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class PhraseRulesTests
{
    private static readonly Rubric Reply = Rubrics.Builtin(Rubrics.Reply)!;

    [Test]
    public void Judge_NoPhrasesSet_HasNoScore()
    {
        var part = PhraseRules.Judge(PlainLetter.Text("Anything."), Reply);

        Assert.That((part.Name, part.Value, part.Score), Is.EqualTo((Parts.Phrases, "none set", (double?)null)));
    }

    [Test]
    public void Judge_AllRequiredNoForbidden_ScoresTen()
    {
        var rubric = Reply.With(required: ["annual plan", "discount"], forbidden: ["book a call"]);

        var part = PhraseRules.Judge(PlainLetter.Text("Our Annual\nPlan comes with a discount."), rubric);

        Assert.That(part.Score, Is.EqualTo(10));
        Assert.That(part.Evidence, Is.EqualTo(new[] { "has \"annual plan\"", "has \"discount\"" }));
    }

    [Test]
    public void Judge_MissingAndForbidden_LowersTheScoreWithEvidence()
    {
        var rubric = Reply.With(required: ["annual plan", "discount"], forbidden: ["book a call"]);

        var part = PhraseRules.Judge(PlainLetter.Text("Please book a call to hear about discounts."), rubric);

        // "discounts" is not the whole phrase "discount": 0 of 2 required, less 3 for the forbidden phrase, floored at 0.
        Assert.That(part.Score, Is.Zero);
        Assert.That(part.Value, Is.EqualTo("2 missing, 1 forbidden"));
        Assert.That(part.Evidence, Does.Contain("forbidden \"book a call\""));
    }

    [Test]
    public void Judge_HalfTheRequired_ScoresFive()
    {
        var part = PhraseRules.Judge(PlainLetter.Text("Our annual plan is $490."), Reply.With(required: ["annual plan", "discount"]));

        Assert.That(part.Score, Is.EqualTo(5));
    }

    [Test]
    public void Judge_RequiredPhraseOnlyInTheQuotedQuestion_IsMissing()
    {
        var part = PhraseRules.Judge(PlainLetter.Text("Please book a call.\n\n> Is there a discount?"), Reply.With(required: ["discount"]));

        Assert.That(part.Evidence, Is.EqualTo(new[] { "missing \"discount\"" }));
    }
}
