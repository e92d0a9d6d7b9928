using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MysteryShopper.Scenarios.Language;

namespace MysteryShopper.Scenarios;

/// <summary>
/// Writes the JSON Schema of each kind of workspace file from the language's definitions: the files' keys
/// (<see cref="Language"/>), the step types (<see cref="StepTypes"/>) and one shared set of definitions. Each file
/// stands alone for an editor: it holds the shared definitions its keys use, and no other.
/// </summary>
public static class SchemaGenerator
{
    private const string Draft = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The kinds of workspace file, each with its title, description and top-level keys.</summary>
    private static readonly (string Kind, string Title, string Description, IReadOnlyList<Key> Keys)[] Files =
    [
        ("scenario", "MysteryShopper scenario", ScenarioLanguage.Description, ScenarioLanguage.Scenario),
        ("targets", "MysteryShopper targets", TargetLanguage.Description, TargetLanguage.File),
        ("personas", "MysteryShopper personas", PersonaLanguage.Description, PersonaLanguage.File),
        ("questions", "MysteryShopper questions", QuestionLanguage.Description, QuestionLanguage.File),
        ("config", "MysteryShopper workspace config", ConfigLanguage.Description, ConfigLanguage.Config),
    ];

    private static readonly JsonSerializerOptions Format = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<string> Kinds { get; } = Files.Select(f => f.Kind).ToList();

    /// <summary>Every shared definition by its <c>$defs</c> name, in the order files list them.</summary>
    private static readonly Lazy<List<(string Name, JsonObject Schema)>> Shared = new(() =>
    [
        .. SharedLanguage.Definitions.Select(Definition),
        .. StepSchemas.Definitions(),
        .. QuestionLanguage.Definitions.Select(Definition),
        .. ScenarioLanguage.Definitions.Select(Definition),
        .. TargetLanguage.Definitions.Select(Definition),
        .. PersonaLanguage.Definitions.Select(Definition),
        .. ConfigLanguage.Definitions.Select(Definition),
    ]);

    /// <summary>The schema of <paramref name="kind"/>'s files as the text <c>schema/KIND.schema.json</c> holds.</summary>
    public static string Write(string kind) => Document(kind).ToJsonString(Format) + "\n";

    public static JsonObject Document(string kind)
    {
        var (_, title, description, keys) = Files.Single(f => f.Kind == kind);
        var document = new JsonObject
        {
            ["$schema"] = Draft,
            ["$id"] = $"urn:mysteryshopper:schema:{kind}",
            ["title"] = title,
            ["description"] = description,
        };
        foreach (var (name, value) in Shapes.Object(keys))
        {
            document[name] = value?.DeepClone();
        }

        var used = Used(document);
        if (used.Count > 0)
        {
            document["$defs"] = StepSchemas.Properties(Shared.Value.Where(d => used.Contains(d.Name)).Select(d => (d.Name, (JsonObject)d.Schema.DeepClone())));
        }

        return document;
    }

    private static (string, JsonObject) Definition(Key key) => (key.Name, Shapes.Property(key));

    /// <summary>The shared definitions <paramref name="document"/> refers to, and those they refer to in turn.</summary>
    private static HashSet<string> Used(JsonNode document)
    {
        var byName = Shared.Value.ToDictionary(d => d.Name, d => d.Schema);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>([document]);
        while (pending.TryPop(out var node))
        {
            foreach (var reference in Refs(node))
            {
                var name = reference.StartsWith("#/$defs/", StringComparison.Ordinal) ? reference["#/$defs/".Length..]
                    : throw new InvalidOperationException($"the schema refers to {reference}, which is no shared definition");
                if (used.Add(name))
                {
                    pending.Push(byName.GetValueOrDefault(name) ?? throw new InvalidOperationException($"no shared definition is named '{name}'"));
                }
            }
        }

        return used;
    }

    private static IEnumerable<string> Refs(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue value ? [value.GetValue<string>()] : Refs(p.Value)),
        JsonArray array => array.SelectMany(Refs),
        _ => [],
    };
}
