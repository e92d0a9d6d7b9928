using System.Globalization;
using System.Xml.Linq;
using MysteryShopper.Reporting.Overview;

namespace MysteryShopper.Reporting.Html;

/// <summary>
/// The report's charts as inline SVG, built as <see cref="XElement"/>s so every name and number is encoded by the XML
/// writer, never pasted into markup. Colours come from the page's style sheet (classes <c>series-0</c>…), so the charts
/// follow light and dark mode and print. Each data point is an element with <c>data-*</c> attributes a test can read.
/// </summary>
public static class SvgCharts
{
    private const double Width = 640;
    private const double Height = 300;
    private const double Left = 52;
    private const double Right = 16;
    private const double Top = 20;
    private const double Bottom = 44;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    /// <summary>How many series colours the style sheet defines; further companies reuse them.</summary>
    public const int Colours = 6;

    private static readonly (double Seconds, string Label)[] TimeTicks =
    [
        (1, "1 s"), (5, "5 s"), (10, "10 s"), (30, "30 s"), (60, "1 min"), (300, "5 min"), (900, "15 min"), (3600, "1 h"),
        (6 * 3600, "6 h"), (86400, "24 h"), (3 * 86400, "72 h"), (7 * 86400, "7 d"), (30 * 86400, "30 d"),
    ];

    private static readonly (double Seconds, string Label)[] Marks = [(3600, "1 h"), (86400, "24 h"), (3 * 86400, "72 h")];

    /// <summary>
    /// The reply curves: per company the share of enquiries answered within t as a step line over its 95 % band, with
    /// censored enquiries as ticks and 1 h / 24 h / 72 h marks where the axis reaches them. The time axis is
    /// logarithmic past a knee (<see cref="TimeAxis"/>) so seconds, minutes and days all stay readable.
    /// </summary>
    public static XElement ReplyCurves(IReadOnlyList<ReplyCurve> curves, string title)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var horizon = Math.Max(1, curves.Select(c => c.Horizon).DefaultIfEmpty(1).Max());
        var axis = new TimeAxis(horizon);
        var svg = Svg(title, "reply-curves");

        foreach (var share in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            svg.Add(Line(Left, Y(share), Left + PlotWidth, Y(share), "grid"));
            svg.Add(Text(Left - 6, Y(share) + 4, Percent(share), "axis-label", "end"));
        }

        var lastX = double.NegativeInfinity;
        foreach (var (seconds, label) in TimeTicks.Where(t => t.Seconds <= horizon))
        {
            var x = Left + (axis.Of(seconds) * PlotWidth);
            if (x - lastX < 44)
            {
                continue;
            }

            lastX = x;
            svg.Add(Line(x, Top + PlotHeight, x, Top + PlotHeight + 5, "tick"));
            svg.Add(Text(x, Top + PlotHeight + 18, label, "axis-label", "middle"));
        }

        svg.Add(Text(Left + (PlotWidth / 2), Height - 6, "time after the enquiry was sent (log scale)", "axis-title", "middle"));
        svg.Add(Text(14, Top + (PlotHeight / 2), "share answered", "axis-title", "middle", new XAttribute("transform", Invariant($"rotate(-90 14 {Top + (PlotHeight / 2):0.#})"))));
        foreach (var (seconds, label) in Marks.Where(m => m.Seconds <= horizon))
        {
            var x = Left + (axis.Of(seconds) * PlotWidth);
            svg.Add(Line(x, Top, x, Top + PlotHeight, "mark"), Text(x + 3, Top + 10, label, "mark-label", "start"));
        }

        for (var i = 0; i < curves.Count; i++)
        {
            svg.Add(Curve(curves[i], i, axis));
        }

