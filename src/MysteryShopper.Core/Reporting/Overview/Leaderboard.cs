using System.Globalization;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Statistics;

namespace MysteryShopper.Reporting.Overview;

/// <summary>A leaderboard column: what it measures, from when, and which way is better.</summary>
/// <param name="Key">A stable name (tests and <c>data-column</c> use it).</param>
/// <param name="Label">The heading, in words.</param>
/// <param name="Note">What the figure is and from when it is measured.</param>
/// <param name="HigherIsBetter">Rates and the index: higher wins; times: lower wins.</param>
/// <param name="IsTime">A time: a company whose journey failed is never its best.</param>
public sealed record LeaderboardColumn(string Key, string Label, string Note, bool HigherIsBetter, bool IsTime)
{
    public static LeaderboardColumn JourneySuccess { get; } = new("journey_success", "Journey success", "Share of probes whose every required step passed.", true, false);
    public static LeaderboardColumn TimeToConfirmation { get; } = new("time_to_confirmation", "Time to confirmation", "Median time from the submitting click to the confirmation page.", false, true);
    public static LeaderboardColumn TimeToFirstEmail { get; } = new("time_to_first_email", "Time to first email", "Median time from when the form or email was sent to the first email of any kind.", false, true);
    public static LeaderboardColumn FirstHumanReply { get; } = new("first_human_reply", "First human reply", "Median time from when the enquiry was sent to the first reply a person wrote (Kaplan–Meier: unanswered enquiries count, censored at the end of their window).", false, true);
    public static LeaderboardColumn ReplyRate { get; } = new("reply_rate", "Reply rate", "Share of enquiries a person replied to within the window.", true, false);
    public static LeaderboardColumn AnsweredRate { get; } = new("answered_rate", "Answered rate", "Share of enquiries whose reply answered every question.", true, false);
    public static LeaderboardColumn ExperienceIndex { get; } = new("experience_index", "Experience index", "% promoter-grade minus % detractor-grade probes, −100 to +100 (an email that never came scores 0).", true, false);

    /// <summary>The columns, in the order the leaderboard shows them.</summary>
    public static IReadOnlyList<LeaderboardColumn> All { get; } = [JourneySuccess, TimeToConfirmation, TimeToFirstEmail, FirstHumanReply, ReplyRate, AnsweredRate, ExperienceIndex];
}

/// <summary>One company's figure in one column: the value, how many probes it rests on, and whether it is the best or worst.</summary>
/// <param name="Value">The figure (seconds, a share 0–1, or the index); null when nothing was measured.</param>
/// <param name="Text">The figure in words: "1.2 s", "67 % (2 of 3)", "—".</param>
/// <param name="Samples">How many probes the figure rests on.</param>
public sealed record LeaderboardCell(double? Value, string Text, int Samples)
{
    /// <summary>Orders the cell within its column when <see cref="Value"/> is null for a reason worse than any value (nobody replied).</summary>
    public double? RankValue { get; init; }

    public bool Best { get; init; }
    public bool Worst { get; init; }

    /// <summary>A company whose journey failed in this scope cannot be best at a time.</summary>
    public bool JourneyFailed { get; init; }
}

/// <summary>One company on a leaderboard.</summary>
public sealed record LeaderboardRow(int Rank, string TargetId, string TargetName, string Role, IReadOnlyList<LeaderboardCell> Cells)
{
    public bool IsOwn => Comparison.IsOwnRole(Role);

    public LeaderboardCell Cell(LeaderboardColumn column) => Cells[LeaderboardColumn.All.ToList().IndexOf(column)];
}

/// <summary>
/// Own company against each competitor in one scope (one scenario, or the whole run), ranked. Several probes of one
/// company (samples, personas, questions) are aggregated: medians with their n, and shares, never one probe picked.
/// </summary>
/// <param name="Scenario">The scenario, or null for the whole run.</param>
/// <param name="Rows">The companies, best first.</param>
public sealed record Leaderboard(string? Scenario, IReadOnlyList<LeaderboardRow> Rows)
{
    /// <summary>
    /// Ranks the companies of <paramref name="facts"/>: by journey success, then experience index, then reply rate,
    /// then first human reply (faster first), then name. Best and worst are marked per column among companies with a
    /// figure; in a time column a company whose journey failed in this scope is never best.
    /// </summary>
    public static Leaderboard Of(string? scenario, IEnumerable<ProbeFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var companies = facts.GroupBy(f => f.TargetId, StringComparer.Ordinal).Select(g => (Probes: g.ToList(), Cells: Cells(g.ToList()))).ToList();
        var ranked = companies
            .OrderByDescending(c => c.Cells[0].Value ?? -1)
            .ThenByDescending(c => c.Cells[6].Value ?? double.NegativeInfinity)
            .ThenByDescending(c => c.Cells[4].Value ?? -1)
            .ThenBy(c => c.Cells[3].RankValue ?? double.PositiveInfinity)
            .ThenBy(c => c.Probes[0].TargetName, StringComparer.Ordinal)
            .ToList();
        var rows = ranked.Select((c, i) => new LeaderboardRow(i + 1, c.Probes[0].TargetId, c.Probes[0].TargetName, c.Probes[0].Role, c.Cells)).ToList();
        return new Leaderboard(scenario, MarkBestAndWorst(rows));
    }

