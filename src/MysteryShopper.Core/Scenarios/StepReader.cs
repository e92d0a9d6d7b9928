using System.Text.RegularExpressions;
using MysteryShopper.Scenarios.Language;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads journey steps and locators; used for scenarios and for targets' step overrides.</summary>
public sealed partial class StepReader(YamlReader reader)
{
    public static IReadOnlyList<string> Keywords => StepTypes.Keywords;

    /// <summary>Keys any step may carry, beside its keyword or inside its mapping.</summary>
    public static readonly IReadOnlyList<Key> ModifierKeys =
    [
        new("id", "A name for this step, unique in the scenario, so targets' overrides can replace it or insert steps after it.", Shapes.Ref("name")),
        new("optional", "When this step fails, record it and go on with the journey instead of stopping. Default false.", Shapes.Ref("flag")) { Default = false },
        new("timeout", "How long this step may take, e.g. 30s; the default is the run's step timeout.", Shapes.Ref("duration")),
        new("submit", "This step sends something to the target (a form, a message): dry runs stop before it and politeness limits count it. Default false; send_email always sends.", Shapes.Ref("flag")) { Default = false },
    ];

    public static readonly IReadOnlyList<string> Modifiers = ModifierKeys.Names();

    internal static readonly (string Key, LocatorKind Kind)[] LocatorKinds =
    [
        ("label", LocatorKind.Label), ("role", LocatorKind.Role), ("text", LocatorKind.Text), ("css", LocatorKind.Css),
        ("placeholder", LocatorKind.Placeholder), ("test_id", LocatorKind.TestId), ("selector", LocatorKind.Selector),
    ];

    /// <summary>The ARIA roles Playwright can find elements by.</summary>
    public static readonly IReadOnlyList<string> Roles =
    [
        "alert", "alertdialog", "application", "article", "banner", "blockquote", "button", "caption", "cell", "checkbox",
        "code", "columnheader", "combobox", "complementary", "contentinfo", "definition", "deletion", "dialog", "directory",
        "document", "emphasis", "feed", "figure", "form", "generic", "grid", "gridcell", "group", "heading", "img",
        "insertion", "link", "list", "listbox", "listitem", "log", "main", "marquee", "math", "meter", "menu", "menubar",
        "menuitem", "menuitemcheckbox", "menuitemradio", "navigation", "none", "note", "option", "paragraph",
        "presentation", "progressbar", "radio", "radiogroup", "region", "row", "rowgroup", "rowheader", "scrollbar",
        "search", "searchbox", "separator", "slider", "spinbutton", "status", "strong", "subscript", "superscript",
        "switch", "tab", "table", "tablist", "tabpanel", "term", "textbox", "time", "timer", "toolbar", "tooltip", "tree",
        "treegrid", "treeitem",
    ];

    /// <summary>The keys of a locator mapping: one way to find the element, and how to match it.</summary>
    public static readonly IReadOnlyList<Key> LocatorKeyDefinitions =
    [
        new("label", "Find the form field by its label text, e.g. label: \"Email\". May hold {placeholders}.", Shapes.Text),
        new("role", "Find the element by its ARIA role, usually with 'name', e.g. { role: button, name: \"Send\" }.", Shapes.Enum(Roles)),
        new("name", "With 'role' only: the element's accessible name, e.g. the button's text. May hold {placeholders}.", Shapes.Text),
        new("text", "Find the element by the text it shows. May hold {placeholders}.", Shapes.Text),
        new("css", "Find the element with a CSS selector, e.g. css: \"form#signup button\".", Shapes.Text),
        new("placeholder", "Find the input by its placeholder text.", Shapes.Text),
        new("test_id", "Find the element by its data-testid attribute.", Shapes.Text),
        new("selector", "Use a named locator from 'selectors:' (the target's override, the target's, then the scenario's).", Shapes.Ref("name")),
        new("exact", "Match the whole text exactly, case included, rather than a case-insensitive part of it. Default false.", Shapes.Ref("flag")) { Default = false },
    ];

    public static readonly IReadOnlyList<string> LocatorKeys = LocatorKeyDefinitions.Names();