        svg.Add(Line(Left, Top, Left, Top + PlotHeight, "axis"), Line(Left, Top + PlotHeight, Left + PlotWidth, Top + PlotHeight, "axis"));
        return svg;
    }

    /// <summary>
    /// One headline metric across runs: a line per company (runs evenly spaced, oldest left), the baseline run marked
    /// with a dashed line and this run's points ringed.
    /// </summary>
    public static XElement TrendChart(Trend trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var svg = Svg($"{trend.Column.Label} over the last runs", "trend");
        var runs = trend.Series.SelectMany(s => s.Points).Select(p => p.RunId).Distinct(StringComparer.Ordinal).ToList();
        var values = trend.Series.SelectMany(s => s.Points).Select(p => p.Value).OfType<double>().ToList();
        var isShare = trend.Column == LeaderboardColumn.JourneySuccess || trend.Column == LeaderboardColumn.ReplyRate || trend.Column == LeaderboardColumn.AnsweredRate;
        var (low, high) = isShare ? (0.0, 1.0)
            : trend.Column == LeaderboardColumn.ExperienceIndex ? (-100.0, 100.0)
            : (0.0, Math.Max(1e-9, values.DefaultIfEmpty(1).Max()));
        double X(int run) => Left + (runs.Count == 1 ? PlotWidth / 2 : run * PlotWidth / (runs.Count - 1));
        double YOf(double v) => Top + ((high - v) / (high - low) * PlotHeight);
        string Format(double v) => isShare ? Percent(v) : trend.Column.IsTime ? Comparison.FormatSeconds(v) : Comparison.FormatIndex(v);

        foreach (var v in new[] { low, (low + high) / 2, high })
        {
            svg.Add(Line(Left, YOf(v), Left + PlotWidth, YOf(v), "grid"), Text(Left - 6, YOf(v) + 4, Format(v), "axis-label", "end"));
        }

        var first = trend.Series.SelectMany(s => s.Points).MinBy(p => p.StartedAt);
        var last = trend.Series.SelectMany(s => s.Points).MaxBy(p => p.StartedAt);
        if (first is not null && last is not null)
        {
            svg.Add(Text(Left, Height - 20, first.StartedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "axis-label", "start"));
            svg.Add(Text(Left + PlotWidth, Height - 20, last.StartedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "axis-label", "end"));
            svg.Add(Text(Left + (PlotWidth / 2), Height - 6, $"{runs.Count} runs, oldest left", "axis-title", "middle"));
        }

        var baseline = trend.Series.SelectMany(s => s.Points).FirstOrDefault(p => p.IsBaseline);
        if (baseline is not null)
        {
            var x = X(runs.IndexOf(baseline.RunId));
            svg.Add(Line(x, Top, x, Top + PlotHeight, "mark baseline"), Text(x + 3, Top + 10, "baseline", "mark-label", "start"));
        }

        for (var i = 0; i < trend.Series.Count; i++)
        {
            var series = trend.Series[i];
            var group = new XElement("g", new XAttribute("class", $"series series-{i % Colours}{(series.IsOwn ? " own" : "")}"), new XAttribute("data-company", series.TargetId));
            var present = series.Points.Select(p => (Point: p, X: X(runs.IndexOf(p.RunId)))).Where(p => p.Point.Value is not null).ToList();
            if (present.Count > 1)
            {
                group.Add(new XElement("polyline", new XAttribute("class", "line"), new XAttribute("points", string.Join(' ', present.Select(p => Invariant($"{p.X:0.#},{YOf(p.Point.Value!.Value):0.#}"))))));
            }

            foreach (var (point, x) in present)
            {
                group.Add(new XElement(
                    "circle",
                    new XAttribute("class", point.IsCurrent ? "point current" : point.IsBaseline ? "point baseline" : "point"),
                    new XAttribute("cx", Invariant($"{x:0.#}")),
                    new XAttribute("cy", Invariant($"{YOf(point.Value!.Value):0.#}")),
                    new XAttribute("r", point.IsCurrent || point.IsBaseline ? "4" : "2.5"),
                    new XAttribute("data-company", series.TargetId),
                    new XAttribute("data-run", point.RunId),
                    new XAttribute("data-value", Invariant($"{point.Value!.Value:0.####}")),
                    new XElement("title", $"{series.TargetName}, run {point.RunId}{(point.IsBaseline ? " (baseline)" : "")}: {Format(point.Value!.Value)}")));
            }

            svg.Add(group);
        }

        svg.Add(Line(Left, Top, Left, Top + PlotHeight, "axis"), Line(Left, Top + PlotHeight, Left + PlotWidth, Top + PlotHeight, "axis"));
        return svg;
    }

    /// <summary>
    /// Seconds to a 0–1 position: x = ln(1 + t/k) / ln(1 + H/k), with the knee k = max(1 s, H/4000). Linear near 0 and
    /// logarithmic beyond the knee, so a 5-second reply and a 3-day one both get room.
    /// </summary>
    public sealed class TimeAxis(double horizon)
    {
        private readonly double _knee = Math.Max(1, horizon / 4000);

        public double Horizon { get; } = horizon;

        public double Of(double seconds) => Math.Clamp(Math.Log(1 + (Math.Max(0, seconds) / _knee)) / Math.Log(1 + (Horizon / _knee)), 0, 1);
    }

    private static XElement Curve(ReplyCurve curve, int index, TimeAxis axis)
    {
        double X(double t) => Left + (axis.Of(t) * PlotWidth);
        var group = new XElement("g", new XAttribute("class", $"series series-{index % Colours}{(curve.IsOwn ? " own" : "")}"), new XAttribute("data-company", curve.TargetId));
        var points = curve.Points;

        // The band and the line are steps: the share holds until the next reply.
        var upper = new List<string> { Invariant($"{X(0):0.#},{Y(0):0.#}") };
        var lower = new List<string> { Invariant($"{X(0):0.#},{Y(0):0.#}") };
        var line = new List<string> { Invariant($"M{X(0):0.#},{Y(0):0.#}") };
        var (previousUpper, previousLower, previousShare) = (0.0, 0.0, 0.0);
        foreach (var point in points)
        {
            var x = X(point.Seconds);
            upper.Add(Invariant($"{x:0.#},{Y(previousUpper):0.#}"));
            upper.Add(Invariant($"{x:0.#},{Y(point.Upper):0.#}"));
            lower.Add(Invariant($"{x:0.#},{Y(previousLower):0.#}"));
            lower.Add(Invariant($"{x:0.#},{Y(point.Lower):0.#}"));
            line.Add(Invariant($"H{x:0.#}V{Y(point.Share):0.#}"));
            (previousUpper, previousLower, previousShare) = (point.Upper, point.Lower, point.Share);
        }

        var end = X(curve.Horizon);
        upper.Add(Invariant($"{end:0.#},{Y(previousUpper):0.#}"));
        lower.Add(Invariant($"{end:0.#},{Y(previousLower):0.#}"));
        line.Add(Invariant($"H{end:0.#}"));
        lower.Reverse();
        group.Add(new XElement("polygon", new XAttribute("class", "band"), new XAttribute("points", string.Join(' ', upper.Concat(lower)))));
        group.Add(new XElement("path", new XAttribute("class", "line"), new XAttribute("d", string.Join("", line))));

        foreach (var censored in curve.Estimate.Censored.Distinct())
        {
            var share = 1 - curve.Estimate.SurvivalAt(censored);
            group.Add(new XElement(
                "line",
                new XAttribute("class", "censored"),
                new XAttribute("x1", Invariant($"{X(censored):0.#}")),
                new XAttribute("y1", Invariant($"{Y(share) - 5:0.#}")),
                new XAttribute("x2", Invariant($"{X(censored):0.#}")),
                new XAttribute("y2", Invariant($"{Y(share) + 5:0.#}")),
                new XAttribute("data-company", curve.TargetId),
                new XAttribute("data-censored", Invariant($"{censored:0.###}")),
                new XElement("title", $"{curve.TargetName}: no reply within {Comparison.FormatSeconds(censored)} (censored: the probe stopped watching)")));
        }

        foreach (var point in points)
        {
            group.Add(new XElement(
                "circle",
                new XAttribute("class", "point"),
                new XAttribute("cx", Invariant($"{X(point.Seconds):0.#}")),
                new XAttribute("cy", Invariant($"{Y(point.Share):0.#}")),
                new XAttribute("r", "3.5"),
                new XAttribute("data-company", curve.TargetId),
                new XAttribute("data-t", Invariant($"{point.Seconds:0.###}")),
                new XAttribute("data-share", Invariant($"{point.Share:0.####}")),
                new XAttribute("data-lower", Invariant($"{point.Lower:0.####}")),
                new XAttribute("data-upper", Invariant($"{point.Upper:0.####}")),
                new XElement("title", $"{curve.TargetName}: {Percent(point.Share)} answered within {Comparison.FormatSeconds(point.Seconds)} (95 % band {Percent(point.Lower)}–{Percent(point.Upper)})")));
        }

        return group;
    }

    private static XElement Svg(string title, string cssClass) => new(
        "svg",
        new XAttribute("class", $"chart {cssClass}"),
        new XAttribute("viewBox", Invariant($"0 0 {Width} {Height}")),
        new XAttribute("role", "img"),
        new XAttribute("aria-label", title),
        new XElement("title", title));

    private static double Y(double share) => Top + ((1 - share) * PlotHeight);

    private static XElement Line(double x1, double y1, double x2, double y2, string cssClass) => new(
        "line",
        new XAttribute("class", cssClass),
        new XAttribute("x1", Invariant($"{x1:0.#}")),
        new XAttribute("y1", Invariant($"{y1:0.#}")),
        new XAttribute("x2", Invariant($"{x2:0.#}")),
        new XAttribute("y2", Invariant($"{y2:0.#}")));

    private static XElement Text(double x, double y, string text, string cssClass, string anchor, params object[] more) => new(
        "text",
        new XAttribute("class", cssClass),
        new XAttribute("x", Invariant($"{x:0.#}")),
        new XAttribute("y", Invariant($"{y:0.#}")),
        new XAttribute("text-anchor", anchor),
        more,
        text);

    /// <summary>"67 %": a share as the report writes it.</summary>
    public static string Percent(double share) => Invariant($"{share * 100:0} %");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