    /// <summary>The own company's row (the report highlights it); null when the own company has no probe here.</summary>
    public LeaderboardRow? Own => Rows.FirstOrDefault(r => r.IsOwn);

    private static List<LeaderboardCell> Cells(List<ProbeFacts> probes)
    {
        var decided = probes.Where(p => !p.Awaiting).ToList();
        var failed = decided.Any(p => !p.JourneyCompleted);
        var enquiries = probes.Where(p => p.IsEnquiry && p.SentAt is not null && (!p.Awaiting || p.FirstHumanReply is not null)).ToList();

        var success = Share(decided.Count(p => p.JourneyCompleted), decided.Count);
        var confirmation = Median(probes.Select(p => p.ConfirmationSeconds));
        var firstEmail = Median(probes.Select(p => p.FirstEmailSeconds));
        var curve = KaplanMeier.Estimate(enquiries.Select(p => new SurvivalTime(p.ReplySeconds ?? p.WindowSeconds ?? 0, p.ReplySeconds is not null)));
        var replied = enquiries.Count(p => p.ReplySeconds is not null);
        var answered = enquiries.Count(p => p.AnsweredAll);
        var experience = ExperienceIndexOf(decided.Select(p => p.ExperienceScore).OfType<double>().ToList());

        return
        [
            success,
            Time(confirmation) with { JourneyFailed = failed },
            Time(firstEmail) with { JourneyFailed = failed },
            (enquiries.Count == 0
                ? new LeaderboardCell(null, "—", 0)
                : curve.Median is { } median
                    ? new LeaderboardCell(median, Comparison.FormatSeconds(median), enquiries.Count) { RankValue = median }
                    // Fewer than half were answered: slower than any company with a median, and a few replies still beat none.
                    : new LeaderboardCell(null, replied == 0 ? "no reply" : "most never replied", enquiries.Count) { RankValue = 1e12 - replied })
                with { JourneyFailed = failed },
            Share(replied, enquiries.Count),
            Share(answered, enquiries.Count),
            experience is null
                ? new LeaderboardCell(null, "—", 0)
                : new LeaderboardCell(experience.Index, Comparison.FormatIndex(experience.Index), experience.Probes) { RankValue = experience.Index },
        ];
    }

    private static ExperienceIndex? ExperienceIndexOf(List<double> scores) => Judging.Quality.ExperienceIndex.Of(scores);

    private static LeaderboardCell Time((double? Median, int Count) median) => median.Median is { } m
        ? new LeaderboardCell(m, Comparison.FormatSeconds(m) + (median.Count > 1 ? $" (median of {median.Count})" : ""), median.Count) { RankValue = m }
        : new LeaderboardCell(null, "—", 0);

    private static LeaderboardCell Share(int count, int of) => of == 0
        ? new LeaderboardCell(null, "—", 0)
        : new LeaderboardCell((double)count / of, string.Create(CultureInfo.InvariantCulture, $"{100.0 * count / of:0} % ({count} of {of})"), of) { RankValue = (double)count / of };

    /// <summary>The median of the values present, and how many there were.</summary>
    public static (double? Median, int Count) Median(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return (Sample.Median(present), present.Count);
    }

    private static List<LeaderboardRow> MarkBestAndWorst(List<LeaderboardRow> rows)
    {
        var cells = rows.Select(r => r.Cells.ToList()).ToList();
        for (var column = 0; column < LeaderboardColumn.All.Count; column++)
        {
            var definition = LeaderboardColumn.All[column];
            var ranked = cells.Select((c, row) => (Row: row, Cell: c[column])).Where(x => x.Cell.RankValue is not null).ToList();
            if (ranked.Count < 2 || ranked.Select(x => x.Cell.RankValue).Distinct().Count() < 2)
            {
                continue;
            }

            double Score(LeaderboardCell cell) => definition.HigherIsBetter ? cell.RankValue!.Value : -cell.RankValue!.Value;
            var eligible = ranked.Where(x => !(definition.IsTime && x.Cell.JourneyFailed)).ToList();
            if (eligible.Count > 0)
            {
                var best = eligible.Max(x => Score(x.Cell));
                foreach (var x in eligible.Where(x => Score(x.Cell) == best))
                {
                    cells[x.Row][column] = cells[x.Row][column] with { Best = true };
                }
            }

            var worst = ranked.Min(x => Score(x.Cell));
            foreach (var x in ranked.Where(x => Score(x.Cell) == worst && !cells[x.Row][column].Best))
            {
                cells[x.Row][column] = cells[x.Row][column] with { Worst = true };
            }
        }

        return rows.Select((r, i) => r with { Cells = cells[i] }).ToList();
    }
}
