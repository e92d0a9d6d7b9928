using System.Globalization;

namespace MysteryShopper.Bench.Common;

/// <summary>
/// A sample of durations: count, minimum, median, 90th and 95th percentile, maximum and mean. Every quantile is
/// <see cref="Quantile"/>: linear interpolation between ranks, so a median of an even count is the mean of the middle two.
/// </summary>
public sealed record Stats(int Count, TimeSpan Min, TimeSpan Median, TimeSpan P90, TimeSpan P95, TimeSpan Max, TimeSpan Mean)
{
    public static Stats Of(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Stats(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        return new Stats(
            sorted.Length, Ms(sorted[0]), Ms(Quantile(sorted, 0.5)), Ms(Quantile(sorted, 0.9)), Ms(Quantile(sorted, 0.95)), Ms(sorted[^1]), Ms(sorted.Average()));
    }

    /// <summary>The q-quantile of an ascending, non-empty sample: linear interpolation between ranks (R's and numpy's default, type 7).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        var rank = Math.Clamp(q, 0, 1) * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    public override string ToString() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture,
            $"p50 {Median.TotalMilliseconds:0} ms, p95 {P95.TotalMilliseconds:0} ms, max {Max.TotalMilliseconds:0} ms (min {Min.TotalMilliseconds:0} ms, n={Count})");

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
