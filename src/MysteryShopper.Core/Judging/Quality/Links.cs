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
/// half or more are), less 1 above 25 links; never below 0.</para>
/// </summary>
public static partial class Links
{
    [GeneratedRegex(@"\bhttps?://[^\s<>""')\]]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    // Hosts and paths of click-tracking redirects (ESPs, CRMs, mail security rewriters).
    [GeneratedRegex(@"^https?://(click|clicks|links?|track|trk|tracking|ct|email|url\d+)\.[^/]+/|^https?://[^/]*(list-manage\.com/track|mandrillapp\.com/track|sendgrid\.net|hubspotlinks\.com|hs-analytics|klclick\d*\.com|mjt\.lu/lnk|rs6\.net/tn|createsend\d*\.com/t/|sendibt\d*\.com|sendibm\d*\.com|customeriomail\.com|exct\.net|pardot\.com|mailgun\.org|safelinks\.protection\.outlook\.com|google\.com/url\?|mailchimp\.com/track|ct\.sendgrid\.net)|/(ls/click|track/click|wf/click|e3t/)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tracking();

    public static CardPart Judge(Letter letter)
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
        evidence.AddRange(counts.Tracked.Take(3).Select(t => $"tracking redirect: {Short(t)}"));
        evidence.AddRange(counts.ImagesWithoutAlt.Take(3).Select(src => $"image without alt: {Short(src)}"));
        var value = string.Create(CultureInfo.InvariantCulture, $"{Plural(counts.Links.Count, "link")}, {counts.Tracked.Count} tracked, {Plural(counts.ImagesWithoutAlt.Count, "image")} without alt");
        return new CardPart(Parts.Links, value, Math.Max(0, score), evidence);
    }

    /// <summary>The links, the tracking redirects among them, and the sources of the images without alt text.</summary>
    public static LinkCounts Count(Letter letter)
    {
        var document = MailText.Html(letter).Document;
        var links = document is null
            ? Url().Matches(letter.Text).Select(m => m.Value.TrimEnd('.', ',', ';', ':', '!', '?')).ToList()
            : document.QuerySelectorAll("a[href], area[href]").Select(a => a.GetAttribute("href")!.Trim()).Where(h => h.StartsWith("http", StringComparison.OrdinalIgnoreCase)).ToList();
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
