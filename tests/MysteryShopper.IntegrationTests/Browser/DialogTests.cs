using MysteryShopper.Execution;
using MysteryShopper.Reporting;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>What a page says in alert, confirm and prompt dialogs is recorded, in real Chromium on the lab's dialogs page.</summary>
public class DialogTests
{
    [Test]
    public async Task AlertConfirmAndPrompt_EachRecordedWithItsText_AndDismissed()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: dialogs
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/dialogs"
              - click: { role: button, name: "Delete my account" }
              - expect_text: "Account kept"
              - click: { role: button, name: "Rename my list" }
              - expect_text: "List not renamed"
            """);

        var probe = outcome.Single();
        Assert.That(probe.Record.JourneyCompleted, Is.True, probe.Record.Failure?.ToString());
        Assert.That(probe.Record.Observations.Where(o => o.Kind == ObservationKind.Dialog).Select(o => (o.Name, o.Detail)), Is.EqualTo(new[]
        {
            ("alert", "Welcome back! Our sale ends tonight."),
            ("confirm", "Delete your account for good?"),
            ("prompt", "Name your list"),
        }));
        Assert.That(probe.Verdict.Metric("dialogs")!.Value, Is.EqualTo(3));
        var row = Comparison.From(outcome.Result).Scenarios.Single().Row("Dialogs")!;
        Assert.That(row.Cells.Single().Details, Is.EqualTo(new[]
        {
            "alert: “Welcome back! Our sale ends tonight.”",
            "confirm: “Delete your account for good?”",
            "prompt: “Name your list”",
        }));
    }
}
