using MysteryShopper.Execution;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>
/// Nothing is ever entered into a payment field, in real Chromium on the lab's checkout: each card field, however it is
/// marked, is refused before a key is sent, while a numeric field that is not one is filled.
/// </summary>
public class PaymentFieldTests
{
    [Test]
    public async Task FillTypeAndSelect_IntoCardFields_AreRefusedBeforeAnythingIsEntered()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: checkout
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/checkout"
              - fill: { label: "Voucher code", value: "12345" }
              - fill: { label: "Card number", value: "4111 1111 1111 1111", optional: true }
              - type: { label: "CVC", value: "123", delay: 5ms, optional: true }
              - fill: { placeholder: "MM / YY", value: "12/30", optional: true }
              - select: { label: "Card type", option: "Visa", optional: true }
              - fill: { css: "#pan", value: "4111111111111111", optional: true }
              - expect_text: "Input in card fields: 0"
              - click: { role: button, name: "Pay now", submit: true }
              - expect_text: "Voucher: 12345"
              - expect_text: "Card details received: none"
            """);

        var probe = outcome.Single();
        var record = probe.Record;
        Assert.That(record.JourneyCompleted, Is.True, record.Failure?.ToString());
        var page = $"{record.TargetUrl}/lab/checkout";
        Assert.That(record.Observations.Where(o => o.Kind == ObservationKind.StepSkipped).Select(o => o.Detail), Is.EqualTo(new[]
        {
            $"refusing to fill a payment field (autocomplete=\"cc-number\", name=\"cardnumber\", id=\"card-number\", label \"Card number\") on {page}: MysteryShopper never enters payment details",
            $"refusing to type into a payment field (autocomplete=\"cc-csc\", name=\"cvc\", id=\"cvc\", label \"CVC\") on {page}: MysteryShopper never enters payment details",
            $"refusing to fill a payment field (autocomplete=\"cc-exp\", name=\"exp-date\", label \"MM / YY\") on {page}: MysteryShopper never enters payment details",
            $"refusing to choose in a payment field (autocomplete=\"cc-type\") on {page}: MysteryShopper never enters payment details",
            $"refusing to fill a payment field (name=\"card_number\") on {page}: MysteryShopper never enters payment details",
        }));
        Assert.That(probe.Verdict.Metric("fields_filled")!.Value, Is.EqualTo(1), "only the voucher");
    }
}
