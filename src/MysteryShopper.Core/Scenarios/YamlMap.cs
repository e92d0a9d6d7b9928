using MysteryShopper.Settings;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>
/// A YAML mapping read against the keys its definition declares: every key written that no definition declares is
/// reported as it opens ("unknown key 'x' in y", with the closest declared key), and asking for a key the definition
/// does not declare is a bug in mshop, not in the file. Typed helpers read the shapes that repeat across files.
/// </summary>
public sealed class YamlMap
{
    private readonly YamlReader _reader;
    private readonly IReadOnlyCollection<string> _keys;

    private readonly string _owner;

    private YamlMap(YamlReader reader, YamlMappingNode node, string what, IReadOnlyCollection<string> keys, string? owner)
    {
        _reader = reader;
        Node = node;
        What = what;
        _keys = keys;
        _owner = owner ?? what;
        reader.CheckKeys(node, what, keys);
    }

    public YamlMappingNode Node { get; }

    /// <summary>How messages name the mapping: <c>target 'own'</c>, <c>send_email</c>.</summary>
    public string What { get; }

    public SourcePlace Place => _reader.Place(Node);

    /// <summary>The keys its definition declares.</summary>
    public IReadOnlyCollection<string> Keys => _keys;

    /// <summary>
    /// The mapping <paramref name="node"/> holds, or null (an error said so when it is not a mapping).
    /// <paramref name="owner"/> is how "is missing" messages name it when not as <paramref name="what"/> ("the scenario").
    /// </summary>
    public static YamlMap? Open(YamlReader reader, YamlNode? node, string what, IReadOnlyCollection<string> keys, string? owner = null) =>
        node is not null && reader.Mapping(node, what) is { } map ? new YamlMap(reader, map, what, keys, owner) : null;

    public static YamlMap? Open(YamlReader reader, YamlNode? node, string what, IEnumerable<Key> keys, string? owner = null) =>
        Open(reader, node, what, keys.Names(), owner);

    /// <summary>A mapping already known to be one.</summary>
    public static YamlMap Of(YamlReader reader, YamlMappingNode node, string what, IReadOnlyCollection<string> keys, string? owner = null) =>
        new(reader, node, what, keys, owner);

    public static YamlMap Of(YamlReader reader, YamlMappingNode node, string what, IEnumerable<Key> keys, string? owner = null) =>
        new(reader, node, what, keys.Names(), owner);

    /// <summary>The value written under <paramref name="key"/>, or null.</summary>
    public YamlNode? this[string key] => YamlReader.Child(Node, Declared(key));

    public bool Has(string key) => this[key] is not null;

    /// <summary>The value under <paramref name="key"/>; an error "… is missing 'key'" when it is not written.</summary>
    public YamlNode? Required(string key, string? hint = null) => _reader.Required(Node, Declared(key), _owner, hint);

    public string? Text(string key) => _reader.String(this[key], key);

    public bool? Flag(string key) => _reader.Bool(this[key], key);

    public TimeSpan? Duration(string key) => _reader.Duration(this[key], key);

    /// <summary>A whole number in <paramref name="range"/>.</summary>
    public int? Whole(string key, WholeNumbers range) => _reader.Whole(this[key], key, range);

    /// <summary>A setting whose own type says what it takes (an address pattern, a browser server).</summary>
    public T? Setting<T>(string key, SettingParser<T> parse)
        where T : class => _reader.Setting(this[key], key, parse);

    /// <summary>One of <paramref name="choices"/>' names; "key 'x' is not known" with <paramref name="hint"/> (default: did you mean) otherwise.</summary>
    public T? Choice<T>(string key, IReadOnlyList<(string Name, T Value)> choices, string? hint = null)
        where T : struct => _reader.Choice(this[key], key, choices, hint);

    /// <summary>One of <paramref name="names"/>; "key 'x' is not known" with <paramref name="hint"/> (default: did you mean) otherwise.</summary>
    public string? OneOf(string key, IReadOnlyList<string> names, string? hint = null) => _reader.OneOf(this[key], key, names, hint);

    /// <summary>A list written as a YAML sequence or as one value: its items, each an error when it is not a text value.</summary>
    public IReadOnlyList<YamlScalarNode> Items(string key) => _reader.Scalars(this[key], key);

    /// <summary>A list written as a YAML sequence or as one value; the text of each item.</summary>
    public IReadOnlyList<string> Texts(string key) => Items(key).Select(s => s.Value ?? "").ToList();

    /// <summary>A list of ids (targets, tags) each with its place, for look-ups that report where an unknown one is written.</summary>
    public IReadOnlyList<NameRef> Refs(string key) => Items(key).Select(s => new NameRef(s.Value ?? "", _reader.Place(s))).ToList();

    private string Declared(string key) =>
        _keys.Contains(key) ? key : throw new InvalidOperationException($"mshop read '{key}' from {What}, whose definition does not declare it");
}
