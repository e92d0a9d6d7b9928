using MysteryShopper.Planning;

namespace MysteryShopper.Execution;

/// <summary>
/// The target's own site, decided in one place: links in emails are followed, and the probe's page may go (each hop of
/// a redirect included), only to the host of the target's URL or one of its <c>domains</c> and their subdomains.
/// </summary>
public static class LinkPolicy
{
    public static bool MayFollow(string url, Probe probe) =>
        Uri.TryCreate(url, UriKind.Absolute, out var link) && link.Scheme is "http" or "https" && IsOwnHost(link.Host, probe);

    public static bool IsOwnHost(string host, Probe probe)
    {
        if (Uri.TryCreate(probe.TargetUrl, UriKind.Absolute, out var site) && string.Equals(host, site.Host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IsOwnHost(host, probe.Target.Domains);
    }

    /// <summary>Whether <paramref name="host"/> is one of <paramref name="domains"/> or a subdomain of one (any case).</summary>
    public static bool IsOwnHost(string host, IEnumerable<string> domains) =>
        domains.Any(d =>
            string.Equals(host, d, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));

    /// <summary>The site in words, for messages: "Brightwave's own site (127.0.0.1, brightwave.example)".</summary>
    public static string Site(Probe probe)
    {
        var hosts = new List<string>();
        if (Uri.TryCreate(probe.TargetUrl, UriKind.Absolute, out var site))
        {
            hosts.Add(site.Host);
        }

        hosts.AddRange(probe.Target.Domains.Where(d => !hosts.Contains(d, StringComparer.OrdinalIgnoreCase)));
        return $"{probe.Target.Name}'s own site ({string.Join(", ", hosts)})";
    }
}
