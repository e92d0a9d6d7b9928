namespace MysteryShopper.Scenarios.Language;

/// <summary>
/// The shapes every file kind's keys refer to (<c>Shapes.Ref("duration")</c>): the schemas' shared <c>$defs</c>, each
/// defined once as a <see cref="Key"/> named after its definition.
/// </summary>
public static class SharedLanguage
{
    /// <summary>What an id of a target, persona, question or scenario looks like.</summary>
    public const string IdPattern = "^[a-z][a-z0-9_-]*$";

    public const string IdHint = "use lower-case letters, digits, '-' and '_', starting with a letter";

    /// <summary>What a name (of a mark, an email, a step id, a selector) looks like.</summary>
    public const string NamePattern = "^[a-z][a-z0-9_]*$";

    public const string NameHint = "use lower-case letters, digits and '_', starting with a letter";

    public static readonly IReadOnlyList<Key> Definitions =
    [
        new("name", "A name: lower-case letters, digits and '_', starting with a letter.", Shapes.Pattern(NamePattern, NameHint)),
        new("id", "An id: lower-case letters, digits, '-' and '_', starting with a letter.", Shapes.Pattern(IdPattern, IdHint)),
        new("duration", "A duration: numbers with units ms, s, m, h or d, e.g. 500ms, 10s, 5m, 1h30m, 3d; more than zero.", Shapes.Json("""{"type": "string", "pattern": "^\\s*(?=[^1-9]*[1-9])(\\d+(\\.\\d+)?(ms|s|m|h|d))+\\s*$", "patternErrorMessage": "write a number with a unit: ms, s, m, h or d, e.g. 10s, 5m, 1h30m, 3d; more than zero"}""")),
        new("flag", "true or false (yes/no and on/off are read too).", Shapes.Json("""{"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["true", "false", "yes", "no", "on", "off"]}]}""")),
        new("textList", "One text value, or a list of them.", Shapes.Json("""{"anyOf": [{"type": ["string", "number", "boolean", "null"]}, {"type": "array", "items": {"type": ["string", "number", "boolean", "null"]}}]}""")),
    ];
}
