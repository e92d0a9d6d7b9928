using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// RFC 8058 one-click unsubscribe, for marketing mail: <c>List-Unsubscribe</c> holds an <c>https:</c> URI and
/// <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> is present (header names in any case, values unfolded).
/// A mailto-only header, an <c>http:</c> URI or a link in the body alone is not one-click. Score 10 or 0 for marketing.
/// An <c>http:</c> URI on a loopback host (127.0.0.0/8, ::1, localhost) counts as secure, as the W3C Secure Contexts
/// spec counts such origins "potentially trustworthy": nothing leaves the machine, and the demo companies serve so.
/// One definition of "offered" (<see cref="Offer(Letter)"/>) serves the card and the <c>unsubscribe</c> step.
/// </summary>
public static partial class OneClickUnsubscribe
{
    [GeneratedRegex(@"<\s*([^>]+?)\s*>", RegexOptions.CultureInvariant)]
    private static partial Regex Uri();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"unsubscribe|opt[- ]out", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BodyLink();

    /// <summary>The URIs <c>List-Unsubscribe</c> values hold, in order (unfolded, spaces inside a URI dropped).</summary>
    public static IReadOnlyList<string> Uris(IEnumerable<string> listUnsubscribe) =>
        listUnsubscribe.SelectMany(v => Uri().Matches(Whitespace().Replace(v, " ")).Select(m => Whitespace().Replace(m.Groups[1].Value, ""))).ToList();

    /// <summary>Whether <paramref name="uri"/> is a secure web address: https, or http on a loopback host.</summary>
    public static bool IsSecure(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
        && (parsed.Scheme == System.Uri.UriSchemeHttps || (parsed.Scheme == System.Uri.UriSchemeHttp && IsLoopback(parsed)));

    /// <summary>
    /// The URI to POST <c>List-Unsubscribe=One-Click</c> to when the headers offer RFC 8058 one-click (a secure URI in
    /// List-Unsubscribe and the One-Click List-Unsubscribe-Post), else null.
    /// </summary>
    public static string? Offer(IEnumerable<string> listUnsubscribe, IEnumerable<string> listUnsubscribePost) =>
        IsOneClickPost(listUnsubscribePost) ? Uris(listUnsubscribe).FirstOrDefault(IsSecure) : null;

    /// <inheritdoc cref="Offer(IEnumerable{string}, IEnumerable{string})"/>
    public static string? Offer(Letter letter) => Offer(letter.Header("List-Unsubscribe"), letter.Header("List-Unsubscribe-Post"));

    /// <summary>Whether a link's text or URL says it unsubscribes ("Unsubscribe", "opt out"): the body's way out.</summary>
    public static bool SaysUnsubscribe(string text) => BodyLink().IsMatch(text);

    private static bool IsOneClickPost(IEnumerable<string> values) =>
        values.Any(v => Whitespace().Replace(v, "").Equals("List-Unsubscribe=One-Click", StringComparison.OrdinalIgnoreCase));

    private static bool IsLoopback(System.Uri uri) =>
        uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null (and no sub-score) when the mail is not marketing.</summary>
    public static (bool? OneClick, CardPart Part) Judge(Letter letter, MessageKind kind)
    {
        var uris = Uris(letter);
        var https = uris.FirstOrDefault(IsSecure);
        var post = IsOneClickPost(letter.Header("List-Unsubscribe-Post"));
        var oneClick = https is not null && post;

        var evidence = new List<string>();
        if (uris.Count == 0)
        {
            evidence.Add(letter.First("List-Unsubscribe") is null ? "no List-Unsubscribe header" : "List-Unsubscribe holds no <URI>");
        }
        else if (https is not null)
        {
            evidence.Add(https.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
                ? $"List-Unsubscribe: <{Short(https)}>"
                : $"List-Unsubscribe: <{Short(https)}> (http on loopback: secure, as W3C Secure Contexts counts it)");
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
    public static IReadOnlyList<string> Uris(Letter letter) => Uris(letter.Header("List-Unsubscribe"));

    private static string Short(string uri) => uri.Length > 50 ? uri[..50] + "…" : uri;
}
