using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>How a browser step finds its element (Playwright's locator kinds).</summary>
public enum LocatorKind
{
    Label,
    Role,
    Text,
    Css,
    Placeholder,
    TestId,

    /// <summary>A named locator from the target's or scenario's <c>selectors:</c>, resolved per target.</summary>
    Selector,
}

/// <summary>An element on the page: <c>{ label: "Email" }</c>, <c>{ role: button, name: "Send" }</c>.</summary>
public sealed record LocatorSpec(LocatorKind Kind, Template Value, Template? Name = null)
{
    /// <summary>Match the whole text exactly rather than a case-insensitive part of it.</summary>
    public bool Exact { get; init; }

    public override string ToString() => Kind switch
    {
        LocatorKind.Role when Name is not null => $"role={Value} name=\"{Name}\"",
        LocatorKind.TestId => $"test_id=\"{Value}\"",
        _ => $"{Kind.ToString().ToLowerInvariant()}=\"{Value}\"",
    };
}

/// <summary>
/// One journey step. Each step record carries its <see cref="StepType"/> (<c>Definition</c>) and declares the templates
/// it expands and the locators it uses; <see cref="Place"/> is where the step starts in its file.
/// </summary>
public abstract record Step
{
    public required SourcePlace Place { get; init; }

    /// <summary>A name targets' overrides use to replace or extend this step.</summary>
    public string? Id { get; init; }

    /// <summary>A failing optional step is recorded and skipped; the journey goes on.</summary>
    public bool Optional { get; init; }

    /// <summary>How long the step may take; null means the runner's default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>This step sends something to the target (a form, an email): dry runs stop before it, politeness limits count it.</summary>
    public bool Submit { get; init; }

    /// <summary>What kind of step this is: keyword, reading, runner and what it may do.</summary>
    public abstract StepType Type { get; }

    /// <summary>The step's keyword as written in YAML.</summary>
    public string Keyword => Type.Keyword;

    /// <summary>A one-line description for logs and reports.</summary>
    public abstract string Describe();

    /// <summary>The step's own text values that hold placeholders (its locators' are in <see cref="Locators"/>).</summary>
    public abstract IEnumerable<Template?> Templates();

    /// <summary>The elements the step finds on the page.</summary>
    public abstract IEnumerable<LocatorSpec?> Locators();

    /// <summary>The name this step defines for later steps, measures and judging, if any.</summary>
    public virtual DefinedName? Defines() => null;

    /// <summary>The steps it runs inside itself (a frame's).</summary>
    public virtual IReadOnlyList<Step> Inner() => [];

    /// <summary>Every template the step expands, its locators' included.</summary>
    public IEnumerable<Template> AllTemplates() =>
        Templates().Concat(Locators().SelectMany(l => l is null ? [] : new[] { l.Value, l.Name })).OfType<Template>();
}

public sealed record GotoStep(Template Url) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "goto",
        Description = "Open a URL, e.g. goto: \"{target.url}/pricing\". May hold {placeholders}.",
        Form = StepForm.Value,
        Arguments = [new Key("url", "The URL to open. May hold {placeholders}.", Shapes.Text) { Required = true }],
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = false,
        Read = i => i.Value() is { } url ? new GotoStep(i.Template(url)) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"goto {Url}";
    public override IEnumerable<Template?> Templates() => [Url];
    public override IEnumerable<LocatorSpec?> Locators() => [];
}

public sealed record FillStep(LocatorSpec Locator, Template Value) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "fill",
        Description = "Fill a field with a value at once: the locator (label, role, text, css, placeholder, test_id or selector) and 'value'.",
        Form = StepForm.Locator,
        Arguments = [new Key("value", "The text to fill in, e.g. \"{persona.name}\". May hold {placeholders}.", Shapes.Text) { Required = true }],
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = i => i.WithValue((l, v) => new FillStep(l, v) { Place = i.Place }),
    };

    public override StepType Type => Definition;
    public override string Describe() => $"fill {Locator} with \"{Value}\"";
    public override IEnumerable<Template?> Templates() => [Value];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

