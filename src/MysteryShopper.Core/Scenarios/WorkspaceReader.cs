using System.Globalization;
using System.Text.RegularExpressions;
using MysteryShopper.Judging;
using MysteryShopper.Planning;
using MysteryShopper.Reporting;
using MysteryShopper.Settings;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads the shared files of a workspace (config, targets, personas, questions) and answers scenarios' look-ups.</summary>
public sealed partial class WorkspaceReader
{
    public static readonly IReadOnlyList<string> TargetKeys =
        ["name", "role", "url", "domains", "emails", "timezone", "business_hours", "limits", "tags", "selectors", "overrides"];

    public static readonly IReadOnlyList<string> PersonaKeys = ["name", "first_name", "last_name", "company", "phone", "locale", "timezone", "device"];
    public static readonly IReadOnlyList<string> QuestionKeys = ["text", "must_cover", "tags"];
    public static readonly IReadOnlyList<string> ConfigKeys = ["addresses", "mailbox", "sender", "browser", "run", "reports", "store"];
    public static readonly IReadOnlyList<string> MailServerKeys = ["host", "port", "security", "user", "password"];

    /// <summary>Devices a persona can emulate (Playwright's device names), besides <c>desktop</c>.</summary>
    public static readonly IReadOnlyList<string> Devices =
        ["desktop", "iPhone 13", "iPhone 14", "iPhone SE", "iPad Mini", "iPad Pro 11", "Pixel 5", "Pixel 7", "Galaxy S9+"];

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    public Dictionary<string, TargetDefinition> Targets { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, PersonaDefinition> Personas { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, QuestionDefinition> Questions { get; } = new(StringComparer.Ordinal);
    public WorkspaceConfig Config { get; private set; } = new();

    // Ids whose definitions have errors (already reported), so a scenario using them gets no second, misleading
    // "unknown" error; AnyId when a whole file could not be read.
    private const string AnyId = "*";
    private readonly HashSet<string> _brokenTargets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _brokenPersonas = new(StringComparer.Ordinal);
    private readonly HashSet<string> _brokenQuestions = new(StringComparer.Ordinal);

    private static bool IsBroken(HashSet<string> broken, string id) => broken.Contains(id) || broken.Contains(AnyId);

    public static string? ReadId(YamlReader reader, YamlNode node, string what)
    {
        var id = reader.String(node, $"a {what} id");
        if (id is not null && !Identifier().IsMatch(id))
        {
            reader.Error(node, $"{what} id '{id}' is not valid", "use lower-case letters, digits, '-' and '_', starting with a letter");
            return null;
        }

        return id;
    }

    public void CheckReferences(YamlReader reader, IReadOnlyList<NameRef> targets, NameRef persona)
    {
        foreach (var target in targets.Where(t => !Targets.ContainsKey(t.Name) && !IsBroken(_brokenTargets, t.Name)))
        {
            reader.Error(target.Place, $"unknown target '{target.Name}'",
                Targets.Count == 0 ? $"define it in a {SuiteLoader.TargetsFile} passed along with the scenario" : Suggest.DidYouMean(target.Name, Targets.Keys));
        }

        if (!Personas.ContainsKey(persona.Name) && !IsBroken(_brokenPersonas, persona.Name))
        {
            reader.Error(persona.Place, $"unknown persona '{persona.Name}'",
                Personas.Count == 0 ? $"define it in a {SuiteLoader.PersonasFile} passed along with the scenario" : Suggest.DidYouMean(persona.Name, Personas.Keys));
        }
    }

    public QuestionDefinition? Question(YamlReader reader, string id, SourcePlace place)
    {
        if (Questions.TryGetValue(id, out var question))
        {
            return question;
        }

        if (IsBroken(_brokenQuestions, id))
        {
            return null;
        }

        reader.Error(place, $"unknown question '{id}'",
            Questions.Count == 0 ? $"define it in a {SuiteLoader.QuestionsFile}, or write it inline: - text: \"...\"" : Suggest.DidYouMean(id, Questions.Keys));
        return null;
    }

    /// <summary>A <c>selectors:</c> mapping of names to locators.</summary>
    public static Dictionary<string, LocatorSpec> ReadSelectors(YamlReader reader, StepReader steps, YamlNode? node)
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

            if (steps.Locator(valueNode, $"selector '{name}'", []) is { } locator)
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

    public void ReadConfig(YamlReader reader, YamlNode root)
    {
        if (reader.Mapping(root, "mshop.yaml") is not { } map)
        {
            return;
        }

        reader.CheckKeys(map, "mshop.yaml", ConfigKeys);
        var addressesNode = YamlReader.Child(map, "addresses");
        var addressesText = reader.String(addressesNode, "addresses");
        AddressPattern? addresses = null;
        if (addressesText is not null && !AddressPattern.TryParse(addressesText, out addresses, out var addressesProblem))
        {
            reader.Error(addressesNode!, $"addresses {addressesProblem.Message}", addressesProblem.Hint);
        }

        var mailbox = Section(reader, map, "mailbox", ["maildir", "imap"]);
        var sender = Section(reader, map, "sender", ["pickup", "smtp"]);
        var imap = mailbox is null ? null : ReadMailServer(reader, YamlReader.Child(mailbox, "imap"), "imap", 993);
        var smtp = sender is null ? null : ReadMailServer(reader, YamlReader.Child(sender, "smtp"), "smtp", 587);
        var browser = Section(reader, map, "browser", ["executable", "headless", "connect"]);
        var connectNode = browser is null ? null : YamlReader.Child(browser, "connect");
        var connectText = reader.String(connectNode, "connect");
        BrowserServerUrl? connect = null;
        if (connectText is not null && !BrowserServerUrl.TryParse(connectText, out connect, out var connectProblem))
        {
            reader.Error(connectNode!, $"connect {connectProblem.Message}", connectProblem.Hint);
        }

        var run = Section(reader, map, "run", ["parallel", "step_timeout"]);
        var reports = Section(reader, map, "reports", ["out", "formats"]);
        var parallelNode = run is null ? null : YamlReader.Child(run, "parallel");
        var parallelNumber = reader.Number(parallelNode, "parallel");
        int? parallel = null;
        if (parallelNumber is not null)
        {
            if (Parallelism.Range.TryFrom(parallelNumber.Value, out var whole, out var parallelProblem))
            {
                parallel = whole;
            }
            else
            {
                reader.Error(parallelNode!, $"parallel must be {parallelProblem.Message}", parallelProblem.Hint);
            }
        }

        var formats = new List<ReportFormat>();
        foreach (var formatNode in reports is null ? [] : reader.Scalars(YamlReader.Child(reports, "formats"), "formats"))
        {
            if (ReportFormat.TryParse(formatNode.Value ?? "", out var format, out var formatProblem))
            {
                formats.Add(format);
            }
            else
            {
                reader.Error(formatNode, $"report format {formatProblem.Message}", formatProblem.Hint);
            }
        }

        Config = new WorkspaceConfig
        {
            Addresses = addresses,
            Maildir = mailbox is null ? null : reader.String(YamlReader.Child(mailbox, "maildir"), "maildir"),
            Imap = imap,
            Smtp = smtp,
            Pickup = sender is null ? null : reader.String(YamlReader.Child(sender, "pickup"), "pickup"),
            BrowserExecutable = browser is null ? null : reader.String(YamlReader.Child(browser, "executable"), "executable"),
            BrowserConnect = connect,
            Headless = browser is null || (reader.Bool(YamlReader.Child(browser, "headless"), "headless") ?? true),
            Parallel = parallel,
            StepTimeout = run is null ? null : reader.Duration(YamlReader.Child(run, "step_timeout"), "step_timeout"),
            ReportsFolder = reports is null ? null : reader.String(YamlReader.Child(reports, "out"), "out"),
            Store = reader.String(YamlReader.Child(map, "store"), "store"),
            ReportFormats = formats,
            Folder = Path.GetDirectoryName(Path.GetFullPath(reader.File)),
        };
    }

    /// <summary>An <c>imap:</c> or <c>smtp:</c> server: host, port, security, user and password (write it as <c>${env:NAME}</c>).</summary>
    private static MailServer? ReadMailServer(YamlReader reader, YamlNode? node, string what, int defaultPort)
    {
        if (node is null || reader.Mapping(node, $"'{what}'") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, $"'{what}'", MailServerKeys);
        var host = reader.String(reader.Required(map, "host", $"'{what}'", "e.g. host: mail.example.com"), "host");
        var portNode = YamlReader.Child(map, "port");
        if (!MailServer.Ports.TryFrom(reader.Number(portNode, "port") ?? defaultPort, out var port, out var portProblem))
        {
            reader.Error(portNode!, $"port must be {portProblem.Message}", portProblem.Hint);
            return null;
        }

        var securityNode = YamlReader.Child(map, "security");
        if (!MailServer.TryParseSecurity(reader.String(securityNode, "security") ?? "auto", out var security, out var securityProblem))
        {
            reader.Error(securityNode!, $"security {securityProblem.Message}", securityProblem.Hint);
            return null;
        }

        var user = reader.String(YamlReader.Child(map, "user"), "user");
        var password = reader.String(YamlReader.Child(map, "password"), "password");
        return host is null ? null : new MailServer { Host = host, Port = port, Security = security, User = user, Password = password };
    }

    /// <summary>The report formats <c>reports.formats</c> and <c>--report</c> accept.</summary>
    public static readonly IReadOnlyList<string> ReportFormats = ReportFormat.Names;

    private static YamlMappingNode? Section(YamlReader reader, YamlMappingNode map, string key, IReadOnlyCollection<string> keys)
    {
        if (YamlReader.Child(map, key) is not { } node || reader.Mapping(node, $"'{key}'") is not { } section)
        {
            return null;
        }

        reader.CheckKeys(section, $"'{key}'", keys);
        return section;
    }

    public void ReadTargets(YamlReader reader, YamlNode? root)
    {
        foreach (var (keyNode, map, id) in Entries(reader, root, "targets", "target", _brokenTargets))
        {
            reader.CheckKeys(map, $"target '{id}'", TargetKeys);
            var steps = new StepReader(reader);
            var name = reader.String(YamlReader.Child(map, "name"), "name") ?? id;
            var roleNode = reader.Required(map, "role", $"target '{id}'", "add 'role: own' or 'role: competitor'");
            var roleText = reader.String(roleNode, "role");
            TargetRole? role = roleText switch
            {
                "own" => TargetRole.Own,
                "competitor" => TargetRole.Competitor,
                _ => null,
            };
            if (roleText is not null && role is null)
            {
                reader.Error(roleNode!, $"role '{roleText}' is not known", "expected 'own' or 'competitor'");
            }

            var urlNode = reader.Required(map, "url", $"target '{id}'", "add the site's base URL, e.g. url: https://www.example.com");
            var url = reader.String(urlNode, "url");
            if (url is not null && !url.StartsWith(TargetDefinition.DemoScheme, StringComparison.OrdinalIgnoreCase)
                && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                reader.Error(urlNode!, $"url '{url}' is not an absolute http(s) URL", "e.g. https://www.example.com, or demo://brightwave for a built-in demo company");
                url = null;
            }

            var emails = ReadEmails(reader, YamlReader.Child(map, "emails"));
            var timeZone = ReadTimeZone(reader, YamlReader.Child(map, "timezone"));
            var hoursNode = YamlReader.Child(map, "business_hours");
            var hoursText = reader.String(hoursNode, "business_hours");
            var hours = hoursText is null ? null : BusinessHours.TryParse(hoursText);
            if (hoursText is not null && hours is null)
            {
                reader.Error(hoursNode!, $"business_hours '{hoursText}' is not understood", BusinessHours.Hint);
            }

            var limits = ReadLimits(reader, YamlReader.Child(map, "limits"));
            var overrides = ReadOverrides(reader, steps, YamlReader.Child(map, "overrides"));
            if (role is null || url is null)
            {
                _brokenTargets.Add(id);
                continue;
            }

            if (Targets.TryGetValue(id, out var first))
            {
                reader.Error(keyNode, $"target '{id}' is defined twice", $"the first is at {first.Place}");
                continue;
            }

            Targets[id] = new TargetDefinition
            {
                Id = id,
                Name = name,
                Role = role.Value,
                Url = url.TrimEnd('/'),
                Domains = reader.Scalars(YamlReader.Child(map, "domains"), "domains").Select(d => d.Value ?? "").Where(d => d.Length > 0).ToList(),
                Emails = emails,
                TimeZone = timeZone ?? "UTC",
                BusinessHours = hours,
                Limits = limits,
                Tags = reader.Scalars(YamlReader.Child(map, "tags"), "tags").Select(t => t.Value ?? "").ToList(),
                Selectors = ReadSelectors(reader, steps, YamlReader.Child(map, "selectors")),
                Overrides = overrides,
                Place = reader.Place(keyNode),
            };
        }
    }

    private static Dictionary<string, string> ReadEmails(YamlReader reader, YamlNode? node)
    {
        var emails = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null || reader.Mapping(node, "emails") is not { } map)
        {
            return emails;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = reader.String(keyNode, "an address name");
            var address = reader.String(valueNode, "an email address");
            if (name is null || address is null)
            {
                continue;
            }

            if (!MimeAddress().IsMatch(address))
            {
                reader.Error(valueNode, $"'{address}' is not an email address", "e.g. support: support@example.com");
                continue;
            }

            emails[name] = address;
        }

        return emails;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MimeAddress();

    private static string? ReadTimeZone(YamlReader reader, YamlNode? node)
    {
        var zone = reader.String(node, "timezone");
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            reader.Error(node!, $"time zone '{zone}' is not known", "use an IANA time zone id, e.g. Europe/London or America/New_York");
            return null;
        }

        return zone;
    }

    private static PolitenessLimits ReadLimits(YamlReader reader, YamlNode? node)
    {
        if (node is null || reader.Mapping(node, "limits") is not { } map)
        {
            return PolitenessLimits.None;
        }

        reader.CheckKeys(map, "limits", ["probes_per_day", "min_gap"]);
        var perDayNode = YamlReader.Child(map, "probes_per_day");
        var perDay = reader.Number(perDayNode, "probes_per_day");
        if (perDay is not null && (perDay < 1 || perDay % 1 != 0))
        {
            reader.Error(perDayNode!, $"probes_per_day must be a whole number of at least 1, not {perDay}", null);
            perDay = null;
        }

        return new PolitenessLimits(perDay is null ? null : (int)perDay, reader.Duration(YamlReader.Child(map, "min_gap"), "min_gap"));
    }

    private static Dictionary<string, ScenarioOverride> ReadOverrides(YamlReader reader, StepReader steps, YamlNode? node)
    {
        var overrides = new Dictionary<string, ScenarioOverride>(StringComparer.Ordinal);
        if (node is null || reader.Mapping(node, "overrides") is not { } map)
        {
            return overrides;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var scenario = reader.String(keyNode, "a scenario name");
            if (scenario is null || reader.Mapping(valueNode, $"overrides for '{scenario}'") is not { } options)
            {
                continue;
            }

            reader.CheckKeys(options, $"overrides for '{scenario}'", ["selectors", "replace", "insert_after"]);
            var places = new Dictionary<string, SourcePlace>(StringComparer.Ordinal);
            overrides[scenario] = new ScenarioOverride
            {
                Selectors = ReadSelectors(reader, steps, YamlReader.Child(options, "selectors")),
                Replace = ReadStepMap(reader, steps, YamlReader.Child(options, "replace"), "replace", allowSkip: true, places),
                InsertAfter = ReadStepMap(reader, steps, YamlReader.Child(options, "insert_after"), "insert_after", allowSkip: false, places),
                Place = reader.Place(keyNode),
                StepIdPlaces = places,
            };
        }

        return overrides;
    }

    private static Dictionary<string, IReadOnlyList<Step>> ReadStepMap(YamlReader reader, StepReader steps, YamlNode? node, string what, bool allowSkip, Dictionary<string, SourcePlace> places)
    {
        var result = new Dictionary<string, IReadOnlyList<Step>>(StringComparer.Ordinal);
        if (node is null || reader.Mapping(node, what) is not { } map)
        {
            return result;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var id = reader.String(keyNode, "a step id");
            if (id is null)
            {
                continue;
            }

            places.TryAdd(id, reader.Place(keyNode));

            if (valueNode is YamlScalarNode { Value: "skip" } && allowSkip)
            {
                result[id] = [];
            }
            else if (valueNode is YamlSequenceNode)
            {
                result[id] = steps.ReadList(valueNode, $"{what} '{id}'");
            }
            else if (valueNode is YamlMappingNode && steps.Read(valueNode) is { } step)
            {
                result[id] = [step];
            }
            else if (valueNode is YamlScalarNode)
            {
                reader.Error(valueNode, $"{what} '{id}' must be a step or a list of steps", allowSkip ? "or 'skip' to leave the step out for this target" : null);
            }
        }

        return result;
    }

    public void ReadPersonas(YamlReader reader, YamlNode? root)
    {
        foreach (var (keyNode, map, id) in Entries(reader, root, "personas", "persona", _brokenPersonas))
        {
            reader.CheckKeys(map, $"persona '{id}'", PersonaKeys);
            var name = reader.String(reader.Required(map, "name", $"persona '{id}'", "add the shopper's full name, e.g. name: Alex Morgan"), "name");
            var localeNode = YamlReader.Child(map, "locale");
            var locale = reader.String(localeNode, "locale");
            if (locale is not null && !IsCulture(locale))
            {
                reader.Error(localeNode!, $"locale '{locale}' is not known", "use a language tag, e.g. en-GB, de-DE, fr-FR");
                locale = null;
            }

            var timeZone = ReadTimeZone(reader, YamlReader.Child(map, "timezone"));
            var deviceNode = YamlReader.Child(map, "device");
            var device = reader.String(deviceNode, "device");
            if (device is not null && !Devices.Contains(device))
            {
                reader.Error(deviceNode!, $"device '{device}' is not known", Suggest.DidYouMean(device, Devices));
                device = null;
            }

            if (name is null)
            {
                _brokenPersonas.Add(id);
                continue;
            }

            if (Personas.TryGetValue(id, out var first))
            {
                reader.Error(keyNode, $"persona '{id}' is defined twice", $"the first is at {first.Place}");
                continue;
            }

            var words = name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Personas[id] = new PersonaDefinition
            {
                Id = id,
                Name = name,
                FirstName = reader.String(YamlReader.Child(map, "first_name"), "first_name") ?? words[0],
                LastName = reader.String(YamlReader.Child(map, "last_name"), "last_name") ?? (words.Length > 1 ? words[1] : ""),
                Company = reader.String(YamlReader.Child(map, "company"), "company") ?? "",
                Phone = reader.String(YamlReader.Child(map, "phone"), "phone") ?? "",
                Locale = locale ?? "en-GB",
                TimeZone = timeZone ?? "UTC",
                Device = device ?? "desktop",
                Place = reader.Place(keyNode),
            };
        }
    }

    private static bool IsCulture(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name.Length > 0;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    public void ReadQuestions(YamlReader reader, YamlNode? root)
    {
        foreach (var (keyNode, map, id) in Entries(reader, root, "questions", "question", _brokenQuestions))
        {
            if (ReadQuestion(reader, id, map) is not { } question)
            {
                _brokenQuestions.Add(id);
                continue;
            }

            if (!Questions.TryAdd(id, question))
            {
                reader.Error(keyNode, $"question '{id}' is defined twice", $"the first is at {Questions[id].Place}");
            }
        }
    }

    /// <summary>A question written as a mapping: text, must_cover (terms, or a term with its synonyms), tags.</summary>
    public static QuestionDefinition? ReadQuestion(YamlReader reader, string id, YamlNode node)
    {
        if (reader.Mapping(node, $"question '{id}'") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, $"question '{id}'", QuestionKeys);
        var text = reader.String(reader.Required(map, "text", $"question '{id}'", "add the question, e.g. text: \"Do you offer an annual plan?\""), "text");
        var terms = new List<CoverTerm>();
        if (YamlReader.Child(map, "must_cover") is { } cover)
        {
            if (cover is not YamlSequenceNode list)
            {
                reader.Error(cover, "must_cover must be a list", "e.g. must_cover: [annual, { discount: [reduction, \"% off\"] }]");
            }
            else
            {
                foreach (var item in list)
                {
                    if (item is YamlScalarNode && reader.String(item, "a term") is { } term)
                    {
                        terms.Add(new CoverTerm(term, []));
                    }
                    else if (item is YamlMappingNode { Children.Count: 1 } synonyms && reader.String(synonyms.Children.Keys.First(), "a term") is { } main)
                    {
                        terms.Add(new CoverTerm(main, reader.Scalars(synonyms.Children.Values.First(), "synonyms").Select(s => s.Value ?? "").ToList()));
                    }
                    else if (item is not YamlScalarNode)
                    {
                        reader.Error(item, "each must_cover item is a term, or one term with its synonyms", "e.g. - discount: [reduction, \"% off\"]");
                    }
                }
            }
        }

        return text is null ? null : new QuestionDefinition
        {
            Id = id,
            Text = text,
            MustCover = terms,
            Tags = reader.Scalars(YamlReader.Child(map, "tags"), "tags").Select(t => t.Value ?? "").ToList(),
            Place = reader.Place(node),
        };
    }

    /// <summary>
    /// The entries under a file's one top-level key: <c>targets: { id: { ... } }</c>. A null root is a file that could
    /// not be parsed (already reported); ids that cannot be read go into <paramref name="broken"/>.
    /// </summary>
    private static IEnumerable<(YamlNode Key, YamlMappingNode Map, string Id)> Entries(YamlReader reader, YamlNode? root, string key, string what, HashSet<string> broken)
    {
        if (root is null || reader.Mapping(root, $"a {key} file") is not { } top)
        {
            broken.Add(AnyId);
            yield break;
        }

        reader.CheckKeys(top, $"a {key} file", [key]);
        if (reader.Required(top, key, $"the {key} file") is not { } node || reader.Mapping(node, $"'{key}'") is not { } all)
        {
            broken.Add(AnyId);
            yield break;
        }

        foreach (var (keyNode, valueNode) in all.Children)
        {
            var id = ReadId(reader, keyNode, what);
            if (id is null)
            {
                broken.Add((keyNode as YamlScalarNode)?.Value ?? AnyId);
            }
            else if (reader.Mapping(valueNode, $"{what} '{id}'") is { } map)
            {
                yield return (keyNode, map, id);
            }
            else
            {
                broken.Add(id);
            }
        }
    }
}
