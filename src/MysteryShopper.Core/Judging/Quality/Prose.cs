using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// The company's own prose in a message: its text body without the quoted conversation (lines starting with
/// <c>&gt;</c>, an "On … wrote:" line or an Outlook "-----Original Message-----"/"From: … Sent:" block and all below)
/// and without the signature ("-- " and below). Line ends are LF; URLs and addresses are left in.
/// </summary>
public static partial class Prose
{
    public static string Of(Letter letter) => Of(letter.Text);

    public static string Of(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line is "-- " or "--" || OriginalMessage().IsMatch(line) || Wrote().IsMatch(line)
                || (i + 1 < lines.Length && OnLine().IsMatch(line) && Wrote().IsMatch(line + " " + lines[i + 1]))
                || (line.StartsWith("From:", StringComparison.OrdinalIgnoreCase) && lines.Skip(i + 1).Take(3).Any(l => l.StartsWith("Sent:", StringComparison.OrdinalIgnoreCase))))
            {
                break;
            }

            if (!line.TrimStart().StartsWith('>'))
            {
                kept.Add(line.TrimEnd());
            }
        }

        return string.Join('\n', kept).Trim('\n');
    }

    /// <summary>Paragraphs: runs of non-empty lines between blank lines.</summary>
    public static IReadOnlyList<string> Paragraphs(string prose) =>
        BlankLines().Split(prose).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();

    [GeneratedRegex(@"^\s*On\s.{4,200}\swrote:\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Wrote();

    [GeneratedRegex(@"^\s*On\s.{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex OnLine();

    [GeneratedRegex(@"^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLines();
}
