using MysteryShopper.Judging.Quality;
using MysteryShopper.Reporting.Overview;

namespace MysteryShopper.Tests.Reporting.Overview;

public sealed class BenchmarkMeasuresTests
{
    [Test]
    public void Of_RepliesAcrossTheBuckets_CountsEachBucketAndNever()
    {
        const double Week = 7 * 86400;
        var measures = BenchmarkMeasures.Of(new[]
        {
            SomeEnquiry.Probe("own", "Own", "own", Week, 0, mail: [(120, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("own", "Own", "own", Week, 1, followUps: 1, mail: [(5, MessageKind.Auto, null), (1800, MessageKind.Human, Answer.Partial)]),
            SomeEnquiry.Probe("own", "Own", "own", Week, 2, mail: [(5, MessageKind.Auto, null), (7200, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("own", "Own", "own", Week, 3, mail: [(2 * 86400, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("own", "Own", "own", Week, 4, mail: [(60, MessageKind.Marketing, null)]),
        }.Select(p => new ProbeFacts(p))).Single();

        Assert.That((measures.Enquiries, measures.Replied, measures.Never), Is.EqualTo((5, 4, 1)));
        Assert.That((measures.Within5Minutes, measures.Within1Hour, measures.Within1To24Hours, measures.Over24Hours), Is.EqualTo((1, 1, 1, 1)));
        Assert.That((measures.AcknowledgedAutomatically, measures.AcknowledgedByPerson), Is.EqualTo((2, 2)), "a marketing mail first is neither");
        Assert.That((measures.FollowedUp, measures.AnsweredAll), Is.EqualTo((1, 3)));
        Assert.That(measures.MedianReplySeconds, Is.EqualTo((1800 + 7200) / 2.0));
        Assert.That(measures.MeanReplySeconds, Is.EqualTo((120 + 1800 + 7200 + (2 * 86400)) / 4.0));
        Assert.That(measures.CurveMedianSeconds, Is.EqualTo(7200), "S drops to 2/5 at 2 h");
    }

    [Test]
    public void Of_NoEnquiry_NoMeasures()
    {
        Assert.That(BenchmarkMeasures.Of([new ProbeFacts(MysteryShopper.Tests.Reporting.SomeRun.Brightwave())]), Is.Empty);
    }
}
