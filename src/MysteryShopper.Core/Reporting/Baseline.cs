namespace MysteryShopper.Reporting;

/// <summary>What a metric's change against the baseline run amounts to.</summary>
public enum ChangeVerdict
{
    /// <summary>No change that is both significant and meaningful (or within the tolerance for single samples).</summary>
    Unchanged,
    Improved,

    /// <summary>Worse, significantly and meaningfully: the run fails (exit 1).</summary>
    Regressed,

    /// <summary>The baseline or this run has no value to compare (a metric not measured on one side).</summary>
    NotComparable,
}

/// <summary>
/// One metric of one scenario at one company, this run against the baseline: the values compared (medians for samples,
/// rates for rates), how they were compared (<see cref="Method"/>), and the verdict with its statistics.
/// </summary>
public sealed record MetricChange(string Scenario, string TargetId, string TargetName, string Metric, ChangeVerdict Verdict, string Method)
{
    /// <summary>The baseline's value (the median of its samples, or its rate).</summary>
    public double? Before { get; init; }

    /// <summary>This run's value (the median of its samples, or its rate).</summary>
    public double? After { get; init; }

    public int BeforeSamples { get; init; }
    public int AfterSamples { get; init; }

    /// <summary>The test's p-value (Mann–Whitney U), when a test was made.</summary>
    public double? PValue { get; init; }

    /// <summary>The effect size (Cliff's delta for samples, the difference of rates for rates), when one was computed.</summary>
    public double? Effect { get; init; }

    /// <summary>The change in words, for a reader: "time_to_first_email 1.2 s → 3.4 s (+183 %), p = 0.004, Cliff's δ = 0.92".</summary>
    public string Summary { get; init; } = "";
}

/// <summary>This run compared with a baseline run (<c>--baseline RUN|last|TAG</c>).</summary>
public sealed record BaselineComparison(string BaselineRunId, IReadOnlyList<MetricChange> Changes)
{
    /// <summary>The tag the baseline was chosen by, when it was (<c>mshop tag RUN NAME</c>).</summary>
    public string? Tag { get; init; }

    /// <summary>When the baseline run started.</summary>
    public DateTimeOffset? BaselineStartedAt { get; init; }

    /// <summary>At least one metric got significantly and meaningfully worse: the run fails.</summary>
    public bool Regressed => Changes.Any(c => c.Verdict == ChangeVerdict.Regressed);
}
