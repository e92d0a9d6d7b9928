using System.Globalization;

namespace MysteryShopper.Bench;

/// <summary>Invariant number formats for the printed figures.</summary>
public static class Format
{
    public static string Ms(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms");

    public static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.00} s");

    public static string Ratio(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.00}×");

    public static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:+0.0;-0.0;0.0} %");

    public static string Number(double value, int decimals = 1) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0} MiB");

    /// <summary>A plain text table: columns padded to their widest cell, the header underlined.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        yield return Line(header);
        yield return string.Join("-|-", widths.Select(w => new string('-', w)));
        foreach (var row in all.Skip(1))
        {
            yield return Line(row);
        }
    }
}
