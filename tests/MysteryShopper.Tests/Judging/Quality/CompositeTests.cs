using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

/// <summary>The composite from hand-made parts: <see cref="MessageJudge.Composite"/> is pure, so it is tested without the parts' judges.</summary>
public class CompositeTests
{
    private static CardPart Part(string name, double? score) => new(name, "x", score, []);

    private static readonly Rubric Rubric = new()
    {
        Name = "test",
        Weights = new Dictionary<string, double> { [Parts.Answered] = 3, [Parts.Clear] = 1, [Parts.Tone] = 1, [Parts.Links] = 0 },
    };

    [Test]
    public void Composite_WeighedParts_IsTheWeightedMean()
    {
        // (3·10 + 1·5 + 1·0) / 5 = 35 / 5 = 7
        var score = MessageJudge.Composite([Part(Parts.Answered, 10), Part(Parts.Clear, 5), Part(Parts.Tone, 0)], Rubric);

        Assert.That(score, Is.EqualTo(7));
    }

    [Test]
    public void Composite_NullScoresAndUnweighedParts_AreLeftOut()
    {
        // kind has no weight, personal none in this rubric, links weighs 0, tone has no sub-score: (3·8 + 1·6) / 4 = 7.5
        var score = MessageJudge.Composite(
            [Part(Parts.Kind, null), Part(Parts.Answered, 8), Part(Parts.Clear, 6), Part(Parts.Tone, null), Part(Parts.Personal, 0), Part(Parts.Links, 0)],
            Rubric);

        Assert.That(score, Is.EqualTo(7.5));
    }

    [Test]
    public void Composite_RepeatingDecimal_IsRoundedToOneDecimal()
    {
        // (3·7 + 1·8) / 4 = 29 / 4 = 7.25 → 7.3 (halves round away from zero)
        Assert.That(MessageJudge.Composite([Part(Parts.Answered, 7), Part(Parts.Clear, 8)], Rubric), Is.EqualTo(7.3));
    }

    [Test]
    public void Composite_NothingScored_IsZero() =>
        Assert.That(MessageJudge.Composite([Part(Parts.Kind, null), Part(Parts.Answered, null)], Rubric), Is.Zero);

    [Test]
    public void Composite_BuiltinReply_MatchesItsWeights()
    {
        // reply: answered 3, personal 1.5, clear 1.5, tone 1.5, placeholder 1, deliverability 1, links 0.5;
        // unsubscribe (null for a reply) and phrases (none set) have no sub-score.
        CardPart[] parts =
        [
            Part(Parts.Kind, null), Part(Parts.Answered, 10), Part(Parts.Personal, 10), Part(Parts.Placeholder, 10),
            Part(Parts.Unsubscribe, null), Part(Parts.Clear, 8), Part(Parts.Tone, 9), Part(Parts.Deliverability, 6),
            Part(Parts.Links, 10), Part(Parts.Phrases, null),
        ];

        // (30 + 15 + 10 + 12 + 13.5 + 6 + 5) / 10 = 91.5 / 10 = 9.15 → 9.2
        Assert.That(MessageJudge.Composite(parts, Rubrics.Builtin(Rubrics.Reply)!), Is.EqualTo(9.2));
    }
}
