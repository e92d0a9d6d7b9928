using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Reporting.JUnit;
using MysteryShopper.Reporting.Markdown;
using MysteryShopper.Settings;

namespace MysteryShopper.Tests.Reporting;

public class ReportFormatTests
{
    [Test]
    public void Names_InTheOrderTheyAreListed() =>
        Assert.That(ReportFormat.Names, Is.EqualTo(new[] { "html", "md", "json", "junit" }));

    [TestCase("html", typeof(HtmlReportWriter))]
    [TestCase(" MD ", typeof(MarkdownReportWriter))]
    [TestCase("JUnit", typeof(JUnitReportWriter))]
    public void TryParse_KnownName_ThatFormat(string text, Type writer)
    {
        Assert.That(ReportFormat.TryParse(text, out var format, out var problem), Is.True);
        Assert.That(format!.Writer, Is.TypeOf(writer));
        Assert.That(format.Name, Is.EqualTo(text.Trim().ToLowerInvariant()));
        Assert.That(problem, Is.Null);
    }

    [TestCase("markdown", "expected one of: html, md, json, junit")]
    [TestCase("jsn", "did you mean 'json'?")]
    [TestCase("pdf", "did you mean 'md'?")]
    public void TryParse_OtherName_IsNotKnown(string text, string hint)
    {
        Assert.That(ReportFormat.TryParse(text, out var format, out var problem), Is.False);
        Assert.That(format, Is.Null);
        Assert.That(problem, Is.EqualTo(new SettingProblem($"'{text}' is not known", hint)));
    }

    [Test]
    public void ParseList_CommaSeparated_KnownFormatsInOrderAndEachUnknownNameAsAProblem()
    {
        var problems = new List<string>();

        var formats = ReportFormat.ParseList("junit, spreadsheet,html,,jsn", "--report", problems);

        Assert.That(formats.Select(f => f.Name), Is.EqualTo(new[] { "junit", "html" }));
        Assert.That(problems, Is.EqualTo(new[]
        {
            "--report format 'spreadsheet' is not known (expected one of: html, md, json, junit)",
            "--report format 'jsn' is not known (did you mean 'json'?)",
        }));
    }
}
