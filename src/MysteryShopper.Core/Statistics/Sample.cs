namespace MysteryShopper.Statistics;

/// <summary>The middle of a sample: the one definition the leaderboard, the benchmark measures, summary.md and the baseline comparison share.</summary>
public static class Sample
{
    /// <summary>The median of <paramref name="values"/> (the mean of the two middle values of an even count); null when there are none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length == 0 ? null : sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
