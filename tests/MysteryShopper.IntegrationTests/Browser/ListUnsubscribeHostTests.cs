using MysteryShopper.Bots.Browser;
using MysteryShopper.DemoSites;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>
/// An email's own List-Unsubscribe link may be opened off the target's site, in real Chromium: the session allows
/// exactly that link's host when asked (the unsubscribe step asks only for List-Unsubscribe URIs), and an email's other
/// links to that host are still stopped. "Off the site" is the demo site under the other loopback name (localhost).
/// </summary>
public class ListUnsubscribeHostTests
{
    [Test]
    public async Task OpenAsync_AllowItsHost_OpensTheListUnsubscribeLinkOffTheSiteAndOnlyWhenAsked()
    {
        await using var demo = await DemoCompanies.StartAsync(new DemoOptions { MaildirPath = TestPaths.NewScratch("list-unsubscribe"), TimeScale = 0, ServeLab = true });
        var brightwave = demo.Companies.Single(c => c.Id == "brightwave");
        var suite = await DemoSuite.LoadAsync("""
            name: leave
            targets: [brightwave]
            journey:
              - goto: "{target.url}"
            """);
        var probe = Planner.Plan(suite, AddressPattern.Default, _ => brightwave.Url.ToString().TrimEnd('/'), PlanFilter.All).Single();
        await using var browser = await PlaywrightBrowser.LaunchAsync(new BrowserOptions(), Logger.None, CancellationToken.None);
        var journal = new Journal();
        await using var session = await browser.OpenAsync(probe, journal, null, CancellationToken.None);
        var offSite = $"http://localhost:{brightwave.Url.Port}/lab/landing";

        var refused = await session.OpenAsync(offSite, TimeSpan.FromSeconds(10), allowItsHost: false, CancellationToken.None);
        var allowed = await session.OpenAsync(offSite, TimeSpan.FromSeconds(10), allowItsHost: true, CancellationToken.None);

        Assert.That(refused.Passed, Is.False);
        Assert.That(refused.Reason, Does.Contain($"the link {offSite} leads to {offSite}, outside Brightwave's own site"));
        Assert.That(allowed.Passed, Is.True, allowed.Reason);
    }

    private sealed class Journal : IProbeJournal
    {
        public void Add(Observation observation)
        {
        }
    }
}
