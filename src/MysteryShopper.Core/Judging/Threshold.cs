using System.Globalization;
using System.Text.RegularExpressions;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Judging;

public enum Comparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}

/// <summary>A bound a metric must meet: <c>&lt; 5s</c>, <c>&gt;= 7</c>. Durations are held in seconds.</summary>
public sealed partial record Threshold(Comparison Comparison, double Value, bool IsDuration, string Text)
{
    public const string Hint = "write an operator and a value, e.g. \"< 5s\", \"<= 24h\", \">= 7\"";

    [GeneratedRegex(@"^\s*(<=|>=|==|<|>)\s*(\S.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static Threshold? TryParse(string text)
    {
        var m = Shape().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var comparison = m.Groups[1].Value switch
        {
            "<" => Comparison.Less,
            "<=" => Comparison.LessOrEqual,
            ">" => Comparison.Greater,
            ">=" => Comparison.GreaterOrEqual,
            _ => Comparison.Equal,
        };
        var value = m.Groups[2].Value;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new Threshold(comparison, number, false, text.Trim());
        }

        return Duration.TryParse(value, out var span) ? new Threshold(comparison, span.TotalSeconds, true, text.Trim()) : null;
    }

    public bool IsMetBy(double actual) => Comparison switch
    {
        Comparison.Less => actual < Value,
        Comparison.LessOrEqual => actual <= Value,
        Comparison.Greater => actual > Value,
        Comparison.GreaterOrEqual => actual >= Value,
        _ => Math.Abs(actual - Value) < 1e-9,
    };

    public override string ToString() => Text;
}
