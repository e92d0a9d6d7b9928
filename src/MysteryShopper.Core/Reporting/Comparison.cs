using System.Globalization;
using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Reporting;

/// <summary>How a comparison cell reads at a glance: the colour a report gives it.</summary>
public enum CellStatus
{
    Neutral,
    Good,
    Bad,

    /// <summary>Nothing to show: not measured, not received, or not part of this probe.</summary>
    Missing,
}

/// <summary>What a comparison row is about, so a renderer can treat one kind specially (e.g. screenshots).</summary>
public enum RowKind
{
    Outcome,
    Mark,
    Measure,

    /// <summary>The alert, confirm and prompt dialogs the pages opened, with their text (only when a page opened one).</summary>
    Dialogs,

    /// <summary>Where the pages tried to go outside the target's site and were stopped (only when one did).</summary>
    Departures,
    EmailsReceived,
    DoubleOptIn,
    Email,

    /// <summary>The probe's experience: the mean composite of its judged emails and its Net Promoter bucket.</summary>
    Experience,
    Expectation,
    Screenshots,
}

/// <summary>One cell: a short <see cref="Text"/>, optional detail lines under it, and links (screenshot paths).</summary>
public sealed record ComparisonCell(string Text, CellStatus Status)
{
    /// <summary>Secondary lines shown under the text: a failure reason, the subjects of the emails.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>Paths relative to the run's folder (screenshots).</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
}

/// <summary>One row of a scenario's table: a label and one cell per column, in column order.</summary>
public sealed record ComparisonRow(RowKind Kind, string Label, IReadOnlyList<ComparisonCell> Cells);

/// <summary>One company in a scenario's table: the probe it shows.</summary>
public sealed record ComparisonColumn(ProbeResult Probe, string Heading)
{
    public string TargetId => Probe.Record.TargetId;
    public string TargetName => Probe.Record.TargetName;
    public string Role => Probe.Record.TargetRole;
    public bool IsOwn => Comparison.IsOwnRole(Probe.Record.TargetRole);
    public bool Passed => Probe.Verdict.Passed;
    public bool Awaiting => Probe.IsAwaiting;
}

/// <summary>One scenario side by side: columns are the companies (own first), rows what was found.</summary>
public sealed record ScenarioComparison(string Scenario, string ScenarioFile, IReadOnlyList<ComparisonColumn> Columns, IReadOnlyList<ComparisonRow> Rows)
{
    public ComparisonRow? Row(string label) => Rows.FirstOrDefault(r => r.Label == label);
}

/// <summary>
/// One company's experience index across the run: its graded probes (scenarios that judge email, decided probes),
/// share of promoter-grade minus share of detractor-grade, with the mean composite and the counts.
/// </summary>
public sealed record CompanyExperience(string TargetId, string TargetName, string Role, ExperienceIndex Index)
{
    public bool IsOwn => Comparison.IsOwnRole(Role);
}

/// <summary>One message's card as every report shows it: each finding in words, decided once.</summary>
public sealed record CardView(MailCard Mail)
{
    /// <summary>The step's name for it (<c>answer</c>), else its subject in quotes.</summary>
    public string Label => Mail.As ?? $"“{Mail.Subject}”";
    public string Kind => CardJson.Word(Mail.Card.Kind);
    public string Answered => Mail.Card.Answered is { } answered ? CardJson.Word(answered) : "—";
    public string NextStep => Mail.Card.NextStep ? "yes" : "no";
    public string Personal => Mail.Card.Personal ? "yes" : "no";
    public string Placeholder => Mail.Card.UnfilledPlaceholder ? "unfilled" : "none";
    public string OneClick => Mail.Card.OneClickUnsubscribe switch { true => "yes", false => "no", null => "—" };
    public string Score => Mail.Card.Score.ToString("0.0", CultureInfo.InvariantCulture);
    public string Grade => CardJson.Word(Mail.Card.Grade);
    public CellStatus Status => Comparison.StatusOf(Mail.Card.Grade);
}

/// <summary>The cards of one probe's messages, oldest first.</summary>
public sealed record ProbeCards(ProbeResult Probe, string Heading, IReadOnlyList<CardView> Cards);

/// <summary>Why one probe failed, in words: the journey's failure (with file:line:col) and each unmet expectation.</summary>
public sealed record ProbeFailure(ProbeResult Probe, IReadOnlyList<string> Reasons);