/// <summary>Types key by key, like a person, with <see cref="Delay"/> between keys.</summary>
public sealed record TypeStep(LocatorSpec Locator, Template Value) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "type",
        Description = "Type into a field key by key, like a person: the locator and 'value', optionally 'delay' between keys.",
        Form = StepForm.Locator,
        Arguments =
        [
            new Key("value", "The text to type. May hold {placeholders}.", Shapes.Text) { Required = true },
            new Key("delay", "The pause between keys, e.g. 80ms. Default 60ms.", Shapes.Ref("duration")) { Default = "60ms" },
        ],
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = i =>
        {
            var step = i.WithValue((l, v) => new TypeStep(l, v) { Place = i.Place });
            var delay = i.Args is YamlMappingNode map ? i.Reader.Duration(YamlReader.Child(map, "delay"), "delay") : null;
            return step is null ? null : delay is null ? step : step with { Delay = delay.Value };
        },
    };

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(60);
    public override StepType Type => Definition;
    public override string Describe() => $"type \"{Value}\" into {Locator}";
    public override IEnumerable<Template?> Templates() => [Value];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

/// <summary>Chooses an option of a drop-down by its visible label or value.</summary>
public sealed record SelectStep(LocatorSpec Locator, Template Option) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "select",
        Description = "Choose an option of a drop-down by its visible label or value: the locator and 'option'.",
        Form = StepForm.Locator,
        Arguments = [new Key("option", "The option's label or value. May hold {placeholders}.", Shapes.Text) { Required = true }],
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = i => i.WithValue((l, v) => new SelectStep(l, v) { Place = i.Place }),
    };

    public override StepType Type => Definition;
    public override string Describe() => $"select \"{Option}\" in {Locator}";
    public override IEnumerable<Template?> Templates() => [Option];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

public sealed record CheckStep(LocatorSpec Locator) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "check",
        Description = "Tick a checkbox or radio button: its visible text (click: Subscribe) or a locator mapping.",
        Form = StepForm.Element,
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = i => i.Element() is { } l ? new CheckStep(l) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"check {Locator}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

public sealed record UncheckStep(LocatorSpec Locator) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "uncheck",
        Description = "Untick a checkbox: its visible text (click: Subscribe) or a locator mapping.",
        Form = StepForm.Element,
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = i => i.Element() is { } l ? new UncheckStep(l) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"uncheck {Locator}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

public sealed record ClickStep(LocatorSpec Locator) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "click",
        Description = "Click an element: its visible text (click: Subscribe) or a locator mapping.",
        Form = StepForm.Element,
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = i => i.Element() is { } l ? new ClickStep(l) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"click {Locator}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

/// <summary>Presses a key (<c>Enter</c>, <c>Tab</c>, <c>Control+A</c>), in an element or on the page.</summary>
public sealed record PressStep(string Key, LocatorSpec? Locator) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "press",
        Description = "Press a key (Enter, Tab, Control+A) on the page, or in an element: press: Enter, or { key: Enter, label: \"Search\" }.",
        Form = StepForm.Custom,
        Arguments = [new Key("key", "The key to press, e.g. Enter, Tab, Control+A.", Shapes.Text) { Required = true }],
        ValueSchema = type =>
        {
            // With a locator, exactly one; without, none at all.
            var mapping = StepSchemas.Object("The key, optionally with a locator for the element to press it in.", type.Arguments, [.. StepSchemas.LocatorProperties(), .. StepSchemas.Modifiers(type.MaySubmit)]);
            mapping["anyOf"] = new JsonArray(
                Shapes.Ref("oneLocator"),
                new JsonObject { ["not"] = new JsonObject { ["anyOf"] = new JsonArray([.. StepReader.LocatorKinds.Select(k => new JsonObject { ["required"] = new JsonArray(k.Key) })]) } });
            return new JsonObject { ["description"] = type.Description, ["anyOf"] = new JsonArray(Shapes.Text, StepSchemas.Titled(type, mapping)) };
        },
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = Read,
    };

    public override StepType Type => Definition;
    public override string Describe() => Locator is null ? $"press {Key}" : $"press {Key} in {Locator}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];

    private static PressStep? Read(StepInput i)
    {
        if (i.Args is YamlScalarNode)
        {
            return i.Reader.String(i.Args, "press") is { } key ? new PressStep(key, null) { Place = i.Place } : null;
        }

        if (i.Reader.Mapping(i.Args, "press") is not { } map)
        {
            return null;
        }

        // With a locator the element's keys are read as any locator's; without one, a misspelt locator key is unknown.
        var hasLocator = StepReader.LocatorKinds.Any(k => YamlReader.Child(map, k.Key) is not null);
        var locator = hasLocator ? i.Element() : null;
        if (!hasLocator)
        {
            i.Reader.CheckKeys(map, "press", [.. i.Type.Arguments.Names(), .. StepReader.LocatorKeys, .. StepReader.Modifiers]);
        }

        var key2 = i.Reader.String(i.Reader.Required(map, "key", "press", "e.g. press: { key: Enter }"), "key");
        return key2 is null || (hasLocator && locator is null) ? null : new PressStep(key2, locator) { Place = i.Place };
    }
}

