using System.Security.Cryptography;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Planning;

/// <summary>How probe email addresses are made: <c>{token}</c> is replaced by the probe's token.</summary>
public sealed record AddressPattern(string Pattern)
{
    /// <summary>The embedded default: every plus-address of one local mailbox.</summary>
    public static readonly AddressPattern Default = new("shopper+{token}@inbox.mshop.test");

    public string For(string token) => Pattern.Replace("{token}", token, StringComparison.Ordinal);

    /// <summary>The token in <paramref name="address"/> when it is one of this pattern's addresses.</summary>
    public string? TokenOf(string address)
    {
        var at = Pattern.IndexOf("{token}", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var prefix = Pattern[..at];
        var suffix = Pattern[(at + "{token}".Length)..];
        var candidate = address.Trim().Trim('<', '>');
        if (candidate.Length <= prefix.Length + suffix.Length
            || !candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || !candidate.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = candidate[prefix.Length..^suffix.Length].ToLowerInvariant();
        return token.All(char.IsAsciiLetterOrDigit) ? token : null;
    }
}

/// <summary>Turns a suite into the probes a run makes: scenario × target × persona.</summary>
public static class Planner
{
    private const string TokenAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>
    /// One probe per scenario, target and persona. <c>resolveUrl</c> gives a target's live base URL (a demo target's
    /// running site); a non-empty <c>targetFilter</c> keeps only those target ids.
    /// </summary>
    public static IReadOnlyList<Probe> Plan(Suite suite, AddressPattern addresses, Func<TargetDefinition, string> resolveUrl, IReadOnlyCollection<string> targetFilter)
    {
        var probes = new List<Probe>();
        foreach (var scenario in suite.Scenarios)
        {
            var persona = suite.Personas[scenario.Persona.Name];
            foreach (var targetRef in scenario.Targets)
            {
                if (targetFilter.Count > 0 && !targetFilter.Contains(targetRef.Name))
                {
                    continue;
                }

                var target = suite.Targets[targetRef.Name];
                var token = NewToken();
                probes.Add(new Probe
                {
                    Id = $"{scenario.Name}/{target.Id}/{persona.Id}",
                    Scenario = scenario,
                    Target = target,
                    Persona = persona,
                    Token = token,
                    Email = addresses.For(token),
                    TargetUrl = resolveUrl(target),
                });
            }
        }

        return probes;
    }

    /// <summary>Ten characters from an alphabet without look-alikes: unique enough for a mailbox, safe in any address.</summary>
    public static string NewToken() => RandomNumberGenerator.GetString(TokenAlphabet, 10);
}
