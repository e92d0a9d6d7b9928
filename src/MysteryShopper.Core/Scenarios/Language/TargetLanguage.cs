namespace MysteryShopper.Scenarios.Language;

/// <summary>The keys of <c>targets.yaml</c>: a target, its limits and its overrides of scenarios.</summary>
public static class TargetLanguage
{
    public const string Description = "targets.yaml: the companies to probe, your own and competitors, with their sites, email addresses, limits and overrides.";

    public static readonly IReadOnlyList<(string Name, TargetRole Value)> Roles = [("own", TargetRole.Own), ("competitor", TargetRole.Competitor)];

    public static readonly IReadOnlyList<Key> Limits =
    [
        new("probes_per_day", "At most this many probes a day: a whole number of at least 1.", Shapes.Json("""{"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^\\s*\\+?0*[1-9][0-9]*(\\.0*)?\\s*$", "patternErrorMessage": "a whole number of at least 1"}]}""")),
        new("min_gap", "The least time between two probes, e.g. 1h.", Shapes.Ref("duration")),
    ];

    /// <summary>How a target differs for one scenario (an entry of <c>overrides:</c>).</summary>
    public static readonly IReadOnlyList<Key> Override =
    [
        new("selectors", "Named locators for this scenario on this target; they win over all others.", Shapes.Ref("selectors")),
        new("replace", "Steps to replace, by step id: a step, a list of steps, or skip.", Shapes.Json("""{"type": "object", "patternProperties": {"^[a-z][a-z0-9_]*$": {"description": "A step id of the scenario.", "anyOf": [{"description": "Leave the step out for this target.", "enum": ["skip"]}, {"$ref": "#/$defs/step"}, {"$ref": "#/$defs/steps"}]}}, "additionalProperties": false}""")),
        new("insert_after", "Steps to insert after a step, by step id: a step or a list of steps.", Shapes.Json("""{"type": "object", "patternProperties": {"^[a-z][a-z0-9_]*$": {"description": "A step id of the scenario.", "anyOf": [{"$ref": "#/$defs/step"}, {"$ref": "#/$defs/steps"}]}}, "additionalProperties": false}""")),
    ];

    public static readonly IReadOnlyList<Key> Target =
    [
        new("name", "The display name in reports. Default: the id.", Shapes.Text),
        new("role", "own (your company) or competitor.", Shapes.Enum(Roles)) { Required = true },
        new("url", "The site's base URL, e.g. https://www.example.com, or demo://NAME for a built-in demo company.", Shapes.Json("""{"type": "string", "pattern": "^([dD][eE][mM][oO]://|[hH][tT][tT][pP][sS]?://[^\\s/?#]+)|\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}", "patternErrorMessage": "an absolute http(s) URL, e.g. https://www.example.com, or demo://brightwave for a built-in demo company"}""")) { Required = true },
        new("domains", "The domains the company's emails come from, e.g. [example.com].", Shapes.Ref("textList")),
        new("emails", "The company's email addresses by name, e.g. support: support@example.com; send_email's 'to' uses the names.", Shapes.Json("""{"type": "object", "additionalProperties": {"description": "An email address.", "type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$|\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}", "patternErrorMessage": "an email address, e.g. support@example.com"}}""")),
        new("timezone", "The company's IANA time zone, e.g. Europe/London. Default UTC.", Shapes.Text),
        new("business_hours", "Opening hours in the target's time zone, e.g. \"Mon-Fri 09:00-17:30\" or \"Mon-Thu 09:00-17:30, Fri 09:00-16:00\".", Shapes.Json("""{"type": "string", "pattern": "^,*\\s*([sS][uU][nN]|[mM][oO][nN]|[tT][uU][eE]|[wW][eE][dD]|[tT][hH][uU]|[fF][rR][iI]|[sS][aA][tT])(\\s*-\\s*([sS][uU][nN]|[mM][oO][nN]|[tT][uU][eE]|[wW][eE][dD]|[tT][hH][uU]|[fF][rR][iI]|[sS][aA][tT]))?\\s+([01]?\\d|2[0-3]):[0-5]\\d\\s*-\\s*([01]?\\d|2[0-3]):[0-5]\\d\\s*(,+\\s*([sS][uU][nN]|[mM][oO][nN]|[tT][uU][eE]|[wW][eE][dD]|[tT][hH][uU]|[fF][rR][iI]|[sS][aA][tT])(\\s*-\\s*([sS][uU][nN]|[mM][oO][nN]|[tT][uU][eE]|[wW][eE][dD]|[tT][hH][uU]|[fF][rR][iI]|[sS][aA][tT]))?\\s+([01]?\\d|2[0-3]):[0-5]\\d\\s*-\\s*([01]?\\d|2[0-3]):[0-5]\\d\\s*)*,*$", "patternErrorMessage": "write days and hours, e.g. \"Mon-Fri 09:00-17:30\" or \"Mon-Thu 09:00-17:30, Fri 09:00-16:00\""}""")),
        new("limits", "Politeness limits for probing this target.", Shapes.Object(Limits)),
        new("tags", "Tags to group and filter targets by.", Shapes.Ref("textList")),
        new("selectors", "Named locators for this target; they win over the scenario's.", Shapes.Ref("selectors")),
        new("overrides", "Changes to scenarios for this target, by scenario name.", Shapes.Map(SharedLanguage.IdPattern, Shapes.Described("How this target differs for the scenario.", Shapes.Object(Override)))),
    ];

    /// <summary>The file's one top-level key.</summary>
    public static readonly IReadOnlyList<Key> File =
    [
        new("targets", "Targets by id (lower-case letters, digits, '-' and '_').", Shapes.Map(SharedLanguage.IdPattern, Shapes.Ref("target"))) { Required = true },
    ];

    public static readonly IReadOnlyList<Key> Definitions =
    [
        new("target", "A company to probe.", Shapes.Object(Target)),
    ];
}
