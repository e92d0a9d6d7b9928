using System.Globalization;
using MysteryShopper.Execution;
using MysteryShopper.Reporting.Overview;

namespace MysteryShopper.Reporting.Html;

/// <summary>One line of a probe's timeline: when (from the probe's start, and from when it sent its form or email), and what.</summary>
/// <param name="FromStart">Seconds after the probe started.</param>
/// <param name="FromSent">Seconds after the form or email was sent; null before it was, or when nothing was sent.</param>
/// <param name="Kind">A class for the line: step, mark, email, failure, evidence, page.</param>
/// <param name="What">What happened, in words.</param>
/// <param name="Link">A file of the run's folder it refers to (a screenshot or trace), if any.</param>
public sealed record TimelineEntry(double FromStart, double? FromSent, string Kind, string What, string? Link = null);

/// <summary>A probe's observations as a reader follows them: steps, marks, emails, failures and evidence, each with its times.</summary>
public static class Timeline
{
    private static readonly Dictionary<string, string> PageNumbers = new(StringComparer.Ordinal)
    {
        ["ttfb_ms"] = "TTFB", ["fcp_ms"] = "FCP", ["lcp_ms"] = "LCP", ["dom_content_loaded_ms"] = "DOM content loaded", ["load_ms"] = "load", ["cls"] = "CLS",
    };

    public static IReadOnlyList<TimelineEntry> Of(ProbeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var record = facts.Probe.Record;
        var entries = new List<TimelineEntry>();
        string? currentStep = null;
        foreach (var o in record.Observations)
        {
            var fromStart = (o.At - record.StartedAt).TotalSeconds;
            double? fromSent = facts.SentAt is { } sent && o.At >= sent ? (o.At - sent).TotalSeconds : null;
            TimelineEntry Entry(string kind, string what, string? link = null) => new(fromStart, fromSent, kind, what, link);
            switch (o.Kind)
            {
                case ObservationKind.ProbeStarted:
                    entries.Add(Entry("step", "probe started"));
                    break;
                case ObservationKind.StepStarted:
                    currentStep = o.Detail ?? o.Name;
                    if (o.Name != "mark")
                    {
                        entries.Add(Entry("step", $"step {(o.Step ?? 0) + 1}: {currentStep}"));
                    }

                    break;
                case ObservationKind.StepFailed:
                    entries.Add(Entry("failure", $"step {(o.Step ?? 0) + 1} failed: {o.Detail}"));
                    break;
                case ObservationKind.StepSkipped:
                    entries.Add(Entry("step", $"step {(o.Step ?? 0) + 1} skipped (optional): {o.Detail}"));
                    break;
                case ObservationKind.Mark:
                    entries.Add(Entry("mark", $"reached “{Words(o.Name)}”" + (string.IsNullOrEmpty(o.Detail) ? "" : $": {o.Detail}")));
                    break;
                case ObservationKind.EmailReceived:
                    entries.Add(Entry("email", o.Name is null
                        ? $"email received: “{o.Detail}”"
                        : $"email “{o.Detail}” received as {Words(o.Name)}" + (currentStep is null ? "" : $" (step: {currentStep})")));
                    break;
                case ObservationKind.EmailSent:
                    entries.Add(Entry("email", $"email sent to {o.Detail}" + (o.Name is null ? "" : $" (as {Words(o.Name)})")));
                    break;
                case ObservationKind.EmailLinkClicked:
                    entries.Add(Entry("email", $"opened the link in {Words(o.Name)}: {o.Detail}"));
                    break;
                case ObservationKind.SubmitResponse:
                    entries.Add(Entry("mark", $"confirmation shown, {Comparison.FormatSeconds(o.Value ?? 0)} after the submitting click"));
                    break;
                case ObservationKind.PageTiming when o.Numbers is { Count: > 0 } numbers:
                    entries.Add(Entry("page", $"page loaded ({o.Detail}): " + string.Join(", ", numbers
                        .Where(n => PageNumbers.ContainsKey(n.Key))
                        .Select(n => n.Key == "cls" ? $"CLS {n.Value.ToString("0.###", CultureInfo.InvariantCulture)}" : $"{PageNumbers[n.Key]} {n.Value.ToString("0", CultureInfo.InvariantCulture)} ms"))));
                    break;
                case ObservationKind.Dialog:
                    entries.Add(Entry("page", $"the page opened a {o.Name} dialog: “{o.Detail}”"));
                    break;
                case ObservationKind.NavigationBlocked:
                    entries.Add(Entry("failure", $"the page tried to leave the site for {o.Name}, stopped ({o.Detail})"));
                    break;
                case ObservationKind.CaptchaDetected:
                    entries.Add(Entry("page", $"CAPTCHA: {o.Detail}"));
                    break;
                case ObservationKind.DryRunStopped:
                    entries.Add(Entry("mark", $"dry run stopped before {o.Detail}; nothing was sent"));
                    break;
                case ObservationKind.Screenshot:
                    entries.Add(Entry("evidence", $"screenshot ({Words(o.Name)})", o.Detail));
                    break;
                case ObservationKind.TraceSaved:
                    entries.Add(Entry("evidence", "Playwright trace saved", o.Detail));
                    break;
                case ObservationKind.ProbeFinished:
                    entries.Add(Entry("step", "probe finished"));
                    break;
                default:
                    break;
            }
        }

        return entries;
    }

    /// <summary>"first_email" → "first email": names written in scenarios, read as words.</summary>
    public static string Words(string? name) => (name ?? "").Replace('_', ' ');
}
