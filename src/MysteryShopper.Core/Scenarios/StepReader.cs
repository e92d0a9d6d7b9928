using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads journey steps and locators; used for scenarios and for targets' step overrides.</summary>
public sealed partial class StepReader(YamlReader reader)
{
    public static readonly IReadOnlyList<string> Keywords =
    [
        "goto", "fill", "type", "select", "check", "uncheck", "click", "press", "hover", "wait", "mark",
        "expect_text", "expect_url", "expect_visible", "screenshot", "extract", "frame", "dismiss_cookies",
        "send_email", "expect_email", "click_email_link", "collect_emails",
    ];

    /// <summary>Keys any step may carry, beside its keyword or inside its mapping.</summary>
    public static readonly IReadOnlyList<string> Modifiers = ["id", "optional", "timeout", "submit"];

    public static readonly IReadOnlyList<string> LocatorKeys = ["label", "role", "name", "text", "css", "placeholder", "test_id", "selector", "exact"];

    private static readonly (string Key, LocatorKind Kind)[] LocatorKinds =
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

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    public const string NameHint = "use lower-case letters, digits and '_', starting with a letter";

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
        if (!Keywords.Contains(keyword))
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
            reader.Error(Modifier("id")!, $"step id '{id}' is not valid", NameHint);
        }

        var optional = reader.Bool(Modifier("optional"), "optional") ?? false;
        var timeout = reader.Duration(Modifier("timeout"), "timeout");
        var submit = reader.Bool(Modifier("submit"), "submit") ?? false;

        Step? step = keyword switch
        {
            "goto" => Scalar(args, keyword, "url") is { } url ? new GotoStep(Template(url)) { Place = place } : null,
            "fill" => WithValue(args, keyword, "value", [], (l, v) => new FillStep(l, v) { Place = place }),
            "type" => ReadType(args, place),
            "select" => WithValue(args, keyword, "option", [], (l, v) => new SelectStep(l, v) { Place = place }),
            "check" => Locator(args, keyword, []) is { } l ? new CheckStep(l) { Place = place } : null,
            "uncheck" => Locator(args, keyword, []) is { } l ? new UncheckStep(l) { Place = place } : null,
            "click" => Locator(args, keyword, []) is { } l ? new ClickStep(l) { Place = place } : null,
            "press" => ReadPress(args, place),
            "hover" => Locator(args, keyword, []) is { } l ? new HoverStep(l) { Place = place } : null,
            "wait" => ReadWait(args, place),
            "mark" => NameArg(args, keyword, "mark name") is { } n ? new MarkStep(n) { Place = place } : null,
            "expect_text" => Scalar(args, keyword, "text") is { } text ? new ExpectTextStep(Template(text)) { Place = place } : null,
            "expect_url" => ReadExpectUrl(args, place),
            "expect_visible" => Locator(args, keyword, []) is { } l ? new ExpectVisibleStep(l) { Place = place } : null,
            "screenshot" => NameArg(args, keyword, "screenshot name") is { } n ? new ScreenshotStep(n) { Place = place } : null,
            "extract" => ReadExtract(args, place),
            "frame" => ReadFrame(args, place),
            "dismiss_cookies" => ReadDismissCookies(args, place),
            "send_email" => ReadSendEmail(args, place),
            "expect_email" => ReadExpectEmail(args, place),
            "click_email_link" => ReadClickEmailLink(args, place),
            _ => ReadCollectEmails(args, place),
        };

        if (step is null)
        {
            return null;
        }

        if (submit && step is MarkStep or WaitStep or ExpectTextStep or ExpectUrlStep or ExpectVisibleStep or ScreenshotStep or ExtractStep or ExpectEmailStep or CollectEmailsStep)
        {
            reader.Error(Modifier("submit")!, $"a '{keyword}' step sends nothing, so it cannot be 'submit: true'", "mark the click or send_email that sends the form or message");
        }

        return step with { Id = id, Optional = optional, Timeout = timeout, Submit = submit || step is SendEmailStep };
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
    private YamlScalarNode? Scalar(YamlNode args, string keyword, string key)
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

    private string? NameArg(YamlNode args, string keyword, string what)
    {
        var name = reader.String(args, keyword);
        if (name is not null && !Name().IsMatch(name))
        {
            reader.Error(args, $"{what} '{name}' is not valid", NameHint);
            return null;
        }

        return name;
    }

    public LocatorSpec? Locator(YamlNode args, string keyword, IReadOnlyCollection<string> extraKeys)
    {
        if (args is YamlScalarNode scalar)
        {
            // A bare value is the element's visible text: `click: Subscribe`.
            return reader.String(scalar, keyword) is null ? null : new LocatorSpec(LocatorKind.Text, Template(scalar));
        }

        if (reader.Mapping(args, keyword) is not { } map)
        {
            return null;
        }

        IReadOnlyCollection<string> allowed = [.. LocatorKeys, .. extraKeys, .. Modifiers];
        reader.CheckKeys(map, keyword, allowed);
        var found = LocatorKinds.Where(k => YamlReader.Child(map, k.Key) is not null).ToList();
        if (found.Count == 0 && map.Children.Keys.OfType<YamlScalarNode>().Any(k =>
                !allowed.Contains(k.Value ?? "") && Suggest.Closest(k.Value ?? "", allowed) is { } closest && LocatorKinds.Any(l => l.Key == closest)))
        {
            // A misspelt locator key ('lable'): its "did you mean 'label'?" is the one error to show.
            return null;
        }

        if (found.Count != 1)
        {
            reader.Error(map, found.Count == 0 ? $"{keyword} does not say which element" : $"{keyword} names more than one way to find the element",
                "use one of: label, role (with name), text, css, placeholder, test_id, selector");
            return null;
        }

        var (key, kind) = found[0];
        var valueNode = YamlReader.Child(map, key)!;
        if (valueNode is not YamlScalarNode value || reader.String(value, key) is null)
        {
            if (valueNode is not YamlScalarNode)
            {
                reader.Error(valueNode, $"'{key}' must be a text value", null);
            }

            return null;
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
            reader.Error(value, $"selector name '{value.Value}' is not valid", NameHint);
        }

        var name = kind == LocatorKind.Role && nameNode is YamlScalarNode n && reader.String(n, "name") is not null ? Template(n) : null;
        var exact = reader.Bool(YamlReader.Child(map, "exact"), "exact") ?? false;
        return new LocatorSpec(kind, Template(value), name) { Exact = exact };
    }

    private T? WithValue<T>(YamlNode args, string keyword, string valueKey, IReadOnlyCollection<string> extra, Func<LocatorSpec, Template, T> make)
        where T : Step
    {
        if (reader.Mapping(args, keyword) is not { } map)
        {
            return null;
        }

        var locator = Locator(map, keyword, [valueKey, .. extra]);
        var valueNode = reader.Required(map, valueKey, keyword, $"add the text to use, e.g. {valueKey}: \"{{persona.name}}\"");
        if (valueNode is not YamlScalarNode value || reader.String(value, valueKey) is null)
        {
            if (valueNode is not null and not YamlScalarNode)
            {
                reader.Error(valueNode, $"{valueKey} must be a text value", null);
            }

            return null;
        }

        return locator is null ? null : make(locator, Template(value));
    }

    private TypeStep? ReadType(YamlNode args, SourcePlace place)
    {
        var step = WithValue(args, "type", "value", ["delay"], (l, v) => new TypeStep(l, v) { Place = place });
        var delay = args is YamlMappingNode map ? reader.Duration(YamlReader.Child(map, "delay"), "delay") : null;
        return step is null ? null : delay is null ? step : step with { Delay = delay.Value };
    }

    private PressStep? ReadPress(YamlNode args, SourcePlace place)
    {
        if (args is YamlScalarNode)
        {
            return reader.String(args, "press") is { } key ? new PressStep(key, null) { Place = place } : null;
        }

        if (reader.Mapping(args, "press") is not { } map)
        {
            return null;
        }

        var hasLocator = LocatorKinds.Any(k => YamlReader.Child(map, k.Key) is not null);
        var locator = hasLocator ? Locator(map, "press", ["key"]) : null;
        if (!hasLocator)
        {
            reader.CheckKeys(map, "press", ["key", .. LocatorKeys, .. Modifiers]);
        }

        var key2 = reader.String(reader.Required(map, "key", "press", "e.g. press: { key: Enter }"), "key");
        return key2 is null || (hasLocator && locator is null) ? null : new PressStep(key2, locator) { Place = place };
    }

    private WaitStep? ReadWait(YamlNode args, SourcePlace place)
    {
        var node = args;
        if (args is YamlMappingNode map)
        {
            reader.CheckKeys(map, "wait", ["for", .. Modifiers]);
            node = reader.Required(map, "for", "wait", "e.g. wait: 2s") ?? map;
        }

        return reader.Duration(node, "wait") is { } d ? new WaitStep(d) { Place = place } : null;
    }

    private ExpectUrlStep? ReadExpectUrl(YamlNode args, SourcePlace place)
    {
        if (args is YamlScalarNode scalar)
        {
            return reader.String(scalar, "expect_url") is null ? null : new ExpectUrlStep(Template(scalar), null) { Place = place };
        }

        if (reader.Mapping(args, "expect_url") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, "expect_url", ["contains", "regex", .. Modifiers]);
        var contains = YamlReader.Child(map, "contains") as YamlScalarNode;
        var regexNode = YamlReader.Child(map, "regex");
        if ((contains is null) == (regexNode is null))
        {
            reader.Error(map, "expect_url needs either 'contains' or 'regex'", "e.g. expect_url: { contains: \"/thank-you\" }");
            return null;
        }

        var pattern = Regex(regexNode, "regex");
        return contains is not null ? new ExpectUrlStep(Template(contains), null) { Place = place }
            : pattern is not null ? new ExpectUrlStep(null, pattern) { Place = place }
            : null;
    }

    private string? Regex(YamlNode? node, string what)
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

    private ExtractStep? ReadExtract(YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "extract") is not { } map)
        {
            return null;
        }

        var locator = Locator(map, "extract", ["as", "pattern"]);
        var asNode = reader.Required(map, "as", "extract", "name the value, e.g. as: ticket_number");
        var name = asNode is null ? null : NameArg(asNode, "as", "variable name");
        var patternNode = YamlReader.Child(map, "pattern");
        var pattern = Regex(patternNode, "pattern");
        return locator is null || name is null || (patternNode is not null && pattern is null) ? null : new ExtractStep(locator, name) { Place = place, Pattern = pattern };
    }

    private FrameStep? ReadFrame(YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "frame") is not { } map)
        {
            return null;
        }

        var locator = Locator(map, "frame", ["steps"]);
        var stepsNode = reader.Required(map, "steps", "frame", "list the steps to run inside the frame under 'steps:'");
        var steps = stepsNode is null ? [] : ReadList(stepsNode, "frame steps");
        foreach (var inner in steps.Where(s => s is FrameStep or SendEmailStep or ExpectEmailStep or ClickEmailLinkStep or CollectEmailsStep or GotoStep))
        {
            reader.Error(inner.Place, $"'{inner.Keyword}' cannot run inside a frame", "put it before or after the frame step");
        }

        return locator is null ? null : new FrameStep(locator, steps) { Place = place };
    }

    private DismissCookiesStep? ReadDismissCookies(YamlNode args, SourcePlace place)
    {
        var choice = args is YamlMappingNode map
            ? CheckedChoice(map)
            : args is YamlScalarNode { Value: null or "" or "~" } ? "accept" : reader.String(args, "dismiss_cookies");
        switch (choice)
        {
            case "accept":
                return new DismissCookiesStep(true) { Place = place };
            case "reject":
                return new DismissCookiesStep(false) { Place = place };
            case null:
                return null;
            default:
                reader.Error(args, $"dismiss_cookies '{choice}' is not known", "write 'accept' or 'reject'");
                return null;
        }

        string? CheckedChoice(YamlMappingNode m)
        {
            reader.CheckKeys(m, "dismiss_cookies", ["choice", .. Modifiers]);
            return reader.String(YamlReader.Child(m, "choice"), "choice") ?? "accept";
        }
    }

    private SendEmailStep? ReadSendEmail(YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "send_email") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, "send_email", ["to", "subject", "body", "html", "as", .. Modifiers]);
        var to = reader.Required(map, "to", "send_email", "e.g. to: support (the target's support address) or an address") as YamlScalarNode;
        var subject = reader.Required(map, "subject", "send_email") as YamlScalarNode;
        var body = reader.Required(map, "body", "send_email", "e.g. body: \"{question.text}\"") as YamlScalarNode;
        var html = YamlReader.Child(map, "html") as YamlScalarNode;
        var asNode = YamlReader.Child(map, "as");
        var name = asNode is null ? null : NameArg(asNode, "as", "email name");
        if (to is null || subject is null || body is null || (asNode is not null && name is null))
        {
            return null;
        }

        return new SendEmailStep(Template(to), Template(subject), Template(body)) { Place = place, As = name, Html = html is null ? null : Template(html) };
    }

    private ExpectEmailStep? ReadExpectEmail(YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "expect_email") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, "expect_email", ["as", "within", "kind", "subject", "from", "body", .. Modifiers]);
        var asNode = reader.Required(map, "as", "expect_email", "name the email for later steps and measures, e.g. as: welcome");
        var name = asNode is null ? null : NameArg(asNode, "as", "email name");
        var within = reader.Duration(reader.Required(map, "within", "expect_email", "say how long to wait, e.g. within: 10m"), "within");
        var kindNode = YamlReader.Child(map, "kind");
        var kindText = reader.String(kindNode, "kind");
        EmailKind? kind = kindText switch
        {
            null or "any" => EmailKind.Any,
            "auto" => EmailKind.Auto,
            "human" => EmailKind.Human,
            _ => null,
        };
        if (kind is null)
        {
            reader.Error(kindNode!, $"kind '{kindText}' is not known", "write any, auto (an automatic reply) or human (a person's reply)");
        }

        if (name is null || within is null || kind is null)
        {
            return null;
        }

        return new ExpectEmailStep(name, within.Value)
        {
            Place = place,
            Kind = kind.Value,
            Subject = reader.String(YamlReader.Child(map, "subject"), "subject"),
            From = reader.String(YamlReader.Child(map, "from"), "from"),
            Body = reader.String(YamlReader.Child(map, "body"), "body"),
        };
    }

    private ClickEmailLinkStep? ReadClickEmailLink(YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "click_email_link") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, "click_email_link", ["email", "text", "url", "pattern", .. Modifiers]);
        var email = reader.String(reader.Required(map, "email", "click_email_link", "name the email the link is in, e.g. email: confirmation"), "email");
        var text = reader.String(YamlReader.Child(map, "text"), "text");
        var url = reader.String(YamlReader.Child(map, "url"), "url");
        var patternNode = YamlReader.Child(map, "pattern");
        var pattern = Regex(patternNode, "pattern");
        return email is null || (patternNode is not null && pattern is null) ? null : new ClickEmailLinkStep(email) { Place = place, Text = text, Url = url, Pattern = pattern };
    }

    private CollectEmailsStep? ReadCollectEmails(YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "collect_emails") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, "collect_emails", ["for", "as", .. Modifiers]);
        var window = reader.Duration(reader.Required(map, "for", "collect_emails", "say how long to collect, e.g. for: 7d"), "for");
        var asNode = YamlReader.Child(map, "as");
        var name = asNode is null ? "collected" : NameArg(asNode, "as", "collection name");
        return window is null || name is null ? null : new CollectEmailsStep(window.Value, name) { Place = place };
    }
}
