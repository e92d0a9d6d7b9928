using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// The links a message holds: how many, tracking redirects, images without alt text (no network: broken links are
/// checked apart). Links are the HTML's <c>a href</c> (http, https) when there is HTML, else the URLs in the text.
/// A tracking redirect is a link through a click-tracking host or path (<c>/ls/click?</c>, <c>click.</c>, <c>links.</c>,
/// <c>mandrillapp.com/track</c>, <c>list-manage.com/track</c>, <c>sendgrid.net</c>, <c>hubspotlinks.com</c>…); utm parameters
/// alone are not. An image without alt is an <c>img</c> with no <c>alt</c> attribute (alt="" marks decoration), tracking
/// pixels (1×1 or hidden) aside.
/// <para>Sub-score: 10, less 1 per image without alt (at most 4), less 2 when any link is a tracking redirect (3 when
/// half or more are), less 1 above 25 links, less 2 per broken link when the links were checked (at most 6); never
/// below 0.</para>
/// <para>Links are checked apart (a network check kept in <see cref="DeliveryChecks.Links"/>), and never the
/// <see cref="IsAction">action links</see>: requesting those could unsubscribe or confirm the shopper.</para>
/// </summary>
public static partial class Links
{
    [GeneratedRegex(@"\bhttps?://[^\s<>""')\]]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    // Hosts and paths of click-tracking redirects (ESPs, CRMs, mail security rewriters).
    [GeneratedRegex(@"^https?://(click|clicks|links?|track|trk|tracking|ct|email|url\d+)\.[^/]+/|^https?://[^/]*(list-manage\.com/track|mandrillapp\.com/track|sendgrid\.net|hubspotlinks\.com|hs-analytics|klclick\d*\.com|mjt\.lu/lnk|rs6\.net/tn|createsend\d*\.com/t/|sendibt\d*\.com|sendibm\d*\.com|customeriomail\.com|exct\.net|pardot\.com|mailgun\.org|safelinks\.protection\.outlook\.com|google\.com/url\?|mailchimp\.com/track|ct\.sendgrid\.net)|/(ls/click|track/click|wf/click|e3t/)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tracking();

    // Words in a link's URL or text that say requesting it acts for the shopper (stems: confirmation, verification…).
    [GeneratedRegex(@"subscri|\bunsub|opt[-_ ]?(out|in)|optout|optin|confirm|verif|activat|validat", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActionWords();

    // A query parameter that carries a credential or a one-time code (token=, reset_token=, key=, api_key=, code=, sig=…).
    [GeneratedRegex(@"[?&;][^=&#]*(token|key|code|signature|sig|hash|otp|nonce|secret|ticket|auth)=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenQuery();

    public static CardPart Judge(Letter letter) => Judge(letter, null);

    /// <summary>The part, with <paramref name="checks"/>' link results when the links were checked.</summary>
    public static CardPart Judge(Letter letter, DeliveryChecks? checks)
    {
        var counts = Count(letter);
        var score = 10.0 - Math.Min(4, counts.ImagesWithoutAlt.Count);
        if (counts.Tracked.Count > 0)
        {
            score -= counts.Tracked.Count * 2 >= counts.Links.Count ? 3 : 2;
        }

        if (counts.Links.Count > 25)
        {
            score -= 1;
        }

        var evidence = new List<string> { Plural(counts.Links.Count, "link") };
        var value = string.Create(CultureInfo.InvariantCulture, $"{Plural(counts.Links.Count, "link")}, {counts.Tracked.Count} tracked, {Plural(counts.ImagesWithoutAlt.Count, "image")} without alt");
        if (checks is { Links.Count: > 0 })
        {
            var broken = checks.Links.Where(l => l.Broken).ToList();
            score -= Math.Min(6, 2 * broken.Count);
            value += string.Create(CultureInfo.InvariantCulture, $", {broken.Count} broken");
            evidence.Add(Checked(checks.Links));
            evidence.AddRange(broken.Select(l => $"broken: {Short(l.Url)} ({l.Note ?? l.Status?.ToString(CultureInfo.InvariantCulture)})"));
            evidence.AddRange(checks.Links.Where(l => !l.Broken && l.Skipped is null && l.Note is not null).Take(3).Select(l => $"{Short(l.Url)}: {l.Note}"));
        }
        else if (checks?.LinksNote is { } note)
        {
            evidence.Add(note);
        }

        evidence.AddRange(counts.Tracked.Take(3).Select(t => $"tracking redirect: {Short(t)}"));
        evidence.AddRange(counts.ImagesWithoutAlt.Take(3).Select(src => $"image without alt: {Short(src)}"));
        return new CardPart(Parts.Links, value, Math.Max(0, score), evidence);
    }

    /// <summary>
    /// Whether requesting the link could act for the shopper, so it is never requested: a <c>List-Unsubscribe</c> URI,
    /// a URL or link text that says unsubscribe, opt-out, opt-in, subscribe, confirm, verify, activate or validate, or a
    /// query that carries a token, key, code or signature.
    /// </summary>
    public static bool IsAction(LinkAnchor link, IReadOnlyCollection<string> listUnsubscribe) =>
        listUnsubscribe.Contains(link.Url, StringComparer.OrdinalIgnoreCase)
        || ActionWords().IsMatch(Uri.UnescapeDataString(link.Url))
        || ActionWords().IsMatch(link.Text)
        || TokenQuery().IsMatch(link.Url);

    /// <summary>
    /// The links with the words they are written under, in order, repeats kept: in HTML the link's text, title and
    /// image alt text; in plain text what precedes the URL on its line, or the line before when the URL starts its line
    /// ("Confirm your address:" then the URL).
    /// </summary>
    public static IReadOnlyList<LinkAnchor> Anchors(Letter letter)
    {
        var document = MailText.Html(letter).Document;
        return document is null
            ? Url().Matches(letter.Text).Select(m => new LinkAnchor(m.Value.TrimEnd('.', ',', ';', ':', '!', '?'), WordsBefore(letter.Text, m.Index))).ToList()
            : document.QuerySelectorAll("a[href], area[href]")
                .Select(a => new LinkAnchor(
                    a.GetAttribute("href")!.Trim(),
                    string.Join(" ", new[] { a.TextContent.Trim(), a.GetAttribute("title"), a.GetAttribute("alt") }.Concat(a.QuerySelectorAll("img[alt]").Select(i => i.GetAttribute("alt"))).Where(t => !string.IsNullOrWhiteSpace(t)))))
                .Where(a => a.Url.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                .ToList();
    }

    /// <summary>The words before a plain-text URL: its line up to it, else the nearest line above with words.</summary>
    private static string WordsBefore(string text, int index)
    {
        var lines = text[..index].Split('\n');
        var words = lines[^1].Trim();
        return words.Length > 0 ? words : lines[..^1].Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
    }

    /// <summary>"5 links checked: 1 broken; 2 not checked (action link)…"</summary>
    private static string Checked(IReadOnlyList<LinkCheck> links)
    {
        var requested = links.Count(l => l.Skipped is null);
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{Plural(requested, "link")} checked: {links.Count(l => l.Broken)} broken") };
        foreach (var (skip, words) in new[] { (LinkSkip.ActionLink, "not checked (action link)"), (LinkSkip.OtherDomain, "not checked (another domain)"), (LinkSkip.Limit, "not checked: limit") })
        {
            if (links.Count(l => l.Skipped == skip) is var n and > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{n} {words}"));
            }
        }

        return string.Join("; ", parts);
    }

    /// <summary>The links, the tracking redirects among them, and the sources of the images without alt text.</summary>
    public static LinkCounts Count(Letter letter)
    {
        var document = MailText.Html(letter).Document;
        var links = Anchors(letter).Select(a => a.Url).ToList();
        var tracked = links.Where(l => Tracking().IsMatch(l)).ToList();
        var missingAlt = document is null ? [] : document.QuerySelectorAll("img").Where(i => !i.HasAttribute("alt") && !IsPixel(i)).Select(i => i.GetAttribute("src") ?? "(no src)").ToList();
        return new LinkCounts(links, tracked, missingAlt);
    }

    /// <summary>A tracking pixel: 1×1 or hidden; readers never see it, so its alt text does not matter.</summary>
    private static bool IsPixel(IElement image) =>
        image.GetAttribute("width") is "0" or "1" || image.GetAttribute("height") is "0" or "1"
        || (image.GetAttribute("style") ?? "").Replace(" ", "", StringComparison.Ordinal).Contains("display:none", StringComparison.OrdinalIgnoreCase);

    private static string Plural(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Short(string url) => url.Length > 60 ? url[..60] + "…" : url;
}

/// <summary>What <see cref="Links"/> counted: every link, the tracking redirects, the images without alt text (their sources).</summary>
public sealed record LinkCounts(IReadOnlyList<string> Links, IReadOnlyList<string> Tracked, IReadOnlyList<string> ImagesWithoutAlt);

/// <summary>A link as a reader meets it: its URL, and the words it is written under (its text, title or image alt).</summary>
public sealed record LinkAnchor(string Url, string Text);
