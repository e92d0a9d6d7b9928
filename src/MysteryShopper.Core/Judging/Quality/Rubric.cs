using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// How a card's parts weigh in its composite, the length in words a message should have, and phrases a scenario
/// requires or forbids. Read from YAML (<see cref="Parse"/>); the built-in ones are <see cref="Rubrics"/>.
/// </summary>
public sealed record Rubric
{
    /// <summary>The parts a rubric can weigh: every part with a sub-score (kind has none).</summary>
    public static IReadOnlyList<string> ScoredParts { get; } =
        [Parts.Answered, Parts.Personal, Parts.Placeholder, Parts.Unsubscribe, Parts.Clear, Parts.Tone, Parts.Deliverability, Parts.Links, Parts.Phrases];

    private static readonly IReadOnlyList<string> Keys = ["name", "weights", "length", "required", "forbidden"];

    public required string Name { get; init; }

    /// <summary>Each part's weight (0 or more); a part not listed weighs 0.</summary>
    public required IReadOnlyDictionary<string, double> Weights { get; init; }

    public WordBand Length { get; init; } = WordBand.Reply;

    /// <summary>Phrases the message must contain (any case, any spacing).</summary>
    public IReadOnlyList<string> Required { get; init; } = [];

    /// <summary>Phrases the message must not contain.</summary>
    public IReadOnlyList<string> Forbidden { get; init; } = [];

    public double Weight(string part) => Weights.TryGetValue(part, out var weight) ? weight : 0;

