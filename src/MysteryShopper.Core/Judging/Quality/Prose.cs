using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// The company's own prose in a message: its text body without the quoted conversation (<see cref="MailText.OwnText"/>)
/// and without the signature ("-- " and below). Line ends are LF; URLs and addresses are left in.
/// </summary>
public static partial class Prose
{
    public static string Of(Letter letter) => Of(letter.Text);

    public static string Of(string text)
    {
        // The quoted conversation is cut as every part cuts it (MailText); then the signature, "-- " and below.
        var own = MailText.OwnText(text).Split('\n');
        var end = Array.FindIndex(own, line => line is "-- " or "--");
        return string.Join('\n', own.Take(end < 0 ? own.Length : end).Select(line => line.TrimEnd())).Trim('\n');
    }

    /// <summary>Paragraphs: runs of non-empty lines between blank lines.</summary>
    public static IReadOnlyList<string> Paragraphs(string prose) =>
        BlankLines().Split(prose).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLines();
}
