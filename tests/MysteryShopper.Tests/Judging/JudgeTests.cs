using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Judging;

public class JudgeTests
{
    private static ScenarioDefinition Scenario() => SuiteLoader.Load(
    [
        new SourceFile("targets.yaml", "targets: { own: { role: own, url: 'https://own.example' } }"),
        new SourceFile("personas.yaml", "personas: { default: { name: Alex Morgan } }"),
        new SourceFile("s.yaml", """
            name: signup
            targets: [own]
            journey:
              - mark: submitted
              - expect_email: { as: welcome, within: 10s }
            measure:
              time_to_welcome: welcome.received - submitted
            expect:
              time_to_welcome: "< 5s"
              emails_received: ">= 1"
            """),
    ]).Suite!.Scenarios[0];

    private static ProbeRecord Record(bool completed, params ReceivedEmail[] emails) => new()
    {
        ProbeId = "signup/own/default",
        Scenario = "signup",
        ScenarioFile = "s.yaml",
        TargetId = "own",
        TargetName = "Own",
        TargetRole = "own",
        TargetUrl = "https://own.example",
        Persona = "default",
        FirstName = "Alex",
        Email = "shopper+tok@inbox.mshop.test",
        Token = "tok",
        StartedAt = Some.Start,
        FinishedAt = Some.Start.AddSeconds(10),
        JourneyCompleted = completed,
        Observations = [new Observation(ObservationKind.Mark, Some.Start.AddSeconds(1)) { Name = "submitted" }],
        Emails = emails,
        NamedEmails = emails.Length > 0 ? new Dictionary<string, string> { ["welcome"] = emails[0].Id } : new Dictionary<string, string>(),
        Screenshots = [],
    };

    [Test]
    public void Evaluate_PageOpenedDialogs_DialogsCountsThem()
    {
        var record = Record(true) with
        {
            Observations =
            [
                new Observation(ObservationKind.Dialog, Some.Start.AddSeconds(1)) { Name = "alert", Detail = "Welcome back" },
                new Observation(ObservationKind.Dialog, Some.Start.AddSeconds(2)) { Name = "confirm", Detail = "Are you sure?" },
            ],
        };

        Assert.That(Judge.Evaluate(Scenario(), null, record).Metric("dialogs")!.Value, Is.EqualTo(2));
        Assert.That(Judge.Evaluate(Scenario(), null, Record(true)).Metric("dialogs")!.Value, Is.Zero);
    }

    [Test]
    public void Evaluate_WelcomeInTime_MeasuresFromTheMarkAndPasses()
    {
        var verdict = Judge.Evaluate(Scenario(), null, Record(true, Some.Email("Welcome, Alex!", 3.5)));

        Assert.That(verdict.Metric("time_to_welcome")!.Value, Is.EqualTo(2.5).Within(1e-9));
        Assert.That(verdict.Expectations.Select(e => e.Passed), Is.All.True);
        Assert.That(verdict.Passed, Is.True);
        Assert.That(verdict.Emails.Single().Personal, Is.True);
    }

    [Test]
    public void Evaluate_WelcomeTooLate_FailsWithTheActualValue()
    {
        var verdict = Judge.Evaluate(Scenario(), null, Record(true, Some.Email("Welcome", 7)));

        var expectation = verdict.Expectations.Single(e => e.Metric == "time_to_welcome");
        Assert.That(expectation.Passed, Is.False);
        Assert.That(expectation.Reason, Is.EqualTo("6.0 s does not meet < 5s"));
        Assert.That(verdict.Passed, Is.False);
        Assert.That(verdict.Emails.Single().Personal, Is.False);
    }

    [Test]
    public void Evaluate_NoEmail_ExpectationIsNotMeasuredAndFails()
    {
        var verdict = Judge.Evaluate(Scenario(), null, Record(false));

        Assert.That(verdict.Metric("time_to_welcome")!.Value, Is.Null);
        var expectation = verdict.Expectations.Single(e => e.Metric == "time_to_welcome");
        Assert.That(expectation.Reason, Is.EqualTo("not measured: 'welcome.received' did not happen"));
        Assert.That(verdict.Metric("emails_received")!.Value, Is.Zero);
        Assert.That(verdict.Passed, Is.False);
    }

    [Test]
    public void Evaluate_ExpectationsMetButJourneyBroken_Fails()
    {
        var verdict = Judge.Evaluate(Scenario(), null, Record(false, Some.Email("Welcome", 2)));

        Assert.That(verdict.Expectations.Select(e => e.Passed), Is.All.True);
        Assert.That(verdict.Passed, Is.False);
    }

    [TestCase("< 5s", 4.9, true)]
    [TestCase("< 5s", 5, false)]
    [TestCase("<= 24h", 86400, true)]
    [TestCase(">= 7", 6.5, false)]
    [TestCase("== 0", 0, true)]
    public void Threshold_IsMetBy_ComparesInSeconds(string text, double actual, bool met) =>
        Assert.That(Threshold.TryParse(text)!.IsMetBy(actual), Is.EqualTo(met));
}
