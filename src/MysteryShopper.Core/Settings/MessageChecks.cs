namespace MysteryShopper.Settings;

/// <summary>
/// The checks a run makes of each received message outside it, with the network (mshop.yaml's <c>checks</c>; the same
/// as <c>mshop judge</c>'s options). All off by default: DKIM needs DNS, links need the target's sites, spamd a daemon,
/// and a CI job may have none of them.
/// </summary>
public sealed record MessageChecks
{
    public static readonly MessageChecks None = new();

    /// <summary>Request the message's links on the target's own domains (never action links), politely.</summary>
    public bool Links { get; init; }

    /// <summary>Verify DKIM signatures, their keys looked up in DNS.</summary>
    public bool Dkim { get; init; }

    /// <summary>Score messages with this spamd.</summary>
    public SpamdAddress? Spamd { get; init; }

    /// <summary>Whether any check is on.</summary>
    public bool Any => Links || Dkim || Spamd is not null;

    /// <summary>The checks in words, for logs: "links, DKIM, spamd at 127.0.0.1:783".</summary>
    public override string ToString() =>
        Any ? string.Join(", ", new[] { Links ? "links" : null, Dkim ? "DKIM" : null, Spamd is null ? null : $"spamd at {Spamd}" }.OfType<string>()) : "none";
}
