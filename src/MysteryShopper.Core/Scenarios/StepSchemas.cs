using System.Text.Json.Nodes;

namespace MysteryShopper.Scenarios;

/// <summary>
/// The JSON Schema definitions of the step language, written from the step definitions (<see cref="StepTypes.All"/>),
/// the locator keys and the step modifiers: one <c>step.KEYWORD</c> definition a step type, and the lists that
/// scenarios (journeys), frames and targets' overrides use.
/// </summary>
public static class StepSchemas
{
    private const string NoSubmit = "modifierNoSubmit";

    /// <summary>Every definition of the step language by its <c>$defs</c> name.</summary>
    public static IEnumerable<(string Name, JsonObject Schema)> Definitions()
    {
        foreach (var modifier in StepReader.ModifierKeys)
        {
            yield return (ModifierDefinition(modifier.Name), Shapes.Property(modifier));
        }

        yield return (NoSubmit, new JsonObject
        {
            ["description"] = "This step sends nothing, so it cannot be 'submit: true'; mark the click or send_email that sends the form or message instead.",
            ["enum"] = new JsonArray(false, "false", "no", "off"),
        });

        foreach (var key in StepReader.LocatorKeyDefinitions)
        {
            yield return ($"locator.{key.Name}", Shapes.Property(key));
        }

        yield return ("oneLocator", new JsonObject
        {
            ["description"] = "Exactly one way to find the element; 'name' goes only with 'role'.",
            ["oneOf"] = OneLocator(StepReader.LocatorKinds.Select(k => k.Key)),
        });
        yield return ("locatorArg", new JsonObject
        {
            ["description"] = "An element: its visible text, or a locator mapping.",
            ["anyOf"] = new JsonArray(Shapes.Text, LocatorMapping("A locator (label, role, text, css, placeholder, test_id or selector) with step modifiers.", [], maySubmit: true)),
        });

        // A named locator is a locator itself: it cannot name another, and it carries no step modifiers.
        var ownKinds = StepReader.LocatorKinds.Select(k => k.Key).Where(k => k != "selector").ToList();
        yield return ("selectorDefinition", new JsonObject
        {
            ["description"] = "A named locator: visible text, or a mapping with one of label, role (with name), text, css, placeholder or test_id.",
            ["anyOf"] = new JsonArray(Shapes.Text, new JsonObject
            {
                ["description"] = "A locator mapping.",
                ["type"] = "object",
                ["properties"] = Properties(StepReader.LocatorKeyDefinitions.Where(k => k.Name != "selector").Select(k => (k.Name, LocatorRef(k.Name)))),
                ["additionalProperties"] = false,
                ["oneOf"] = OneLocator(ownKinds),
            }),
        });
        yield return ("selectors", new JsonObject
        {
            ["description"] = "Named locators, used by steps as { selector: NAME }.",
            ["type"] = "object",
            ["additionalProperties"] = Shapes.Ref("selectorDefinition"),
        });

        foreach (var type in StepTypes.All)
        {
            yield return ($"step.{type.Keyword}", Step(type));
        }

        yield return ("step", new JsonObject
        {
            ["description"] = $"One journey step: a mapping with exactly one step keyword ({string.Join(", ", StepTypes.Keywords)}), and optionally {string.Join(", ", StepReader.Modifiers.SkipLast(1))} and {StepReader.Modifiers[^1]} beside it or inside its mapping.",
            ["oneOf"] = new JsonArray([.. StepTypes.All.Select(t => Shapes.Ref($"step.{t.Keyword}"))]),
        });
        yield return ("frameStep", new JsonObject
        {
            ["description"] = $"A step inside a frame: any step but {string.Join(", ", StepTypes.All.Where(t => !t.InFrame).Select(t => t.Keyword))}.",
            ["oneOf"] = new JsonArray([.. StepTypes.All.Where(t => t.InFrame).Select(t => Shapes.Ref($"step.{t.Keyword}"))]),
        });
        yield return ("steps", new JsonObject
        {
            ["description"] = "A list of steps, at least one.",
            ["type"] = "array",
            ["minItems"] = 1,
            ["items"] = Shapes.Ref("step"),
        });
    }

    public static JsonObject Properties(IEnumerable<(string Name, JsonObject Schema)> properties)
    {
        var result = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            result[name] = schema;
        }

