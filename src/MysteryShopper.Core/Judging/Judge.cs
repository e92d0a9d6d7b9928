using MysteryShopper.Execution;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Judging;

/// <summary>A number derived from observations. <see cref="Value"/> is null when it could not be measured.</summary>
public sealed record MetricValue(string Name, double? Value, bool IsDuration, string? Missing = null);

/// <summary>How one expectation came out, with the reason in words. A failed <see cref="Warning"/> does not fail the probe.</summary>
public sealed record ExpectationResult(string Metric, string Threshold, double? Actual, bool Passed, string Reason)
{
    public bool Warning { get; init; }
}

/// <summary>What a named email was like, in the terms a CX lead asks about.</summary>
public sealed record EmailSummary(string As, string Subject, string From, double SecondsAfterStart, bool Personal, bool Unsubscribe, bool Automated);

/// <summary>The judgement of one probe: a pure function of its record and its scenario.</summary>
public sealed record ProbeVerdict(bool Passed, IReadOnlyList<MetricValue> Metrics, IReadOnlyList<ExpectationResult> Expectations, IReadOnlyList<EmailSummary> Emails)
{
    public MetricValue? Metric(string name) => Metrics.FirstOrDefault(m => m.Name == name);
}

public static class Judge
{
    /// <param name="scenario">The scenario the probe ran (its measures, judging and expectations).</param>
    /// <param name="target">The target, for business-hours measures (its time zone and hours).</param>
    /// <param name="record">What the bots recorded.</param>
    public static ProbeVerdict Evaluate(ScenarioDefinition scenario, TargetDefinition? target, ProbeRecord record)
    {
        var metrics = scenario.Measures.Select(m => Measure(m, target, record)).ToList();
        metrics.Add(new MetricValue("emails_received", record.Emails.Count, false));
        metrics.Add(new MetricValue("email_links_clicked", record.Observations.Count(o => o.Kind == ObservationKind.EmailLinkClicked), false));
        metrics.AddRange(record.Observations.Where(o => o.Kind == ObservationKind.EmailsCollected).Select(o => new MetricValue($"{o.Name}.count", o.Value, false)));
        foreach (var judged in scenario.Judging)
        {
            metrics.AddRange(JudgeEmail(judged, scenario, record));
        }

        var expectations = scenario.Expectations.Select(e => Check(e, metrics.FirstOrDefault(m => m.Name == e.Metric) ?? new MetricValue(e.Metric, null, false, "the step that gives it did not run"))).ToList();
        var emails = record.NamedEmails
            .Select(n => (As: n.Key, Email: record.Emails.FirstOrDefault(e => e.Id == n.Value)))
            .Where(n => n.Email is not null)
            .Select(n => Summarise(n.As, n.Email!, record))
            .OrderBy(s => s.SecondsAfterStart)
            .ToList();
        return new ProbeVerdict(record.JourneyCompleted && expectations.All(e => e.Passed || e.Warning), metrics, expectations, emails);
    }

    /// <summary>The default rubric: share of the question's must_cover terms the email mentions, and a personal greeting.</summary>
    private static IEnumerable<MetricValue> JudgeEmail(JudgeDefinition judged, ScenarioDefinition scenario, ProbeRecord record)
    {
        var email = record.NamedEmails.TryGetValue(judged.Email, out var id) ? record.Emails.FirstOrDefault(e => e.Id == id) : null;
        var missing = email is null ? $"'{judged.Email}' was not received" : null;
        var question = scenario.Questions.FirstOrDefault(q => q.Id == record.QuestionId);
        double? covered = null;
        if (email is not null && question is { MustCover.Count: > 0 })
        {
            var text = email.Subject + "\n" + email.Text;
            covered = question.MustCover.Count(t => t.AllForms.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase))) / (double)question.MustCover.Count;
        }

        yield return new MetricValue($"{judged.Email}.covered", covered, false, missing ?? (covered is null ? "the question has no must_cover terms" : null));
        yield return new MetricValue($"{judged.Email}.personal", email is null ? null : IsPersonal(email, record) ? 1 : 0, false, missing);
    }

    private static bool IsPersonal(ReceivedEmail email, ProbeRecord record) =>
        record.FirstName.Length > 0 && (email.Subject + " " + email.Text).Contains(record.FirstName, StringComparison.OrdinalIgnoreCase);

    private static MetricValue Measure(MeasureDefinition measure, TargetDefinition? target, ProbeRecord record)
    {
        var end = Find(measure.Expression.End, record);
        var start = Find(measure.Expression.Start, record);
        if (end is null || start is null)
        {
            var missing = end is null ? measure.Expression.End : measure.Expression.Start;
            return new MetricValue(measure.Name, null, true, $"'{missing}' did not happen");
        }

        if (measure.BusinessHours)
        {
            if (target?.BusinessHours is not { } hours)
            {
                return new MetricValue(measure.Name, null, true, $"target '{record.TargetId}' has no business_hours");
            }

            var zone = TimeZoneInfo.FindSystemTimeZoneById(target.TimeZone);
            return new MetricValue(measure.Name, hours.Between(start.Value, end.Value, zone).TotalSeconds, true);
        }

        return new MetricValue(measure.Name, (end.Value - start.Value).TotalSeconds, true);
    }

    private static DateTimeOffset? Find(Moment moment, ProbeRecord record)
    {
        if (moment is { Name: "probe", Property: "started" })
        {
            return record.StartedAt;
        }

        if (moment.Property == "sent")
        {
            return record.Observations.FirstOrDefault(o => o.Kind == ObservationKind.EmailSent && o.Name == moment.Name)?.At;
        }

        if (moment.Property == "received")
        {
            return record.NamedEmails.TryGetValue(moment.Name, out var id) ? record.Emails.FirstOrDefault(e => e.Id == id)?.ReceivedAt : null;
        }

        return record.Observations.FirstOrDefault(o => o.Kind == ObservationKind.Mark && o.Name == moment.Name)?.At;
    }

    private static ExpectationResult Check(ExpectationDefinition expectation, MetricValue metric)
    {
        var warning = expectation.Severity == Severity.Warn;
        if (metric.Value is not { } actual)
        {
            return new ExpectationResult(expectation.Metric, expectation.Threshold.Text, null, false, $"not measured: {metric.Missing}") { Warning = warning };
        }

        var shown = metric.IsDuration ? Duration.Format(TimeSpan.FromSeconds(actual)) : actual.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var passed = expectation.Threshold.IsMetBy(actual);
        return new ExpectationResult(expectation.Metric, expectation.Threshold.Text, actual, passed,
            passed ? $"{shown} meets {expectation.Threshold}" : $"{shown} does not meet {expectation.Threshold}") { Warning = warning };
    }

    private static EmailSummary Summarise(string name, ReceivedEmail email, ProbeRecord record) => new(
        name,
        email.Subject,
        email.From,
        (email.ReceivedAt - record.StartedAt).TotalSeconds,
        Personal: IsPersonal(email, record),
        Unsubscribe: email.Headers.ContainsKey("List-Unsubscribe"),
        Automated: AutoReply.IsAutomated(email));
}
