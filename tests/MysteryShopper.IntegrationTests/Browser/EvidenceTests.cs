using System.Buffers.Binary;
using MysteryShopper.Pipeline;
using MysteryShopper.Execution;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>What a failed probe leaves behind, what a dry run sends, and how a persona's device is emulated.</summary>
public class EvidenceTests
{
    private const string Signup = """
        name: signup
        targets: [brightwave]
        journey:
          - goto: "{target.url}/newsletter"
          - fill: { label: "Name", value: "{persona.name}" }
          - fill: { label: "Email", value: "{probe.email}" }
          - check: { label: "Send me the newsletter" }
          - mark: ready
          - click: { role: button, name: "Subscribe", submit: true }
          - expect_text: "Thank you"
        """;

    /// <summary>The demo companies log every form submission they get (at debug level, into the run's log).</summary>
    private const string SubmissionLogged = "got a {Form} submission from {Email}";

    [Test]
    public async Task Failure_NamesFileLineLocatorAndWhatThePageShowed_AndKeepsScreenshotAndTrace()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: broken
            targets: [brightwave]
            journey:
              - goto: "{target.url}/newsletter"
              - fill: { label: "Mobile number", value: "0123", timeout: 1s }
            """, new RunSettings { Trace = true });

        var failure = outcome.Single().Record.Failure!;
        Assert.That((failure.File, failure.Line, failure.Column), Is.EqualTo(("test.yaml", 5, 5)));
        Assert.That(failure.Description, Is.EqualTo("fill label=\"Mobile number\" with \"0123\""));
        Assert.That(failure.Reason, Does.Contain("Timeout 1000ms exceeded").And.Contain("showed: \"Brightwave"));
        Assert.That(failure.ToString(), Does.Contain($"screenshot: {failure.Screenshot}").And.Contain($"trace: {failure.Trace}"));
        Assert.That(new FileInfo(Path.Combine(outcome.Directory, failure.Screenshot!)).Length, Is.GreaterThan(1000));
        var trace = new FileInfo(Path.Combine(outcome.Directory, failure.Trace!));
        Assert.That(trace.Length, Is.GreaterThan(1000));
        using var zip = System.IO.Compression.ZipFile.OpenRead(trace.FullName);
        Assert.That(zip.Entries.Select(e => e.Name), Does.Contain("trace.trace"), "a Playwright trace archive");
    }

    [Test]
    public async Task Pass_KeepsNoTrace_AndAScreenshotAtEveryMark()
    {
        var outcome = await DemoSuite.RunAsync(Signup);

        var record = outcome.Single().Record;
        Assert.That(record.JourneyCompleted, Is.True, record.Failure?.ToString());
        Assert.That(record.Screenshots, Is.EqualTo(new[] { "screenshots/signup--brightwave--ready.png", "screenshots/signup--brightwave--end.png" }), "a full page at the mark and at the end");
        Assert.That(Directory.Exists(Path.Combine(outcome.Directory, "traces")), Is.False);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(outcome.Directory, "log.clef")), Does.Contain(SubmissionLogged), "a real run submits");
    }

    [Test]
    public async Task FailureScreenshotsOnly_PassingProbeKeepsNone_FailingProbeKeepsItsOwn()
    {
        var settings = new RunSettings { FailureScreenshotsOnly = true, Trace = false };
        var passed = await DemoSuite.RunAsync(Signup, settings);
        var failed = await DemoSuite.RunAsync("""
            name: broken
            targets: [brightwave]
            journey:
              - goto: "{target.url}/newsletter"
              - mark: loaded
              - screenshot: form
              - fill: { label: "Mobile number", value: "0123", timeout: 1s }
            """, settings);

        var record = passed.Single().Record;
        Assert.That(record.JourneyCompleted, Is.True, record.Failure?.ToString());
        Assert.That(record.Screenshots, Is.Empty, "no mark or end screenshot");
        Assert.That(record.Observations.Where(o => o.Kind == ObservationKind.Mark).Select(o => o.Name), Is.EqualTo(new[] { "ready" }), "the mark itself still counts");
        var failure = failed.Single().Record;
        Assert.That(failure.Screenshots, Is.EqualTo(new[] { "screenshots/broken--brightwave--form.png", "screenshots/broken--brightwave--failure.png" }), "an asked-for screenshot and the failure's");
        Assert.That(failure.Failure!.Trace, Is.Null, "--trace off");
    }

    [Test]
    public async Task DryRun_StopsBeforeTheFirstSubmit_AndTheSiteSeesNoSubmission()
    {
        var outcome = await DemoSuite.RunAsync(Signup, new RunSettings { DryRun = true });

        var probe = outcome.Single();
        Assert.That(probe.Record.DryRunStoppedBefore, Is.EqualTo("click role=button name=\"Subscribe\""));
        Assert.That(probe.Verdict.Passed, Is.True);
        Assert.That(probe.Record.Observations.Select(o => o.Kind), Does.Contain(ObservationKind.DryRunStopped));
        Assert.That(probe.Record.Observations.Where(o => o.Kind == ObservationKind.StepStarted).Select(o => o.Name), Does.Not.Contain("click").And.Not.Contain("expect_text"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(outcome.Directory, "log.clef")), Does.Not.Contain(SubmissionLogged), "the demo company saw no submission");
        Assert.That(probe.Record.Emails, Is.Empty);
    }

    [Test]
    public async Task Persona_MobileDevice_IsEmulated()
    {
        var outcome = await DemoSuite.RunAsync(Signup, personasYaml: """
            personas:
              default: { name: Sam Lee, device: "iPhone 13", locale: de-DE, timezone: Europe/Berlin }
            """);

        var record = outcome.Single().Record;
        Assert.That(record.JourneyCompleted, Is.True, record.Failure?.ToString());
        var png = await File.ReadAllBytesAsync(Path.Combine(outcome.Directory, record.Screenshots[0]));
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        Assert.That(width, Is.EqualTo(390 * 3), "iPhone 13: 390 CSS pixels at device scale factor 3");
    }

    [Test]
    public async Task PageTimingsAndFriction_AreMeasured()
    {
        var outcome = await DemoSuite.RunAsync(Signup);

        var verdict = outcome.Single().Verdict;
        Assert.That(verdict.Metric("fields_filled")!.Value, Is.EqualTo(3));
        Assert.That(verdict.Metric("required_fields")!.Value, Is.EqualTo(3));
        Assert.That(verdict.Metric("steps_to_confirmation")!.Value, Is.EqualTo(5));
        Assert.That(verdict.Metric("submit_response")!.Value, Is.GreaterThan(0));
        Assert.That(verdict.Metric("page_load")!.Value, Is.GreaterThan(0));
        Assert.That(verdict.Metric("captcha_detected")!.Value, Is.Zero);
        var timing = outcome.Single().Record.Observations.First(o => o.Kind == ObservationKind.PageTiming);
        Assert.That(timing.Numbers!.Keys, Is.SupersetOf(new[] { "ttfb_ms", "dom_content_loaded_ms", "load_ms", "fcp_ms", "cls" }));
    }
}
