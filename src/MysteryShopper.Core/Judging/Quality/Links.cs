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
        var document = MailText.Parse(letter.Html);
        var links = document is null
            ? Url().Matches(letter.Text).Select(m => m.Value.TrimEnd('.', ',', ';', ':', '!', '?')).ToList()
            : document.QuerySelectorAll("a[href], area[href]").Select(a => a.GetAttribute("href")!.Trim()).Where(h => h.StartsWith("http", StringComparison.OrdinalIgnoreCase)).ToList();
        var tracked = links.Where(l => Tracking().IsMatch(l)).ToList();
        var missingAlt = document is null ? [] : document.QuerySelectorAll("img").Where(i => !i.HasAttribute("alt") && !IsPixel(i)).ToList();

        var score = 10.0 - Math.Min(4, missingAlt.Count);
        if (tracked.Count > 0)
        {
            score -= tracked.Count * 2 >= links.Count ? 3 : 2;
        }

        if (links.Count > 25)
        {
            score -= 1;
        }

        var evidence = new List<string> { Count(links.Count, "link") };
        evidence.AddRange(tracked.Take(3).Select(t => $"tracking redirect: {Short(t)}"));
        evidence.AddRange(missingAlt.Take(3).Select(i => $"image without alt: {Short(i.GetAttribute("src") ?? "(no src)")}"));
        var value = string.Create(CultureInfo.InvariantCulture, $"{Count(links.Count, "link")}, {tracked.Count} tracked, {Count(missingAlt.Count, "image")} without alt");
        return new CardPart(Parts.Links, value, Math.Max(0, score), evidence);
    }

    /// <summary>A tracking pixel: 1×1 or hidden; readers never see it, so its alt text does not matter.</summary>
    private static bool IsPixel(IElement image) =>
        image.GetAttribute("width") is "0" or "1" || image.GetAttribute("height") is "0" or "1"
        || (image.GetAttribute("style") ?? "").Replace(" ", "", StringComparison.Ordinal).Contains("display:none", StringComparison.OrdinalIgnoreCase);

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Short(string url) => url.Length > 60 ? url[..60] + "…" : url;
}