    [GeneratedRegex(SharedLanguage.NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    public List<Step> ReadList(YamlNode node, string what)
    {
        var steps = new List<Step>();
        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, $"{what} must be a list of steps", "start each step with '- ', e.g. '- goto: \"{target.url}\"'");
            return steps;
        }

        if (sequence.Children.Count == 0)
        {
            reader.Error(node, $"{what} has no steps", "add at least one step");
        }

        foreach (var item in sequence)
        {
            if (Read(item) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    public Step? Read(YamlNode item)
    {
        if (item is YamlScalarNode { Value: { } bare } && Keywords.Contains(bare))
        {
            reader.Error(item, $"the step '{bare}' has no value", $"write a colon and the value after it, e.g. '- {bare}: ...'");
            return null;
        }

        if (item is not YamlMappingNode map)
        {
            reader.Error(item, "a step must be a mapping with one step keyword", $"e.g. '- goto: \"{{target.url}}\"'; steps: {string.Join(", ", Keywords)}");
            return null;
        }

        var keywords = map.Children.Keys.OfType<YamlScalarNode>().Where(k => !Modifiers.Contains(k.Value ?? "")).ToList();
        if (keywords.Count > 1 && keywords.Count(k => Keywords.Contains(k.Value ?? "")) == 1)
        {
            // One step plus keys that are no step: usually an argument indented too little, or a misspelt modifier.
            var known = keywords.Single(k => Keywords.Contains(k.Value ?? ""));
            foreach (var stray in keywords.Where(k => k != known))
            {
                var name = stray.Value ?? "";
                reader.Error(stray, $"'{name}' is neither a step nor a step modifier ({string.Join(", ", Modifiers)})",
                    Suggest.Closest(name, Modifiers) is { } modifier ? $"did you mean '{modifier}'?"
                    : Suggest.Closest(name, Keywords) is { } other ? $"did you mean '{other}'? A second step needs its own '- ' list item"
                    : $"if it belongs to '{known.Value}', indent it as far as the other keys under '{known.Value}'");
            }

            keywords = [known];
        }

        if (keywords.Count != 1)
        {
            reader.Error(map, keywords.Count == 0 ? "the step has no step keyword" : $"the step has {keywords.Count} step keywords ({string.Join(", ", keywords.Select(k => k.Value))})",
                "write one step per list item, e.g. '- click: { text: Send }'");
            return null;
        }

        var keywordNode = keywords[0];
        var keyword = keywordNode.Value ?? "";
        if (StepTypes.Find(keyword) is not { } type)
        {
            reader.Error(keywordNode, $"unknown step '{keyword}'", Suggest.DidYouMean(keyword, Keywords));
            return null;
        }

        var place = reader.Place(keywordNode);
        var args = map.Children[keywordNode];
        var argMap = args as YamlMappingNode;
        YamlNode? Modifier(string key) => YamlReader.Child(map, key) ?? (argMap is null ? null : YamlReader.Child(argMap, key));

        var id = reader.String(Modifier("id"), "id");
        if (id is not null && !Name().IsMatch(id))
        {
            reader.Error(Modifier("id")!, $"step id '{id}' is not valid", SharedLanguage.NameHint);
        }

        var optional = reader.Bool(Modifier("optional"), "optional") ?? false;
        var timeout = reader.Duration(Modifier("timeout"), "timeout");
        var submit = reader.Bool(Modifier("submit"), "submit") ?? false;

        if (type.Read(new StepInput(this, reader, type, args, place)) is not { } step)
        {
            return null;
        }

        if (submit && !type.MaySubmit)
        {
            reader.Error(Modifier("submit")!, $"a '{keyword}' step sends nothing, so it cannot be 'submit: true'", "mark the click or send_email that sends the form or message");
        }

        return step with { Id = id, Optional = optional, Timeout = timeout, Submit = submit || type.SendsMail };
    }

    public Template Template(YamlScalarNode node)
    {
        var list = new List<Diagnostic>();
        var template = Scenarios.Template.Parse(reader.String(node, "a value") ?? "", reader.Place(node), list);
        foreach (var d in list)
        {
            reader.Error(node, d.Message, d.Hint);
        }

        return template;
    }

    /// <summary>A step argument written as a scalar, or as a mapping with <paramref name="key"/>.</summary>
    internal YamlScalarNode? Scalar(YamlNode args, string keyword, string key)
    {
        if (args is YamlMappingNode map)
        {
            reader.CheckKeys(map, keyword, [key, .. Modifiers]);
            args = reader.Required(map, key, keyword) ?? map;
        }

        if (args is YamlScalarNode scalar && reader.String(scalar, $"{keyword} {key}") is not null)
        {
            return scalar;
        }

        if (args is not YamlScalarNode)
        {
            reader.Error(args, $"{keyword} needs a text value for '{key}'", null);
        }

        return null;
    }

    internal string? NameArg(YamlNode args, string keyword, string what)
    {
        var name = reader.String(args, keyword);
        if (name is not null && !Name().IsMatch(name))
        {
            reader.Error(args, $"{what} '{name}' is not valid", SharedLanguage.NameHint);
            return null;
        }

        return name;
    }

    /// <summary>A <c>selectors:</c> mapping of names to locators (a scenario's, a target's, a target's override's).</summary>
    public Dictionary<string, LocatorSpec> ReadSelectors(YamlNode? node)
    {
        var selectors = new Dictionary<string, LocatorSpec>(StringComparer.Ordinal);
        if (node is null || reader.Mapping(node, "selectors") is not { } map)
        {
            return selectors;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = reader.String(keyNode, "a selector name");
            if (name is null)
            {
                continue;
            }

            if (Locator(valueNode, $"selector '{name}'", []) is { } locator)
            {
                if (locator.Kind == LocatorKind.Selector)
                {
                    reader.Error(valueNode, $"selector '{name}' refers to another selector", "write the locator itself (label, role, text, css, placeholder or test_id)");
                    continue;
                }

                selectors[name] = locator;
            }
        }

        return selectors;
    }

    /// <summary>An element: its visible text, or a locator mapping that may hold <paramref name="extraKeys"/> and the modifiers.</summary>
    public LocatorSpec? Locator(YamlNode args, string keyword, IReadOnlyCollection<string> extraKeys)
    {
        if (args is YamlScalarNode scalar)
        {
            // A bare value is the element's visible text: `click: Subscribe`.
            return reader.String(scalar, keyword) is null ? null : new LocatorSpec(LocatorKind.Text, Template(scalar));
        }

        return YamlMap.Open(reader, args, keyword, [.. LocatorKeys, .. extraKeys, .. Modifiers]) is { } map ? LocatorIn(map).Locator : null;
    }

    /// <summary>The locator in a mapping whose keys were checked as it opened; the map is returned for the keys beside it.</summary>
    public (YamlMap Map, LocatorSpec? Locator) LocatorIn(YamlMap locatorMap)
    {
        var map = locatorMap.Node;
        var keyword = locatorMap.What;
        var allowed = locatorMap.Keys;
        var found = LocatorKinds.Where(k => YamlReader.Child(map, k.Key) is not null).ToList();
        if (found.Count == 0 && map.Children.Keys.OfType<YamlScalarNode>().Any(k =>
                !allowed.Contains(k.Value ?? "") && Suggest.Closest(k.Value ?? "", allowed) is { } closest && LocatorKinds.Any(l => l.Key == closest)))
        {
            // A misspelt locator key ('lable'): its "did you mean 'label'?" is the one error to show.
            return (locatorMap, null);
        }

        if (found.Count != 1)
        {
            reader.Error(map, found.Count == 0 ? $"{keyword} does not say which element" : $"{keyword} names more than one way to find the element",
                "use one of: label, role (with name), text, css, placeholder, test_id, selector");
            return (locatorMap, null);
        }

        var (key, kind) = found[0];
        var valueNode = YamlReader.Child(map, key)!;
        if (valueNode is not YamlScalarNode value || reader.String(value, key) is null)
        {
            if (valueNode is not YamlScalarNode)
            {
                reader.Error(valueNode, $"'{key}' must be a text value", null);
            }

            return (locatorMap, null);
        }

        var nameNode = YamlReader.Child(map, "name");
        if (nameNode is not null && kind != LocatorKind.Role)
        {
            reader.Error(nameNode, "'name' only goes with 'role'", "e.g. { role: button, name: \"Send\" }");
        }

        if (kind == LocatorKind.Role && !Roles.Contains(value.Value ?? ""))
        {
            reader.Error(value, $"'{value.Value}' is not an ARIA role", Suggest.DidYouMean(value.Value ?? "", Roles));
        }

        if (kind == LocatorKind.Selector && !Name().IsMatch(value.Value ?? ""))
        {
            reader.Error(value, $"selector name '{value.Value}' is not valid", SharedLanguage.NameHint);
        }

        var name = kind == LocatorKind.Role && nameNode is YamlScalarNode n && reader.String(n, "name") is not null ? Template(n) : null;
        var exact = reader.Bool(YamlReader.Child(map, "exact"), "exact") ?? false;
        return (locatorMap, new LocatorSpec(kind, Template(value), name) { Exact = exact });
    }

    internal string? Regex(YamlNode? node, string what)
    {
        var pattern = reader.String(node, what);
        if (pattern is null)
        {
            return null;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return pattern;
        }
        catch (ArgumentException e)
        {
            reader.Error(node!, $"{what} is not a valid regular expression: {e.Message}", "check brackets and escape special characters with \\");
            return null;
        }
    }
}
