using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using MysteryShopper.Execution;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// What checks outside the message found: its DKIM signature verified, a SpamAssassin score, its links requested on the
/// target's own domains. Null parts were not checked. Kept with the card as JSON (<see cref="CardJsonContext"/>).
/// </summary>
public sealed record DeliveryChecks
{
    /// <summary>Whether the DKIM signature verified; null when the message has none or the key could not be had.</summary>
    public bool? DkimVerified { get; init; }

    /// <summary>Why the signature did or did not verify, e.g. "no key for s1._domainkey.example.com".</summary>
    public string? DkimNote { get; init; }

    /// <summary>SpamAssassin's score, when a spamd is configured.</summary>
    public double? SpamScore { get; init; }

    /// <summary>The score from which SpamAssassin calls a message spam (5 by default).</summary>
    public double SpamThreshold { get; init; } = 5;

    /// <summary>The rules that fired.</summary>
    public IReadOnlyList<string> SpamRules { get; init; } = [];

    /// <summary>Why there is no score although a spamd is configured (it did not answer).</summary>
    public string? SpamNote { get; init; }

    /// <summary>
    /// Each distinct link of the message and what became of it: requested (its status, broken or not) or why it was not
    /// (an action link, another domain, over the limit); empty when links were not checked.
    /// </summary>
    public IReadOnlyList<LinkCheck> Links { get; init; } = [];

    /// <summary>Why the links were not checked although the check is on (the target's own domains are not known).</summary>
    public string? LinksNote { get; init; }
}

/// <summary>
/// One link of a message, checked: <see cref="Status"/> is the last answer's HTTP status (after redirects on the
/// target's own domains), null when it was not requested or nothing answered; <see cref="Note"/> says why, in words.
/// </summary>
public sealed record LinkCheck(string Url)
{
    public int? Status { get; init; }

    /// <summary>An answer of 400 or more, no answer in time, or no connection: a reader clicking it gets nowhere.</summary>
    public bool Broken { get; init; }

    /// <summary>Why the link was not requested; null when it was.</summary>
    public LinkSkip? Skipped { get; init; }

    /// <summary>"no answer within 10s", "redirects off the site to tracker.example (not followed)".</summary>
    public string? Note { get; init; }
}

/// <summary>Why a link was not requested.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LinkSkip>))]
public enum LinkSkip
{
    /// <summary>Requesting it could act for the shopper: unsubscribe, confirm, verify, or it carries a token.</summary>
    ActionLink,

    /// <summary>Not on the target's own domains: mshop requests nothing else.</summary>
    OtherDomain,

    /// <summary>Past the most links checked in one message.</summary>
    Limit,
}

/// <summary>
/// Whether the message reaches the inbox: the receiving server's Authentication-Results (SPF, DKIM, DMARC; RFC 8601),
/// the DKIM signature verified where the key could be had, the junk folder, SpamAssassin's score. With none of these
/// known (a saved file without Authentication-Results, nothing checked) there is no sub-score.
/// </summary>
public static partial class Deliverability
{
    /// <summary>What each failed or missing finding takes off the 10 a message starts with.</summary>
    private static readonly Dictionary<string, double> Penalty = new(StringComparer.Ordinal)
    {
        ["junk"] = 5,
        ["spf.fail"] = 2,
        ["spf.none"] = 0.5,
        ["dkim.fail"] = 2,
        ["dkim.none"] = 1,
        ["dmarc.fail"] = 3,
        ["dmarc.none"] = 0.5,
        ["spam"] = 3,
    };

    [GeneratedRegex(@"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MethodResult();

    public static CardPart Judge(Letter letter, DeliveryChecks? checks)
    {
        var evidence = new List<string>();
        var penalties = new List<string>();
        var known = false;

        if (JunkFolders.Is(letter.Folder))
        {
            known = true;
            penalties.Add("junk");
            evidence.Add($"found in {letter.Folder.Trim()}");
        }

        // The first result for each method, from the receiving server's header (the topmost one is the nearest server).
        var results = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in letter.Header("Authentication-Results"))
        {
            foreach (Match match in MethodResult().Matches(header))
            {
                results.TryAdd(match.Groups[1].Value.ToLowerInvariant(), match.Groups[2].Value.ToLowerInvariant());
            }
        }

        if (results.Count > 0)
        {
            known = true;
            foreach (var method in new[] { "spf", "dkim", "dmarc" })
            {
                var result = results.GetValueOrDefault(method, "none");
                evidence.Add($"{method}={result}");
                switch (result)
                {
                    case "pass":
                        break;
                    case "fail" or "softfail" or "permerror" or "temperror" or "policy":
                        penalties.Add($"{method}.fail");
                        break;
                    default:
                        penalties.Add($"{method}.none");
                        break;
                }
            }
        }

        if (checks?.DkimVerified is { } verified)
        {
            known = true;
            evidence.Add(verified ? "DKIM signature verified" : $"DKIM signature did not verify{(checks.DkimNote is null ? "" : $": {checks.DkimNote}")}");
            if (!verified && !penalties.Contains("dkim.fail"))
            {
                penalties.Add("dkim.fail");
            }
        }

        if (checks?.SpamScore is { } score)
        {
            known = true;
            var rules = checks.SpamRules.Count == 0 ? "" : $" ({string.Join(", ", checks.SpamRules.Take(5))})";
            evidence.Add(string.Create(CultureInfo.InvariantCulture, $"SpamAssassin {score:0.0} of {checks.SpamThreshold:0.0}{rules}"));
            if (score >= checks.SpamThreshold)
            {
                penalties.Add("spam");
            }
        }

        else if (checks?.SpamNote is { } spamNote)
        {
            evidence.Add(spamNote);
        }

        if (!known)
        {
            return new CardPart(Parts.Deliverability, "not known", null, ["no Authentication-Results header, nothing checked"]);
        }

        var value = penalties.Contains("junk") ? "junk" : penalties.Any(p => p.EndsWith(".fail", StringComparison.Ordinal) || p == "spam") ? "at risk" : "inbox";
        var sub = Math.Max(0, 10 - penalties.Sum(p => Penalty[p]));
        return new CardPart(Parts.Deliverability, value, sub, evidence);
    }
}
