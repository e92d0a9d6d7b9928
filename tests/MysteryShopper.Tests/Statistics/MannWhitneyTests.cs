using MysteryShopper.Statistics;

namespace MysteryShopper.Tests.Statistics;

/// <summary>
/// Mann–Whitney U against reference values: R's <c>wilcox.test(x, y)</c> (exact without ties, <c>correct = TRUE</c>
/// otherwise), and the exact distribution checked against counting every arrangement.
/// </summary>
public sealed class MannWhitneyTests
{
    [Test]
    public void Test_HollanderWolfeExample_MatchesRExactPValue()
    {
        // R's ?wilcox.test example (Hollander & Wolfe, 1973, p. 69): W = 35; alternative = "greater" gives p = 0.1272,
        // so the two-sided exact p-value is 0.2544.
        double[] x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        double[] y = [1.15, 0.88, 0.90, 0.74, 1.21];

        var result = MannWhitney.Test(x, y);

        Assert.Multiple(() =>
        {
            Assert.That(result.U, Is.EqualTo(35));
            Assert.That(result.Method, Is.EqualTo(MannWhitneyMethod.Exact));
            Assert.That(result.PValue, Is.EqualTo(0.2544).Within(0.0001));
        });
    }

    [Test]
    public void Test_CompletelySeparatedThreeByThree_IsTwoOfTwentyArrangements()
    {
        // wilcox.test(1:3, 4:6): W = 0, p-value = 0.1 (P(U = 0) = 1 / C(6, 3) = 1/20, doubled).
        var result = MannWhitney.Test([1, 2, 3], [4, 5, 6]);

        Assert.That((result.U, result.PValue, result.Method), Is.EqualTo((0.0, 0.1, MannWhitneyMethod.Exact)));
    }

    [Test]
    public void Test_FourByFourOneOverlap_ExactPValue()
    {
        // U = 1 (only 4.0 > 3.3); P(U <= 1) = 2/70, two-sided 4/70 = 0.05714 (R: W = 1, p-value = 0.05714).
        var result = MannWhitney.Test([1.1, 2.3, 0.7, 4.0], [5.2, 6.1, 3.3, 7.4]);

        Assert.Multiple(() =>
        {
            Assert.That(result.U, Is.EqualTo(1));
            Assert.That(result.PValue, Is.EqualTo(4.0 / 70).Within(1e-12));
        });
    }

    [Test]
    public void Test_SwappedSamples_SamePValueMirroredU()
    {
        double[] x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        double[] y = [1.15, 0.88, 0.90, 0.74, 1.21];

        var forward = MannWhitney.Test(x, y);
        var backward = MannWhitney.Test(y, x);

        Assert.Multiple(() =>
        {
            Assert.That(backward.U, Is.EqualTo(x.Length * y.Length - forward.U));
            Assert.That(backward.PValue, Is.EqualTo(forward.PValue).Within(1e-12));
        });
    }

    [Test]
    public void Test_TwoConstantSamples_ZeroVarianceEachAreCompared()
    {
        // Ties, so the normal approximation: U = 0, σ² = 9/12 · (7 − 48/30) = 4.05, z = (−4.5 + 0.5)/√4.05 = −1.9876,
        // p = 0.04685 (R: wilcox.test(c(1,1,1), c(2,2,2)) gives W = 0, p-value = 0.04685, with its "ties" warning).
        var result = MannWhitney.Test([1, 1, 1], [2, 2, 2]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Method, Is.EqualTo(MannWhitneyMethod.Normal));
            Assert.That(result.U, Is.EqualTo(0));
            Assert.That(result.PValue, Is.EqualTo(0.04685).Within(0.00001));
        });
    }

    [Test]
    public void Test_FourZerosAgainstFourOnes_SignificantAtFivePercent()
    {
        // σ² = 16/12 · (9 − 120/56) = 9.142857, z = (8 − 0.5)/3.02372 = 2.48039, p = 0.013124.
        var result = MannWhitney.Test([1, 1, 1, 1], [0, 0, 0, 0]);

        Assert.Multiple(() =>
        {
            Assert.That(result.U, Is.EqualTo(16));
            Assert.That(result.PValue, Is.EqualTo(0.013124).Within(0.000001));
        });
    }

    [Test]
    public void Test_AllValuesEqual_PValueIsOne()
    {
        var result = MannWhitney.Test([2.5, 2.5, 2.5], [2.5, 2.5]);

        Assert.Multiple(() =>
        {
            Assert.That(result.U, Is.EqualTo(3));
            Assert.That(result.PValue, Is.EqualTo(1));
        });
    }

    [Test]
    public void Test_TiesAcrossSamples_MidRanksAndTieCorrection()
    {
        // x = 1 2 2 3 4, y = 3 4 4 5 6: one pair with x > y (4 > 3) and three ties (3 = 3, 4 = 4 twice), a half each: U = 2.5.
        // Ties {2:2, 3:2, 4:3}: Σ(t³−t) = 6 + 6 + 24 = 36; σ² = 25/12 · (11 − 36/90) = 22.0833; z = (2.5 − 12.5 + 0.5)/4.6993
        // = −2.02157; p = 0.043220 (R, correct = TRUE: W = 2.5, p-value = 0.04322).
        var result = MannWhitney.Test([1, 2, 2, 3, 4], [3, 4, 4, 5, 6]);

        Assert.Multiple(() =>
        {
            Assert.That(result.U, Is.EqualTo(2.5));
            Assert.That(result.Method, Is.EqualTo(MannWhitneyMethod.Normal));
            Assert.That(result.PValue, Is.EqualTo(0.043220).Within(0.000001));
        });
    }

    [Test]
    public void Test_LargeSamplesWithoutTies_NormalApproximationWithContinuityCorrection()
    {
        // 21 values each (over the exact limit): x = 1…21, y = x + 5.5. U = Σ over x of the y below it = 120;
        // σ² = 441/12 · 43 = 1580.25, z = (120 − 220.5 + 0.5)/39.7524 = −2.51557, p = 0.011884.
        var x = Enumerable.Range(1, 21).Select(i => (double)i).ToArray();
        var y = x.Select(v => v + 5.5).ToArray();

        var result = MannWhitney.Test(x, y);

        Assert.Multiple(() =>
        {
            Assert.That(result.U, Is.EqualTo(120));
            Assert.That(result.Method, Is.EqualTo(MannWhitneyMethod.Normal));
            Assert.That(result.PValue, Is.EqualTo(0.011884).Within(0.000001));
        });
    }

    [Test]
    public void Frequencies_SmallCases_MatchCountingEveryArrangement()
    {
        // m = 2, n = 3: the 10 arrangements give U = 0,1,2,2,3,3,4,4,5,6 → 1 1 2 2 2 1 1.
        Assert.That(MannWhitney.Frequencies(2, 3), Is.EqualTo(new long[] { 1, 1, 2, 2, 2, 1, 1 }));
        var twenty = MannWhitney.Frequencies(20, 20);
        Assert.Multiple(() =>
        {
            // C(40, 20) arrangements in all, symmetric about m·n/2.
            Assert.That(twenty.Sum(), Is.EqualTo(137_846_528_820L));
            Assert.That(twenty, Is.EqualTo(twenty.Reverse().ToArray()));
        });
    }

    [Test]
    public void Test_EmptySample_Throws() =>
        Assert.Throws<ArgumentException>(() => MannWhitney.Test([], [1.0]));
}