        return result;
    }

    private static string ModifierDefinition(string key) => $"modifier{char.ToUpperInvariant(key[0])}{key[1..]}";

    private static JsonObject LocatorRef(string key) => Shapes.Ref($"locator.{key}");

    /// <summary>The modifiers' properties; <c>submit</c> refused for a step that may not submit.</summary>
    public static IEnumerable<(string, JsonObject)> Modifiers(bool maySubmit) =>
        StepReader.Modifiers.Select(m => (m, Shapes.Ref(m == "submit" && !maySubmit ? NoSubmit : ModifierDefinition(m))));

    /// <summary>The locator keys' properties.</summary>
    public static IEnumerable<(string, JsonObject)> LocatorProperties() => StepReader.LocatorKeys.Select(k => (k, LocatorRef(k)));

    private static JsonArray OneLocator(IEnumerable<string> kinds) =>
        new([.. kinds.Select(k => k == "role"
            ? new JsonObject { ["required"] = new JsonArray("role") }
            : new JsonObject { ["required"] = new JsonArray(k), ["not"] = new JsonObject { ["required"] = new JsonArray("name") } })]);

    /// <summary>The step as a whole: its keyword, the value under it, and the modifiers beside it.</summary>
    private static JsonObject Step(StepType type) => new()
    {
        ["title"] = $"{type.Keyword} step",
        ["description"] = $"A '{type.Keyword}' step.",
        ["type"] = "object",
        ["required"] = new JsonArray(type.Keyword),
        ["properties"] = Properties(Modifiers(type.MaySubmit).Prepend((type.Keyword, Value(type)))),
        ["additionalProperties"] = false,
    };

    /// <summary>The value under the keyword, by how the step is written.</summary>
    private static JsonObject Value(StepType type)
    {
        switch (type.Form)
        {
            case StepForm.Value:
                var first = type.Arguments[0];
                return new JsonObject
                {
                    ["description"] = type.Description,
                    ["anyOf"] = new JsonArray(Shapes.Property(first), Mapping(type, $"The same as a mapping, with '{first.Name}' and step modifiers.")),
                };
            case StepForm.Name:
                return new JsonObject { ["description"] = type.Description, ["$ref"] = "#/$defs/name" };
            case StepForm.Element when type.MaySubmit && type.Arguments.Count == 0:
                return new JsonObject { ["description"] = type.Description, ["$ref"] = "#/$defs/locatorArg" };
            case StepForm.Element:
                return new JsonObject
                {
                    ["description"] = type.Description,
                    ["anyOf"] = new JsonArray(Shapes.Text, Titled(type, LocatorMapping("A locator (label, role, text, css, placeholder, test_id or selector) with step modifiers.", type.Arguments, type.MaySubmit))),
                };
            case StepForm.Locator:
                return Titled(type, LocatorMapping(type.Description, type.Arguments, type.MaySubmit));
            case StepForm.Mapping:
                return Mapping(type, type.Description);
            case StepForm.Custom:
                return type.ValueSchema?.Invoke(type) ?? throw new InvalidOperationException($"the '{type.Keyword}' step is written its own way but gives no ValueSchema");
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type.Form, $"no schema for the form of '{type.Keyword}'");
        }
    }

    public static JsonObject Titled(StepType type, JsonObject mapping)
    {
        var titled = new JsonObject { ["title"] = $"{type.Keyword} (mapping)" };
        foreach (var (name, value) in mapping)
        {
            titled[name] = value?.DeepClone();
        }

        return titled;
    }

    /// <summary>A mapping of the step's arguments and the modifiers.</summary>
    public static JsonObject Mapping(StepType type, string description) => Titled(type, Object(description, type.Arguments, Modifiers(type.MaySubmit)));

    /// <summary>A locator mapping with <paramref name="arguments"/> and the modifiers; exactly one way to find the element.</summary>
    public static JsonObject LocatorMapping(string description, IEnumerable<Key> arguments, bool maySubmit)
    {
        var mapping = Object(description, arguments, Modifiers(maySubmit), LocatorProperties());
        mapping["allOf"] = new JsonArray(Shapes.Ref("oneLocator"));
        return mapping;
    }

    /// <summary>A mapping of <paramref name="arguments"/> (after <paramref name="first"/>, before <paramref name="last"/>), no other key.</summary>
    public static JsonObject Object(string description, IEnumerable<Key> arguments, IEnumerable<(string, JsonObject)> last, IEnumerable<(string, JsonObject)>? first = null)
    {
        var keys = arguments.ToList();
        var mapping = new JsonObject { ["description"] = description, ["type"] = "object" };
        if (keys.Where(k => k.Required).Select(k => k.Name).ToList() is { Count: > 0 } required)
        {
            mapping["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]);
        }

        mapping["properties"] = Properties((first ?? []).Concat(keys.Select(k => (k.Name, Shapes.Property(k)))).Concat(last));
        mapping["additionalProperties"] = false;
        return mapping;
    }
}
