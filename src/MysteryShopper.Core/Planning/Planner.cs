using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;

namespace MysteryShopper.Planning;

/// <summary>How probe email addresses are made: <c>{token}</c> is replaced by the probe's token.</summary>
public sealed record AddressPattern(string Pattern)
{
    /// <summary>The embedded default: every plus-address of one local mailbox.</summary>
    public static readonly AddressPattern Default = new("shopper+{token}@inbox.mshop.test");

    public const string Hint = "write the probe address pattern, e.g. shopper+{token}@example.com (plus-address) or {token}@shop.example.com (catch-all)";

    /// <summary>An address with <c>{token}</c> in it: mshop.yaml's <c>addresses</c> and <c>--address-pattern</c>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out AddressPattern? pattern, [NotNullWhen(false)] out SettingProblem? problem)
    {
        problem = !text.Contains("{token}", StringComparison.Ordinal) ? new SettingProblem($"'{text}' has no {{token}}", Hint)
            : !text.Contains('@', StringComparison.Ordinal) ? new SettingProblem($"'{text}' is not an email address (it has no @)", Hint)
            : null;
        pattern = problem is null ? new AddressPattern(text) : null;
        return pattern is not null;
    }

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

/// <summary>Which probes a run keeps: by target id, and by tag (a scenario's or a target's). Empty means all.</summary>
public sealed record PlanFilter(IReadOnlyCollection<string> Targets, IReadOnlyCollection<string> Tags)
{
    public static readonly PlanFilter All = new([], []);

    public bool Keeps(ScenarioDefinition scenario, TargetDefinition target) =>
        (Targets.Count == 0 || Targets.Contains(target.Id))
        && (Tags.Count == 0 || Tags.Any(t => scenario.Tags.Contains(t) || target.Tags.Contains(t)));

    /// <summary>
    /// Null when this filter keeps a probe of <paramref name="suite"/>; otherwise why none, with the ids that exist, e.g.
    /// "no probe matches --target nosuch; the targets are: brightwave, corvid, dunmore". A run of nothing is a mistake, not a pass.
    /// </summary>
    public string? NothingKept(Suite suite)
    {
        var pairs = suite.Scenarios.SelectMany(s => s.Targets.Where(t => suite.Targets.ContainsKey(t.Name)).Select(t => (Scenario: s, Target: suite.Targets[t.Name]))).ToList();
        if ((Targets.Count == 0 && Tags.Count == 0) || pairs.Any(p => Keeps(p.Scenario, p.Target)))
        {
            return null;
        }

        var asked = Targets.Select(t => $"--target {t}").Concat(Tags.Select(t => $"--tag {t}"));
        var known = new List<string>();
        if (Targets.Count > 0)
        {
            known.Add($"the targets are: {string.Join(", ", pairs.Select(p => p.Target.Id).Distinct().Order(StringComparer.Ordinal))}");
        }

        if (Tags.Count > 0)
        {
            var tags = pairs.SelectMany(p => p.Scenario.Tags.Concat(p.Target.Tags)).Distinct().Order(StringComparer.Ordinal).ToList();
            known.Add(tags.Count == 0 ? "no scenario or target has a tag" : $"the tags are: {string.Join(", ", tags)}");
        }

        return $"no probe matches {string.Join(' ', asked)}; {string.Join("; ", known)}";
    }
}

/// <summary>Turns a suite into the probes a run makes: scenario × target × persona × question.</summary>
public static class Planner
{
    private const string TokenAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>
    /// One probe per scenario, target, persona, question and sample. <c>resolveUrl</c> gives a target's live base URL (a
    /// demo target's running site); <paramref name="samples"/> (<c>--samples</c>) replaces every scenario's <c>samples</c>.
    /// Samples of one probe follow each other in the plan, so politeness limits hold back the later samples first.
    /// </summary>
    public static IReadOnlyList<Probe> Plan(Suite suite, AddressPattern addresses, Func<TargetDefinition, string> resolveUrl, PlanFilter filter, int? samples = null)
    {
        var probes = new List<Probe>();
        var redactor = new Redactor(suite.Secrets);
        foreach (var scenario in suite.Scenarios)
        {
            var persona = suite.Personas[scenario.Persona.Name];
            foreach (var targetRef in scenario.Targets)
            {
                var target = suite.Targets[targetRef.Name];
                if (!filter.Keeps(scenario, target))
                {
                    continue;
                }

                var questions = scenario.Questions.Count == 0 ? [null]
                    : scenario.EachQuestion ? scenario.Questions.Cast<QuestionDefinition?>().ToList() : [scenario.Questions[0]];
                foreach (var (question, sample) in questions.SelectMany(q => Enumerable.Range(1, samples ?? scenario.Samples).Select(n => (q, n))))
                {
                    var token = NewToken();
                    probes.Add(new Probe
                    {
                        Id = Samples.Id($"{scenario.Name}/{target.Id}/{persona.Id}" + (question is null ? "" : $"/{question.Id}"), sample),
                        Sample = sample,
                        Scenario = scenario,
                        Target = target,
                        Persona = persona,
                        Question = question,
                        Journey = JourneyPlan.For(scenario, target),
                        Token = token,
                        Email = addresses.For(token),
                        TargetUrl = resolveUrl(target),
                        Redactor = redactor,
                    });
                }
            }
        }

        return probes;
    }

    /// <summary>Ten characters from an alphabet without look-alikes: unique enough for a mailbox, safe in any address.</summary>
    public static string NewToken() => RandomNumberGenerator.GetString(TokenAlphabet, 10);
}
