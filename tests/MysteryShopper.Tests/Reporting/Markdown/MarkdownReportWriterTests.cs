using System.Text.RegularExpressions;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Markdown;

namespace MysteryShopper.Tests.Reporting.Markdown;

public sealed partial class MarkdownReportWriterTests
{
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();

    private static string Document() => MarkdownReportWriter.Render(Comparison.From(SomeRun.ThreeCompanies()));

    private static List<string> ScenarioTable(string markdown) => markdown
        .Split('\n')
        .SkipWhile(l => !l.StartsWith("## Scenario: newsletter-signup", StringComparison.Ordinal))
        .SkipWhile(l => !l.StartsWith('|'))
        .TakeWhile(l => l.StartsWith('|'))
        .ToList();

    [Test]
    public void Render_ThreeCompanies_HeaderHasAColumnPerCompanyOwnFirst()
    {
        var header = ScenarioTable(Document())[0];

        Assert.That(header, Is.EqualTo("| | **Brightwave** (own) | **Rival A** (competitor) | **Rival B** (competitor) |"));
    }

    [Test]
    public void Render_ThreeCompanies_EveryRowHasFourCellsDespitePipesInText()
    {
        var table = ScenarioTable(Document());

        // Header, separator, and the nine rows of the comparison.
        Assert.That(table, Has.Count.EqualTo(11));
        Assert.That(table.Select(l => UnescapedPipe().Count(l)), Is.All.EqualTo(5));
    }

    [Test]
    public void Render_PipeInSubject_Escaped()
    {
        var markdown = Document();

        Assert.That(markdown, Does.Contain("“Confirm \\| Rival A”"));
        Assert.That(markdown, Does.Not.Contain(SomeRun.PipedSubject));
    }

    [Test]
    public void Render_HostileSubject_CannotOpenATag()
    {
        var markdown = Document();

        Assert.That(markdown, Does.Not.Contain("<script"));
        Assert.That(markdown, Does.Contain("&lt;script>alert(1)&lt;/script>"));
    }

    [Test]
    public void Render_ThreeCompanies_RowsCarryTheComparison()
    {
        var table = ScenarioTable(Document());

        Assert.That(table, Does.Contain("| Time to welcome | 3.0 s<br>fastest | 30.0 s | *not measured ('welcome' did not happen)* |"));
        Assert.That(table, Does.Contain("| Double opt-in | no | yes: a confirmation link had to be clicked | no |"));
        Assert.That(table.Single(l => l.StartsWith("| Screenshots", StringComparison.Ordinal)),
            Does.Contain("[newsletter-signup--rival-b--failure.png](screenshots/newsletter-signup--rival-b--failure.png)"));
    }

    [Test]
    public void Render_ThreeCompanies_TitleCountsFailuresAndUnattributed()
    {
        var markdown = Document();

        Assert.That(markdown, Does.StartWith("# Mystery shopper run 2026-11-23T0900-abc123\n"));
        Assert.That(markdown, Does.Contain("Started 2026-11-23 09:00:00 UTC, finished 2026-11-23 09:01:00 UTC"));
        Assert.That(markdown, Does.Contain("**2 of 3 probes passed.**"));
        var failures = markdown[markdown.IndexOf("## Failures", StringComparison.Ordinal)..];
        Assert.That(failures, Does.Contain("- **Rival B** in newsletter-signup"));
        Assert.That(failures, Does.Contain("scenarios/newsletter.yaml:14:5"));
        Assert.That(markdown, Does.Contain("## Unattributed emails").And.Contain("Our spring sale"));
        Assert.That(markdown, Does.Contain("## Skipped probes"));
        Assert.That(markdown, Does.Contain("| newsletter-signup | rival-c | newsletter-signup/rival-c | rival-c allows 1 probe(s) per day and had 1 in the last 24 h \\| next at 09:00 |"), "a pipe in the reason is escaped");
    }

    [Test]
    public void Render_AllPassedNoUnattributed_NoFailuresOrUnattributedSection()
    {
        var markdown = MarkdownReportWriter.Render(Comparison.From(SomeRun.Run(SomeRun.Brightwave())));

        Assert.That(markdown, Does.Not.Contain("## Failures").And.Not.Contain("## Unattributed emails").And.Not.Contain("## Skipped probes"));
        Assert.That(markdown, Does.Contain("**1 of 1 probe passed.**"));
    }

    [TestCase("a|b", "a\\|b")]
    [TestCase("line one\nline two", "line one<br>line two")]
    [TestCase("line one\r\nline two", "line one<br>line two")]
    [TestCase("< 5m & more", "< 5m & more")]
    [TestCase("<img src=x>", "&lt;img src=x>")]
    [TestCase("**bold** [link](x)", "\\*\\*bold\\*\\* \\[link\\](x)")]
    public void Cell_Text_EscapedForATableCell(string text, string expected) =>
        Assert.That(MarkdownReportWriter.Cell(text), Is.EqualTo(expected));

    [Test]
    public async Task WriteAsync_Folder_WritesReportMd()
    {
        using var folder = new TempFolder();

        var path = await new MarkdownReportWriter().WriteAsync(SomeRun.ThreeCompanies(), folder.Path, CancellationToken.None);

        Assert.That(Path.GetFileName(path), Is.EqualTo("report.md"));
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(Document()));
    }
}
