namespace MysteryShopper.Reporting.Overview;

/// <summary>One run's value of a headline metric for one company.</summary>
/// <param name="RunId">The run.</param>
/// <param name="StartedAt">When it started (the trend's x axis).</param>
/// <param name="Value">The overall leaderboard's figure for the company in that run; null when not measured.</param>
/// <param name="IsBaseline">The run this one is compared with (<c>--baseline</c>).</param>
/// <param name="IsCurrent">This report's run.</param>
public sealed record TrendPoint(string RunId, DateTimeOffset StartedAt, double? Value, bool IsBaseline, bool IsCurrent);

/// <summary>One company's values of one headline metric across runs, oldest first.</summary>
public sealed record TrendSeries(string TargetId, string TargetName, string Role, IReadOnlyList<TrendPoint> Points)
{
    public bool IsOwn => Comparison.IsOwnRole(Role);
}

/// <summary>One headline metric over the history of the suite and this run.</summary>
public sealed record Trend(LeaderboardColumn Column, IReadOnlyList<TrendSeries> Series)
{
    /// <summary>The headline metrics a trend is drawn for.</summary>
    public static IReadOnlyList<LeaderboardColumn> Headlines { get; } =
        [LeaderboardColumn.JourneySuccess, LeaderboardColumn.TimeToFirstEmail, LeaderboardColumn.ReplyRate, LeaderboardColumn.ExperienceIndex];

    /// <summary>
    /// Each headline metric over <see cref="RunResult.History"/> and <paramref name="run"/>, from each run's overall
    /// leaderboard; empty when there is no history to compare with.
    /// </summary>
    public static IReadOnlyList<Trend> Of(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.History.Count == 0)
        {
            return [];
        }

        var runs = run.History.Append(run).ToList();
        var boards = runs.Select(r => (Run: r, Board: Leaderboard.Of(null, r.Probes.Select(p => new ProbeFacts(p))))).ToList();
        var companies = boards
            .SelectMany(b => b.Board.Rows)
            .GroupBy(r => r.TargetId, StringComparer.Ordinal)
            .Select(g => g.Last())
            .OrderBy(r => r.IsOwn ? 0 : 1)
            .ThenBy(r => r.TargetName, StringComparer.Ordinal)
            .ToList();
        var baseline = run.Baseline?.BaselineRunId;
        return Headlines.Select(column => new Trend(column, companies.Select(company => new TrendSeries(
            company.TargetId,
            company.TargetName,
            company.Role,
            boards.Select(b => new TrendPoint(
                b.Run.RunId,
                b.Run.StartedAt,
                b.Board.Rows.FirstOrDefault(r => r.TargetId == company.TargetId)?.Cell(column).Value,
                b.Run.RunId == baseline,
                ReferenceEquals(b.Run, run))).ToList())).ToList())).ToList();
    }
}
