using MysteryShopper.Execution;
using MysteryShopper.Reporting;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>
/// Every browser step and locator kind in real Chromium, on the demo companies' lab pages: a form with validation
/// errors, typing, a cookie banner, a form inside an iframe, CAPTCHA widgets, and a page with a slow LCP.
/// </summary>
public class StepTests
{
    private static void AssertCompleted(ProbeResult probe) =>
        Assert.That(probe.Record.JourneyCompleted, Is.True, probe.Record.Failure?.ToString());

    [Test]
    public async Task FormSteps_EveryLocatorKind_FillTheLabFormAndExtractTheReference()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: lab-form
            targets: [brightwave]
            selectors:
              notes: { test_id: notes }
            journey:
              - goto: "{target.url}/lab/"
              - click: { text: "Signup form" }
              - expect_url: "/lab/form"
              - click: { role: button, name: "Create account" }
              - expect_text: "Please enter your full name"
              - fill: { label: "Full name", value: "{persona.name}", exact: true }
              - type: { css: "#email", value: "{probe.email}", delay: 5ms }
              - select: { label: "Country", option: "Germany" }
              - check: { label: "Pro", exact: true }
              - uncheck: { label: "Marketing emails" }
              - fill: { placeholder: "+44 …", value: "+44 20 7946 0321" }
              - fill: { selector: notes, value: "Found you through a colleague" }
              - hover: { role: button, name: "Help" }
              - expect_visible: { role: tooltip }
              - press: { label: "Full name", exact: true, key: Enter, submit: true }
              - expect_url: { regex: "/lab/form/done\\?ref=REF-\\d+" }
              - extract: { css: "#reference", as: reference, pattern: "(REF-\\d+)" }
              - expect_text: "{vars.reference}"
              - expect_visible: { test_id: "missing-element", timeout: 500ms, optional: true }
              - screenshot: account_created
              - wait: 50ms
            """);

        var probe = outcome.Single();
        AssertCompleted(probe);
        var extracted = probe.Record.Observations.Single(o => o.Kind == ObservationKind.Extracted);
        Assert.That(extracted.Name, Is.EqualTo("reference"));
        Assert.That(extracted.Detail, Does.Match(@"^REF-1\d{4}$"));
        Assert.That(probe.Record.Screenshots, Does.Contain("screenshots/lab-form--brightwave--account_created.png"));
        Assert.That(probe.Record.Observations.Count(o => o.Kind == ObservationKind.StepSkipped), Is.EqualTo(1), "the optional expect_visible");
        Assert.That(probe.Verdict.Metric("fields_filled")!.Value, Is.EqualTo(7));
        Assert.That(probe.Verdict.Metric("submit_response")!.Value, Is.GreaterThan(0));
    }

    [Test]
    public async Task Type_SendsOneKeyEventPerCharacter_WhereFillSendsNone()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: typing
            targets: [corvid]
            journey:
              - goto: "{target.url}/lab/typing"
              - fill: { label: "Search", value: "abc" }
              - expect_text: "0 keys"
              - type: { label: "Search", value: "hello", delay: 5ms }
              - expect_text: "5 keys"
              - press: Backspace
              - expect_text: "6 keys"
            """);

        AssertCompleted(outcome.Single());
    }

    [Test]
    public async Task DismissCookies_ClicksTheBannersButton_AndIsHarmlessWithoutOne()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: cookies
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/typing"
              - dismiss_cookies: accept
              - goto: "{target.url}/lab/cookies"
              - click: { role: button, name: "Continue", timeout: 1s, optional: true }
              - dismiss_cookies: reject
              - expect_text: "Consent: rejected"
              - click: { role: button, name: "Continue" }
              - expect_text: "Continued"
            """);

        var probe = outcome.Single();
        AssertCompleted(probe);
        var skipped = probe.Record.Observations.Single(o => o.Kind == ObservationKind.StepSkipped);
        Assert.That(skipped.Detail, Does.Contain("intercepts pointer events"), "the banner covered the button until dismissed");
    }

    [Test]
    public async Task Frame_RunsStepsInsideTheIframe()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: framed
            targets: [dunmore]
            journey:
              - goto: "{target.url}/lab/iframe"
              - frame:
                  css: "#contact-frame"
                  steps:
                    - fill: { label: "Name", value: "{persona.name}" }
                    - fill: { label: "Email", value: "{probe.email}" }
                    - click: { role: button, name: "Send message", submit: true }
                    - expect_text: "Message received"
              - expect_url: "/lab/iframe"
            """);

        var probe = outcome.Single();
        AssertCompleted(probe);
        Assert.That(probe.Record.Observations.Count(o => o is { Kind: ObservationKind.StepPassed, Name: "fill" }), Is.EqualTo(2));
        Assert.That(probe.Verdict.Metric("submit_response")!.Value, Is.GreaterThan(0));
    }

    [Test]
    public async Task Captcha_EachKindIsDetected()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: captchas
            targets: [corvid]
            journey:
              - goto: "{target.url}/lab/captcha"
              - goto: "{target.url}/lab/hcaptcha"
              - goto: "{target.url}/lab/turnstile"
            """);

        var probe = outcome.Single();
        AssertCompleted(probe);
        Assert.That(probe.Record.Observations.Where(o => o.Kind == ObservationKind.CaptchaDetected).Select(o => o.Name),
            Is.EqualTo(new[] { "reCAPTCHA", "hCaptcha", "Turnstile" }));
        Assert.That(probe.Verdict.Metric("captcha_detected")!.Value, Is.EqualTo(1));
    }

    [Test]
    public async Task PageThatNeverYields_TheProbeStillEnds_WithWhatThePageReportedBeforeIt()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: busy
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/busy"
              - wait: 1s
              - expect_text: { text: "never shown", timeout: 2s }
            """);

        var record = outcome.Single().Record;
        Assert.That(record.Failure?.Reason, Does.Contain("did not show \"never shown\" within 2.0 s").And.Contain("/lab/busy could not be read"));
        var timing = record.Observations.Single(o => o.Kind == ObservationKind.PageTiming);
        Assert.That(timing.Detail, Does.EndWith("/lab/busy"));
        Assert.That(timing.Numbers!.Keys, Does.Contain("load_ms"), "reported at the load event, before the script took over");
    }

    [Test]
    public async Task SlowPage_LcpClsConsoleErrorsAndFailedRequestsAreRecorded()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: slow
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/slow-lcp"
              - wait: 500ms
            """);

        var probe = outcome.Single();
        AssertCompleted(probe);
        Assert.That(probe.Verdict.Metric("lcp")!.Value, Is.GreaterThanOrEqualTo(1.5), "the hero image is held back 1.5 s");
        Assert.That(probe.Verdict.Metric("cls")!.Value, Is.GreaterThan(0));
        Assert.That(probe.Record.Observations.Where(o => o.Kind == ObservationKind.ConsoleError).Select(o => o.Detail), Does.Contain("demo error"));
        Assert.That(probe.Record.Observations.Where(o => o.Kind == ObservationKind.RequestFailed).Select(o => o.Detail),
            Has.Some.Contains("/lab/missing.png: HTTP 404"));
        Assert.That(probe.Verdict.Metric("failed_requests")!.Value, Is.GreaterThanOrEqualTo(1));
    }
}