    /// <summary>
    /// This rubric with a scenario's changes: <paramref name="weights"/> replace the weights they name (the others
    /// stay), <paramref name="required"/> and <paramref name="forbidden"/> are added to the rubric's own.
    /// </summary>
    public Rubric With(IReadOnlyDictionary<string, double>? weights = null, IEnumerable<string>? required = null, IEnumerable<string>? forbidden = null)
    {
        var merged = new Dictionary<string, double>(Weights, StringComparer.Ordinal);
        foreach (var (part, weight) in weights ?? FrozenDictionary<string, double>.Empty)
        {
            if (!ScoredParts.Contains(part))
            {
                throw new ArgumentException($"'{part}' is not a part a rubric weighs; these are: {string.Join(", ", ScoredParts)}", nameof(weights));
            }

            ArgumentOutOfRangeException.ThrowIfNegative(weight, nameof(weights));
            merged[part] = weight;
        }

        return this with
        {
            Weights = merged,
            Required = [.. Required.Concat(required ?? []).Distinct(StringComparer.OrdinalIgnoreCase)],
            Forbidden = [.. Forbidden.Concat(forbidden ?? []).Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }

    /// <summary>
    /// Reads a rubric from <paramref name="yaml"/> (<paramref name="source"/> names it in diagnostics): <c>name</c>,
    /// <c>weights</c> (part: number ≥ 0, at least one above 0), <c>length: { min, max }</c> in words, and
    /// <c>required</c>/<c>forbidden</c> phrase lists. Every problem is reported, each with its line and column.
    /// </summary>
    public static RubricReading Parse(string yaml, string source)
    {
        var diagnostics = new List<Diagnostic>();
        var (reader, root) = YamlReader.Parse(new SourceFile(source, yaml), diagnostics, _ => null, new HashSet<string>(StringComparer.Ordinal));
        if (YamlMap.Open(reader, root, "the rubric", Keys) is not { } map)
        {
            if (root is not null && diagnostics.Count == 0)
            {
                reader.Error(root, "the rubric must be a mapping (name:, weights:, …)");
            }

            return new RubricReading(null, diagnostics);
        }

        var name = map.Required("name") is { } nameNode ? reader.String(nameNode, "name") : null;
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (map.Required("weights", $"give each part a weight, e.g. weights: {{ {Parts.Answered}: 3, {Parts.Clear}: 1.5 }}") is { } weightsNode
            && YamlMap.Open(reader, weightsNode, "weights", ScoredParts) is { } weightsMap)
        {
            foreach (var part in ScoredParts.Where(weightsMap.Has))
            {
                var node = weightsMap[part]!;
                if (reader.Number(node, $"the weight of {part}") is not { } weight)
                {
                    continue;
                }

                if (weight is < 0 or > 100 || double.IsNaN(weight))
                {
                    reader.Error(node, $"the weight of {part} must be from 0 to 100, not {weight.ToString(CultureInfo.InvariantCulture)}", "0 leaves the part out of the composite");
                    continue;
                }

                weights[part] = weight;
            }

            if (weightsMap.Node.Children.Count == 0)
            {
                reader.Error(weightsNode, "weights is empty", $"give each part a weight; the parts are {string.Join(", ", ScoredParts)}");
            }
            else if (weights.Count > 0 && weights.Values.All(w => w == 0))
            {
                reader.Error(weightsNode, "every weight is 0: the composite would have nothing to weigh", "give at least one part a weight above 0");
            }
        }

        var length = WordBand.Reply;
        var lengthOk = true;
        if (YamlMap.Open(reader, map["length"], "length", ["min", "max"]) is { } lengthMap)
        {
            var min = lengthMap.Whole("min", new WholeNumbers(1, 100_000));
            var max = lengthMap.Whole("max", new WholeNumbers(1, 100_000));
            if (min is { } low && max is { } high && low > high)
            {
                reader.Error(lengthMap.Node, $"length min ({low}) is above max ({high})", "min is the fewest words, max the most");
                lengthOk = false;
            }

            length = new WordBand(min ?? length.Min, max ?? length.Max);
            lengthOk &= (min is not null || !lengthMap.Has("min")) && (max is not null || !lengthMap.Has("max"));
        }

        var required = Phrases(reader, map, "required");
        var forbidden = Phrases(reader, map, "forbidden");
        foreach (var both in required.Intersect(forbidden, StringComparer.OrdinalIgnoreCase))
        {
            reader.Error(map["forbidden"]!, $"'{both}' is both required and forbidden");
        }

        return diagnostics.Count > 0 || name is null || !lengthOk
            ? new RubricReading(null, diagnostics)
            : new RubricReading(new Rubric { Name = name, Weights = weights, Length = length, Required = required, Forbidden = forbidden }, diagnostics);
    }

    private static List<string> Phrases(YamlReader reader, YamlMap map, string key)
    {
        var phrases = new List<string>();
        foreach (var item in map.Items(key))
        {
            var phrase = string.Join(' ', (item.Value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (phrase.Length == 0)
            {
                reader.Error(item, $"a {key} phrase must not be empty");
            }
            else
            {
                phrases.Add(phrase);
            }
        }

        return phrases;
    }
}

/// <summary>A rubric read from YAML, or the problems that kept it from being read (each with its place).</summary>
public sealed record RubricReading(Rubric? Rubric, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>The built-in rubrics, embedded in Core: <c>reply</c> (for human and automatic replies) and <c>marketing</c>.</summary>
public static class Rubrics
{
    public const string Reply = "reply";
    public const string Marketing = "marketing";

    private static readonly Lazy<FrozenDictionary<string, Rubric>> Loaded = new(Load);

    public static IReadOnlyList<string> Names { get; } = [Reply, Marketing];

    /// <summary>The built-in rubric <paramref name="name"/>, or null when there is none by that name (a user's typing, say).</summary>
    public static Rubric? Builtin(string name) => Loaded.Value.GetValueOrDefault(name);

    /// <summary>The default rubric for a kind of message: <c>marketing</c> for marketing mail, <c>reply</c> for the rest.</summary>
    public static Rubric For(MessageKind kind) => Loaded.Value[kind == MessageKind.Marketing ? Marketing : Reply];

    private static FrozenDictionary<string, Rubric> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var rubrics = new Dictionary<string, Rubric>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            var resource = $"Quality/Rubrics/{name}.yaml";
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The built-in rubric {resource} is not embedded in MysteryShopper.Core.");
            using var reader = new StreamReader(stream);
            var reading = Rubric.Parse(reader.ReadToEnd(), resource);
            rubrics[name] = reading.Rubric ?? throw new InvalidOperationException($"The built-in rubric {resource} does not read:\n{string.Join("\n", reading.Diagnostics)}");
        }

        return rubrics.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
