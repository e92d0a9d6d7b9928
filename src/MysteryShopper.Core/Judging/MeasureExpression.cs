using System.Text.RegularExpressions;

namespace MysteryShopper.Judging;

/// <summary>A moment in a probe: a mark (<c>submitted</c>) or an email's arrival (<c>welcome.received</c>).</summary>
public sealed record Moment(string Name, string? Property)
{
    public override string ToString() => Property is null ? Name : $"{Name}.{Property}";
}

/// <summary>The time between two moments: <c>end - start</c>.</summary>
public sealed partial record MeasureExpression(Moment End, Moment Start)
{
    public const string Hint = "write 'later - earlier' with mark names or email names, e.g. 'welcome.received - submitted'";

    [GeneratedRegex(@"^\s*([a-z_][a-z0-9_]*)(?:\.([a-z_]+))?\s*-\s*([a-z_][a-z0-9_]*)(?:\.([a-z_]+))?\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Shape();

    public static MeasureExpression? TryParse(string text)
    {
        var m = Shape().Match(text);
        if (!m.Success)
        {
            return null;
        }

        static string? Optional(Group g) => g.Success ? g.Value : null;
        return new MeasureExpression(new Moment(m.Groups[1].Value, Optional(m.Groups[2])), new Moment(m.Groups[3].Value, Optional(m.Groups[4])));
    }

    public override string ToString() => $"{End} - {Start}";
}
