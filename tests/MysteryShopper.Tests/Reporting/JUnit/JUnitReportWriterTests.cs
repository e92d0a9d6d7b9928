using System.Xml.Linq;
using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Reporting.JUnit;

namespace MysteryShopper.Tests.Reporting.JUnit;

public sealed class JUnitReportWriterTests
{
    [Test]
    public void Render_ThreeCompanies_OneSuiteThreeCasesOneFailure()
    {
        var root = JUnitReportWriter.Render(SomeRun.ThreeCompanies()).Root!;

        Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
        Assert.That((int)root.Attribute("tests")!, Is.EqualTo(3));
        Assert.That((int)root.Attribute("failures")!, Is.EqualTo(1));
        var suite = root.Elements("testsuite").Single();
        Assert.That((string)suite.Attribute("name")!, Is.EqualTo(SomeRun.Scenario));
        var cases = suite.Elements("testcase").ToList();
        Assert.That(cases.Select(c => (string)c.Attribute("name")!), Is.EqualTo(new[] { "rival-a", "brightwave", "rival-b" }));
        Assert.That(cases.Select(c => (string)c.Attribute("classname")!), Is.All.EqualTo(SomeRun.Scenario));
        Assert.That(cases.Select(c => (string)c.Attribute("time")!), Is.EqualTo(new[] { "34", "6", "16" }));
        Assert.That(root.Descendants("failure").Count(), Is.EqualTo(1));
    }

    [Test]
    public void Render_FailingProbe_FailureHasReasonAndFailedExpectation()
    {
        var failure = JUnitReportWriter.Render(SomeRun.ThreeCompanies()).Descendants("failure").Single();

        Assert.That((string)failure.Parent!.Attribute("name")!, Is.EqualTo("rival-b"));
        var message = (string)failure.Attribute("message")!;
        Assert.That(message, Does.Contain("(scenarios/newsletter.yaml:14:5): " + SomeRun.RivalBReason));
        Assert.That(message, Does.Contain("expected time_to_welcome < 5m: not measured"));
        Assert.That(failure.Value, Does.Contain(SomeRun.RivalBReason).And.Contain("expected time_to_welcome < 5m"));
    }

    [Test]
    public void Render_OnlyAnExpectationFailed_FailureOfTypeExpectation()
    {
        var slow = SomeRun.Brightwave() with
        {
            Verdict = SomeRun.Brightwave().Verdict with
            {
                Passed = false,
                Expectations = [new ExpectationResult("time_to_welcome", "< 1s", 3.0, false, "3.0 s does not meet < 1s")],
            },
        };

        var failure = JUnitReportWriter.Render(SomeRun.Run(slow)).Descendants("failure").Single();

        Assert.That((string)failure.Attribute("type")!, Is.EqualTo("ExpectationFailed"));
        Assert.That((string)failure.Attribute("message")!, Is.EqualTo("expected time_to_welcome < 1s: 3.0 s does not meet < 1s"));
    }

    [Test]
    public async Task WriteAsync_ControlCharacterInReason_StillWritesParseableXml()
    {
        using var folder = new TempFolder();
        var odd = SomeRun.RivalB() with
        {
            Record = SomeRun.RivalB().Record with { Failure = new StepFailure(1, "click", "s.yaml", 1, 1, "bell \u0007 rang") },
        };

        var path = await new JUnitReportWriter().WriteAsync(SomeRun.Run(odd), folder.Path, CancellationToken.None);

        Assert.That(Path.GetFileName(path), Is.EqualTo("junit.xml"));
        var document = XDocument.Load(path);
        Assert.That((string)document.Descendants("failure").Single().Attribute("message")!, Does.Contain("bell  rang"));
    }
}
