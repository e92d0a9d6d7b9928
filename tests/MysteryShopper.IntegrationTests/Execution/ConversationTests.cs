using MysteryShopper.Execution;
using MysteryShopper.Pipeline;

namespace MysteryShopper.IntegrationTests.Execution;

/// <summary>
/// The conversation steps end to end against the demo companies, as a scenario runs them: real Chromium, the
/// companies on loopback, the embedded Maildir for their mail and the pickup folder they read for the shopper's.
/// </summary>
[NonParallelizable]
public class ConversationTests
{
    // Brightwave: welcome at 0.25 s, then an issue every 5 s while subscribed; Dunmore: deals at 0.5 s, then every 5 s,
    // whatever the reader asked.
    private const double TimeScale = 0.25;

    private static readonly RunSettings Settings = new() { DemoTimeScale = TimeScale, FailureScreenshotsOnly = true, Trace = false };

    [Test]
    public async Task Unsubscribe_BrightwaveHonoursIt_DunmoreMailsOn_ExpectNoEmailTellsThemApart()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: unsubscribe-honoured
            targets: [brightwave, dunmore]
            journey:
              - goto: "{target.url}/newsletter"
              - fill: { label: "Name", value: "{persona.name}" }
              - fill: { label: "Email", value: "{probe.email}" }
              - check: { label: "Send me the newsletter" }
              - click: { role: button, name: "Subscribe", submit: true }
              - expect_text: "Thank you"
              - expect_email: { as: letter, within: 15s, kind: marketing }
              - unsubscribe: { email: letter }
              - expect_no_email: { for: 8s, after: unsubscribed }
            """, Settings);

        var brightwave = outcome.Result.Probes.Single(p => p.Record.TargetId == "brightwave");
        var dunmore = outcome.Result.Probes.Single(p => p.Record.TargetId == "dunmore");
        Assert.That(brightwave.Verdict.Passed, Is.True, brightwave.Record.Failure?.ToString());
        var left = brightwave.Record.Observations.Single(o => o.Kind == ObservationKind.Mark && o.Name == "unsubscribed");
        Assert.That(left.Detail, Does.Contain("one-click POST").And.Contain("HTTP 200"), "Brightwave offers RFC 8058 one-click");
        Assert.That(brightwave.Record.Emails, Has.Count.EqualTo(1), "nothing after the welcome");

        Assert.That(dunmore.Verdict.Passed, Is.False);
        var failure = dunmore.Record.Failure!;
        Assert.That(failure.Description, Does.StartWith("expect_no_email"));
        Assert.That(failure.Reason, Does.Contain("Deals of the week").And.Contain("after 'unsubscribed'"));
        var unsubscribed = dunmore.Record.Observations.Single(o => o.Kind == ObservationKind.Mark && o.Name == "unsubscribed");
        Assert.That(unsubscribed.Detail, Does.Not.Contain("one-click"), "Dunmore offers no one-click: its link was opened");
    }

    [Test]
    public async Task Reply_ToCorvidsLettersConfirmation_ConfirmsTheSubscription_AndTheWelcomeIsTimed()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: letters-by-reply
            targets: [corvid]
            journey:
              - goto: "{target.url}/letters"
              - fill: { label: "Name", value: "{persona.name}" }
              - fill: { label: "Email", value: "{probe.email}" }
              - check: { label: "Send me the newsletter" }
              - click: { role: button, name: "Subscribe", submit: true }
              - expect_text: "Thank you"
              - expect_email: { as: confirmation, within: 15s }
              - reply: { email: confirmation, body: "Yes please, sign me up.", quote: true, as: confirmed }
              - expect_email: { as: welcome, within: 15s, subject: "welcome" }
            measure:
              welcome_after_reply: welcome.received - confirmed.sent
            expect:
              welcome_after_reply: "< 10s"
            """, Settings);

        var probe = outcome.Single();
        Assert.That(probe.Verdict.Passed, Is.True, probe.Record.Failure?.ToString());
        Assert.That(probe.Record.Emails.Select(e => e.Subject).Last(), Is.EqualTo("Welcome to our Letters from the workshop"));
        Assert.That(probe.Verdict.Metric("welcome_after_reply")!.Value, Is.GreaterThan(0));
        var confirmation = probe.Record.Emails[0];
        Assert.That(confirmation.ReplyTo, Does.StartWith("confirm+"), "the reply went to the confirmation's Reply-To");
    }
}
