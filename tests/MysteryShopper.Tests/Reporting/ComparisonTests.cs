using MysteryShopper.Execution;
using MysteryShopper.Reporting;
using MetricValue = MysteryShopper.Judging.MetricValue;

namespace MysteryShopper.Tests.Reporting;

public sealed class ComparisonTests
{
    private static ScenarioComparison Newsletter() => Comparison.From(SomeRun.ThreeCompanies()).Scenarios.Single();

    private static ComparisonRow Row(string label) =>
        Newsletter().Row(label) ?? throw new AssertionException($"no row '{label}'; rows: {string.Join(", ", Newsletter().Rows.Select(r => r.Label))}");

    [Test]
    public void From_ThreeCompanies_OwnColumnFirstThenCompetitorsInRunOrder()
    {
        var columns = Newsletter().Columns;

        Assert.That(columns.Select(c => c.TargetName), Is.EqualTo(new[] { "Brightwave", "Rival A", "Rival B" }));
        Assert.That(columns.Select(c => c.IsOwn), Is.EqualTo(new[] { true, false, false }));
        Assert.That(columns.Select(c => c.Passed), Is.EqualTo(new[] { true, true, false }));
    }

    [Test]
    public void From_ThreeCompanies_HasEveryRowInOrderWithOneCellPerColumn()
    {
        var scenario = Newsletter();

        Assert.That(scenario.Rows.Select(r => r.Label), Is.EqualTo(new[]
        {
            "Outcome",
            "Reached “signed up”",
            "Time to welcome",
            "Emails received",
            "Double opt-in",
            "Email “welcome”",
            "Email “confirm”",
            "Expect time to welcome < 5m",
            "Screenshots",
        }));
        Assert.That(scenario.Rows.Select(r => r.Cells.Count), Is.All.EqualTo(3));
    }

    [Test]
    public void From_FailingProbe_OutcomeIsFailWithReasonAndPlace()
    {
        var cells = Row("Outcome").Cells;

        Assert.That(cells.Select(c => c.Text), Is.EqualTo(new[] { "PASS", "PASS", "FAIL" }));
        Assert.That(cells.Select(c => c.Status), Is.EqualTo(new[] { CellStatus.Good, CellStatus.Good, CellStatus.Bad }));
        Assert.That(cells[2].Details, Has.Some.Contains("scenarios/newsletter.yaml:14:5").And.Contains(SomeRun.RivalBReason));
        Assert.That(cells[0].Details, Is.Empty);
    }

    [Test]
    public void From_Marks_ShowTimeSinceStartOrNo()
    {
        var cells = Row("Reached “signed up”").Cells;

        Assert.That(cells.Select(c => c.Text), Is.EqualTo(new[] { "yes, 1.2 s after the probe started", "yes, 2.5 s after the probe started", "no" }));
        Assert.That(cells[2].Status, Is.EqualTo(CellStatus.Bad));
    }

    [Test]
    public void From_MeasureInSeveralColumns_FastestIsGoodAndMissingShowsReason()
    {
        var cells = Row("Time to welcome").Cells;

        Assert.That((cells[0].Text, cells[0].Status, cells[0].Details), Is.EqualTo(("3.0 s", CellStatus.Good, new[] { "fastest" })));
        Assert.That((cells[1].Text, cells[1].Status, cells[1].Details), Is.EqualTo(("30.0 s", CellStatus.Neutral, Array.Empty<string>())));
        Assert.That(cells[2].Text, Is.EqualTo($"not measured ({SomeRun.WelcomeMissing})"));
        Assert.That(cells[2].Status, Is.EqualTo(CellStatus.Missing));
    }

    [Test]
    public void From_FasterCompetitor_CompetitorIsGood()
    {
        var slowOwn = SomeRun.Brightwave() with
        {
            Verdict = SomeRun.Brightwave().Verdict with { Metrics = [SomeRun.TimeToWelcome(400)] },
        };

        var cells = Comparison.From(SomeRun.Run(slowOwn, SomeRun.RivalA())).Scenarios.Single().Row("Time to welcome")!.Cells;

        Assert.That(cells.Select(c => c.Status), Is.EqualTo(new[] { CellStatus.Neutral, CellStatus.Good }));
        Assert.That(cells[0].Text, Is.EqualTo("6 m 40 s"));
    }

