using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.JUnit;

namespace MysteryShopper.Tests.Reporting.JUnit;

public sealed class JUnitReportWriterTests
{
    private static XElement SuiteOf(XDocument document, string name) =>
        document.Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == name);

    private static XElement CaseOf(XElement suite, string name) =>
        suite.Elements("testcase").Single(c => (string)c.Attribute("name")! == name);

    /// <summary>Validates against Jenkins' junit-10.xsd (TestData/junit); the errors, each with its line.</summary>
    private static List<string> SchemaErrors(string xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "junit", "junit-10.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} at {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    private static async Task<string> WrittenAsync(RunResult run)
    {
        using var stream = new MemoryStream();
        await new JUnitReportWriter().RenderAsync(run, stream, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Test]
    public async Task RenderAsync_RichRun_IsValidAgainstTheJUnitSchema()
    {
        var errors = SchemaErrors(await WrittenAsync(MachineRun.Rich()));

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task SchemaCheck_DocumentBreakingTheSchema_IsRejected()
    {
        // The check itself must be able to fail: a suite without its required name, and an attribute junit-10 does not have.
        var xml = (await WrittenAsync(MachineRun.Rich()))
            .Replace("<testsuite name=\"newsletter-signup · Brightwave\"", "<testsuite", StringComparison.Ordinal)
            .Replace("<testsuite name=\"newsletter-signup · Rival A\" tests=\"2\"", "<testsuite name=\"newsletter-signup · Rival A\" tests=\"2\" seconds=\"soon\"", StringComparison.Ordinal);

        Assert.That(SchemaErrors(xml), Has.Count.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void Render_ThreeCompanies_ASuitePerProbeWithAJourneyCaseAndOneCasePerExpectation()
    {
        var document = JUnitReportWriter.Render(SomeRun.ThreeCompanies());

        var suites = document.Root!.Elements("testsuite").ToList();
        Assert.That(suites.Select(s => (string)s.Attribute("name")!), Is.EqualTo(new[]
        {
            "newsletter-signup · Rival A", "newsletter-signup · Brightwave", "newsletter-signup · Rival B", "newsletter-signup · rival-c",
        }));
        Assert.That(CaseOf(suites[1], "journey").Elements(), Is.Empty, "Brightwave's journey passed");
        Assert.That(suites[1].Elements("testcase").Select(c => (string)c.Attribute("name")!), Is.EqualTo(new[] { "journey", "time_to_welcome < 5m" }));
        Assert.That((string)suites[1].Attribute("file")!, Is.EqualTo(SomeRun.ScenarioFile));
        Assert.That((int)document.Root!.Attribute("tests")!, Is.EqualTo(7));
        Assert.That((int)document.Root!.Attribute("failures")!, Is.EqualTo(2), "Rival B's journey and its expectation");
    }

    [Test]
    public void Render_FailedExpectation_NamesMetricThresholdValueAndTheScenarioLine()
    {
        var slow = SomeRun.Brightwave() with
        {
            Verdict = SomeRun.Brightwave().Verdict with
            {
                Passed = false,
                Expectations = [new ExpectationResult("time_to_welcome", "< 1s", 3.0, false, "3.0 s does not meet < 1s") { Line = 17, Column = 3 }],
            },
        };

        var failure = CaseOf(SuiteOf(JUnitReportWriter.Render(SomeRun.Run(slow)), "newsletter-signup · Brightwave"), "time_to_welcome < 1s").Element("failure")!;

        Assert.That((string)failure.Attribute("type")!, Is.EqualTo("ExpectationFailed"));
        Assert.That((string)failure.Attribute("message")!,
            Is.EqualTo("expected time_to_welcome < 1s, got 3.0 s: 3.0 s does not meet < 1s (scenarios/newsletter.yaml:17:3)"));
    }

    [Test]
    public void Render_JourneyFailed_FailureNamesTheStepItsPlaceScreenshotAndTrace()
    {
        var suite = SuiteOf(JUnitReportWriter.Render(MachineRun.Rich()), "newsletter-signup · Rival B");

        var failure = CaseOf(suite, "journey").Element("failure")!;
        Assert.That((string)failure.Attribute("message")!, Is.EqualTo($"step 3 (click button \"Subscribe\") failed: {SomeRun.RivalBReason} (scenarios/newsletter.yaml:14:5)"));
        Assert.That(failure.Value, Does.Contain("screenshot: screenshots/newsletter-signup--rival-b--failure.png")
            .And.Contain("trace: traces/newsletter-signup--rival-b.zip (open with 'npx playwright show-trace traces/newsletter-signup--rival-b.zip')"));
        Assert.That((string)CaseOf(suite, "time_to_welcome < 5m").Element("failure")!.Attribute("message")!,
            Does.Contain("not measured").And.EndWith($"(scenarios/newsletter.yaml:{MachineRun.WelcomeLine}:3)"));
    }

    [Test]
    public void Render_Warning_PassesWithWarningInItsOutput()
    {
        var suite = SuiteOf(JUnitReportWriter.Render(MachineRun.Rich()), "newsletter-signup · Brightwave");

        var warning = CaseOf(suite, "page_load < 2.5s");
        Assert.That(warning.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "system-out" }), "no failure: a warning never fails CI");
        Assert.That(warning.Element("system-out")!.Value, Is.EqualTo($"WARNING: expected page_load < 2.5s, got 3.1 s: 3.1 s does not meet < 2.5s (scenarios/newsletter.yaml:{MachineRun.PageLoadLine}:3)"));
        Assert.That((int)suite.Attribute("failures")!, Is.Zero);
    }

    [Test]
    public void Render_ProbeHeldBackByPoliteness_SkippedWithTheReason()
    {
        var suite = SuiteOf(JUnitReportWriter.Render(MachineRun.Rich()), "newsletter-signup · rival-c");

        Assert.That((string)CaseOf(suite, "journey").Element("skipped")!.Attribute("message")!, Is.EqualTo(SomeRun.SkipReason));
        Assert.That((int)suite.Attribute("skipped")!, Is.EqualTo(1));
    }

    [Test]
    public void Render_AwaitingProbe_SkippedWithWhatItAwaits()
    {
        var suite = SuiteOf(JUnitReportWriter.Render(MachineRun.Rich()), "newsletter-signup · Rival D");

        Assert.That((string)CaseOf(suite, "journey").Element("skipped")!.Attribute("message")!, Is.EqualTo("awaiting mail until 2026-11-25 09:00 UTC; 'mshop collect' completes it"));
        Assert.That((int)suite.Attribute("failures")!, Is.Zero);
    }

    [Test]
    public void Render_Metrics_AreTheSuitesProperties()
    {
        var suite = SuiteOf(JUnitReportWriter.Render(MachineRun.Rich()), "newsletter-signup · Rival B");

        var properties = suite.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        Assert.That(properties["metric.emails_received"], Is.EqualTo("0"));
        Assert.That(properties["metric.time_to_welcome"], Is.EqualTo($"not measured: {SomeRun.WelcomeMissing}"));
        Assert.That(properties["target.role"], Is.EqualTo("competitor"));
        Assert.That(properties["state"], Is.EqualTo("failed"));
        var brightwave = SuiteOf(JUnitReportWriter.Render(MachineRun.Rich()), "newsletter-signup · Brightwave").Element("properties")!;
        Assert.That(brightwave.Elements().Single(p => (string)p.Attribute("name")! == "metric.time_to_welcome").Attribute("value")!.Value, Is.EqualTo("3"), "seconds");
    }

    [Test]
    public void Render_Baseline_RegressionIsAFailingCaseOfTheRegressionsSuite()
    {
        var suite = SuiteOf(JUnitReportWriter.Render(MachineRun.Rich()), JUnitReportWriter.RegressionsSuite);

        var regressed = CaseOf(suite, "newsletter-signup · Brightwave · time_to_welcome").Element("failure")!;
        Assert.That((string)regressed.Attribute("message")!, Is.EqualTo($"{MachineRun.Regression} against baseline run 20261116-090000-base (tag release-1)"));
        Assert.That(CaseOf(suite, "newsletter-signup · Rival A · time_to_welcome").Element("failure"), Is.Null);
        Assert.That(CaseOf(suite, "newsletter-signup · Rival B · time_to_welcome").Element("skipped"), Is.Not.Null);
        Assert.That(((int)suite.Attribute("tests")!, (int)suite.Attribute("failures")!), Is.EqualTo((3, 1)));
    }

    [Test]
    public void Render_SamplesOfOneProbe_SuitesNamedApart()
    {
        var run = SomeRun.Run(SomeRun.Brightwave(), SomeRun.Brightwave());

        var names = JUnitReportWriter.Render(run).Root!.Elements("testsuite").Select(s => (string)s.Attribute("name")!);

        Assert.That(names, Is.EqualTo(new[] { "newsletter-signup · Brightwave", "newsletter-signup · Brightwave #2" }));
    }

    [Test]
    public async Task WriteAsync_ControlCharacterInReason_StillWritesParseableXmlKeepingEmoji()
    {
        using var folder = new TempFolder();
        var odd = SomeRun.RivalB() with
        {
            Record = SomeRun.RivalB().Record with { Failure = new StepFailure(1, "click", "s.yaml", 1, 1, "bell \u0007 rang 🔔") },
        };

        var path = await new JUnitReportWriter().WriteAsync(SomeRun.Run(odd), folder.Path, CancellationToken.None);

        Assert.That(Path.GetFileName(path), Is.EqualTo("junit.xml"));
        var document = XDocument.Load(path);
        Assert.That((string)document.Descendants("failure").First().Attribute("message")!, Does.Contain("bell  rang 🔔"));
    }
}
