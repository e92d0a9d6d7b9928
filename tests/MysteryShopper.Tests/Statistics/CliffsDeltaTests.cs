using MysteryShopper.Statistics;

namespace MysteryShopper.Tests.Statistics;

/// <summary>Cliff's delta computed by hand: (#x &gt; y − #x &lt; y) / (m·n).</summary>
public sealed class CliffsDeltaTests
{
    [Test]
    public void Of_EveryXLarger_IsOne() =>
        Assert.That(CliffsDelta.Of([4, 5, 6], [1, 2, 3]), Is.EqualTo(1));

    [Test]
    public void Of_EveryXSmaller_IsMinusOne() =>
        Assert.That(CliffsDelta.Of([1, 2], [3, 4, 5]), Is.EqualTo(-1));

    [Test]
    public void Of_WithTies_TiesCountNeitherWay()
    {
        // x = 1 2 2 3 4, y = 3 4 4 5 6: x > y only (4,3): 1; x < y: 25 − 1 − 3 ties = 21; δ = (1 − 21)/25 = −0.8.
        Assert.That(CliffsDelta.Of([1, 2, 2, 3, 4], [3, 4, 4, 5, 6]), Is.EqualTo(-0.8).Within(1e-12));
    }

    [Test]
    public void Of_HollanderWolfeExample_AgreesWithU()
    {
        // δ = 2U/(mn) − 1 with U = 35, m·n = 50: 0.4.
        double[] x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        double[] y = [1.15, 0.88, 0.90, 0.74, 1.21];

        Assert.That(CliffsDelta.Of(x, y), Is.EqualTo(0.4).Within(1e-12));
    }

    [Test]
    public void Of_ZeroVarianceSamples_SameIsZeroDifferentIsFull()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CliffsDelta.Of([2, 2, 2], [2, 2]), Is.EqualTo(0));
            Assert.That(CliffsDelta.Of([3, 3, 3], [2, 2]), Is.EqualTo(1));
        });
    }

    [TestCase(0.1, EffectMagnitude.Negligible)]
    [TestCase(-0.2, EffectMagnitude.Small)]
    [TestCase(0.4, EffectMagnitude.Medium)]
    [TestCase(-0.474, EffectMagnitude.Large)]
    public void Magnitude_RomanoThresholds(double delta, EffectMagnitude expected) =>
        Assert.That(CliffsDelta.Magnitude(delta), Is.EqualTo(expected));
}