/// <summary>
/// The side-by-side comparison every human-readable report renders: what each row says is decided here, once, so
/// the Markdown and the HTML report never disagree. Built from a <see cref="RunResult"/> alone.
/// </summary>
public sealed record Comparison
{
    private const string EmailsReceivedMetric = "emails_received";
    private const string LinksClickedMetric = "email_links_clicked";
    private const string DialogsMetric = "dialogs";

    public required RunResult Run { get; init; }
    public required IReadOnlyList<ScenarioComparison> Scenarios { get; init; }
    public required IReadOnlyList<ProbeFailure> Failures { get; init; }

    /// <summary>Each company's experience index, own first; empty when no scenario of the run judges email.</summary>
    public IReadOnlyList<CompanyExperience> Experience { get; init; } = [];

    /// <summary>The cards of every probe that received mail, in the scenarios' order.</summary>
    public IReadOnlyList<ProbeCards> Cards { get; init; } = [];

    public int PassedCount => Run.Probes.Count(p => p.Verdict.Passed);

    public int AwaitingCount => Run.Probes.Count(p => p.IsAwaiting);

    /// <summary>"2 of 3 probes passed", and how many still await mail.</summary>
    public string Summary => (Run.Probes.Count == 1
        ? $"{PassedCount} of 1 probe passed"
        : $"{PassedCount} of {Run.Probes.Count} probes passed")
        + (AwaitingCount > 0 ? $", {AwaitingCount} awaiting replies ('mshop collect' completes them)" : "");

    public static Comparison From(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scenarios = run.Probes
            .GroupBy(p => p.Record.Scenario, StringComparer.Ordinal)
            .Select(g => Build(g.Key, g.ToList()))
            .ToList();
        var failures = run.Probes
            .Where(p => !p.Verdict.Passed && !p.IsAwaiting)
            .Select(p => new ProbeFailure(p, FailureReasons(p)))
            .ToList();
        var cards = scenarios
            .SelectMany(s => s.Columns)
            .Where(c => c.Probe.Verdict.Cards.Count > 0)
            .Select(c => new ProbeCards(c.Probe, $"{c.Heading} · {c.Probe.Record.Scenario}", c.Probe.Verdict.Cards.Select(m => new CardView(m)).ToList()))
            .ToList();
        return new Comparison { Run = run, Scenarios = scenarios, Failures = failures, Experience = Experiences(run), Cards = cards };
    }

    /// <summary>
    /// The experience index of each company over its graded probes: decided ones whose scenario judges email (an
    /// awaiting probe has no grade yet). Own site first, then by index, best first.
    /// </summary>
    public static IReadOnlyList<CompanyExperience> Experiences(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Probes
            .Where(p => !p.IsAwaiting && p.Verdict.Experience is not null)
            .GroupBy(p => p.Record.TargetId, StringComparer.Ordinal)
            .Select(g => new CompanyExperience(g.Key, g.First().Record.TargetName, g.First().Record.TargetRole, ExperienceIndex.Of(g.Select(p => p.Verdict.Experience!.Score).ToList())!))
            .OrderBy(c => c.IsOwn ? 0 : 1)
            .ThenByDescending(c => c.Index.Index)
            .ToList();
    }

    /// <summary>Promoter-grade reads good, detractor-grade bad, passive neutral.</summary>
    public static CellStatus StatusOf(Grade grade) => grade switch
    {
        Grade.Promoter => CellStatus.Good,
        Grade.Detractor => CellStatus.Bad,
        _ => CellStatus.Neutral,
    };

    /// <summary>"+33", "−50", "0": an index as Net Promoter scores are written.</summary>
    public static string FormatIndex(double index) =>
        index > 0 ? "+" + index.ToString("0.#", CultureInfo.InvariantCulture) : index < 0 ? "−" + (-index).ToString("0.#", CultureInfo.InvariantCulture) : "0";

    /// <summary>Every reason a probe failed: the journey's failure first, then each unmet expectation.</summary>
    public static IReadOnlyList<string> FailureReasons(ProbeResult probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var reasons = new List<string>();
        if (probe.Record.Failure is { } failure)
        {
            reasons.Add(failure.ToString());
        }
        else if (!probe.Record.JourneyCompleted)
        {
            reasons.Add("the journey did not complete");
        }

        reasons.AddRange(probe.Verdict.Expectations.Where(e => !e.Passed && !e.Warning).Select(e => $"expected {e.Metric} {e.Threshold}: {e.Reason}"));
        if (reasons.Count == 0 && !probe.Verdict.Passed)
        {
            reasons.Add("the probe did not pass");
        }

        return reasons;
    }

