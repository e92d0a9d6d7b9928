namespace MysteryShopper.Reporting.Overview;

/// <summary>
/// Who wins, in one screen: the overall and per-scenario leaderboards, the benchmark measures and reply curves of the
/// enquiries, and the trends and regressions against earlier runs. A pure function of a <see cref="RunResult"/>.
/// </summary>
public sealed record RunOverview
{
    public required Leaderboard Overall { get; init; }

    /// <summary>One leaderboard per scenario, in the run's order.</summary>
    public required IReadOnlyList<Leaderboard> Scenarios { get; init; }

    /// <summary>Each company's enquiries in published-audit terms; empty when the run asked no questions.</summary>
    public required IReadOnlyList<BenchmarkMeasures> Benchmarks { get; init; }

    /// <summary>Each company's reply curve over all its enquiries.</summary>
    public required IReadOnlyList<ReplyCurve> Curves { get; init; }

    /// <summary>The headline metrics across <see cref="RunResult.History"/> and this run.</summary>
    public required IReadOnlyList<Trend> Trends { get; init; }

    /// <summary>The metrics that got significantly and meaningfully worse against the baseline.</summary>
    public required IReadOnlyList<MetricChange> Regressions { get; init; }

    public static RunOverview Of(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var facts = run.Probes.Select(p => new ProbeFacts(p)).ToList();
        return new RunOverview
        {
            Overall = Leaderboard.Of(null, facts),
            Scenarios = facts.GroupBy(f => f.Scenario, StringComparer.Ordinal).Select(g => Leaderboard.Of(g.Key, g)).ToList(),
            Benchmarks = BenchmarkMeasures.Of(facts),
            Curves = ReplyCurve.Of(facts),
            Trends = Trend.Of(run),
            Regressions = run.Baseline?.Changes.Where(c => c.Verdict == ChangeVerdict.Regressed).ToList() ?? [],
        };
    }
}
