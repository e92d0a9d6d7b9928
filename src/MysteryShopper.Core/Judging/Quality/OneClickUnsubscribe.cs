using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// RFC 8058 one-click unsubscribe, for marketing mail: <c>List-Unsubscribe</c> holds an <c>https:</c> URI and
/// <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> is present (header names in any case, values unfolded).
/// A mailto-only header, an <c>http:</c> URI or a link in the body alone is not one-click. Score 10 or 0 for marketing.
/// </summary>
public static partial class OneClickUnsubscribe
{
    [GeneratedRegex(@"<\s*([^>]+?)\s*>", RegexOptions.CultureInvariant)]
    private static partial Regex Uri();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"unsubscribe|opt[- ]out", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BodyLink();

    /// <summary>Null (and no sub-score) when the mail is not marketing.</summary>
    public static (bool? OneClick, CardPart Part) Judge(Letter letter, MessageKind kind)
    {
        var uris = Uris(letter);
        var https = uris.FirstOrDefault(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase));
        var post = letter.Header("List-Unsubscribe-Post").Any(v => Whitespace().Replace(v, "").Equals("List-Unsubscribe=One-Click", StringComparison.OrdinalIgnoreCase));
        var oneClick = https is not null && post;

        var evidence = new List<string>();
        if (uris.Count == 0)
        {
            evidence.Add(letter.First("List-Unsubscribe") is null ? "no List-Unsubscribe header" : "List-Unsubscribe holds no <URI>");
        }
        else if (https is not null)
        {
            evidence.Add($"List-Unsubscribe: <{Short(https)}>");
        }
        else
        {
            evidence.Add(uris.Any(u => u.StartsWith("http:", StringComparison.OrdinalIgnoreCase))
                ? $"List-Unsubscribe has an http: URI, not https: <{Short(uris.First(u => u.StartsWith("http:", StringComparison.OrdinalIgnoreCase)))}>"
                : $"List-Unsubscribe is mailto only: <{Short(uris[0])}>");
        }

        evidence.Add(post ? "List-Unsubscribe-Post: List-Unsubscribe=One-Click" : letter.First("List-Unsubscribe-Post") is { } other ? $"List-Unsubscribe-Post: {other} (not One-Click)" : "no List-Unsubscribe-Post");
        if (!oneClick && BodyLink().IsMatch(letter.Text))
        {
            evidence.Add("an unsubscribe link in the body only");
        }

        if (kind != MessageKind.Marketing)
        {
            return (null, new CardPart(Parts.Unsubscribe, "not marketing", null, evidence));
        }

        return (oneClick, new CardPart(Parts.Unsubscribe, oneClick ? "one-click" : "not one-click", oneClick ? 10 : 0, evidence));
    }

    /// <summary>The URIs of the <c>List-Unsubscribe</c> headers (<c>&lt;https:…&gt;</c>, <c>&lt;mailto:…&gt;</c>), in order.</summary>
    public static IReadOnlyList<string> Uris(Letter letter) =>
        letter.Header("List-Unsubscribe").SelectMany(v => Uri().Matches(Whitespace().Replace(v, " ")).Select(m => Whitespace().Replace(m.Groups[1].Value, ""))).ToList();

    private static string Short(string uri) => uri.Length > 50 ? uri[..50] + "…" : uri;
}