    [Test]
    public void From_MeasureInOneColumn_NotMarkedFastest()
    {
        var cells = Comparison.From(SomeRun.Run(SomeRun.Brightwave())).Scenarios.Single().Row("Time to welcome")!.Cells;

        Assert.That(cells.Single().Status, Is.EqualTo(CellStatus.Neutral));
    }

    [Test]
    public void From_BuiltInMetrics_NotShownAsMeasures()
    {
        var measures = Newsletter().Rows.Where(r => r.Kind == RowKind.Measure).Select(r => r.Label);

        Assert.That(measures, Is.EqualTo(new[] { "Time to welcome" }));
    }

    [Test]
    public void From_NoDialogsOrDepartures_NoRowsForThem()
    {
        Assert.That(Newsletter().Rows.Select(r => r.Kind), Has.None.EqualTo(RowKind.Dialogs).And.None.EqualTo(RowKind.Departures));
    }

    [Test]
    public void From_PageOpenedDialogs_EachWithItsTextAndNoneElsewhere()
    {
        var brightwave = SomeRun.Brightwave();
        var withDialogs = brightwave with
        {
            Record = brightwave.Record with
            {
                Observations =
                [
                    .. brightwave.Record.Observations,
                    new Observation(ObservationKind.Dialog, Some.Start.AddSeconds(2)) { Name = "alert", Detail = "Our chat is closed" },
                    new Observation(ObservationKind.Dialog, Some.Start.AddSeconds(3)) { Name = "confirm", Detail = "Leave without saving?" },
                ],
            },
            Verdict = brightwave.Verdict with { Metrics = [.. brightwave.Verdict.Metrics, new MetricValue("dialogs", 2, false)] },
        };

        var scenario = Comparison.From(SomeRun.Run(SomeRun.RivalA(), withDialogs)).Scenarios.Single();

        var cells = scenario.Row("Dialogs")!.Cells;
        Assert.That(cells.Select(c => c.Text), Is.EqualTo(new[] { "2 dialogs", "none" }));
        Assert.That(cells[0].Details, Is.EqualTo(new[] { "alert: “Our chat is closed”", "confirm: “Leave without saving?”" }));
        Assert.That(scenario.Rows.Where(r => r.Kind == RowKind.Measure).Select(r => r.Label), Has.None.EqualTo("Dialogs"), "the count is not a second row");
    }

    [Test]
    public void From_PageStoppedFromLeaving_BadWithWhereItWent()
    {
        const string Stopped = "the page at https://rival-a.example/pay tried to go to https://pay.example/, outside Rival A's own site (rival-a.example); not followed";
        var rival = SomeRun.RivalA();
        var left = rival with
        {
            Record = rival.Record with { Observations = [.. rival.Record.Observations, new Observation(ObservationKind.NavigationBlocked, Some.Start.AddSeconds(7)) { Name = "pay.example", Detail = Stopped }] },
        };

        var cells = Comparison.From(SomeRun.Run(left, SomeRun.Brightwave())).Scenarios.Single().Row("Left the site")!.Cells;

        Assert.That(cells.Select(c => (c.Text, c.Status)), Is.EqualTo(new[] { ("no", CellStatus.Good), ("tried once, stopped", CellStatus.Bad) }));
        Assert.That(cells[1].Details, Is.EqualTo(new[] { Stopped }));
    }

    [Test]
    public void From_EmailsReceived_CountWithSubjectsAndNoneIsBad()
    {
        var cells = Row("Emails received").Cells;

        Assert.That(cells.Select(c => c.Text), Is.EqualTo(new[] { "1 email", "2 emails", "none" }));
        Assert.That(cells[1].Details, Is.EqualTo(new[] { $"“{SomeRun.PipedSubject}”", $"“{SomeRun.HostileSubject}”" }));
        Assert.That(cells[2].Status, Is.EqualTo(CellStatus.Bad));
    }

