using System.Text.Json.Nodes;

namespace MysteryShopper.Scenarios;

/// <summary>
/// A key of a mapping in the scenario language, defined once: its name, what it means and the JSON Schema of its
/// value. Readers open a mapping with its keys (<see cref="YamlMap"/>), the schema generator writes them out, and the
/// docs check looks for each one.
/// </summary>
public sealed record Key(string Name, string Description, JsonObject Schema)
{
    /// <summary>The mapping is incomplete without it (the schema's <c>required</c>; readers say "is missing").</summary>
    public bool Required { get; init; }

    /// <summary>The value used when the key is left out, shown by editors.</summary>
    public JsonNode? Default { get; init; }
}

/// <summary>The schema shapes keys use, by name; <see cref="Ref"/> points at one of the shared definitions.</summary>
public static class Shapes
{
    /// <summary>A scalar: YAML reads 5, true and "text" alike as text.</summary>
    public static JsonObject Text => new() { ["type"] = new JsonArray("string", "number", "boolean") };

    public static JsonObject Ref(string definition) => new() { ["$ref"] = $"#/$defs/{definition}" };

    public static JsonObject Enum(IEnumerable<string> values) => new() { ["enum"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]) };

    /// <summary>A shape written as JSON, for the few that need more than the helpers give.</summary>
    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    public static IReadOnlyList<string> Names(this IEnumerable<Key> keys) => keys.Select(k => k.Name).ToList();
}
