using MysteryShopper.Pipeline;

namespace MysteryShopper.IntegrationTests.Execution;

/// <summary>Competitor A's welcome depends on the confirmation click: without it, its probe fails.</summary>
public class DoubleOptInTests
{
    [Test]
    public async Task CompetitorA_WithoutClickingTheLink_NeverSendsTheWelcome()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: no-click
            targets: [corvid]
            journey:
              - goto: "{target.url}/newsletter"
              - fill: { label: "Name", value: "{persona.name}" }
              - fill: { label: "Email", value: "{probe.email}" }
              - check: { label: "Send me the newsletter" }
              - click: { role: button, name: "Subscribe" }
              - expect_email: { as: confirmation, within: 5s }
              - expect_email: { as: welcome, within: 3s, subject: welcome }
            """, new RunSettings { DemoTimeScale = 0.25 });

        var probe = outcome.Single();
        Assert.That(probe.Verdict.Passed, Is.False);
        Assert.That(probe.Record.Failure!.Description, Does.StartWith("expect_email welcome"));
        Assert.That(probe.Record.Failure.Reason, Does.Contain("1 other email(s) arrived: \"Please confirm your subscription\""));
    }
}
