using MysteryShopper.Judging.Quality;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Overview;

namespace MysteryShopper.Tests.Reporting.Overview;

public sealed class LeaderboardTests
{
    private static Leaderboard Board(params ProbeResult[] probes) => Leaderboard.Of(null, probes.Select(p => new ProbeFacts(p)));

    [Test]
    public void Of_ThreeCompanies_RanksOwnFirstAndTheFailingCompanyLast()
    {
        var board = Board(SomeRun.RivalA(), SomeRun.Brightwave(), SomeRun.RivalB());

        Assert.That(board.Rows.Select(r => (r.Rank, r.TargetId)), Is.EqualTo(new[] { (1, "brightwave"), (2, "rival-a"), (3, "rival-b") }));
        Assert.That(board.Own!.TargetId, Is.EqualTo("brightwave"));
        Assert.That(board.Rows[2].Cell(LeaderboardColumn.JourneySuccess).Text, Is.EqualTo("0 % (0 of 1)"));
    }

    [Test]
    public void Of_SeveralSamplesPerCompany_AggregatesMedianAndShareNeverPicksOne()
    {
        var board = Board(
            SomeEnquiry.Probe("own", "Own", "own", 100, 0, mail: [(5, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("own", "Own", "own", 100, 1, mail: [(9, MessageKind.Human, Answer.Partial)]),
            SomeEnquiry.Probe("own", "Own", "own", 100, 2, mail: [(40, MessageKind.Human, Answer.Full)]));

        var row = board.Rows.Single();
        Assert.That(row.Cell(LeaderboardColumn.FirstHumanReply).Value, Is.EqualTo(9), "Kaplan–Meier median of 5, 9, 40");
        Assert.That(row.Cell(LeaderboardColumn.FirstHumanReply).Samples, Is.EqualTo(3));
        Assert.That(row.Cell(LeaderboardColumn.TimeToFirstEmail).Text, Is.EqualTo("9.0 s (median of 3)"));
        Assert.That(row.Cell(LeaderboardColumn.ReplyRate).Text, Is.EqualTo("100 % (3 of 3)"));
        Assert.That(row.Cell(LeaderboardColumn.AnsweredRate).Text, Is.EqualTo("67 % (2 of 3)"));
    }

    [Test]
    public void Of_SilenceCounts_MedianFromTheCurveNotFromRepliesAlone()
    {
        // One fast reply and two silences: the replies alone would say "2 s"; with silence the median is never reached.
        var board = Board(
            SomeEnquiry.Probe("rival", "Rival", "competitor", 60, 0, mail: [(2, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("rival", "Rival", "competitor", 60, 1),
            SomeEnquiry.Probe("rival", "Rival", "competitor", 60, 2));

        var cell = board.Rows.Single().Cell(LeaderboardColumn.FirstHumanReply);
        Assert.That((cell.Value, cell.Text), Is.EqualTo(((double?)null, "most never replied")));
    }

    [Test]
    public void Of_FailedJourneyFastest_NeverMarkedBestAtATime()
    {
        var board = Board(
            SomeEnquiry.Probe("own", "Own", "own", 100, mail: [(30, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("quick", "Quick but broken", "competitor", 100, journeyCompleted: false, mail: [(1, MessageKind.Human, Answer.None)]));

        var quick = board.Rows.Single(r => r.TargetId == "quick");
        var own = board.Rows.Single(r => r.TargetId == "own");
        Assert.That(quick.Cell(LeaderboardColumn.FirstHumanReply).Best, Is.False);
        Assert.That(own.Cell(LeaderboardColumn.FirstHumanReply).Best, Is.True);
        Assert.That(quick.Cell(LeaderboardColumn.JourneySuccess).Worst, Is.True);
        Assert.That(own.Cell(LeaderboardColumn.JourneySuccess).Best, Is.True);
    }

    [Test]
    public void Of_NoReplyAtAll_WorstAtFirstReplyBelowASlowReply()
    {
        var board = Board(
            SomeEnquiry.Probe("own", "Own", "own", 100, mail: [(80, MessageKind.Human, Answer.Full)]),
            SomeEnquiry.Probe("silent", "Silent", "competitor", 100));

        Assert.That(board.Rows.Single(r => r.TargetId == "silent").Cell(LeaderboardColumn.FirstHumanReply).Worst, Is.True);
        Assert.That(board.Rows.Single(r => r.TargetId == "own").Cell(LeaderboardColumn.FirstHumanReply).Best, Is.True);
    }

    [Test]
    public void Of_AllEqual_NeitherBestNorWorst()
    {
        var board = Board(SomeRun.Brightwave(), SomeRun.RivalA());

        Assert.That(board.Rows.Select(r => r.Cell(LeaderboardColumn.JourneySuccess)), Has.All.Matches<LeaderboardCell>(c => !c.Best && !c.Worst));
    }

    [Test]
    public void Of_ExperienceIndex_FromDecidedProbesScores()
    {
        var board = Board(
            SomeEnquiry.Probe("own", "Own", "own", 100, 0, experience: 9.5),
            SomeEnquiry.Probe("own", "Own", "own", 100, 1, experience: 3));

        var cell = board.Rows.Single().Cell(LeaderboardColumn.ExperienceIndex);
        Assert.That((cell.Value, cell.Text, cell.Samples), Is.EqualTo(((double?)0, "0", 2)));
    }
}
