using System.Text.RegularExpressions;
using MysteryShopper.Judging;
using MysteryShopper.Scenarios.Language;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Reads <c>targets.yaml</c> files: the companies to probe, with their limits and overrides of scenarios.</summary>
public sealed partial class TargetsReader
{
    private readonly ByIdFile<TargetDefinition> _file = new("targets", "target", TargetLanguage.File, TargetLanguage.Target, t => t.Place);

    public Defined<TargetDefinition> Targets => _file.Result;

    public void Read(YamlReader reader, YamlNode? root)
    {
        foreach (var (keyNode, map, id) in _file.Entries(reader, root))
        {
            var steps = new StepReader(reader);
            var name = map.Text("name") ?? id;
            map.Required("role", "add 'role: own' or 'role: competitor'");
            var role = map.Choice("role", TargetLanguage.Roles, $"expected {string.Join(" or ", TargetLanguage.Roles.Select(r => $"'{r.Name}'"))}");
            var urlNode = map.Required("url", "add the site's base URL, e.g. url: https://www.example.com");
            var url = reader.String(urlNode, "url");
            if (url is not null && !url.StartsWith(TargetDefinition.DemoScheme, StringComparison.OrdinalIgnoreCase)
                && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                reader.Error(urlNode!, $"url '{url}' is not an absolute http(s) URL", "e.g. https://www.example.com, or demo://brightwave for a built-in demo company");
                url = null;
            }

            var emails = ReadEmails(reader, map["emails"]);
            var timeZone = ReadTimeZone(reader, map["timezone"]);
            var hoursText = map.Text("business_hours");
            var hours = hoursText is null ? null : BusinessHours.TryParse(hoursText);
            if (hoursText is not null && hours is null)
            {
                reader.Error(map["business_hours"]!, $"business_hours '{hoursText}' is not understood", BusinessHours.Hint);
            }

            var limits = YamlMap.Open(reader, map["limits"], "limits", TargetLanguage.Limits) is { } l
                ? new PolitenessLimits(l.Whole("probes_per_day", PolitenessLimits.ProbesPerDayRange), l.Duration("min_gap"))
                : PolitenessLimits.None;
            var overrides = ReadOverrides(reader, steps, map["overrides"]);
            if (role is null || url is null)
            {
                _file.Broken(id);
                continue;
            }

            _file.TryAdd(reader, keyNode, id, () => new TargetDefinition
            {
                Id = id,
                Name = name,
                Role = role.Value,
                Url = url.TrimEnd('/'),
                Domains = map.Texts("domains").Where(d => d.Length > 0).ToList(),
                Emails = emails,
                TimeZone = timeZone ?? "UTC",
                BusinessHours = hours,
                Limits = limits,
                Tags = map.Texts("tags"),
                Selectors = steps.ReadSelectors(map["selectors"]),
                Overrides = overrides,
                Place = reader.Place(keyNode),
            });
        }
    }

    /// <summary>An IANA time zone id (targets and personas have one).</summary>
    internal static string? ReadTimeZone(YamlReader reader, YamlNode? node)
    {
        var zone = reader.String(node, "timezone");
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            reader.Error(node!, $"time zone '{zone}' is not known", "use an IANA time zone id, e.g. Europe/London or America/New_York");
            return null;
        }

        return zone;
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
            if (scenario is null || YamlMap.Open(reader, valueNode, $"overrides for '{scenario}'", TargetLanguage.Override) is not { } options)
            {
                continue;
            }

            var places = new Dictionary<string, SourcePlace>(StringComparer.Ordinal);
            overrides[scenario] = new ScenarioOverride
            {
                Selectors = steps.ReadSelectors(options["selectors"]),
                Replace = ReadStepMap(reader, steps, options["replace"], "replace", allowSkip: true, places),
                InsertAfter = ReadStepMap(reader, steps, options["insert_after"], "insert_after", allowSkip: false, places),
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
}