public sealed record HoverStep(LocatorSpec Locator) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "hover",
        Description = "Move the pointer over an element: its visible text (click: Subscribe) or a locator mapping.",
        Form = StepForm.Element,
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = i => i.Element() is { } l ? new HoverStep(l) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"hover {Locator}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

/// <summary>Waits a fixed time.</summary>
public sealed record WaitStep(TimeSpan For) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "wait",
        Description = "Wait a fixed time, e.g. wait: 2s.",
        Form = StepForm.Value,
        Arguments = [new Key("for", "How long to wait, e.g. 2s.", Shapes.Ref("duration")) { Required = true }],
        Runner = StepRunner.Probe,
        MaySubmit = false,
        InFrame = true,
        Read = i =>
        {
            var node = i.Args;
            if (i.Args is YamlMappingNode)
            {
                var map = i.Mapping()!;
                node = map.Required("for", "e.g. wait: 2s") ?? map.Node;
            }

            return i.Reader.Duration(node, "wait") is { } d ? new WaitStep(d) { Place = i.Place } : null;
        },
    };

    public override StepType Type => Definition;
    public override string Describe() => $"wait {Duration.Format(For)}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];
}

/// <summary>Records the moment it runs under a name that measures refer to.</summary>
public sealed record MarkStep(string Name) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "mark",
        Description = "Record the moment this step runs under a name that measures use, e.g. mark: submitted.",
        Form = StepForm.Name,
        Runner = StepRunner.Probe,
        MaySubmit = false,
        InFrame = true,
        Read = i => i.Name(i.Args, "mark", "mark name") is { } n ? new MarkStep(n) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"mark {Name}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];
    public override DefinedName Defines() => new(Name, NameKind.Mark);
}

/// <summary>Waits until the page shows the text.</summary>
public sealed record ExpectTextStep(Template Text) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "expect_text",
        Description = "Wait until the page shows this text. May hold {placeholders}.",
        Form = StepForm.Value,
        Arguments = [new Key("text", "The text the page must show. May hold {placeholders}.", Shapes.Text) { Required = true }],
        Runner = StepRunner.Browser,
        MaySubmit = false,
        InFrame = true,
        OnlyLooks = true,
        Confirms = true,
        Read = i => i.Value() is { } text ? new ExpectTextStep(i.Template(text)) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"expect_text \"{Text}\"";
    public override IEnumerable<Template?> Templates() => [Text];
    public override IEnumerable<LocatorSpec?> Locators() => [];
}

