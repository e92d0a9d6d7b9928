using MysteryShopper.Execution;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Judging;

/// <summary>A number derived from observations. <see cref="Value"/> is null when it could not be measured.</summary>
public sealed record MetricValue(string Name, double? Value, bool IsDuration, string? Missing = null)
{
    /// <summary>
    /// The value is an upper bound: a receive time known only to the second (IMAP's INTERNALDATE) may lie before the
    /// start, so the true duration is somewhere from 0 to <see cref="Value"/> ("under 1 s", never "0 s").
    /// </summary>
    public bool UpperBound { get; init; }
}

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
        metrics.AddRange(BuiltIns(record));
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
        if (record.DryRunStoppedBefore is not null)
        {
            // A dry run measures nothing it could be judged on: it passes when it reached the first submit.
            return new ProbeVerdict(record.JourneyCompleted, metrics, [], emails);
        }

        return new ProbeVerdict(record.JourneyCompleted && expectations.All(e => e.Passed || e.Warning), metrics, expectations, emails);
    }

    /// <summary>The metrics every probe has: mail, friction (fields, required fields, steps, CAPTCHA, double opt-in) and page timings.</summary>
    private static IEnumerable<MetricValue> BuiltIns(ProbeRecord record)
    {
        var observations = record.Observations;
        int Count(ObservationKind kind) => observations.Count(o => o.Kind == kind);
        var linksClicked = Count(ObservationKind.EmailLinkClicked);
        var response = observations.FirstOrDefault(o => o.Kind == ObservationKind.SubmitResponse);
        var passedActions = observations.Where(o => o.Kind == ObservationKind.StepPassed && o.Name is "fill" or "type" or "select" or "check" or "uncheck" or "click" or "press" or "hover" or "goto");
        var firstPage = observations.FirstOrDefault(o => o.Kind == ObservationKind.PageTiming)?.Numbers;
        double? Page(string key, double scale) => firstPage is not null && firstPage.TryGetValue(key, out var v) ? v * scale : null;

        yield return new MetricValue("emails_received", record.Emails.Count, false);
        yield return new MetricValue("email_links_clicked", linksClicked, false);
        yield return new MetricValue("double_opt_in", linksClicked > 0 ? 1 : 0, false);
        yield return new MetricValue("submit_response", response?.Value, true, "no confirmation followed a submitting step");
        yield return new MetricValue("fields_filled", passedActions.Count(o => o.Name is "fill" or "type" or "select" or "check" or "uncheck"), false);
        yield return new MetricValue("required_fields", observations.FirstOrDefault(o => o.Kind == ObservationKind.FormInspected)?.Value, false, "no submitting step ran");
        yield return new MetricValue("steps_to_confirmation", response is null ? null : passedActions.Count(o => o.At <= response.At), false, "no confirmation followed a submitting step");
        yield return new MetricValue("captcha_detected", Count(ObservationKind.CaptchaDetected) > 0 ? 1 : 0, false);
        yield return new MetricValue("console_errors", Count(ObservationKind.ConsoleError), false);
        yield return new MetricValue("failed_requests", Count(ObservationKind.RequestFailed), false);
        yield return new MetricValue("dialogs", Count(ObservationKind.Dialog), false);
        yield return new MetricValue("page_load", Page("load_ms", 0.001), true, "no page was loaded");
        yield return new MetricValue("lcp", Page("lcp_ms", 0.001), true, "the browser reported no largest contentful paint");
        yield return new MetricValue("cls", Page("cls", 1), false, "no page was loaded");
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
        var resolution = measure.Expression.End.Property == "received" && record.NamedEmails.TryGetValue(measure.Expression.End.Name, out var endId)
            ? record.Emails.FirstOrDefault(e => e.Id == endId)?.ReceivedAtResolution ?? TimeSpan.Zero
            : TimeSpan.Zero;
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

        var seconds = (end.Value - start.Value).TotalSeconds;
        if (seconds < 0)
        {
            // Never a negative or clamped figure: the clocks disagree, and the report says so.
            return new MetricValue(measure.Name, null, true, $"'{measure.Expression.End}' is {Duration.Format(start.Value - end.Value)} before '{measure.Expression.Start}' by the mail server's clock");
        }

        var upperBound = resolution > TimeSpan.Zero && end.Value - resolution < start.Value;
        if (measure.Expression.End.Property is null && measure.Expression.Start.Property is null)
        {
            // Between two marks the bot itself pauses to take evidence; that time is not the site's.
            seconds -= record.Observations
                .Where(o => o.Kind == ObservationKind.Screenshot && o.At >= start.Value && o.At < end.Value)
                .Sum(o => o.Value ?? 0);
        }

        return new MetricValue(measure.Name, Math.Max(0, seconds), true) { UpperBound = upperBound };
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
