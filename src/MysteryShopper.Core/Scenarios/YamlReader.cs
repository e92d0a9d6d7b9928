using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>
/// The one place YAML is read: parses a file into nodes that keep their line and column,
/// refuses hostile input, and turns every shape mismatch into a <see cref="Diagnostic"/>.
/// </summary>
public sealed class YamlReader
{
    public const int MaxFileBytes = 1024 * 1024;
    public const int MaxDepth = 32;

    private readonly List<Diagnostic> _diagnostics;
    private readonly Func<string, string?> _environment;
    private readonly ISet<string> _secrets;

    private YamlReader(string file, List<Diagnostic> diagnostics, Func<string, string?> environment, ISet<string> secrets)
    {
        File = file;
        _diagnostics = diagnostics;
        _environment = environment;
        _secrets = secrets;
    }

    public string File { get; }

    /// <summary>
    /// Parses <paramref name="source"/>; returns its root node, or null after adding a diagnostic. Text values read
    /// later have <c>${env:NAME}</c> replaced from <paramref name="environment"/>, each value added to <paramref name="secrets"/>.
    /// </summary>
    public static (YamlReader Reader, YamlNode? Root) Parse(SourceFile source, List<Diagnostic> diagnostics, Func<string, string?> environment, ISet<string> secrets)
    {
        var reader = new YamlReader(source.Path, diagnostics, environment, secrets);
        return (reader, reader.ParseRoot(source.Text));
    }

    private YamlNode? ParseRoot(string text)
    {
        if (text.Length > MaxFileBytes)
        {
            Error(1, 1, $"the file is larger than {MaxFileBytes / 1024} KiB", "split it into several files");
            return null;
        }

        if (text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            Error(1, 1, "the file is not valid UTF-8", "save it as UTF-8");
            return null;
        }

        try
        {
            // A first pass over the events refuses aliases and deep nesting before anything is built.
            var parser = new Parser(new StringReader(text));
            var depth = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        Error(alias.Start, "anchors and aliases (*name) are not supported", "write the value out in full");
                        return null;
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            Error(parser.Current.Start, $"the file nests deeper than {MaxDepth} levels", "flatten the structure");
                            return null;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                Error(1, 1, "the file is empty", null);
                return null;
            }

            if (stream.Documents.Count > 1)
            {
                Error(stream.Documents[1].RootNode.Start, "the file holds more than one YAML document", "keep one document per file (remove the extra '---')");
                return null;
            }

            return stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            var hint = text.Contains('\t', StringComparison.Ordinal) && message.Contains("tab", StringComparison.OrdinalIgnoreCase)
                ? "indent with spaces, not tabs"
                : message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase)
                    ? "each key may appear once in a mapping"
                    : "check the indentation and quoting around this place";
            // YamlDotNet's Start is where the enclosing construct began; End is where it found the problem.
            var at = e.End.Line > 0 ? e.End : e.Start;
            if (hint.Contains("tabs", StringComparison.Ordinal) && FirstTabIndent(text) is { } tab)
            {
                Error(tab.Line, tab.Column, $"invalid YAML: {Clean(message)}", hint);
            }
            else
            {
                Error(at, $"invalid YAML: {Clean(message)}", hint);
            }

            return null;
        }
    }

    private static (int Line, int Column)? FirstTabIndent(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    // YamlDotNet prefixes messages with its own place; ours is already in front.
    private static string Clean(string message)
    {
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }

    public SourcePlace Place(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string message, string? hint = null) => Error(node.Start, message, hint);

    public void Error(SourcePlace place, string message, string? hint = null) => Error(place.Line, place.Column, message, hint);

    private void Error(Mark mark, string message, string? hint) =>
        Error((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), message, hint);

    private void Error(int line, int column, string message, string? hint) =>
        _diagnostics.Add(new Diagnostic(File, line, column, message, hint));

    public YamlMappingNode? Mapping(YamlNode node, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Error(node, $"{what} must be a mapping (key: value lines)", null);
        return null;
    }

    /// <summary>Reports every key of <paramref name="mapping"/> that is not in <paramref name="allowed"/>.</summary>
    public void CheckKeys(YamlMappingNode mapping, string what, IReadOnlyCollection<string> allowed)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : "";
            if (!allowed.Contains(name))
            {
                Error(key, $"unknown key '{name}' in {what}", Suggest.DidYouMean(name, allowed));
            }
        }
    }

    public static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlNode? Required(YamlMappingNode mapping, string key, string what, string? hint = null)
    {
        var child = Child(mapping, key);
        if (child is null)
        {
            Error(mapping, $"{what} is missing '{key}'", hint);
        }

        return child;
    }

    public string? String(YamlNode? node, string what)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode { Value: { } value } scalar when scalar.Style != ScalarStyle.Plain || !IsNull(value):
                return Secrets.Substitute(value, name =>
                {
                    var secret = _environment(name);
                    if (string.IsNullOrEmpty(secret))
                    {
                        Error(node, $"the environment variable {name} (used as ${{env:{name}}}) is not set", $"set it before running, e.g. export {name}=...");
                        return "";
                    }

                    _secrets.Add(secret);
                    return secret;
                });
            case YamlScalarNode:
                Error(node, $"{what} must not be empty", null);
                return null;
            default:
                Error(node, $"{what} must be a text value, not a {Shape(node)}", null);
                return null;
        }
    }

    public bool? Bool(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        switch (String(node, what))
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            case null:
                return null;
            default:
                Error(node, $"{what} must be true or false", null);
                return null;
        }
    }

    public TimeSpan? Duration(YamlNode? node, string what)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (Scenarios.Duration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        Error(node!, $"{what} '{text}' is not a duration", Scenarios.Duration.Hint);
        return null;
    }

    public double? Number(YamlNode? node, string what)
    {
        var text = String(node, what);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(node!, $"{what} '{text}' is not a number", null);
        return null;
    }

    /// <summary>A list written either as a YAML sequence or as one scalar.</summary>
    public IReadOnlyList<YamlScalarNode> Scalars(YamlNode? node, string what)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode scalar:
                return [scalar];
            case YamlSequenceNode sequence:
                var items = new List<YamlScalarNode>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode s)
                    {
                        items.Add(s);
                    }
                    else
                    {
                        Error(item, $"each item of {what} must be a text value, not a {Shape(item)}", null);
                    }
                }

                return items;
            default:
                Error(node, $"{what} must be a list, not a {Shape(node)}", null);
                return [];
        }
    }

    public static string Shape(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "text value",
    };

    private static bool IsNull(string value) => value is "" or "~" or "null";
}