    [Test]
    public void From_DoubleOptIn_YesOnlyWhereALinkWasClicked()
    {
        var cells = Row("Double opt-in").Cells;

        Assert.That(cells.Select(c => c.Text), Is.EqualTo(new[] { "no", "yes: a confirmation link had to be clicked", "no" }));
    }

    [Test]
    public void From_NamedEmail_SubjectTimingGreetingAndUnsubscribe()
    {
        var cells = Row("Email “welcome”").Cells;

        Assert.That(cells[0].Text, Is.EqualTo("“Welcome to Brightwave, Sam!”"));
        Assert.That(cells[0].Details, Is.EqualTo(new[] { "4.2 s after the probe started", "personal greeting", "unsubscribe header" }));
        Assert.That(cells[1].Details, Is.EqualTo(new[] { "32.5 s after the probe started", "generic greeting", "unsubscribe header" }));
        Assert.That(cells[2], Is.EqualTo(new ComparisonCell("not received", CellStatus.Missing)));
        Assert.That(Row("Email “confirm”").Cells[1].Details, Does.Contain("no unsubscribe header"));
    }

    [Test]
    public void From_Expectation_TickOrCrossWithReason()
    {
        var cells = Row("Expect time to welcome < 5m").Cells;

        Assert.That(cells[0], Is.EqualTo(new ComparisonCell("✓ 3.0 s meets < 5m", CellStatus.Good)));
        Assert.That(cells[2], Is.EqualTo(new ComparisonCell($"✗ not measured: {SomeRun.WelcomeMissing}", CellStatus.Bad)));
    }

    [Test]
    public void From_Screenshots_CellLinksTheRelativePaths()
    {
        var cells = Row("Screenshots").Cells;

        Assert.That(cells[2].Links, Is.EqualTo(new[] { "screenshots/newsletter-signup--rival-b--failure.png" }));
        Assert.That(cells[0].Text, Is.EqualTo("screenshots/newsletter-signup--brightwave--end.png"));
    }

    [Test]
    public void From_TwoScenarios_OneTablePerScenarioInRunOrder()
    {
        var run = SomeRun.Run(
            SomeRun.Plain("rival-a", "Rival A", "competitor", "contact-form"),
            SomeRun.Plain("brightwave", "Brightwave", "own", "newsletter-signup"),
            SomeRun.Plain("brightwave", "Brightwave", "own", "contact-form"));

        var scenarios = Comparison.From(run).Scenarios;

        Assert.That(scenarios.Select(s => s.Scenario), Is.EqualTo(new[] { "contact-form", "newsletter-signup" }));
        Assert.That(scenarios[0].Columns.Select(c => c.TargetId), Is.EqualTo(new[] { "brightwave", "rival-a" }));
    }

    [Test]
    public void From_ThreeCompanies_SummaryAndFailures()
    {
        var comparison = Comparison.From(SomeRun.ThreeCompanies());

        Assert.That(comparison.Summary, Is.EqualTo("2 of 3 probes passed"));
        Assert.That(comparison.Failures.Select(f => f.Probe.Record.TargetId), Is.EqualTo(new[] { "rival-b" }));
    }

    [Test]
    public void FailureReasons_JourneyFailureAndFailedExpectation_BothListedFailureFirst()
    {
        var reasons = Comparison.FailureReasons(SomeRun.RivalB());

        Assert.That(reasons, Has.Count.EqualTo(2));
        Assert.That(reasons[0], Is.EqualTo($"click button \"Subscribe\" (scenarios/newsletter.yaml:14:5): {SomeRun.RivalBReason}"));
        Assert.That(reasons[1], Is.EqualTo($"expected time_to_welcome < 5m: not measured: {SomeRun.WelcomeMissing}"));
    }

    [TestCase("time_to_welcome", "Time to welcome")]
    [TestCase("quality.score", "Quality score")]
    [TestCase("first_reply", "First reply")]
    [TestCase("lcp", "LCP")]
    [TestCase("signup_page_lcp", "Signup page LCP")]
    public void Humanise_SnakeOrDottedName_ReadsAsWords(string name, string expected) =>
        Assert.That(Comparison.Humanise(name), Is.EqualTo(expected));
}
