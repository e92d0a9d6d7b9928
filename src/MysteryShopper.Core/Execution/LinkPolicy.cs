using MysteryShopper.Planning;

namespace MysteryShopper.Execution;

/// <summary>Links in emails are followed only to the target's own site and domains.</summary>
public static class LinkPolicy
{
    public static bool MayFollow(string url, Probe probe)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var link) || link.Scheme is not ("http" or "https"))
        {
            return false;
        }

        if (Uri.TryCreate(probe.TargetUrl, UriKind.Absolute, out var site) && string.Equals(link.Host, site.Host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return probe.Target.Domains.Any(d =>
            string.Equals(link.Host, d, StringComparison.OrdinalIgnoreCase)
            || link.Host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
    }
}
