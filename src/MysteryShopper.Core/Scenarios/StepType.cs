using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Which part of mshop carries a step out.</summary>
public enum StepRunner
{
    /// <summary>The probe's browser session.</summary>
    Browser,

    /// <summary>The probe runner itself: time, marks, screenshots, frames and mail.</summary>
    Probe,
}

/// <summary>How a step's value is written in YAML; the reader's checks and the schema both follow from it.</summary>
public enum StepForm
{
    /// <summary>A value, or a mapping with the first argument and step modifiers: <c>goto: URL</c> or <c>goto: { url: URL }</c>.</summary>
    Value,

    /// <summary>A name: <c>mark: submitted</c>.</summary>
    Name,

    /// <summary>An element's visible text, or a locator mapping with the arguments: <c>click: Subscribe</c>.</summary>
    Element,

    /// <summary>A locator mapping with the arguments: <c>fill: { label: Email, value: … }</c>.</summary>
    Locator,

    /// <summary>A mapping of the arguments: <c>send_email: { to: support, … }</c>.</summary>
    Mapping,

    /// <summary>A shape of its own, given by <see cref="StepType.ValueSchema"/>.</summary>
    Custom,
}

/// <summary>What a name a step defines stands for: a moment, an email or a collection of emails.</summary>
public enum NameKind
{
    /// <summary>A mark: the moment itself.</summary>
    Mark,

    /// <summary>An email sent: <c>NAME.sent</c>.</summary>
    SentEmail,

    /// <summary>An email received: <c>NAME.received</c>; click_email_link and judge use it.</summary>
    ReceivedEmail,

    /// <summary>Emails collected over a window: <c>NAME.count</c>, no moment.</summary>
    Collection,
}

/// <summary>A name a step defines for later steps, measures and judging.</summary>
public sealed record DefinedName(string Name, NameKind Kind)
{
    /// <summary>The property that makes it a moment (<c>received</c>, <c>sent</c>); null for a mark, which is a moment itself.</summary>
    public string? MomentProperty => Kind switch
    {
        NameKind.ReceivedEmail => "received",
        NameKind.SentEmail => "sent",
        NameKind.Mark or NameKind.Collection => null,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    public bool IsMoment => Kind != NameKind.Collection;
}

/// <summary>
/// One kind of journey step, defined once: its keyword, what it does, how it is written and read, who runs it and
/// what it may do. The reader's dispatch, the frame and submit checks, the runner's switch and the JSON Schema all
/// follow from these definitions (<see cref="StepTypes.All"/>).
/// </summary>
public sealed class StepType
{
    public required string Keyword { get; init; }

    /// <summary>What the step does, with an example: the schema's description and the docs'.</summary>
    public required string Description { get; init; }

    public required StepForm Form { get; init; }

    /// <summary>The keys of its mapping besides the locator's and the modifiers, in the order messages list them.</summary>
    public IReadOnlyList<Key> Arguments { get; init; } = [];

    /// <summary>The schema of the value under the keyword, for <see cref="StepForm.Custom"/>.</summary>
    public Func<StepType, JsonObject>? ValueSchema { get; init; }

    public required StepRunner Runner { get; init; }

    /// <summary>Whether <c>submit: true</c> may mark it; a step that only waits or looks sends nothing.</summary>
    public required bool MaySubmit { get; init; }

    /// <summary>It sends mail itself: always a submission, with no page involved.</summary>
    public bool SendsMail { get; init; }

    /// <summary>Whether it may run inside a <c>frame</c> step (navigation, frames and mail cannot).</summary>
    public required bool InFrame { get; init; }

    /// <summary>It only looks at the page (changes nothing there): it gives up as soon as the page leaves or fails.</summary>
    public bool OnlyLooks { get; init; }

    /// <summary>Its passing confirms what the last submission did: the time from that submission is the site's response time.</summary>
    public bool Confirms { get; init; }

    /// <summary>Reads the value under the keyword; null after reporting why it cannot.</summary>
    public required Func<StepInput, Step?> Read { get; init; }

    public override string ToString() => Keyword;
}

/// <summary>The value under a step's keyword being read, with the helpers the step definitions share.</summary>
public sealed class StepInput
{
    internal StepInput(StepReader steps, YamlReader reader, StepType type, YamlNode args, SourcePlace place)
    {
        Steps = steps;
        Reader = reader;
        Type = type;
        Args = args;
        Place = place;
    }