    public static bool IsOwnRole(string role) => string.Equals(role, "own", StringComparison.OrdinalIgnoreCase);

    /// <summary>"time_to_welcome" → "Time to welcome", "quality.score" → "Quality score", "lcp" → "LCP" (web-vital initials stay capitals).</summary>
    public static string Humanise(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = string.Join(' ', name.Replace('_', ' ').Replace('.', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Initialisms.Contains(w) ? w.ToUpperInvariant() : w));
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>Names of page measures that read as initials: Largest Contentful Paint is "LCP", never "Lcp".</summary>
    private static readonly HashSet<string> Initialisms = new(StringComparer.OrdinalIgnoreCase) { "lcp", "cls", "fcp", "ttfb", "dom", "url", "cta" };

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>A moment as every report shows it: UTC, to the second.</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string FormatSeconds(double seconds) => Duration.Format(TimeSpan.FromSeconds(seconds));

    /// <summary>A metric's value as reports show it: a human duration, or the number to two decimals.</summary>
    public static string FormatValue(MetricValue metric, double value)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric.IsDuration ? (metric.UpperBound ? "under " : "") + FormatSeconds(value) : value.ToString("0.##", CultureInfo.InvariantCulture);
    }

    private static ScenarioComparison Build(string scenario, List<ProbeResult> probes)
    {
        // Own site first, then competitors; OrderBy is stable, so run order holds within each role.
        var ordered = probes.OrderBy(p => IsOwnRole(p.Record.TargetRole) ? 0 : 1).ToList();
        var columns = ordered.Select(p => new ComparisonColumn(p, Heading(p, ordered))).ToList();

        var rows = new List<ComparisonRow> { OutcomeRow(ordered) };
        rows.AddRange(MarkRows(ordered));
        rows.AddRange(MeasureRows(ordered));
        rows.AddRange(PageRows(ordered));
        rows.Add(EmailsReceivedRow(ordered));
        rows.Add(DoubleOptInRow(ordered));
        rows.AddRange(EmailRows(ordered));
        rows.AddRange(ExperienceRows(ordered));
        rows.AddRange(ExpectationRows(ordered));
        rows.Add(ScreenshotsRow(ordered));
        return new ScenarioComparison(scenario, ordered[0].Record.ScenarioFile, columns, rows);
    }

    // Several probes of one company in one scenario (personas, questions) would share a heading: name the persona too.
    private static string Heading(ProbeResult probe, List<ProbeResult> all) =>
        all.Count(p => p.Record.TargetId == probe.Record.TargetId) > 1
            ? $"{probe.Record.TargetName} ({probe.Record.Persona})"
            : probe.Record.TargetName;

    private static ComparisonRow OutcomeRow(List<ProbeResult> probes) => new(RowKind.Outcome, "Outcome", probes
        .Select(p => p.IsAwaiting
            ? new ComparisonCell("AWAITING", CellStatus.Neutral) { Details = [p.AwaitingText] }
            : p.Verdict.Passed && p.Record.DryRunStoppedBefore is { } stopped
            ? new ComparisonCell("DRY RUN", CellStatus.Neutral) { Details = [$"stopped before {stopped}; nothing was sent"] }
            : p.Verdict.Passed
            ? new ComparisonCell("PASS", CellStatus.Good)
            : new ComparisonCell("FAIL", CellStatus.Bad) { Details = FailureReasons(p) })
        .ToList());

    private static IEnumerable<ComparisonRow> MarkRows(List<ProbeResult> probes)
    {
        var marks = probes
            .SelectMany(p => p.Record.Observations)
            .Where(o => o.Kind == ObservationKind.Mark && o.Name is not null)
            .Select(o => o.Name!)
            .Distinct(StringComparer.Ordinal);
        foreach (var mark in marks)
        {
            var cells = probes.Select(p =>
            {
                var reached = p.Record.Observations.FirstOrDefault(o => o.Kind == ObservationKind.Mark && o.Name == mark);
                return reached is null
                    ? new ComparisonCell("no", CellStatus.Bad)
                    : new ComparisonCell($"yes, {FormatSeconds((reached.At - p.Record.StartedAt).TotalSeconds)} after the probe started", CellStatus.Good);
            }).ToList();
            yield return new ComparisonRow(RowKind.Mark, $"Reached “{mark.Replace('_', ' ')}”", cells);
        }
    }

