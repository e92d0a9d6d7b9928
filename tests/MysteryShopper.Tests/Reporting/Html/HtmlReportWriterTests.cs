using System.Text.RegularExpressions;
using MysteryShopper.Execution;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Reporting.Preview;

namespace MysteryShopper.Tests.Reporting.Html;

public sealed partial class HtmlReportWriterTests
{
    private static string Page() => HtmlReportWriter.Render(Comparison.From(SomeRun.ThreeCompanies()));

    [Test]
    public void Render_ThreeCompanies_NamesEveryCompanyWithRoleAndOutcomeBadges()
    {
        var html = Page();

        Assert.That(html, Does.Contain("<span class=\"company\">Brightwave</span><span class=\"badge own\">own</span><span class=\"badge pass\">PASS</span>"));
        Assert.That(html, Does.Contain("<span class=\"company\">Rival A</span><span class=\"badge competitor\">competitor</span><span class=\"badge pass\">PASS</span>"));
        Assert.That(html, Does.Contain("<span class=\"company\">Rival B</span><span class=\"badge competitor\">competitor</span><span class=\"badge fail\">FAIL</span>"));
        Assert.That(html.IndexOf("<span class=\"company\">Brightwave", StringComparison.Ordinal), Is.LessThan(html.IndexOf("<span class=\"company\">Rival A", StringComparison.Ordinal)), "own company first");
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
    public void Render_ScreenshotsNotEmbedded_LinkedRelativeToTheRunFolder()
    {
        var html = Page();

        const string Src = "screenshots/newsletter-signup--rival-b--failure.png";
        Assert.That(html, Does.Contain($"<a href=\"{Src}\" title=\"Open the full-size screenshot\">{Src}</a>"));
        Assert.That(html, Does.Not.Contain("<img src=\"screenshots/"), "the page's policy allows only embedded images");
    }

    [Test]
    public async Task RenderAsync_RunFolderWithSmallScreenshot_EmbeddedAsDataUriLinkedToTheFile()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "screenshots"));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "screenshots", "newsletter-signup--brightwave--end.png"), png);
        using var stream = new MemoryStream();

        await new HtmlReportWriter().RenderAsync(SomeRun.ThreeCompanies() with { Folder = folder.Path }, stream, CancellationToken.None);

        var html = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.That(html, Does.Contain($"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\""));
        Assert.That(html, Does.Contain("<a href=\"screenshots/newsletter-signup--brightwave--end.png\" title=\"Open the full-size screenshot\"><img"));
    }

    [Test]
    public void Render_ScriptUrlAsScreenshot_NotLinked()
    {
        var hostile = SomeRun.RivalB() with { Record = SomeRun.RivalB().Record with { Screenshots = ["javascript:alert(1)"] } };

        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(hostile)));

        Assert.That(html, Does.Not.Contain("href=\"javascript:").And.Not.Contain("src=\"javascript:"));
        Assert.That(html, Does.Contain("<a href=\"#\" title=\"Open the full-size screenshot\">"));
    }

    [Test]
    public void Render_Page_SelfContainedNoScriptAndAPolicyThatForbidsThemAndRemoteLoads()
    {
        var html = Page();

        Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
        Assert.That(html, Does.Contain("<style>"));
        Assert.That(html, Does.Contain("@media (prefers-color-scheme: dark)").And.Contain("@media print").And.Contain(".table-wrap { overflow-x: auto"));
        Assert.That(html, Does.Not.Contain("<link").And.Not.Contain("src=\"http").And.Not.Contain("@import").And.Not.Contain("<script"));
        var policy = PolicyPattern().Match(html);
        Assert.That(policy.Success, Is.True, "a Content-Security-Policy meta element");
        Assert.That(policy.Groups[1].Value, Does.Contain("default-src &#x27;none&#x27;").Or.Contain("default-src 'none'"));
        Assert.That(System.Net.WebUtility.HtmlDecode(policy.Groups[1].Value), Does.Contain("script-src 'none'").And.Contain("img-src data:"));
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
    public void Render_Leaderboard_OwnRowHighlightedAndRanked()
    {
        var html = Page();

        Assert.That(html, Does.Contain("<table class=\"leaderboard\" data-scope=\"overall\">"));
        Assert.That(html, Does.Contain("<tr class=\"own\" data-company=\"brightwave\" data-rank=\"1\">"));
        Assert.That(html, Does.Contain("<tr data-company=\"rival-b\" data-rank=\"3\">"));
        Assert.That(html, Does.Contain("<table class=\"leaderboard\" data-scope=\"newsletter-signup\">"));
    }

    [Test]
    public void Render_ScenarioDescription_HeadsItsSection()
    {
        var run = SomeRun.ThreeCompanies() with { ScenarioDescriptions = new Dictionary<string, string> { [SomeRun.Scenario] = "Sign up & see <what> arrives." } };

        var html = HtmlReportWriter.Render(Comparison.From(run));

        Assert.That(html, Does.Contain("<h2>Scenario: newsletter-signup</h2><p class=\"description\">Sign up &amp; see &lt;what&gt; arrives.</p>"));
    }

    [Test]
    public void Render_Cells_ColouredByStatus()
    {
        var html = Page();

        Assert.That(html, Does.Contain("<td class=\"good\">3.0 s<div class=\"detail\">fastest</div></td><td class=\"neutral\">30.0 s</td><td class=\"missing\">not measured (&#x27;welcome&#x27; did not happen)</td>")
            .Or.Contain("<td class=\"good\">3.0 s<div class=\"detail\">fastest</div></td><td class=\"neutral\">30.0 s</td><td class=\"missing\">not measured (&#39;welcome&#39; did not happen)</td>")
            .Or.Contain("<td class=\"good\">3.0 s<div class=\"detail\">fastest</div></td><td class=\"neutral\">30.0 s</td><td class=\"missing\">not measured ('welcome' did not happen)</td>"));
        Assert.That(html, Does.Contain("<td class=\"bad\">FAIL<div class=\"detail\">"));
    }

    [Test]
    public void Render_LongFailureMessage_FoldedUnderItsFirstWords()
    {
        var reason = string.Join(' ', Enumerable.Repeat("the button never appeared on the page", 10));
        var failing = SomeRun.RivalB() with { Record = SomeRun.RivalB().Record with { Failure = new StepFailure(3, "click", SomeRun.ScenarioFile, 14, 5, reason) } };

        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(SomeRun.Brightwave(), failing)));

        Assert.That(html, Does.Contain("<details class=\"folded\"><summary>click (scenarios/newsletter.yaml:14:5): the button never appeared"));
    }

    [Test]
    public void Render_FailedProbe_FoldedWithReasonsAndHowToOpenItsTrace()
    {
        var failing = SomeRun.RivalB() with
        {
            Record = SomeRun.RivalB().Record with
            {
                Observations = [.. SomeRun.RivalB().Record.Observations, new Observation(ObservationKind.TraceSaved, Some.Start.AddSeconds(16)) { Detail = "traces/newsletter-signup--rival-b.zip" }],
            },
        };

        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(SomeRun.Brightwave(), failing)));

        Assert.That(html, Does.Contain("<details class=\"probe\" id=\"probe-newsletter-signup--rival-b--default\" data-company=\"rival-b\">"));
        Assert.That(html, Does.Contain("<details class=\"failure\" open><summary>Why it failed</summary>"));
        Assert.That(html, Does.Contain("<a href=\"traces/newsletter-signup--rival-b.zip\">traces/newsletter-signup--rival-b.zip</a>"));
        Assert.That(html, Does.Contain("<code>npx playwright show-trace traces/newsletter-signup--rival-b.zip</code>"));
    }

    [Test]
    public void Render_Timeline_EveryTimeSaysFromWhen()
    {
        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(SomeRun.Brightwave())));

        Assert.That(html, Does.Contain("<th scope=\"col\">After the probe started</th>"));
        Assert.That(html, Does.Contain("<td class=\"when\">1.2 s</td><td>reached “signed up”</td>"));
        Assert.That(html, Does.Contain("“Welcome to Brightwave, Sam!” from"));
    }

    [Test]
    public void Render_EmailWithPreview_SandboxedFrameWithEncodedSrcdocAndItsHeaders()
    {
        var probe = SomeRun.Brightwave();
        var email = probe.Record.Emails[0];
        var preview = new SafeEmail
        {
            Subject = email.Subject,
            From = email.From,
            Headers = [new("X-Mailer", "<b>Bulk</b>")],
            Text = "Hi Sam",
            FrameDocument = "<html><body><p onclick=\"x\">Hi \"Sam\"</p></body></html>",
            BlockedRemoteImages = 2,
        };

        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(probe with { Previews = new Dictionary<string, SafeEmail> { [email.Id] = preview } })));

        Assert.That(html, Does.Match("<iframe class=\"preview\" sandbox(=\"\")?[ >]"), "sandboxed, with nothing allowed");
        Assert.That(html, Does.Contain("srcdoc=\"&lt;html&gt;&lt;body&gt;&lt;p onclick=&quot;x&quot;&gt;Hi &quot;Sam&quot;&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;\""));
        Assert.That(html, Does.Contain("<dt>X-Mailer</dt><dd>&lt;b&gt;Bulk&lt;/b&gt;</dd>"));
        Assert.That(html, Does.Contain("2 remote image(s) not loaded"));
    }

    [Test]
    public void Render_EmailWithoutPreview_HeadersAndTextOnly()
    {
        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.Run(SomeRun.Brightwave())));

        Assert.That(html, Does.Not.Contain("<iframe"));
        Assert.That(html, Does.Contain("<dt>List-Unsubscribe</dt><dd>&lt;mailto:unsub@brightwave.example&gt;</dd>"));
        Assert.That(html, Does.Contain("<pre>Hi Sam, welcome aboard.</pre>"));
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

        Assert.That(html, Does.Not.Contain("<h2>Failures").And.Not.Contain("Unattributed").And.Not.Contain("Skipped probes"));
        Assert.That(html, Does.Contain("summary all-passed"));
    }

    [Test]
    public async Task WriteAsync_Folder_WritesReportHtml()
    {
        using var folder = new TempFolder();
        var run = SomeRun.ThreeCompanies();

        var path = await new HtmlReportWriter().WriteAsync(run, folder.Path, CancellationToken.None);

        Assert.That(path, Is.EqualTo(Path.Combine(folder.Path, "report.html")));
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(HtmlReportWriter.Render(Comparison.From(run))), "no screenshot in the folder: the same page as rendered without one");
    }

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"")]
    private static partial Regex PolicyPattern();
}
