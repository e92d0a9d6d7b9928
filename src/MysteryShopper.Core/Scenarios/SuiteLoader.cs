using System.Text.RegularExpressions;
using MysteryShopper.Judging;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>The outcome of loading: a suite when there were no errors, and every error found.</summary>
public sealed record LoadResult(Suite? Suite, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Suite is not null && Diagnostics.Count == 0;
}

/// <summary>
/// Loads scenario, target and persona files into a <see cref="Suite"/>, collecting every error with its place.
/// <c>targets.yaml</c> and <c>personas.yaml</c> hold targets and personas; every other YAML file is a scenario.
/// </summary>
public static partial class SuiteLoader
{
    public const string TargetsFile = "targets.yaml";
    public const string PersonasFile = "personas.yaml";

    private static readonly string[] ScenarioKeys = ["name", "description", "targets", "persona", "journey", "measure", "expect"];
    private static readonly string[] TargetKeys = ["name", "role", "url", "domains"];
    private static readonly string[] PersonaKeys = ["name", "first_name", "last_name", "company", "phone"];
    private static readonly string[] StepKeywords = ["goto", "fill", "check", "click", "mark", "expect_text", "expect_email", "click_email_link"];
    private static readonly string[] StepModifiers = ["optional", "timeout"];
    private static readonly string[] LocatorKeys = ["label", "role", "name", "text", "css", "placeholder", "test_id"];