/// <summary>Waits until the page's URL contains a text or matches a regular expression.</summary>
public sealed record ExpectUrlStep(Template? Contains, string? Pattern) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "expect_url",
        Description = "Wait until the page's URL contains a text (expect_url: /thank-you) or matches a regular expression ({ regex: ... }).",
        Form = StepForm.Custom,
        Arguments =
        [
            new Key("contains", "Text the URL must contain. May hold {placeholders}.", Shapes.Text),
            new Key("regex", "A .NET regular expression the URL must match.", Shapes.Text),
        ],
        ValueSchema = type =>
        {
            var mapping = StepSchemas.Mapping(type, "Either 'contains' or 'regex', with step modifiers.");
            mapping["oneOf"] = new JsonArray([.. type.Arguments.Select(a => new JsonObject { ["required"] = new JsonArray(a.Name) })]);
            return new JsonObject { ["description"] = type.Description, ["anyOf"] = new JsonArray(Shapes.Text, mapping) };
        },
        Runner = StepRunner.Browser,
        MaySubmit = false,
        InFrame = true,
        OnlyLooks = true,
        Confirms = true,
        Read = Read,
    };

    public override StepType Type => Definition;
    public override string Describe() => Pattern is null ? $"expect_url containing \"{Contains}\"" : $"expect_url matching /{Pattern}/";
    public override IEnumerable<Template?> Templates() => [Contains];
    public override IEnumerable<LocatorSpec?> Locators() => [];

    private static ExpectUrlStep? Read(StepInput i)
    {
        if (i.Args is YamlScalarNode scalar)
        {
            return i.Reader.String(scalar, "expect_url") is null ? null : new ExpectUrlStep(i.Template(scalar), null) { Place = i.Place };
        }

        if (i.Mapping() is not { } map)
        {
            return null;
        }

        var contains = map["contains"] as YamlScalarNode;
        var regexNode = map["regex"];
        if ((contains is null) == (regexNode is null))
        {
            i.Reader.Error(map.Node, "expect_url needs either 'contains' or 'regex'", "e.g. expect_url: { contains: \"/thank-you\" }");
            return null;
        }

        var pattern = i.Regex(regexNode, "regex");
        return contains is not null ? new ExpectUrlStep(i.Template(contains), null) { Place = i.Place }
            : pattern is not null ? new ExpectUrlStep(null, pattern) { Place = i.Place }
            : null;
    }
}

/// <summary>Waits until an element is visible.</summary>
public sealed record ExpectVisibleStep(LocatorSpec Locator) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "expect_visible",
        Description = "Wait until an element is visible: its visible text or a locator mapping.",
        Form = StepForm.Element,
        Runner = StepRunner.Browser,
        MaySubmit = false,
        InFrame = true,
        OnlyLooks = true,
        Confirms = true,
        Read = i => i.Element() is { } l ? new ExpectVisibleStep(l) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"expect_visible {Locator}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

/// <summary>Saves a full-page screenshot under a name.</summary>
public sealed record ScreenshotStep(string Name) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "screenshot",
        Description = "Save a full-page screenshot under this name, e.g. screenshot: pricing_page.",
        Form = StepForm.Name,
        Runner = StepRunner.Probe,
        MaySubmit = false,
        InFrame = true,
        Read = i => i.Name(i.Args, "screenshot", "screenshot name") is { } n ? new ScreenshotStep(n) { Place = i.Place } : null,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"screenshot {Name}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];
}

/// <summary>Stores an element's text (or a regex group of it) as <c>{vars.NAME}</c> for later steps and the report.</summary>
public sealed record ExtractStep(LocatorSpec Locator, string As) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "extract",
        Description = "Keep an element's text (or a regex group of it) as {vars.NAME} for later steps and the report.",
        Form = StepForm.Locator,
        Arguments =
        [
            new Key("as", "The variable name; later steps use it as {vars.NAME}.", Shapes.Ref("name")) { Required = true },
            new Key("pattern", "A .NET regular expression; its first group (or the whole match) is kept.", Shapes.Text),
        ],
        Runner = StepRunner.Browser,
        MaySubmit = false,
        InFrame = true,
        OnlyLooks = true,
        Read = i =>
        {
            var (map, locator) = i.LocatorMapping();
            if (map is null)
            {
                return null;
            }

            var asNode = map.Required("as", "name the value, e.g. as: ticket_number");
            var name = asNode is null ? null : i.Name(asNode, "as", "variable name");
            var patternNode = map["pattern"];
            var pattern = i.Regex(patternNode, "pattern");
            return locator is null || name is null || (patternNode is not null && pattern is null) ? null : new ExtractStep(locator, name) { Place = i.Place, Pattern = pattern };
        },
    };

    /// <summary>A regular expression; its first group (or whole match) is kept.</summary>
    public string? Pattern { get; init; }

    public override StepType Type => Definition;
    public override string Describe() => $"extract {As} from {Locator}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [Locator];
}

