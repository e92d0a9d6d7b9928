namespace MysteryShopper.Judging.Quality;

/// <summary>What checks outside the message found: its DKIM signature verified, a SpamAssassin score. Null parts were not checked.</summary>
public sealed record DeliveryChecks
{
    /// <summary>Whether the DKIM signature verified; null when the message has none or the key could not be had.</summary>
    public bool? DkimVerified { get; init; }

    public string? DkimNote { get; init; }

    /// <summary>SpamAssassin's score and the rules that fired, when a spamd is configured.</summary>
    public double? SpamScore { get; init; }

    public IReadOnlyList<string> SpamRules { get; init; } = [];
}

/// <summary>Whether the message reaches the inbox: Authentication-Results (SPF, DKIM, DMARC), DKIM verified, the junk folder, SpamAssassin.</summary>
public static class Deliverability
{
    public static CardPart Judge(Letter letter, DeliveryChecks? checks) => throw new NotImplementedException();
}
