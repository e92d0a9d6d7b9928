using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Schema;
using MysteryShopper.Cli.Running;
using MysteryShopper.IntegrationTests.Cli;
using MysteryShopper.Pipeline;
using MysteryShopper.Reporting.GitHub;

namespace MysteryShopper.IntegrationTests.Reporting;

/// <summary>
/// What CI reads from a real run against the three demo companies: plain progress lines, junit.xml valid against the
/// JUnit schema and pointing at the scenario's lines, readable results.json, summary.md, and in GitHub Actions the
/// annotations and the job summary.
/// </summary>
[NonParallelizable]
public sealed partial class MachineOutputTests
{
    // Every probe misses console_errors (line 8) and page_load's warning (line 7); emails_received (line 6) is met.
    private const string Scenario = """
        name: machine-output
        targets: [brightwave, corvid, dunmore]
        journey:
          - goto: "{target.url}/newsletter"
        expect:
          emails_received: "== 0"
          page_load: { threshold: "> 1h", severity: warn }
          console_errors: ">= 100"
        """;

    private static RunOutcome _outcome = null!;
    private static string _progress = "";

    [GeneratedRegex(@"^\[\d\d:\d\d\] (Brightwave|Corvid & Co|Dunmore Direct) · machine-output: (running|failed) \((\d)/3 done\)$")]
    private static partial Regex ProgressLine();

    [OneTimeSetUp]
    public async Task RunOnce()
    {
        using var output = new StringWriter();
        var progress = new PlainProgress(output, TimeProvider.System);
        _outcome = await DemoSuite.RunAsync(Scenario, new RunSettings { Progress = progress, Wait = TimeSpan.Zero });
        _progress = output.ToString();
    }

    [Test]
    public void PlainProgress_RealRun_ALinePerStateChangeCountingWhatIsDone()
    {
        var lines = _progress.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.That(lines, Has.Length.EqualTo(6), _progress);
        Assert.That(lines.Select(l => ProgressLine().IsMatch(l)), Is.All.True, _progress);
        Assert.That(lines.Count(l => l.Contains(": running (", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(lines.Where(l => l.Contains(": failed (", StringComparison.Ordinal)).Select(l => ProgressLine().Match(l).Groups[3].Value),
            Is.EqualTo(new[] { "1", "2", "3" }), "done counts up as probes finish");
    }

    [Test]
    public void JUnit_RealRun_ValidAndEachFailurePointsAtItsExpectationsLine()
    {
        var path = Path.Combine(_outcome.Directory, "junit.xml");
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "junit", "junit-10.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var reader = XmlReader.Create(path, settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.That(errors, Is.Empty);
        var xml = File.ReadAllText(path);
        Assert.That(Regex.Count(xml, Regex.Escape("(test.yaml:8:3)\" type=\"ExpectationFailed\"")), Is.EqualTo(3), xml);
        Assert.That(Regex.Count(xml, "WARNING: expected page_load &gt; 1h"), Is.EqualTo(3), xml);
        Assert.That(xml, Does.Contain("<testsuite name=\"machine-output · Corvid &amp; Co\""));
    }

    [Test]
    public void ResultsJson_RealRun_ReadableTextAndRelativeScreenshots()
    {
        var json = File.ReadAllText(Path.Combine(_outcome.Directory, "results.json"));

        Assert.That(json, Does.Not.Contain("\\u002B").And.Not.Contain("\\u0022").And.Not.Contain("\\u0027"));
        Assert.That(json, Does.Contain($"\"email\": \"{_outcome.Result.Probes[0].Record.Email}\""), "the + of a probe address as itself");
        Assert.That(_outcome.Result.Probes.SelectMany(p => p.Record.Screenshots), Is.Not.Empty.And.All.StartWith("screenshots/"));
    }

    [Test]
    public void SummaryMd_RealRun_OwnCompanyFirstAndBoldFailuresFolded()
    {
        var summary = File.ReadAllText(Path.Combine(_outcome.Directory, "summary.md"));

        Assert.That(Encoding.UTF8.GetByteCount(summary), Is.LessThan(64 * 1024));
        Assert.That(summary, Does.Contain("| **Brightwave (own)** | **FAIL** |"));
        Assert.That(Regex.Count(summary, "<details>"), Is.EqualTo(6), "failures and warnings of three companies");
        Assert.That(summary, Does.Contain("- `test.yaml:8:3` expected console_errors >= 100, got 0"));
    }

    [Test]
    public async Task GitHubActions_RealRun_AnnotatesTheExpectationLinesAndAppendsTheJobSummary()
    {
        var folder = TestPaths.NewScratch("gha");
        var summaryFile = Path.Combine(folder, "step-summary.md");
        var environment = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summaryFile };
        using var output = new StringWriter();

        await GitHubActions.ReportAsync(_outcome.Result, _outcome.Redactor, output, n => environment.GetValueOrDefault(n), CancellationToken.None);

        var commands = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(commands.Count(c => c.StartsWith("::error file=test.yaml,line=8,col=3,title=", StringComparison.Ordinal)), Is.EqualTo(3), output.ToString());
        Assert.That(commands.Count(c => c.StartsWith("::warning file=test.yaml,line=7,col=3,title=", StringComparison.Ordinal)), Is.EqualTo(3), output.ToString());
        Assert.That(File.ReadAllText(summaryFile), Does.Contain("### Leaderboard"));
    }

    [Test]
    public async Task MshopRun_InGitHubActionsWithOutputRedirected_PlainProgressAnnotationsAndJobSummary()
    {
        var workspace = TestPaths.NewScratch("gha-run");
        foreach (var file in new[] { "targets.yaml", "personas.yaml" })
        {
            File.Copy(Path.Combine(TestPaths.Scenarios, file), Path.Combine(workspace, file));
        }

        await File.WriteAllTextAsync(Path.Combine(workspace, "machine.yaml"), Scenario.Replace("targets: [brightwave, corvid, dunmore]", "targets: [brightwave]", StringComparison.Ordinal));
        var summaryFile = Path.Combine(workspace, "step-summary.md");
        var environment = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summaryFile };

        await using var run = MshopChild.Start(workspace, environment, "run", ".", "--wait", "0s", "--report", "junit,md");
        var exit = await run.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.That(exit, Is.EqualTo(1), run.Transcript);
        Assert.That(run.Output, Does.Match(@"\[\d\d:\d\d\] Brightwave · machine-output: failed \(1/1 done\)"), run.Transcript);
        Assert.That(run.Output, Does.Contain("::error file=machine.yaml,line=8,col=3,title=Brightwave · machine-output%3A console_errors >= 100::expected console_errors >= 100, got 0"), run.Transcript);
        Assert.That(File.ReadAllText(summaryFile), Does.StartWith("## ❌ MysteryShopper run").And.Contain("| **Brightwave (own)** | **FAIL** |"));
    }
}
