using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Html;

namespace MysteryShopper.Tests.Reporting.Html;

public sealed class HtmlReportWriterTests
{
    private static string Page() => HtmlReportWriter.Render(Comparison.From(SomeRun.ThreeCompanies()));

    [Test]
    public void Render_ThreeCompanies_NamesEveryCompanyWithRoleAndOutcomeBadges()
    {
        var html = Page();

        Assert.That(html, Does.Contain("<span class=\"company\">Brightwave</span><span class=\"badge own\">own</span><span class=\"badge pass\">PASS</span>"));
        Assert.That(html, Does.Contain("<span class=\"company\">Rival A</span><span class=\"badge competitor\">competitor</span><span class=\"badge pass\">PASS</span>"));
        Assert.That(html, Does.Contain("<span class=\"company\">Rival B</span><span class=\"badge competitor\">competitor</span><span class=\"badge fail\">FAIL</span>"));
        Assert.That(html.IndexOf("Brightwave", StringComparison.Ordinal), Is.LessThan(html.IndexOf("Rival A", StringComparison.Ordinal)), "own company first");
    }

    [Test]
    public void Render_HostileSubject_IsEncodedNeverRaw()
    {
        var html = Page();

        Assert.That(html, Does.Not.Contain(SomeRun.HostileSubject));
        Assert.That(html, Does.Not.Contain("<script"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    [Test]
    public void Render_HostileCompanyName_IsEncodedInTextAndAttributes()
    {
        var hostile = SomeRun.RivalA() with { Record = SomeRun.RivalA().Record with { TargetName = "Evil\" onload=\"alert(1)<b>" } };

        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(SomeRun.Brightwave(), hostile)));

        Assert.That(html, Does.Not.Contain("onload=\"alert(1)"));
        Assert.That(html, Does.Not.Contain("<b>"));
        Assert.That(html, Does.Contain("Evil&quot; onload=&quot;alert(1)&lt;b&gt;"));
    }

    [Test]
    public void Render_Screenshots_ImageWithRelativeSrcLinkedToFullImage()
    {
        var html = Page();

        const string Src = "screenshots/newsletter-signup--rival-b--failure.png";
        Assert.That(html, Does.Contain($"<a href=\"{Src}\" title=\"Open the full-size screenshot\"><img src=\"{Src}\""));
        Assert.That(html, Does.Contain("<img src=\"screenshots/newsletter-signup--brightwave--end.png\""));
    }

    [Test]
    public void Render_ScriptUrlAsScreenshot_NotLinked()
    {
        var hostile = SomeRun.RivalB() with { Record = SomeRun.RivalB().Record with { Screenshots = ["javascript:alert(1)"] } };

        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(hostile)));

        Assert.That(html, Does.Not.Contain("href=\"javascript:").And.Not.Contain("src=\"javascript:"));
        Assert.That(html, Does.Contain("<a href=\"#\" title=\"Open the full-size screenshot\"><img src=\"#\""));
    }

    [Test]
    public void Render_Page_SelfContainedWithNoScriptOrExternalAsset()
    {
        var html = Page();

        Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
        Assert.That(html, Does.Contain("<style>"));
        Assert.That(html, Does.Not.Contain("<link").And.Not.Contain("src=\"http").And.Not.Contain("@import"));
    }

    [Test]
    public void Render_ThreeCompanies_HeaderHasRunIdAndCounts()
    {
        var html = Page();

        Assert.That(html, Does.Contain("<code>2026-11-23T0900-abc123</code>"));
        Assert.That(html, Does.Contain("<p class=\"summary some-failed\">2 of 3 probes passed</p>"));
        Assert.That(html, Does.Contain("started 2026-11-23 09:00:00 UTC"));
    }

    [Test]
    public void Render_Cells_ColouredByStatus()
    {
        var html = Page();

        Assert.That(html, Does.Contain("<td class=\"good\">3.0 s<div class=\"detail\">fastest</div></td><td class=\"neutral\">30.0 s</td><td class=\"missing\">not measured (&#39;welcome&#39; did not happen)</td>"));
        Assert.That(html, Does.Contain("<td class=\"bad\">FAIL<div class=\"detail\">"));
    }

    [Test]
    public void Render_FailuresAndUnattributed_Sections()
    {
        var html = Page();

        var failures = html.IndexOf("<h2>Failures</h2>", StringComparison.Ordinal);
        var unattributed = html.IndexOf("<h2>Unattributed emails</h2>", StringComparison.Ordinal);
        Assert.That(failures, Is.GreaterThan(0));
        Assert.That(unattributed, Is.GreaterThan(failures));
        Assert.That(html[failures..unattributed], Does.Contain("scenarios/newsletter.yaml:14:5"));
        Assert.That(html[unattributed..], Does.Contain("Our spring sale").And.Contain("Spam &lt;spam@elsewhere.example&gt;"));
        var skipped = html.IndexOf("<h2>Skipped probes</h2>", StringComparison.Ordinal);
        Assert.That(skipped, Is.GreaterThan(failures).And.LessThan(unattributed));
        Assert.That(html[skipped..unattributed], Does.Contain("<td>rival-c</td>").And.Contain("allows 1 probe(s) per day"));
    }

    [Test]
    public void Render_AllPassedNoUnattributed_NoFailureOrUnattributedSection()
    {
        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(SomeRun.Brightwave())));

        Assert.That(html, Does.Not.Contain("Failures").And.Not.Contain("Unattributed").And.Not.Contain("Skipped probes"));
        Assert.That(html, Does.Contain("summary all-passed"));
    }

    [Test]
    public async Task WriteAsync_Folder_WritesReportHtml()
    {
        using var folder = new TempFolder();

        var path = await new HtmlReportWriter().WriteAsync(SomeRun.ThreeCompanies(), folder.Path, CancellationToken.None);

        Assert.That(path, Is.EqualTo(Path.Combine(folder.Path, "report.html")));
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(Page()));
    }
}
