using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>
/// Files of one kind whose one top-level key holds definitions by id (<c>targets: { id: { ... } }</c>), read one after
/// the other into one set of definitions: an id defined in two files is defined twice.
/// </summary>
internal sealed class ByIdFile<T>(string key, string what, IReadOnlyList<Key> fileKeys, IReadOnlyList<Key> entryKeys, Func<T, SourcePlace> placeOf)
{
    private readonly Dictionary<string, T> _defined = new(StringComparer.Ordinal);
    private readonly HashSet<string> _broken = new(StringComparer.Ordinal);

    public Defined<T> Result => new(_defined, _broken);

    /// <summary>
    /// Each entry, opened with the definition's keys. A null root is a file that could not be parsed (already
    /// reported); ids that cannot be read, and entries that are not mappings, are broken.
    /// </summary>
    public IEnumerable<(YamlNode Key, YamlMap Map, string Id)> Entries(YamlReader reader, YamlNode? root)
    {
        if (YamlMap.Open(reader, root, $"a {key} file", fileKeys, owner: $"the {key} file") is not { } top)
        {
            _broken.Add(Defined<T>.AnyId);
            yield break;
        }

        if (top.Required(key) is not { } node || reader.Mapping(node, $"'{key}'") is not { } all)
        {
            _broken.Add(Defined<T>.AnyId);
            yield break;
        }

        foreach (var (keyNode, valueNode) in all.Children)
        {
            var id = reader.Id(keyNode, what);
            if (id is null)
            {
                _broken.Add((keyNode as YamlScalarNode)?.Value ?? Defined<T>.AnyId);
            }
            else if (YamlMap.Open(reader, valueNode, $"{what} '{id}'", entryKeys) is { } map)
            {
                yield return (keyNode, map, id);
            }
            else
            {
                _broken.Add(id);
            }
        }
    }

    public void Broken(string id) => _broken.Add(id);

    /// <summary>Adds the definition unless <paramref name="id"/> is already defined; says so at <paramref name="keyNode"/> then.</summary>
    public bool TryAdd(YamlReader reader, YamlNode keyNode, string id, Func<T> definition)
    {
        if (_defined.TryGetValue(id, out var first))
        {
            reader.Error(keyNode, $"{what} '{id}' is defined twice", $"the first is at {placeOf(first)}");
            return false;
        }

        _defined[id] = definition();
        return true;
    }
}
