namespace MysteryShopper.Reporting.Html;

/// <summary>URLs the report may link to: a path inside the run's folder, or an http(s) address; nothing else.</summary>
public static class SafeUrls
{
    /// <summary>
    /// A URL safe to put in <c>href</c>/<c>src</c>: a relative path (each segment percent-encoded, backslashes turned
    /// into slashes) or an http(s) URL. Anything else (<c>javascript:</c>, <c>data:</c>) becomes <c>#</c>.
    /// </summary>
    public static string Of(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && !url.StartsWith('/') && !url.StartsWith('\\'))
        {
            return absolute.Scheme is "http" or "https" ? absolute.AbsoluteUri : "#";
        }

        var path = url.Replace('\\', '/');
        if (path.Contains(':', StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal))
        {
            // A scheme the URI parser did not recognise, or a protocol-relative URL leading off the run's folder.
            return "#";
        }

        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }
}
