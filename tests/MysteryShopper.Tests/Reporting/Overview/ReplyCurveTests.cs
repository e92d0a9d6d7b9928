using MysteryShopper.Judging.Quality;
using MysteryShopper.Reporting.Overview;

namespace MysteryShopper.Tests.Reporting.Overview;

public sealed class ReplyCurveTests
{
    [Test]
    public void Of_UnansweredEnquiries_CensoredAtTheirWindowNotDropped()
    {
        var curve = ReplyCurve.Of(new[]
        {
            SomeEnquiry.Probe("rival", "Rival", "competitor", 100, 0, mail: [(10, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("rival", "Rival", "competitor", 100, 1, mail: [(5, MessageKind.Auto, null)]),
            SomeEnquiry.Probe("rival", "Rival", "competitor", 50, 2),
            SomeEnquiry.Probe("rival", "Rival", "competitor", 100, 3, mail: [(30, MessageKind.Human, Answer.Partial)]),
        }.Select(p => new ProbeFacts(p))).Single();

        Assert.That(curve.Estimate.Count, Is.EqualTo(4));
        Assert.That(curve.Estimate.Censored, Is.EqualTo(new[] { 50.0, 100 }));
        Assert.That(curve.Points.Select(p => (p.Seconds, Math.Round(p.Share, 4))), Is.EqualTo(new[] { (10.0, 0.25), (30.0, 0.5) }));
        Assert.That(curve.ShareWithin(20), Is.EqualTo(0.25));
        Assert.That(curve.ShareWithin(3600), Is.Null, "nobody was watched an hour: the curve cannot say");
        Assert.That(curve.Points[0].Lower, Is.LessThan(0.25).And.GreaterThanOrEqualTo(0));
        Assert.That(curve.Points[0].Upper, Is.GreaterThan(0.25).And.LessThanOrEqualTo(1));
    }

    [Test]
    public void ShareWithin_EveryEnquiryAnswered_KnownBeyondTheLongestWatch()
    {
        var curve = ReplyCurve.Of(new[]
        {
            SomeEnquiry.Probe("own", "Own", "own", 5, 0, mail: [(5, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("own", "Own", "own", 4, 1, mail: [(4, MessageKind.Human, Answer.Full)]),
        }.Select(p => new ProbeFacts(p))).Single();

        Assert.That(curve.ShareWithin(3600), Is.EqualTo(1));
        Assert.That(curve.ShareWithin(4.5), Is.EqualTo(0.5));
    }

    [Test]
    public void Of_NewsletterProbes_NoCurve()
    {
        Assert.That(ReplyCurve.Of(SomeRun.ThreeCompanies().Probes.Select(p => new ProbeFacts(p))), Is.Empty);
    }
}
