using MysteryShopper.Statistics;

namespace MysteryShopper.Tests.Statistics;

/// <summary>Wilson score intervals against Newcombe (1998), Table I, method 3 (score interval without continuity correction).</summary>
public sealed class WilsonTests
{
    [TestCase(81, 263, 0.2553, 0.3662)]
    [TestCase(15, 148, 0.0624, 0.1605)]
    [TestCase(0, 20, 0.0000, 0.1611)]
    [TestCase(1, 29, 0.0061, 0.1718)]
    public void Interval_NewcombeTable_MatchesToFourPlaces(int successes, int trials, double lower, double upper)
    {
        var interval = Wilson.Interval(successes, trials);

        Assert.Multiple(() =>
        {
            Assert.That(interval.Lower, Is.EqualTo(lower).Within(0.00005));
            Assert.That(interval.Upper, Is.EqualTo(upper).Within(0.00005));
        });
    }

    [Test]
    public void Interval_AllSuccesses_UpperIsExactlyOne()
    {
        // The mirror of 0/29: [1 − 0.1170, 1]; with n = 29, 0 successes the upper bound is 0.1170, so 29/29 gives 0.8830.
        var interval = Wilson.Interval(29, 29);

        Assert.Multiple(() =>
        {
            Assert.That(interval.Upper, Is.EqualTo(1));
            Assert.That(interval.Lower, Is.EqualTo(0.8830).Within(0.00005));
            Assert.That(interval.Share, Is.EqualTo(1));
        });
    }

    [Test]
    public void Interval_NoTrials_IsEverything() =>
        Assert.That(Wilson.Interval(0, 0), Is.EqualTo(new Proportion(0, 0, 0, 1)));

    [Test]
    public void Z95_IsTheNormalQuantile() =>
        Assert.That(Wilson.Z95, Is.EqualTo(1.959964).Within(0.000001));
}
