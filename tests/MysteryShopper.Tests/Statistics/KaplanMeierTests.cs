using MysteryShopper.Statistics;

namespace MysteryShopper.Tests.Statistics;

public sealed class KaplanMeierTests
{
    // Freireich et al. (1963), the 6-MP arm: weeks in remission of 21 leukaemia patients; false = censored (still in remission).
    private static readonly SurvivalTime[] SixMp =
    [
        new(6, true), new(6, true), new(6, true), new(6, false), new(7, true), new(9, false), new(10, true), new(10, false),
        new(11, false), new(13, true), new(16, true), new(17, false), new(19, false), new(20, false), new(22, true), new(23, true),
        new(25, false), new(32, false), new(32, false), new(34, false), new(35, false),
    ];

    // The textbook table (Kleinbaum & Klein, Survival Analysis, ch. 2; R: survfit(..., conf.type = "log-log")):
    // time, at risk, events, S(t), Greenwood SE, lower and upper 95 % bound.
    private static readonly object[] Reference =
    [
        new object[] { 6.0, 21, 3, 0.857, 0.0764, 0.620, 0.952 },
        new object[] { 7.0, 17, 1, 0.807, 0.0869, 0.563, 0.923 },
        new object[] { 10.0, 15, 1, 0.753, 0.0963, 0.503, 0.889 },
        new object[] { 13.0, 12, 1, 0.690, 0.1068, 0.432, 0.849 },
        new object[] { 16.0, 11, 1, 0.627, 0.1141, 0.368, 0.805 },
        new object[] { 22.0, 7, 1, 0.538, 0.1282, 0.268, 0.747 },
        new object[] { 23.0, 6, 1, 0.448, 0.1346, 0.188, 0.680 },
    ];

    [TestCaseSource(nameof(Reference))]
    public void Estimate_SixMpData_MatchesTheTextbookAtEachEventTime(double time, int atRisk, int events, double survival, double error, double lower, double upper)
    {
        var step = KaplanMeier.Estimate(SixMp).Steps.Single(s => s.Time == time);

        Assert.That((step.AtRisk, step.Events), Is.EqualTo((atRisk, events)));
        Assert.That(step.Survival, Is.EqualTo(survival).Within(0.0005));
        Assert.That(step.StandardError, Is.EqualTo(error).Within(0.00005));
        Assert.That(step.Lower, Is.EqualTo(lower).Within(0.0015));
        Assert.That(step.Upper, Is.EqualTo(upper).Within(0.0015));
    }

    [Test]
    public void Estimate_SixMpData_SevenStepsCensoredKeptMedianTwentyThree()
    {
        var curve = KaplanMeier.Estimate(SixMp);

        Assert.That(curve.Steps.Select(s => s.Time), Is.EqualTo(new[] { 6.0, 7, 10, 13, 16, 22, 23 }));
        Assert.That((curve.Count, curve.EventCount, curve.Censored.Count), Is.EqualTo((21, 9, 12)));
        Assert.That(curve.Median, Is.EqualTo(23));
        Assert.That(curve.LastTime, Is.EqualTo(35));
    }

    [Test]
    public void SurvivalAt_BetweenEvents_HoldsTheLastStep()
    {
        var curve = KaplanMeier.Estimate(SixMp);

        Assert.That(curve.SurvivalAt(5.9), Is.EqualTo(1));
        Assert.That(curve.BandAt(5.9), Is.EqualTo((1.0, 1.0)));
        Assert.That(curve.SurvivalAt(8), Is.EqualTo(0.806723).Within(1e-6));
        Assert.That(curve.SurvivalAt(100), Is.EqualTo(0.448179).Within(1e-6));
    }

    [Test]
    public void Estimate_EveryoneAnswered_EndsAtZeroWithAClosedBand()
    {
        var curve = KaplanMeier.Estimate([new(1, true), new(2, true)]);

        Assert.That(curve.Steps[^1].Survival, Is.Zero);
        Assert.That((curve.Steps[^1].Lower, curve.Steps[^1].Upper), Is.EqualTo((0.0, 0.0)));
        Assert.That(curve.Median, Is.EqualTo(1));
    }

    [Test]
    public void Estimate_NobodyAnswered_NoStepsNoMedianAllCensored()
    {
        var curve = KaplanMeier.Estimate([new(60, false), new(60, false)]);

        Assert.That(curve.Steps, Is.Empty);
        Assert.That(curve.SurvivalAt(1e9), Is.EqualTo(1));
        Assert.That(curve.Median, Is.Null);
        Assert.That(curve.Censored, Is.EqualTo(new[] { 60.0, 60 }));
    }

    [Test]
    public void Estimate_NegativeTime_Refused()
    {
        Assert.That(() => KaplanMeier.Estimate([new(-1, true)]), Throws.ArgumentException);
    }
}