    public StepReader Steps { get; }
    public YamlReader Reader { get; }
    public StepType Type { get; }
    public YamlNode Args { get; }

    /// <summary>Where the step's keyword is written.</summary>
    public SourcePlace Place { get; }

    public string Keyword => Type.Keyword;

    private IReadOnlyCollection<string> ArgumentKeys => Type.Arguments.Names();

    /// <summary>The value written as a scalar, or as a mapping with the first argument (<c>goto: URL</c>, <c>goto: { url: URL }</c>).</summary>
    public YamlScalarNode? Value() => Steps.Scalar(Args, Keyword, ArgumentKeys.First());

    /// <summary>The arguments' mapping (its keys checked against the definition's); null when it is not one.</summary>
    public YamlMap? Mapping() => YamlMap.Open(Reader, Args, Keyword, [.. ArgumentKeys, .. StepReader.Modifiers]);

    /// <summary>Reads the arguments' mapping with <paramref name="read"/>; null when it is not a mapping (an error says so).</summary>
    public Step? WithMapping(Func<YamlMap, Step?> read) => Mapping() is { } map ? read(map) : null;

    /// <summary>The element: its visible text or a locator mapping with the definition's arguments.</summary>
    public LocatorSpec? Element() => Steps.Locator(Args, Keyword, ArgumentKeys);

    /// <summary>A locator mapping and the arguments beside the locator: <c>fill: { label: Email, value: … }</c>.</summary>
    public (YamlMap? Map, LocatorSpec? Locator) LocatorMapping() =>
        Reader.Mapping(Args, Keyword) is { } map ? Steps.LocatorIn(YamlMap.Of(Reader, map, Keyword, [.. StepReader.LocatorKeys, .. ArgumentKeys, .. StepReader.Modifiers])) : (null, null);

    /// <summary>A locator with one more text value (the first argument): fill's value, select's option.</summary>
    public T? WithValue<T>(Func<LocatorSpec, Template, T> make)
        where T : Step
    {
        var (map, locator) = LocatorMapping();
        if (map is null)
        {
            return null;
        }

        var key = ArgumentKeys.First();
        var valueNode = map.Required(key, $"add the text to use, e.g. {key}: \"{{persona.name}}\"");
        if (valueNode is not YamlScalarNode value || Reader.String(value, key) is null)
        {
            if (valueNode is not null and not YamlScalarNode)
            {
                Reader.Error(valueNode, $"{key} must be a text value", null);
            }

            return null;
        }

        return locator is null ? null : make(locator, Template(value));
    }

    public Template Template(YamlScalarNode node) => Steps.Template(node);

    /// <summary>A name (a mark, a screenshot, an email's 'as'): lower-case letters, digits and '_'.</summary>
    public string? Name(YamlNode node, string keyword, string what) => Steps.NameArg(node, keyword, what);

    /// <summary>A .NET regular expression, checked to compile.</summary>
    public string? Regex(YamlNode? node, string what) => Steps.Regex(node, what);
}

/// <summary>Every step type, in the order messages and the schema list them.</summary>
public static class StepTypes
{
    public static readonly IReadOnlyList<StepType> All =
    [
        GotoStep.Definition, FillStep.Definition, TypeStep.Definition, SelectStep.Definition, CheckStep.Definition,
        UncheckStep.Definition, ClickStep.Definition, PressStep.Definition, HoverStep.Definition, WaitStep.Definition,
        MarkStep.Definition, ExpectTextStep.Definition, ExpectUrlStep.Definition, ExpectVisibleStep.Definition,
        ScreenshotStep.Definition, ExtractStep.Definition, FrameStep.Definition, DismissCookiesStep.Definition,
        SendEmailStep.Definition, ExpectEmailStep.Definition, ClickEmailLinkStep.Definition, CollectEmailsStep.Definition,
        ReplyStep.Definition, UnsubscribeStep.Definition, ExpectNoEmailStep.Definition,
    ];

    private static readonly Dictionary<string, StepType> ByKeyword = All.ToDictionary(t => t.Keyword, StringComparer.Ordinal);

    public static IReadOnlyList<string> Keywords { get; } = All.Select(t => t.Keyword).ToList();

    public static StepType? Find(string keyword) => ByKeyword.GetValueOrDefault(keyword);
}
