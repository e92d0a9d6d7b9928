using System.Globalization;
using Microsoft.Playwright;
using MysteryShopper.Cli;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Reporting;

/// <summary>
/// The demo suite's report.html as a reader opens it, in real Chromium from the file on disk: the overview ranks the
/// companies, the reply curves have their points, the page needs no network and breaks no policy of its own, and a
/// 390 px phone gets no horizontal scroll.
/// </summary>
[NonParallelizable]
public class ReportInBrowserTests
{
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _requests = [];
    private string _report = "";
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task RunTheDemoAndOpenChromium()
    {
        var reports = TestPaths.NewScratch("report-browser");
        using var output = new StringWriter();
        var exit = await MshopCommandLine.InvokeAsync(["demo", "--time-scale", "1", "--out", reports], Logger.None, output, output);
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), output.ToString());
        _report = Path.Combine(Directory.GetDirectories(reports).Single(), "report.html");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = MysteryShopper.Bots.Browser.BrowserDiscovery.Find().Path, Headless = true });
    }

    [OneTimeTearDown]
    public async Task CloseChromium()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private async Task<IPage> OpenAsync(int width = 1280, int height = 900)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
        page.Request += (_, request) => _requests.Add(request.Url);
        await page.GotoAsync(new Uri(_report).AbsoluteUri);
        return page;
    }

    [Test]
    public async Task Overview_InChromium_LeaderboardRanksBrightwaveFirstDunmoreLastOwnRowHighlighted()
    {
        var page = await OpenAsync();

        var rows = await page.Locator("table.leaderboard[data-scope=overall] tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.dataset.company, r.dataset.rank, r.className])");
        Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "brightwave", "corvid", "dunmore" }));
        Assert.That(rows.Select(r => r[1]), Is.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(rows[0][2], Is.EqualTo("own"));
        var ownBackground = await page.Locator("table.leaderboard[data-scope=overall] tr.own th").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.That(ownBackground, Is.EqualTo("rgb(227, 236, 253)"), "the own company's row is highlighted by the inline style sheet");

        var screenshot = await page.ScreenshotAsync();
        Assert.That(screenshot, Has.Length.GreaterThan(10_000));
        Assert.That(Png.Count(screenshot, 227, 236, 253), Is.GreaterThan(500), "the highlighted row is visible in the first screen");
    }

    [Test]
    public async Task Overview_InChromium_BestAndWorstMarkedAndTheFailingCompanyNeverBestAtATime()
    {
        var page = await OpenAsync();

        var dunmoreBestTimes = await page.Locator("table.leaderboard tr[data-company=dunmore] td.best[data-column^=time_], table.leaderboard tr[data-company=dunmore] td.best[data-column=first_human_reply]").CountAsync();
        Assert.That(dunmoreBestTimes, Is.Zero, "Dunmore's newsletter journey failed");
        Assert.That(await page.Locator("table.leaderboard[data-scope=overall] tr[data-company=brightwave] td.best[data-column=reply_rate]").CountAsync(), Is.EqualTo(1));
        Assert.That(await page.Locator("table.leaderboard[data-scope=overall] tr[data-company=dunmore] td.worst[data-column=journey_success]").CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task ReplyCurves_InChromium_BrightwaveAnswersEveryEnquiryDunmoreNone()
    {
        var page = await OpenAsync();

        var points = await page.Locator("svg.reply-curves circle.point").EvaluateAllAsync<string[][]>(
            "points => points.map(p => [p.dataset.company, p.dataset.t, p.dataset.share])");
        var brightwave = points.Where(p => p[0] == "brightwave").ToList();
        Assert.That(brightwave, Is.Not.Empty);
        Assert.That(double.Parse(brightwave[^1][2], CultureInfo.InvariantCulture), Is.EqualTo(1), "both questions answered by a person");
        Assert.That(brightwave.Select(p => double.Parse(p[1], CultureInfo.InvariantCulture)), Is.All.GreaterThan(0).And.All.LessThan(20), "answered within the demo's seconds");
        Assert.That(points.Where(p => p[0] == "dunmore"), Is.Empty, "no person at Dunmore ever answers");
        Assert.That(await page.Locator("svg.reply-curves line.censored[data-company=dunmore]").CountAsync(), Is.GreaterThan(0), "its silence is censored, not dropped");
        var box = await page.Locator("svg.reply-curves").BoundingBoxAsync();
        Assert.That(box!.Width, Is.GreaterThan(300));
    }

    [Test]
    public async Task Report_InChromium_NoNetworkNoScriptAndNothingItsOwnPolicyBlocks()
    {
        var page = await OpenAsync();
        await page.Locator("details.probe").First.EvaluateAsync("d => d.open = true");

        Assert.That(_requests.Where(u => !u.StartsWith("file:", StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal)), Is.Empty);
        Assert.That(_consoleErrors, Is.Empty, "no Content-Security-Policy violation of the report's own styles or images");
        Assert.That(await page.Locator("script").CountAsync(), Is.Zero);
        Assert.That(await page.Locator("section.scenario p.description").First.InnerTextAsync(), Does.StartWith("Sign up for the newsletter"));
    }

    [Test]
    public async Task Report_PhoneWidth_NoHorizontalScroll()
    {
        var page = await OpenAsync(390, 844);
        // Open every fold: what a reader may open must fit too.
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), "wide tables scroll inside their own box");
    }
}