/// <summary>Runs steps inside an iframe.</summary>
public sealed record FrameStep(LocatorSpec Frame, IReadOnlyList<Step> Steps) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "frame",
        Description = "Run steps inside an iframe: the frame's locator and 'steps'.",
        Form = StepForm.Locator,
        Arguments = [new Key("steps", "The steps to run inside the frame (not goto, frame or email steps).", Shapes.Json("""{ "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/frameStep" } }""")) { Required = true }],
        Runner = StepRunner.Probe,
        MaySubmit = true,
        InFrame = false,
        Read = i =>
        {
            var (map, locator) = i.LocatorMapping();
            if (map is null)
            {
                return null;
            }

            var stepsNode = map.Required("steps", "list the steps to run inside the frame under 'steps:'");
            var steps = stepsNode is null ? [] : i.Steps.ReadList(stepsNode, "frame steps");
            foreach (var inner in steps.Where(s => !s.Type.InFrame))
            {
                i.Reader.Error(inner.Place, $"'{inner.Keyword}' cannot run inside a frame", "put it before or after the frame step");
            }

            return locator is null ? null : new FrameStep(locator, steps) { Place = i.Place };
        },
    };

    public override StepType Type => Definition;
    public override string Describe() => $"frame {Frame} ({Steps.Count} step(s))";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [Frame];
    public override IReadOnlyList<Step> Inner() => Steps;
}

/// <summary>Clicks a cookie banner's accept (or reject) button when one is shown; does nothing otherwise.</summary>
public sealed record DismissCookiesStep(bool Accept) : Step
{
    private static readonly string[] Choices = ["accept", "reject"];

    public static readonly StepType Definition = new()
    {
        Keyword = "dismiss_cookies",
        Description = "Click a cookie banner's accept (or reject) button when one is shown; does nothing otherwise. Empty means accept.",
        Form = StepForm.Custom,
        Arguments = [new Key("choice", "Accept or reject the cookies. Default accept.", Shapes.Enum(Choices)) { Default = "accept" }],
        ValueSchema = type => new JsonObject
        {
            // Nothing after the keyword means accept.
            ["description"] = type.Description,
            ["anyOf"] = new JsonArray(
                new JsonObject { ["type"] = "null" },
                Shapes.Enum(Choices),
                new JsonObject { ["type"] = "string", ["pattern"] = "^~?$", ["patternErrorMessage"] = "write 'accept' or 'reject'" },
                StepSchemas.Mapping(type, "'choice' with step modifiers.")),
        },
        Runner = StepRunner.Browser,
        MaySubmit = true,
        InFrame = true,
        Read = Read,
    };

    public override StepType Type => Definition;
    public override string Describe() => $"dismiss_cookies ({(Accept ? "accept" : "reject")})";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];

    private static DismissCookiesStep? Read(StepInput i)
    {
        var choice = i.Args is YamlMappingNode
            ? i.Mapping()!.Text("choice") ?? "accept"
            : i.Args is YamlScalarNode { Value: null or "" or "~" } ? "accept" : i.Reader.String(i.Args, "dismiss_cookies");
        switch (choice)
        {
            case "accept":
                return new DismissCookiesStep(true) { Place = i.Place };
            case "reject":
                return new DismissCookiesStep(false) { Place = i.Place };
            case null:
                return null;
            default:
                i.Reader.Error(i.Args, $"dismiss_cookies '{choice}' is not known", "write 'accept' or 'reject'");
                return null;
        }
    }
}
