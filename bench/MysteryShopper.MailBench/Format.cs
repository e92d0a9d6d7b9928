using System.Globalization;

namespace MysteryShopper.MailBench;

/// <summary>Invariant number formats for the printed figures.</summary>
public static class Format
{
    public static string Ms(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms");

    public static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.00} s");

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
