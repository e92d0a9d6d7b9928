using System.Globalization;
using System.Text.RegularExpressions;

namespace MysteryShopper.Scenarios;

/// <summary>Durations as scenario files write them: <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h30m</c>, <c>3d</c>.</summary>
public static partial class Duration
{
    public const string Hint = "write a number with a unit: ms, s, m, h or d, e.g. 10s, 5m, 1h30m, 3d";

    [GeneratedRegex(@"\G(\d+(?:\.\d+)?)(ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        var at = 0;
        while (at < s.Length)
        {
            var m = Part().Match(s, at);
            if (!m.Success)
            {
                return false;
            }

            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            value += m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            at += m.Length;
        }

        return true;
    }

    /// <summary>A short human form: 850 ms, 4.2 s, 3 m 20 s, 5 h 2 m, 2 d 3 h.</summary>
    public static string Format(TimeSpan value)
    {
        var sign = value < TimeSpan.Zero ? "-" : "";
        value = value.Duration();
        return sign + (value.TotalSeconds switch
        {
            < 1 => $"{value.TotalMilliseconds:0} ms",
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.0} s"),
            < 3600 => $"{(int)value.TotalMinutes} m {value.Seconds} s",
            < 86400 => $"{(int)value.TotalHours} h {value.Minutes} m",
            _ => $"{(int)value.TotalDays} d {value.Hours} h",
        });
    }
}
