using ExpectationResult = MysteryShopper.Judging.ExpectationResult;
using MetricValue = MysteryShopper.Judging.MetricValue;
using ProbeVerdict = MysteryShopper.Judging.ProbeVerdict;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.JUnit;
using MysteryShopper.Reporting.Markdown;

namespace MysteryShopper.Tests.Reporting;

/// <summary>A probe still awaiting its reply is shown as such everywhere, and neither passes nor fails a run.</summary>
public sealed class AwaitingTests
{
    private static readonly DateTimeOffset Deadline = Some.Start.AddDays(2);

    private static RunResult WithAwaitingRivalB()
    {
        var waiting = SomeRun.RivalB() with { State = "awaiting", Deadline = Deadline };
        waiting = waiting with
        {
            Verdict = new ProbeVerdict(false, [], [new ExpectationResult("state", "awaiting", null, false, "awaiting mail until 2026-11-25 09:00 UTC; 'mshop collect' completes it")], []),
            Record = waiting.Record with { Failure = null, JourneyCompleted = true },
        };
        return SomeRun.Run(SomeRun.RivalA(), SomeRun.Brightwave(), waiting);
    }

    [Test]
    public void AllPassed_OnlyAwaitingBesidesPasses_IsTrue()
    {
        Assert.That(WithAwaitingRivalB().AllPassed, Is.True, "the exit code counts only what is decided");
        Assert.That(SomeRun.ThreeCompanies().AllPassed, Is.False);
    }

    [Test]
    public void Comparison_AwaitingProbe_IsAwaitingNotAFailure()
    {
        var comparison = Comparison.From(WithAwaitingRivalB());

        var outcome = comparison.Scenarios.Single().Row("Outcome")!.Cells;
        Assert.That(outcome.Select(c => c.Text), Is.EqualTo(new[] { "PASS", "PASS", "AWAITING" }));
        Assert.That(outcome[2].Details.Single(), Does.Contain("'mshop collect' completes it"));
        Assert.That(comparison.Failures, Is.Empty);
        Assert.That(comparison.Summary, Is.EqualTo("2 of 3 probes passed, 1 awaiting replies ('mshop collect' completes them)"));
    }

    [Test]
    public void JUnit_AwaitingProbe_IsSkippedWithTheReasonNotFailed()
    {
        var root = JUnitReportWriter.Render(WithAwaitingRivalB()).Root!;

        Assert.That(root.Attribute("failures")!.Value, Is.EqualTo("0"));
        var suite = root.Elements("testsuite").Single(s => s.Attribute("name")!.Value == "newsletter-signup · Rival B");
        Assert.That(suite.Elements("testcase").Select(c => c.Element("skipped")?.Attribute("message")?.Value), Is.All.Contain("awaiting mail until"));
    }

    [Test]
    public async Task Markdown_AwaitingProbe_SaysAwaiting()
    {
        using var stream = new MemoryStream();
        await new MarkdownReportWriter().RenderAsync(WithAwaitingRivalB(), stream, CancellationToken.None);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.That(text, Does.Contain("AWAITING").And.Contain("1 awaiting replies"));
    }

    [Test]
    public void MetricValue_UpperBound_ShownAsUnder()
    {
        var shown = Comparison.FormatValue(new MetricValue("time_to_password", 0.6, true) { UpperBound = true }, 0.6);

        Assert.That(shown, Does.StartWith("under "));
    }
}
