using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Overview;

namespace MysteryShopper.Tests.Reporting.Overview;

public sealed class TrendTests
{
    [Test]
    public void Of_HistoryAndBaseline_EachHeadlineOverEveryRunBaselineAndCurrentMarked()
    {
        var older = SomeRun.Run(SomeRun.Brightwave(), SomeRun.RivalB()) with { RunId = "r1" };
        var middle = SomeRun.Run(SomeRun.Brightwave() with { Record = SomeRun.Brightwave().Record with { JourneyCompleted = false } }, SomeRun.RivalB()) with { RunId = "r2" };
        var run = SomeRun.Run(SomeRun.Brightwave(), SomeRun.RivalB()) with
        {
            History = [older, middle],
            Baseline = new BaselineComparison("r1", [new MetricChange("newsletter-signup", "brightwave", "Brightwave", "time_to_welcome", ChangeVerdict.Regressed, "threshold") { Summary = "time_to_welcome 3.0 s → 9.0 s" }]),
        };

        var trends = Trend.Of(run);
        var overview = RunOverview.Of(run);

        Assert.That(trends.Select(t => t.Column), Is.EqualTo(Trend.Headlines));
        var success = trends[0].Series.Single(s => s.TargetId == "brightwave");
        Assert.That(success.Points.Select(p => (p.RunId, p.Value, p.IsBaseline, p.IsCurrent)), Is.EqualTo(new[]
        {
            ("r1", (double?)1, true, false), ("r2", 0, false, false), ("2026-11-23T0900-abc123", 1, false, true),
        }));
        Assert.That(trends[0].Series[0].IsOwn, Is.True, "own company first");
        Assert.That(overview.Regressions.Single().Summary, Does.Contain("3.0 s → 9.0 s"));
    }

    [Test]
    public void Of_NoHistory_NoTrends()
    {
        Assert.That(Trend.Of(SomeRun.ThreeCompanies()), Is.Empty);
    }
}