    private static IEnumerable<ComparisonRow> MeasureRows(List<ProbeResult> probes)
    {
        var names = probes
            .SelectMany(p => p.Verdict.Metrics)
            .Select(m => m.Name)
            .Where(n => n is not EmailsReceivedMetric and not LinksClickedMetric and not "double_opt_in" and not DialogsMetric)
            .Distinct(StringComparer.Ordinal)
            // Follow-ups are only news where some company answered at all.
            .Where(n => n is not ("follow_ups" or "time_to_follow_up" or "follow_up_interval") || probes.Any(p => p.Verdict.Metric(n)?.Value is not null));
        foreach (var name in names)
        {
            var metrics = probes.Select(p => p.Verdict.Metric(name)).ToList();
            var values = metrics.Where(m => m?.Value is not null).Select(m => m!.Value!.Value).ToList();

            // Only durations have a "fastest"; for a score, lower is not better, and neither is mailing again sooner.
            double? fastest = probes.Count > 1 && values.Count > 0 && metrics.Any(m => m is { IsDuration: true }) && name is not ("time_to_follow_up" or "follow_up_interval") ? values.Min() : null;
            var cells = metrics.Select(m => m switch
            {
                null => new ComparisonCell("not measured", CellStatus.Missing),
                { Value: null } => new ComparisonCell(m.Missing is null ? "not measured" : $"not measured ({m.Missing})", CellStatus.Missing),
                { Value: { } v } when fastest is { } f && v <= f => new ComparisonCell(FormatValue(m, v), CellStatus.Good) { Details = ["fastest"] },
                { Value: { } v } => new ComparisonCell(FormatValue(m, v), CellStatus.Neutral),
            }).ToList();
            yield return new ComparisonRow(RowKind.Measure, Humanise(name), cells);
        }
    }

    /// <summary>What the pages did on their own that a visitor would have met: dialogs, and attempts to leave the site.</summary>
    private static IEnumerable<ComparisonRow> PageRows(List<ProbeResult> probes)
    {
        List<Observation> Of(ProbeResult probe, ObservationKind kind) => [.. probe.Record.Observations.Where(o => o.Kind == kind)];

        if (probes.Any(p => Of(p, ObservationKind.Dialog).Count > 0))
        {
            yield return new ComparisonRow(RowKind.Dialogs, "Dialogs", probes.Select(p => Of(p, ObservationKind.Dialog) switch
            {
                [] => new ComparisonCell("none", CellStatus.Neutral),
                var dialogs => new ComparisonCell(dialogs.Count == 1 ? "1 dialog" : $"{dialogs.Count} dialogs", CellStatus.Neutral)
                {
                    Details = dialogs.Select(d => $"{d.Name}: “{d.Detail}”").ToList(),
                },
            }).ToList());
        }

        if (probes.Any(p => Of(p, ObservationKind.NavigationBlocked).Count > 0))
        {
            yield return new ComparisonRow(RowKind.Departures, "Left the site", probes.Select(p => Of(p, ObservationKind.NavigationBlocked) switch
            {
                [] => new ComparisonCell("no", CellStatus.Good),
                var left => new ComparisonCell(left.Count == 1 ? "tried once, stopped" : $"tried {left.Count} times, stopped", CellStatus.Bad)
                {
                    Details = left.Select(d => d.Detail ?? d.Name ?? "").ToList(),
                },
            }).ToList());
        }
    }

    private static ComparisonRow EmailsReceivedRow(List<ProbeResult> probes)
    {
        // No email where another company sent some is a finding; no email anywhere is just how the scenario is.
        var anyReceived = probes.Any(p => p.Record.Emails.Count > 0);
        var cells = probes.Select(p =>
        {
            var emails = p.Record.Emails.OrderBy(e => e.ReceivedAt).ToList();
            return emails.Count == 0
                ? new ComparisonCell("none", anyReceived ? CellStatus.Bad : CellStatus.Neutral)
                : new ComparisonCell(emails.Count == 1 ? "1 email" : $"{emails.Count} emails", CellStatus.Neutral)
                {
                    Details = emails.Select(e => $"“{e.Subject}”").ToList(),
                };
        }).ToList();
        return new ComparisonRow(RowKind.EmailsReceived, "Emails received", cells);
    }

