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

    /// <summary>One of <paramref name="choices"/>' names.</summary>
    public static JsonObject Enum<T>(IEnumerable<(string Name, T Value)> choices) => Enum(choices.Select(c => c.Name));

    /// <summary>A text matching <paramref name="pattern"/>; editors show <paramref name="hint"/> when it does not.</summary>
    public static JsonObject Pattern(string pattern, string hint) => new() { ["type"] = "string", ["pattern"] = pattern, ["patternErrorMessage"] = hint };

    /// <summary>A shape written as JSON, for the few that need more than the helpers give.</summary>
    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A mapping of exactly <paramref name="keys"/>: each key's description, shape and default, and which are required.</summary>
    public static JsonObject Object(IEnumerable<Key> keys)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var key in keys)
        {
            properties[key.Name] = Property(key);
            if (key.Required)
            {
                required.Add(key.Name);
            }
        }

        var shape = new JsonObject { ["type"] = "object" };
        if (required.Count > 0)
        {
            shape["required"] = required;
        }

        shape["properties"] = properties;
        shape["additionalProperties"] = false;
        return shape;
    }

    /// <summary>A mapping whose keys match <paramref name="pattern"/> (ids, names), each value of shape <paramref name="item"/>.</summary>
    public static JsonObject Map(string pattern, JsonObject item) => new()
    {
        ["type"] = "object",
        ["patternProperties"] = new JsonObject { [pattern] = item },
        ["additionalProperties"] = false,
    };

    /// <summary>Any one of <paramref name="shapes"/>.</summary>
    public static JsonObject AnyOf(params JsonObject[] shapes) => new() { ["anyOf"] = new JsonArray(shapes) };

    /// <summary><paramref name="shape"/> with a description in front, for shapes that are not a key's (a list's item, a choice).</summary>
    public static JsonObject Described(string description, JsonObject shape) => Property(new Key("", description, shape));

    /// <summary>One key as a schema property: its description, then its shape, then its default.</summary>
    public static JsonObject Property(Key key)
    {
        var property = new JsonObject { ["description"] = key.Description };
        foreach (var (name, value) in key.Schema)
        {
            property[name] = value?.DeepClone();
        }

        if (key.Default is not null)
        {
            property["default"] = key.Default.DeepClone();
        }

        return property;
    }

    public static IReadOnlyList<string> Names(this IEnumerable<Key> keys) => keys.Select(k => k.Name).ToList();
}
