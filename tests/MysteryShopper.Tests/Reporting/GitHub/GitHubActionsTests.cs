using MysteryShopper.Redaction;
using MysteryShopper.Reporting.GitHub;

namespace MysteryShopper.Tests.Reporting.GitHub;

public sealed class GitHubActionsTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        Directory.CreateDirectory(_folder.Path);
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private static Func<string, string?> Environment(string? summary = null, string actions = "true")
    {
        var variables = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = actions,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "acme/shop",
            ["GITHUB_RUN_ID"] = "7",
        };
        return name => variables.GetValueOrDefault(name);
    }

    [TestCase("plain", "plain")]
    [TestCase("100%\r\nsure", "100%25%0D%0Asure")]
    [TestCase("a:b,c", "a:b,c")]
    public void EscapeData_MessageText_PercentCrLfEscaped(string text, string expected) =>
        Assert.That(GitHubActions.EscapeData(text), Is.EqualTo(expected));

    [TestCase("a:b,c", "a%3Ab%2Cc")]
    [TestCase("50%\nx", "50%25%0Ax")]
    public void EscapeProperty_PropertyValue_AlsoColonAndComma(string text, string expected) =>
        Assert.That(GitHubActions.EscapeProperty(text), Is.EqualTo(expected));

    [Test]
    public void Commands_RichRun_ErrorsAtTheScenarioLinesThenWarnings()
    {
        var commands = GitHubActions.Commands(MachineRun.Rich());

        Assert.That(commands, Is.EqualTo(new[]
        {
            $"::error file=scenarios/newsletter.yaml,line=14,col=5,title=Rival B · newsletter-signup%3A journey failed::step 3 (click button \"Subscribe\") failed: {SomeRun.RivalBReason}",
            $"::error file=scenarios/newsletter.yaml,line={MachineRun.WelcomeLine},col=3,title=Rival B · newsletter-signup%3A time_to_welcome < 5m::expected time_to_welcome < 5m: not measured: {SomeRun.WelcomeMissing}",
            $"::error file=scenarios/newsletter.yaml,title=Brightwave · newsletter-signup%3A time_to_welcome regressed::{MachineRun.Regression.Replace("%", "%25", StringComparison.Ordinal)} against baseline run 20261116-090000-base (tag release-1)",
            $"::warning file=scenarios/newsletter.yaml,line={MachineRun.PageLoadLine},col=3,title=Brightwave · newsletter-signup%3A page_load < 2.5s::expected page_load < 2.5s, got 3.1 s: 3.1 s does not meet < 2.5s",
        }));
    }

    [Test]
    public void Commands_AbsoluteScenarioPath_RelativeToTheWorkspace()
    {
        var run = SomeRun.Run(SomeRun.RivalB() with { Record = SomeRun.RivalB().Record with { Failure = SomeRun.RivalB().Record.Failure! with { File = "/home/runner/work/shop/scenarios/x.yaml" } } });

        var command = GitHubActions.Commands(run, "/home/runner/work/shop")[0];

        Assert.That(command, Does.StartWith("::error file=scenarios/x.yaml,line=14,col=5,"));
    }

    [Test]
    public async Task ReportAsync_InGitHubActions_AnnotatesAndAppendsTheSummaryToTheJobSummary()
    {
        var summary = Path.Combine(_folder.Path, "step_summary.md");
        await File.WriteAllTextAsync(summary, "earlier step\n");
        using var output = new StringWriter();

        await GitHubActions.ReportAsync(MachineRun.Rich(), new Redactor([SomeRun.RivalBReason]), output, Environment(summary), CancellationToken.None);

        var text = await File.ReadAllTextAsync(summary);
        Assert.That(text, Does.StartWith("earlier step\n## ❌ MysteryShopper run"), "appended, not replaced");
        Assert.That(text, Does.Contain("(https://github.com/acme/shop/actions/runs/7)"));
        Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4).And.All.StartWith("::"));
        Assert.That(output.ToString() + text, Does.Not.Contain(SomeRun.RivalBReason), "secrets masked in both");
    }

    [Test]
    public async Task ReportAsync_OutsideGitHubActions_DoesNothing()
    {
        var summary = Path.Combine(_folder.Path, "step_summary.md");
        using var output = new StringWriter();

        await GitHubActions.ReportAsync(MachineRun.Rich(), Redactor.None, output, Environment(summary, actions: "false"), CancellationToken.None);

        Assert.That(output.ToString(), Is.Empty);
        Assert.That(File.Exists(summary), Is.False);
    }

    [Test]
    public async Task ReportAsync_SummaryFileCannotBeWritten_WarnsAndGoesOn()
    {
        var summary = Path.Combine(_folder.Path, "missing-folder", "summary.md");
        using var output = new StringWriter();

        await GitHubActions.ReportAsync(MachineRun.Rich(), Redactor.None, output, Environment(summary), CancellationToken.None);

        Assert.That(output.ToString(), Does.Contain("::warning::the job summary could not be written to " + summary));
    }
}
