using System.Globalization;
using System.Text.RegularExpressions;

namespace MysteryShopper.Judging;

/// <summary>
/// Opening hours such as <c>Mon-Fri 09:00-17:30</c> or <c>Mon-Thu 09:00-17:30, Fri 09:00-16:00</c>, in a target's
/// own time zone: a reply that takes from Friday evening to Monday morning took no business time at all.
/// </summary>
public sealed partial record BusinessHours(IReadOnlyList<(DayOfWeek Day, TimeSpan Open, TimeSpan Close)> Windows, string Text)
{
    public const string Hint = "write days and hours, e.g. \"Mon-Fri 09:00-17:30\" or \"Mon-Thu 09:00-17:30, Fri 09:00-16:00\"";

    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    [GeneratedRegex(@"^\s*([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static BusinessHours? TryParse(string text)
    {
        var windows = new List<(DayOfWeek, TimeSpan, TimeSpan)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = Part().Match(part);
            if (!m.Success)
            {
                return null;
            }

            var first = Array.IndexOf(Days, m.Groups[1].Value.ToLowerInvariant());
            var last = m.Groups[2].Success ? Array.IndexOf(Days, m.Groups[2].Value.ToLowerInvariant()) : first;
            if (first < 0 || last < 0
                || !TimeSpan.TryParseExact(m.Groups[3].Value, @"h\:mm", CultureInfo.InvariantCulture, out var open)
                || !TimeSpan.TryParseExact(m.Groups[4].Value, @"h\:mm", CultureInfo.InvariantCulture, out var close)
                || close <= open)
            {
                return null;
            }

            for (var day = first; ; day = (day + 1) % 7)
            {
                windows.Add(((DayOfWeek)day, open, close));
                if (day == last)
                {
                    break;
                }
            }
        }

        return windows.Count == 0 ? null : new BusinessHours(windows, text.Trim());
    }

    /// <summary>The part of <paramref name="from"/>..<paramref name="to"/> that falls in these hours, in <paramref name="zone"/>.</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var start = TimeZoneInfo.ConvertTime(from, zone);
        var end = TimeZoneInfo.ConvertTime(to, zone);
        for (var day = start.Date; day <= end.Date; day = day.AddDays(1))
        {
            foreach (var (weekday, open, close) in Windows.Where(w => w.Day == day.DayOfWeek))
            {
                var windowStart = new DateTimeOffset(day + open, zone.GetUtcOffset(day + open));
                var windowEnd = new DateTimeOffset(day + close, zone.GetUtcOffset(day + close));
                var overlapStart = windowStart > from ? windowStart : from;
                var overlapEnd = windowEnd < to ? windowEnd : to;
                if (overlapEnd > overlapStart)
                {
                    total += overlapEnd - overlapStart;
                }
            }
        }

        return total;
    }

    public override string ToString() => Text;
}
