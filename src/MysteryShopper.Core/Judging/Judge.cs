using MysteryShopper.Execution;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Judging;

/// <summary>A number derived from observations. <see cref="Value"/> is null when it could not be measured.</summary>
public sealed record MetricValue(string Name, double? Value, bool IsDuration, string? Missing = null);

/// <summary>How one expectation came out, with the reason in words.</summary>
public sealed record ExpectationResult(string Metric, string Threshold, double? Actual, bool Passed, string Reason);

/// <summary>What a named email was like, in the terms a CX lead asks about.</summary>
public sealed record EmailSummary(string As, string Subject, string From, double SecondsAfterStart, bool Personal, bool Unsubscribe, bool Automated);

/// <summary>The judgement of one probe: a pure function of its record and its scenario.</summary>
public sealed record ProbeVerdict(bool Passed, IReadOnlyList<MetricValue> Metrics, IReadOnlyList<ExpectationResult> Expectations, IReadOnlyList<EmailSummary> Emails)
{
    public MetricValue? Metric(string name) => Metrics.FirstOrDefault(m => m.Name == name);
}

public static class Judge
{
    public static ProbeVerdict Evaluate(ScenarioDefinition scenario, ProbeRecord record)
    {
        var metrics = scenario.Measures.Select(m => Measure(m, record)).ToList();
        metrics.Add(new MetricValue("emails_received", record.Emails.Count, false));
        metrics.Add(new MetricValue("email_links_clicked", record.Observations.Count(o => o.Kind == ObservationKind.EmailLinkClicked), false));

        var expectations = scenario.Expectations.Select(e => Check(e, metrics.First(m => m.Name == e.Metric))).ToList();
        var emails = record.NamedEmails
            .Select(n => (As: n.Key, Email: record.Emails.FirstOrDefault(e => e.Id == n.Value)))
            .Where(n => n.Email is not null)
            .Select(n => Summarise(n.As, n.Email!, record))
            .OrderBy(s => s.SecondsAfterStart)
            .ToList();
        return new ProbeVerdict(record.JourneyCompleted && expectations.All(e => e.Passed), metrics, expectations, emails);
    }

    private static MetricValue Measure(MeasureDefinition measure, ProbeRecord record)
    {
        var end = Find(measure.Expression.End, record);
        var start = Find(measure.Expression.Start, record);
        if (end is null || start is null)
        {
            var missing = end is null ? measure.Expression.End : measure.Expression.Start;
            return new MetricValue(measure.Name, null, true, $"'{missing}' did not happen");
        }

        return new MetricValue(measure.Name, (end.Value - start.Value).TotalSeconds, true);
    }

    private static DateTimeOffset? Find(Moment moment, ProbeRecord record)
    {
        if (moment is { Name: "probe", Property: "started" })
        {
            return record.StartedAt;
        }

        if (moment.Property == "received")
        {
            return record.NamedEmails.TryGetValue(moment.Name, out var id) ? record.Emails.FirstOrDefault(e => e.Id == id)?.ReceivedAt : null;
        }

        return record.Observations.FirstOrDefault(o => o.Kind == ObservationKind.Mark && o.Name == moment.Name)?.At;
    }

    private static ExpectationResult Check(ExpectationDefinition expectation, MetricValue metric)
    {
        if (metric.Value is not { } actual)
        {
            return new ExpectationResult(expectation.Metric, expectation.Threshold.Text, null, false, $"not measured: {metric.Missing}");
        }

        var shown = metric.IsDuration ? Duration.Format(TimeSpan.FromSeconds(actual)) : actual.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var passed = expectation.Threshold.IsMetBy(actual);
        return new ExpectationResult(expectation.Metric, expectation.Threshold.Text, actual, passed,
            passed ? $"{shown} meets {expectation.Threshold}" : $"{shown} does not meet {expectation.Threshold}");
    }

    private static EmailSummary Summarise(string name, ReceivedEmail email, ProbeRecord record) => new(
        name,
        email.Subject,
        email.From,
        (email.ReceivedAt - record.StartedAt).TotalSeconds,
        Personal: record.FirstName.Length > 0 && (email.Subject + " " + email.Text).Contains(record.FirstName, StringComparison.OrdinalIgnoreCase),
        Unsubscribe: email.Headers.ContainsKey("List-Unsubscribe"),
        Automated: email.Headers.ContainsKey("Auto-Submitted") || email.Headers.ContainsKey("Precedence"));
}
