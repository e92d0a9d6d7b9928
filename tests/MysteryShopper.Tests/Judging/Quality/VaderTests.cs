using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class VaderTests
{
    // The examples in vaderSentiment's README, with the compound its Python code prints.
    [TestCase("VADER is smart, handsome, and funny.", 0.8316)]
    [TestCase("VADER is smart, handsome, and funny!", 0.8439)]
    [TestCase("VADER is very smart, handsome, and funny.", 0.8545)]
    [TestCase("VADER is VERY SMART, handsome, and FUNNY.", 0.9227)]
    [TestCase("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342)]
    [TestCase("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469)]
    [TestCase("VADER is not smart, handsome, nor funny.", -0.7424)]
    [TestCase("The book was good.", 0.4404)]
    [TestCase("At least it isn't a horrible book.", 0.431)]
    [TestCase("The book was only kind of good.", 0.3832)]
    [TestCase("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042)]
    [TestCase("Today SUX!", -0.5461)]
    [TestCase("Today only kinda sux! But I'll get by, lol", 0.5249)]
    [TestCase("Not bad at all", 0.431)]
    public void Compound_ReadmeExample_MatchesVader(string sentence, double expected) =>
        Assert.That(Vader.Compound(sentence), Is.EqualTo(expected).Within(0.00005));

    [Test]
    public void Compound_NoWords_IsZero() => Assert.That(Vader.Compound("  "), Is.Zero);

    // 7,520 lines, 14 of them a word listed twice (the later line wins, as in VADER's dict).
    [Test]
    public void Lexicon_Embedded_HoldsVadersWords() =>
        Assert.That((Vader.Lexicon.Count, Vader.Lexicon["good"], Vader.Lexicon["horrible"]), Is.EqualTo((7506, 1.9, -2.5)));
}