    private static ComparisonRow DoubleOptInRow(List<ProbeResult> probes) => new(RowKind.DoubleOptIn, "Double opt-in", probes
        .Select(p =>
        {
            var clicked = p.Verdict.Metric(LinksClickedMetric)?.Value
                ?? p.Record.Observations.Count(o => o.Kind == ObservationKind.EmailLinkClicked);
            return clicked > 0
                ? new ComparisonCell("yes: a confirmation link had to be clicked", CellStatus.Neutral)
                : new ComparisonCell("no", CellStatus.Neutral);
        })
        .ToList());

    private static IEnumerable<ComparisonRow> EmailRows(List<ProbeResult> probes)
    {
        var names = probes.SelectMany(p => p.Verdict.Emails).Select(e => e.As).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var cells = probes.Select(p => p.Verdict.Emails.FirstOrDefault(e => e.As == name) is { } email
                ? new ComparisonCell($"“{email.Subject}”", CellStatus.Neutral)
                {
                    Details =
                    [
                        $"{FormatSeconds(email.SecondsAfterStart)} after the probe started",
                        email.Personal ? "personal greeting" : "generic greeting",
                        email.Unsubscribe ? "unsubscribe header" : "no unsubscribe header",
                        .. p.Verdict.Cards.Where(c => p.Record.NamedEmails.GetValueOrDefault(name) == c.Id).Select(c => string.Create(CultureInfo.InvariantCulture, $"quality {c.Card.Score:0.0} ({CardJson.Word(c.Card.Grade)}-grade)")),
                    ],
                }
                : new ComparisonCell("not received", CellStatus.Missing)).ToList();
            yield return new ComparisonRow(RowKind.Email, $"Email “{name}”", cells);
        }
    }

    private static IEnumerable<ComparisonRow> ExperienceRows(List<ProbeResult> probes)
    {
        if (!probes.Any(p => p.Verdict.Experience is not null))
        {
            yield break;
        }

        yield return new ComparisonRow(RowKind.Experience, "Experience", probes.Select(p => p.Verdict.Experience switch
        {
            null => new ComparisonCell(p.IsAwaiting ? "not graded yet" : "not graded", CellStatus.Missing),
            var e => new ComparisonCell(string.Create(CultureInfo.InvariantCulture, $"{e.Score:0.0} ({CardJson.Word(e.Grade)}-grade)"), StatusOf(e.Grade))
            {
                Details = e.NotReceived == 0
                    ? [e.Judged == 1 ? "1 judged email" : $"{e.Judged} judged emails"]
                    : [$"{e.NotReceived} of {e.Judged} judged email(s) never came (scored 0)"],
            },
        }).ToList());
    }

    private static IEnumerable<ComparisonRow> ExpectationRows(List<ProbeResult> probes)
    {
        var expectations = probes
            .SelectMany(p => p.Verdict.Expectations)
            .Select(e => (e.Metric, e.Threshold))
            .Distinct();
        foreach (var (metric, threshold) in expectations)
        {
            var cells = probes.Select(p => p.Verdict.Expectations.FirstOrDefault(e => e.Metric == metric && e.Threshold == threshold) is { } result
                ? result.Passed ? new ComparisonCell($"✓ {result.Reason}", CellStatus.Good)
                    : result.Warning ? new ComparisonCell($"⚠ {result.Reason} (warning)", CellStatus.Neutral)
                    : new ComparisonCell($"✗ {result.Reason}", CellStatus.Bad)
                : new ComparisonCell("not expected", CellStatus.Missing)).ToList();
            yield return new ComparisonRow(RowKind.Expectation, $"Expect {LowerFirst(Humanise(metric))} {threshold}", cells);
        }
    }

    private static ComparisonRow ScreenshotsRow(List<ProbeResult> probes) => new(RowKind.Screenshots, "Screenshots", probes
        .Select(p => p.Record.Screenshots.Count switch
        {
            0 => new ComparisonCell("none", CellStatus.Missing),
            _ => new ComparisonCell(string.Join(", ", p.Record.Screenshots), CellStatus.Neutral) { Links = p.Record.Screenshots },
        })
        .ToList());
}
