using MysteryShopper.Execution;
using MysteryShopper.Reporting;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>
/// The page stays on the target's site, in real Chromium on the lab pages: a page that moves itself to another host,
/// a payment hand-off that redirects after a submit, a link whose server hangs up, and a goto the scenario names.
/// "Another host" is the demo site under the other loopback name (localhost for 127.0.0.1).
/// </summary>
public class SiteGuardTests
{
    private static string Elsewhere(ProbeResult probe, string path) => $"http://localhost:{new Uri(probe.Record.TargetUrl).Port}{path}";

    [Test]
    public async Task PageThatMovesItselfToAnotherHost_IsStopped_AndTheStepSaysWhereItWent()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: moved
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/moved"
              - expect_text: { text: "You have arrived", timeout: 10s }
            """);

        var probe = outcome.Single();
        var record = probe.Record;
        Assert.That(record.Failure?.Reason, Is.EqualTo(
            $"the page at {record.TargetUrl}/lab/moved tried to go to {Elsewhere(probe, "/lab/landing")}, outside Brightwave's own site (127.0.0.1, brightwave.example); not followed"));
        Assert.That(record.Failure!.Description, Does.StartWith("expect_text"));
        var failed = record.Observations.Single(o => o.Kind == ObservationKind.StepFailed);
        var started = record.Observations.Last(o => o.Kind == ObservationKind.StepStarted);
        Assert.That(failed.At - started.At, Is.LessThan(TimeSpan.FromSeconds(5)), "the waiting step gives up when the page is stopped, not after 10 s");
        Assert.That(record.Observations.Single(o => o.Kind == ObservationKind.NavigationBlocked).Name, Is.EqualTo("localhost"));
        Assert.That(record.Observations.Where(o => o.Kind == ObservationKind.RequestFailed), Is.Empty, "a stopped navigation is not the site's failed request");
    }

    [Test]
    public async Task PaymentHandOffRedirectingToAnotherHostAfterASubmit_IsStoppedAtTheHop()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: wallet
            targets: [corvid]
            journey:
              - goto: "{target.url}/lab/checkout"
              - click: { role: button, name: "Pay with WalletPay", submit: true }
              - expect_text: "You have arrived"
            """);

        var probe = outcome.Single();
        var record = probe.Record;
        Assert.That(record.Failure?.Reason, Is.EqualTo(
            $"the page at {record.TargetUrl}/lab/checkout went to {record.TargetUrl}/lab/checkout/wallet, which redirected to {Elsewhere(probe, "/lab/landing?ref=wallet")}, outside Corvid & Co's own site (127.0.0.1, corvid.example); not followed"));
        Assert.That(record.Observations.Where(o => o.Kind == ObservationKind.StepFailed).Select(o => o.Name), Is.EqualTo(new[] { "click" }), "the click that set the page off fails");
        Assert.That(record.Observations.Where(o => o.Kind == ObservationKind.NavigationBlocked).Select(o => o.Detail), Is.EqualTo(new[] { record.Failure!.Reason }));
        Assert.That(Comparison.From(outcome.Result).Scenarios.Single().Row("Left the site")!.Cells.Single().Text, Is.EqualTo("tried once, stopped"));
    }

    [Test]
    public async Task LinkToAPageThatCannotBeLoaded_FailsSayingSo_NotAsTheBrowsersErrorPage()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: dropped
            targets: [dunmore]
            journey:
              - goto: "{target.url}/lab/leave"
              - click: "Our old shop"
              - expect_text: { text: "Welcome to our old shop", timeout: 10s }
            """);

        var record = outcome.Single().Record;
        Assert.That(record.Failure?.Reason, Does.StartWith("the page could not be loaded (net::ERR_").And.EndWith($" at {record.TargetUrl}/lab/drop)"));
        Assert.That(record.Failure!.Reason, Does.Not.Contain("chrome-error"));
    }

    [Test]
    public async Task GotoNamingAnotherHost_IsTheAuthorsChoice_AndThatHostCountsAsTheSiteAfterwards()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: partner
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/leave"
              - click: { text: "Our partner", optional: true }
              - extract: { css: "#partner-url", as: partner }
              - goto: "{vars.partner}"
              - expect_text: "You have arrived"
              - expect_text: "served for localhost"
              - goto: "{target.url}/lab/leave"
              - click: "Our partner"
              - expect_text: "served for localhost"
            """);

        var probe = outcome.Single();
        Assert.That(probe.Record.JourneyCompleted, Is.True, probe.Record.Failure?.ToString());
        var skipped = probe.Record.Observations.Single(o => o.Kind == ObservationKind.StepSkipped);
        Assert.That(skipped.Detail, Is.EqualTo(
            $"the page at {probe.Record.TargetUrl}/lab/leave tried to go to {Elsewhere(probe, "/lab/landing")}, outside Brightwave's own site (127.0.0.1, brightwave.example); not followed"),
            "before a goto named it, the partner's host is not the site");
    }
}