    /// <summary>Built-in metrics every probe has, besides the scenario's own measures.</summary>
    public static readonly IReadOnlyList<string> BuiltInMetrics = ["emails_received", "email_links_clicked"];

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    /// <summary>Expands folders into their YAML files (sorted) and reads everything.</summary>
    public static async Task<IReadOnlyList<SourceFile>> ReadFilesAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var files = new List<SourceFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var inFolder = Directory.EnumerateFiles(path, "*.yaml").Concat(Directory.EnumerateFiles(path, "*.yml")).Order(StringComparer.Ordinal);
                foreach (var file in inFolder)
                {
                    files.Add(await SourceFile.ReadAsync(file, cancellationToken));
                }
            }
            else if (File.Exists(path))
            {
                files.Add(await SourceFile.ReadAsync(path, cancellationToken));
            }
            else
            {
                throw new FileNotFoundException($"no such file or folder: {path}", path);
            }
        }

        return files;
    }

    public static LoadResult Load(IEnumerable<SourceFile> files)
    {
        var diagnostics = new List<Diagnostic>();
        var targets = new Dictionary<string, TargetDefinition>(StringComparer.Ordinal);
        var personas = new Dictionary<string, PersonaDefinition>(StringComparer.Ordinal);
        var scenarios = new List<ScenarioDefinition>();

        // Targets and personas first, so scenarios are checked against them whatever order the files come in.
        foreach (var file in files.OrderBy(f => KindOf(f.Path) == FileKind.Scenario))
        {
            var (reader, root) = YamlReader.Parse(file, diagnostics);
            if (root is null)
            {
                continue;
            }

            switch (KindOf(file.Path))
            {
                case FileKind.Targets:
                    ReadTargets(reader, root, targets);
                    break;
                case FileKind.Personas:
                    ReadPersonas(reader, root, personas);
                    break;
                default:
                    if (ReadScenario(reader, root, diagnostics, targets, personas) is { } scenario)
                    {
                        scenarios.Add(scenario);
                    }

                    break;
            }
        }

        CheckUniqueNames(scenarios, diagnostics);
        if (scenarios.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(new Diagnostic("(input)", 1, 1, "no scenario files were given", "name scenario files or a folder that holds them"));
        }

        var suite = diagnostics.Count == 0 ? new Suite { Scenarios = scenarios, Targets = targets, Personas = personas } : null;
        return new LoadResult(suite, diagnostics);
    }

    private enum FileKind
    {
        Targets,
        Personas,
        Scenario,
    }

    private static FileKind KindOf(string path) => System.IO.Path.GetFileName(path).ToLowerInvariant() switch
    {
        TargetsFile or "targets.yml" => FileKind.Targets,
        PersonasFile or "personas.yml" => FileKind.Personas,
        _ => FileKind.Scenario,
    };

    private static void CheckUniqueNames(List<ScenarioDefinition> scenarios, List<Diagnostic> diagnostics)
    {
        var names = new Dictionary<string, ScenarioDefinition>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            if (!names.TryAdd(scenario.Name, scenario))
            {
                diagnostics.Add(new Diagnostic(scenario.File, 1, 1, $"scenario name '{scenario.Name}' is used twice", $"the other one is in {names[scenario.Name].File}; names must be unique"));
            }
        }
    }

    private static void CheckReferences(
        YamlReader reader,
        IReadOnlyList<NameRef> targetRefs,
        NameRef persona,
        Dictionary<string, TargetDefinition> targets,
        Dictionary<string, PersonaDefinition> personas)
    {
        foreach (var target in targetRefs.Where(t => !targets.ContainsKey(t.Name)))
        {
            reader.Error(target.Place, $"unknown target '{target.Name}'",
                targets.Count == 0 ? $"define it in a {TargetsFile} passed along with the scenario" : Suggest.DidYouMean(target.Name, targets.Keys));
        }

        if (!personas.ContainsKey(persona.Name))
        {
            reader.Error(persona.Place, $"unknown persona '{persona.Name}'",
                personas.Count == 0 ? $"define it in a {PersonasFile} passed along with the scenario" : Suggest.DidYouMean(persona.Name, personas.Keys));
        }
    }

    private static void ReadTargets(YamlReader reader, YamlNode root, Dictionary<string, TargetDefinition> targets)
    {
        if (reader.Mapping(root, "a targets file") is not { } top)
        {
            return;
        }

        reader.CheckKeys(top, "a targets file", ["targets"]);
        if (reader.Required(top, "targets", "the targets file") is not { } node || reader.Mapping(node, "'targets'") is not { } all)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in all.Children)
        {
            if (ReadId(reader, keyNode, "target") is not { } id || reader.Mapping(valueNode, $"target '{id}'") is not { } map)
            {
                continue;
            }

            reader.CheckKeys(map, $"target '{id}'", TargetKeys);
            var name = reader.String(YamlReader.Child(map, "name"), "name") ?? id;
            var roleText = reader.String(reader.Required(map, "role", $"target '{id}'", "add 'role: own' or 'role: competitor'"), "role");
            TargetRole? role = roleText switch
            {
                "own" => TargetRole.Own,
                "competitor" => TargetRole.Competitor,
                null => null,
                _ => null,
            };
            if (roleText is not null && role is null)
            {
                reader.Error(YamlReader.Child(map, "role")!, $"role '{roleText}' is not known", "expected 'own' or 'competitor'");
            }

            var urlNode = reader.Required(map, "url", $"target '{id}'", "add the site's base URL, e.g. url: https://www.example.com");
            var url = reader.String(urlNode, "url");
            if (url is not null && !url.StartsWith(TargetDefinition.DemoScheme, StringComparison.OrdinalIgnoreCase)
                && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                reader.Error(urlNode!, $"url '{url}' is not an absolute http(s) URL", "e.g. https://www.example.com, or demo://brightwave for a built-in demo company");
                url = null;
            }

            var domains = reader.Scalars(YamlReader.Child(map, "domains"), "domains").Select(d => d.Value ?? "").Where(d => d.Length > 0).ToList();
            if (role is null || url is null)
            {
                continue;
            }

            if (targets.TryGetValue(id, out var first))
            {
                reader.Error(keyNode, $"target '{id}' is defined twice", $"the first is at {first.Place}");
                continue;
            }

            targets[id] = new TargetDefinition { Id = id, Name = name, Role = role.Value, Url = url.TrimEnd('/'), Domains = domains, Place = reader.Place(keyNode) };
        }
    }

    private static void ReadPersonas(YamlReader reader, YamlNode root, Dictionary<string, PersonaDefinition> personas)
    {
        if (reader.Mapping(root, "a personas file") is not { } top)
        {
            return;
        }

        reader.CheckKeys(top, "a personas file", ["personas"]);
        if (reader.Required(top, "personas", "the personas file") is not { } node || reader.Mapping(node, "'personas'") is not { } all)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in all.Children)
        {
            if (ReadId(reader, keyNode, "persona") is not { } id || reader.Mapping(valueNode, $"persona '{id}'") is not { } map)
            {
                continue;
            }

            reader.CheckKeys(map, $"persona '{id}'", PersonaKeys);
            var name = reader.String(reader.Required(map, "name", $"persona '{id}'", "add the shopper's full name, e.g. name: Alex Morgan"), "name");
            if (name is null)
            {
                continue;
            }

            var words = name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (personas.TryGetValue(id, out var first))
            {
                reader.Error(keyNode, $"persona '{id}' is defined twice", $"the first is at {first.Place}");
                continue;
            }

            personas[id] = new PersonaDefinition
            {
                Id = id,
                Name = name,
                FirstName = reader.String(YamlReader.Child(map, "first_name"), "first_name") ?? words[0],
                LastName = reader.String(YamlReader.Child(map, "last_name"), "last_name") ?? (words.Length > 1 ? words[1] : ""),
                Company = reader.String(YamlReader.Child(map, "company"), "company") ?? "",
                Phone = reader.String(YamlReader.Child(map, "phone"), "phone") ?? "",
                Place = reader.Place(keyNode),
            };
        }
    }

    private static string? ReadId(YamlReader reader, YamlNode node, string what)
    {
        var id = reader.String(node, $"a {what} id");
        if (id is not null && !Identifier().IsMatch(id))
        {
            reader.Error(node, $"{what} id '{id}' is not valid", "use lower-case letters, digits, '-' and '_', starting with a letter");
            return null;
        }

        return id;
    }

    private static ScenarioDefinition? ReadScenario(
        YamlReader reader, YamlNode root, List<Diagnostic> diagnostics, Dictionary<string, TargetDefinition> knownTargets, Dictionary<string, PersonaDefinition> knownPersonas)
    {
        if (reader.Mapping(root, "a scenario file") is not { } map)
        {
            return null;
        }

        var before = diagnostics.Count;
        reader.CheckKeys(map, "a scenario", ScenarioKeys);
        var name = ReadId(reader, reader.Required(map, "name", "the scenario", "add a name, e.g. name: newsletter-signup") ?? map, "scenario");
        var description = reader.String(YamlReader.Child(map, "description"), "description") ?? "";

        var targetsNode = reader.Required(map, "targets", "the scenario", "list the target ids to probe, e.g. targets: [own, rival-a]");
        var targets = reader.Scalars(targetsNode, "targets").Select(t => new NameRef(t.Value ?? "", reader.Place(t))).ToList();
        if (targetsNode is not null && targets.Count == 0)
        {
            reader.Error(targetsNode, "targets is empty", "list at least one target id");
        }

        var personaNode = YamlReader.Child(map, "persona");
        var persona = personaNode is null
            ? new NameRef("default", reader.Place(map))
            : new NameRef(reader.String(personaNode, "persona") ?? "default", reader.Place(personaNode));

        CheckReferences(reader, targets, persona, knownTargets, knownPersonas);
        var journeyNode = reader.Required(map, "journey", "the scenario", "add the steps, e.g. journey: [ { goto: \"{target.url}\" } ]");
        var journey = journeyNode is null ? [] : ReadJourney(reader, journeyNode);
        var moments = JourneyMoments(reader, journey);
        var measures = ReadMeasures(reader, YamlReader.Child(map, "measure"), moments);
        var expectations = ReadExpectations(reader, YamlReader.Child(map, "expect"), measures);

        if (diagnostics.Count > before || name is null)
        {
            return null;
        }

        return new ScenarioDefinition
        {
            Name = name,
            Description = description,
            File = reader.File,
            Targets = targets,
            Persona = persona,
            Journey = journey,
            Measures = measures,
            Expectations = expectations,
        };
    }

    private static List<Step> ReadJourney(YamlReader reader, YamlNode node)
    {
        var steps = new List<Step>();
        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, "journey must be a list of steps", "start each step with '- ', e.g. '- goto: \"{target.url}\"'");
            return steps;
        }

        foreach (var item in sequence)
        {
            if (ReadStep(reader, item) is { } step)
            {
                steps.Add(step);
            }
        }

        if (sequence.Children.Count == 0)
        {
            reader.Error(node, "journey has no steps", "add at least one step");
        }

        return steps;
    }

    private static Step? ReadStep(YamlReader reader, YamlNode item)
    {
        if (item is not YamlMappingNode map)
        {
            reader.Error(item, "a step must be a mapping with one step keyword", $"e.g. '- goto: \"{{target.url}}\"'; steps: {string.Join(", ", StepKeywords)}");
            return null;
        }

        var keywords = map.Children.Keys.OfType<YamlScalarNode>().Where(k => !StepModifiers.Contains(k.Value)).ToList();
        if (keywords.Count != 1)
        {
            reader.Error(map, keywords.Count == 0 ? "the step has no step keyword" : $"the step has {keywords.Count} step keywords ({string.Join(", ", keywords.Select(k => k.Value))})",
                $"write one step per list item; steps: {string.Join(", ", StepKeywords)}");
            return null;
        }

        var keywordNode = keywords[0];
        var keyword = keywordNode.Value ?? "";
        if (!StepKeywords.Contains(keyword))
        {
            reader.Error(keywordNode, $"unknown step '{keyword}'", Suggest.DidYouMean(keyword, StepKeywords));
            return null;
        }

        var place = reader.Place(keywordNode);
        var args = map.Children[keywordNode];
        var argMap = args as YamlMappingNode;

        // optional/timeout may stand beside the keyword or inside its mapping.
        var optional = reader.Bool(YamlReader.Child(map, "optional") ?? (argMap is null ? null : YamlReader.Child(argMap, "optional")), "optional") ?? false;
        var timeout = reader.Duration(YamlReader.Child(map, "timeout") ?? (argMap is null ? null : YamlReader.Child(argMap, "timeout")), "timeout");

        Step? step = keyword switch
        {
            "goto" => ReadScalarOr(reader, args, "goto", "url") is { } url ? new GotoStep(Parse(reader, url)) { Place = place } : null,
            "fill" => ReadFill(reader, args, place),
            "check" => ReadLocator(reader, args, "check", []) is { } l ? new CheckStep(l) { Place = place } : null,
            "click" => ReadLocator(reader, args, "click", []) is { } l ? new ClickStep(l) { Place = place } : null,
            "mark" => ReadMark(reader, args, place),
            "expect_text" => ReadScalarOr(reader, args, "expect_text", "text") is { } text ? new ExpectTextStep(Parse(reader, text)) { Place = place } : null,
            "expect_email" => ReadExpectEmail(reader, args, place),
            _ => ReadClickEmailLink(reader, args, place),
        };

        return step is null ? null : step with { Optional = optional, Timeout = timeout };
    }

    private static Template Parse(YamlReader reader, YamlScalarNode node)
    {
        var list = new List<Diagnostic>();
        var template = Template.Parse(node.Value ?? "", reader.Place(node), list);
        foreach (var d in list)
        {
            reader.Error(node, d.Message, d.Hint);
        }

        return template;
    }

    /// <summary>A step argument written as a scalar, or as a mapping with <paramref name="key"/>.</summary>
    private static YamlScalarNode? ReadScalarOr(YamlReader reader, YamlNode args, string keyword, string key)
    {
        if (args is YamlMappingNode map)
        {
            reader.CheckKeys(map, keyword, [key, .. StepModifiers]);
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

    private static LocatorSpec? ReadLocator(YamlReader reader, YamlNode args, string keyword, string[] extraKeys)
    {
        if (args is YamlScalarNode scalar)
        {
            // A bare value is the element's visible text: `click: Subscribe`.
            return reader.String(scalar, keyword) is null ? null : new LocatorSpec(LocatorKind.Text, Parse(reader, scalar));
        }

        if (reader.Mapping(args, keyword) is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, keyword, [.. LocatorKeys, .. extraKeys, .. StepModifiers]);
        var kinds = new (string Key, LocatorKind Kind)[]
        {
            ("label", LocatorKind.Label), ("role", LocatorKind.Role), ("text", LocatorKind.Text),
            ("css", LocatorKind.Css), ("placeholder", LocatorKind.Placeholder), ("test_id", LocatorKind.TestId),
        };
        var found = kinds.Where(k => YamlReader.Child(map, k.Key) is not null).ToList();
        if (found.Count != 1)
        {
            reader.Error(map, found.Count == 0 ? $"{keyword} does not say which element" : $"{keyword} names more than one way to find the element",
                "use one of: label, role (with name), text, css, placeholder, test_id");
            return null;
        }

        var (key, kind) = found[0];
        var valueNode = YamlReader.Child(map, key)!;
        if (reader.String(valueNode, key) is null)
        {
            return null;
        }

        var nameNode = YamlReader.Child(map, "name");
        if (nameNode is not null && kind != LocatorKind.Role)
        {
            reader.Error(nameNode, "'name' only goes with 'role'", "e.g. { role: button, name: \"Send\" }");
        }

        var name = kind == LocatorKind.Role && nameNode is YamlScalarNode n && reader.String(n, "name") is not null ? Parse(reader, n) : null;
        return new LocatorSpec(kind, Parse(reader, (YamlScalarNode)valueNode), name);
    }

    private static FillStep? ReadFill(YamlReader reader, YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "fill") is not { } map)
        {
            return null;
        }

        var locator = ReadLocator(reader, map, "fill", ["value"]);
        var valueNode = reader.Required(map, "value", "fill", "add the text to enter, e.g. value: \"{persona.name}\"");
        if (valueNode is not YamlScalarNode value || reader.String(value, "value") is null)
        {
            if (valueNode is not null and not YamlScalarNode)
            {
                reader.Error(valueNode, "value must be a text value", null);
            }

            return null;
        }

        return locator is null ? null : new FillStep(locator, Parse(reader, value)) { Place = place };
    }

    private static MarkStep? ReadMark(YamlReader reader, YamlNode args, SourcePlace place)
    {
        var name = reader.String(args, "mark");
        if (name is null)
        {
            return null;
        }

        if (!Identifier().IsMatch(name) || name.Contains('-', StringComparison.Ordinal))
        {
            reader.Error(args, $"mark name '{name}' is not valid", "use lower-case letters, digits and '_', starting with a letter");
            return null;
        }

        return new MarkStep(name) { Place = place };
    }

    private static ExpectEmailStep? ReadExpectEmail(YamlReader reader, YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "expect_email") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, "expect_email", ["as", "within", "subject", "from", .. StepModifiers]);
        var asNode = reader.Required(map, "as", "expect_email", "name the email for later steps and measures, e.g. as: welcome");
        var name = reader.String(asNode, "as");
        if (name is not null && (!Identifier().IsMatch(name) || name.Contains('-', StringComparison.Ordinal)))
        {
            reader.Error(asNode!, $"email name '{name}' is not valid", "use lower-case letters, digits and '_', starting with a letter");
            name = null;
        }

        var within = reader.Duration(reader.Required(map, "within", "expect_email", "say how long to wait, e.g. within: 10m"), "within");
        if (name is null || within is null)
        {
            return null;
        }

        return new ExpectEmailStep(name, within.Value)
        {
            Place = place,
            Subject = reader.String(YamlReader.Child(map, "subject"), "subject"),
            From = reader.String(YamlReader.Child(map, "from"), "from"),
        };
    }

    private static ClickEmailLinkStep? ReadClickEmailLink(YamlReader reader, YamlNode args, SourcePlace place)
    {
        if (reader.Mapping(args, "click_email_link") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, "click_email_link", ["email", "text", "url", .. StepModifiers]);
        var email = reader.String(reader.Required(map, "email", "click_email_link", "name the email the link is in, e.g. email: confirmation"), "email");
        var text = reader.String(YamlReader.Child(map, "text"), "text");
        var url = reader.String(YamlReader.Child(map, "url"), "url");
        return email is null ? null : new ClickEmailLinkStep(email) { Place = place, Text = text, Url = url };
    }

    /// <summary>The marks and email names the journey defines, checking each is defined once and used after it is defined.</summary>
    private static Dictionary<string, Step> JourneyMoments(YamlReader reader, List<Step> journey)
    {
        var defined = new Dictionary<string, Step>(StringComparer.Ordinal);
        foreach (var step in journey)
        {
            var name = step switch
            {
                MarkStep m => m.Name,
                ExpectEmailStep e => e.As,
                _ => null,
            };
            if (name is not null && !defined.TryAdd(name, step))
            {
                reader.Error(step.Place, $"'{name}' is already defined by the step at line {defined[name].Place.Line}", "give each mark and each expected email its own name");
            }

            if (step is ClickEmailLinkStep click && !(defined.TryGetValue(click.Email, out var source) && source is ExpectEmailStep))
            {
                var emails = defined.Where(d => d.Value is ExpectEmailStep).Select(d => d.Key).ToList();
                var hint = emails.Count == 0 ? "add an expect_email step with 'as: NAME' before it" : Suggest.DidYouMean(click.Email, emails);
                reader.Error(step.Place, $"click_email_link refers to email '{click.Email}', which no earlier expect_email names", hint);
            }
        }

        return defined;
    }

    private static List<MeasureDefinition> ReadMeasures(YamlReader reader, YamlNode? node, Dictionary<string, Step> moments)
    {
        var measures = new List<MeasureDefinition>();
        if (node is null || reader.Mapping(node, "measure") is not { } map)
        {
            return measures;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = reader.String(keyNode, "a measure name");
            var text = reader.String(valueNode, "a measure");
            if (name is null || text is null)
            {
                continue;
            }

            if (MeasureExpression.TryParse(text) is not { } expression)
            {
                reader.Error(valueNode, $"measure '{name}' is not of the form 'later - earlier': {text}", MeasureExpression.Hint);
                continue;
            }

            var valid = true;
            foreach (var moment in new[] { expression.End, expression.Start })
            {
                valid &= CheckMoment(reader, valueNode, moment, moments);
            }

            if (valid)
            {
                measures.Add(new MeasureDefinition(name, expression, reader.Place(keyNode)));
            }
        }

        return measures;
    }

    private static bool CheckMoment(YamlReader reader, YamlNode where, Moment moment, Dictionary<string, Step> moments)
    {
        if (moment is { Name: "probe", Property: "started" })
        {
            return true;
        }

        if (!moments.TryGetValue(moment.Name, out var step))
        {
            var hint = moments.Count == 0 ? "define it with a 'mark' or an 'expect_email ... as:' step" : Suggest.DidYouMean(moment.Name, moments.Keys.Append("probe.started"));
            reader.Error(where, $"'{moment.Name}' is not a mark or an expected email of this journey", hint);
            return false;
        }

        var expected = step is ExpectEmailStep ? "received" : null;
        if (moment.Property != expected)
        {
            var hint = expected is null ? $"a mark is a moment itself: write '{moment.Name}'" : $"write '{moment.Name}.received' for the moment the email arrived";
            reader.Error(where, $"'{moment}' is not a moment", hint);
            return false;
        }

        return true;
    }

    private static List<ExpectationDefinition> ReadExpectations(YamlReader reader, YamlNode? node, List<MeasureDefinition> measures)
    {
        var expectations = new List<ExpectationDefinition>();
        if (node is null || reader.Mapping(node, "expect") is not { } map)
        {
            return expectations;
        }

        var metrics = measures.Select(m => m.Name).Concat(BuiltInMetrics).ToList();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var metric = reader.String(keyNode, "a metric name");
            var text = reader.String(valueNode, "a threshold");
            if (metric is null || text is null)
            {
                continue;
            }

            if (!metrics.Contains(metric))
            {
                reader.Error(keyNode, $"'{metric}' is not a measure of this scenario nor a built-in metric", Suggest.DidYouMean(metric, metrics));
                continue;
            }

            if (Threshold.TryParse(text) is not { } threshold)
            {
                reader.Error(valueNode, $"'{text}' is not a threshold", Threshold.Hint);
                continue;
            }

            expectations.Add(new ExpectationDefinition(metric, threshold, reader.Place(keyNode)));
        }

        return expectations;
    }
}
