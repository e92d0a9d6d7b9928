using System.Globalization;

namespace MysteryShopper.MailBench;

/// <summary>Median, 95th percentile and maximum of a sample of durations (nearest rank: each is a measured value).</summary>
public sealed record Distribution(int Count, TimeSpan Min, TimeSpan P50, TimeSpan P95, TimeSpan Max)
{
    public static Distribution Of(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Distribution(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        return new Distribution(sorted.Length, sorted[0], Rank(sorted, 0.50), Rank(sorted, 0.95), sorted[^1]);
    }

    public override string ToString() => Count == 0
        ? "no samples"
        : $"p50 {Format.Ms(P50)}, p95 {Format.Ms(P95)}, max {Format.Ms(Max)} (min {Format.Ms(Min)}, n={Count})";

    private static TimeSpan Rank(TimeSpan[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Invariant number formats for the printed figures.</summary>
public static class Format
{
    public static string Ms(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms");

    public static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.00} s");

    public static string GiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB");

    /// <summary>A Markdown table: columns padded to their widest cell.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        string Line(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
        yield return Line(header);
        yield return "|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|";
        foreach (var row in all.Skip(1))
        {
            yield return Line(row);
        }
    }
}
