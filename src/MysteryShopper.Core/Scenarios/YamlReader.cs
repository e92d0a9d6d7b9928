using System.Globalization;
using System.Text.RegularExpressions;
using MysteryShopper.Redaction;
using MysteryShopper.Settings;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>
/// The one place YAML is read: parses a file into nodes that keep their line and column,
/// refuses hostile input, and turns every shape mismatch into a <see cref="Diagnostic"/>.
/// </summary>
public sealed partial class YamlReader
{
    public const int MaxFileBytes = 1024 * 1024;
    public const int MaxDepth = 32;

    private readonly List<Diagnostic> _diagnostics;
    private readonly HashSet<Diagnostic> _reported = [];
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
        if (source.Refused is { } refused)
        {
            diagnostics.Add(refused);
            return (reader, null);
        }

        return (reader, reader.ParseRoot(source.Text));
    }

    /// <summary>Where the first pass is: open collections (for duplicate keys) and open flow brackets (for unclosed ones).</summary>
    private sealed class Collection(ParsingEvent start, bool isMapping)
    {
        public ParsingEvent Start { get; } = start;
        public bool IsMapping { get; } = isMapping;
        public bool ExpectKey { get; set; } = true;
        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);
    }

    private YamlNode? ParseRoot(string text)
    {
        if (text.Length > MaxFileBytes)
        {
            Error(1, 1, $"the file is larger than {MaxFileBytes / 1024} KiB", "split it into several files");
            return null;
        }

        var open = new Stack<Collection>();
        var last = Mark.Empty;
        try
        {
            // A first pass over the events refuses aliases, deep nesting, duplicate keys and extra documents before anything is built.
            var parser = new Parser(new StringReader(text));
            var documents = 0;
            var duplicates = false;
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.End;
                switch (current)
                {
                    case AnchorAlias alias:
                        Error(alias.Start, "anchors and aliases (*name) are not supported", "write the value out in full");
                        return null;
                    case DocumentStart when ++documents > 1:
                        Error(current.Start, "the file holds more than one YAML document", "keep one document per file (remove the extra '---')");
                        return null;
                    case Scalar scalar:
                        if (open.TryPeek(out var parent) && parent.IsMapping && parent.ExpectKey && !parent.Keys.TryAdd(scalar.Value, scalar.Start))
                        {
                            var first = parent.Keys[scalar.Value];
                            Error(scalar.Start, $"the key '{scalar.Value}' appears twice in this mapping", $"the first is at line {first.Line}, column {first.Column}; each key may appear once");
                            duplicates = true;
                        }

                        Toggle(open);
                        break;
                    case MappingStart or SequenceStart:
                        if (open.Count + 1 > MaxDepth)
                        {
                            Error(current.Start, $"the file nests deeper than {MaxDepth} levels", "flatten the structure");
                            return null;
                        }

                        open.Push(new Collection(current, current is MappingStart));
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Pop();
                        Toggle(open);
                        break;
                }
            }

            if (duplicates)
            {
                return null;
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                Error(1, 1, "the file is empty", null);
                return null;
            }

            return stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            var message = Clean(e.InnerException?.Message ?? e.Message);
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndent(text) is { } tab)
            {
                Error(tab.Line, tab.Column, "invalid YAML: a tab is used for indentation", "indent with spaces, not tabs");
                return null;
            }

            var bracket = open.FirstOrDefault(c => c.Start is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow });
            var hint = message.Contains("flow", StringComparison.OrdinalIgnoreCase) && bracket is not null
                    ? $"check that the '{Opening(bracket)}' at line {bracket.Start.Start.Line}, column {bracket.Start.Start.Column} is closed with '{Closing(bracket)}' and its items are separated by ','"
                : message.Contains("invalid mapping", StringComparison.OrdinalIgnoreCase) || message.Contains("not allowed", StringComparison.OrdinalIgnoreCase)
                    ? "put the value in quotes when it contains ': '"
                : message.Contains("quoted scalar", StringComparison.OrdinalIgnoreCase)
                    ? "check that the quote that starts here is closed"
                : "check the indentation and quoting around this place";

            // YamlDotNet's Start is where the token in trouble begins (the opening quote, the key); End is where it gave up.
            Error(e.Start.Line > 0 ? e.Start : e.End, $"invalid YAML: {message}", hint);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections ("[own" up to the end of the file).
            if (open.FirstOrDefault(c => c.Start is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow }) is { } bracket)
            {
                Error(bracket.Start.Start, $"invalid YAML: the '{Opening(bracket)}' is not closed", $"close it with '{Closing(bracket)}'");
            }
            else
            {
                Error(last, "invalid YAML: the file cannot be read past this place", "check the indentation and quoting around this place");
            }

            return null;
        }

        static void Toggle(Stack<Collection> open)
        {
            if (open.TryPeek(out var collection) && collection.IsMapping)
            {
                collection.ExpectKey = !collection.ExpectKey;
            }
        }

        static char Opening(Collection c) => c.IsMapping ? '{' : '[';

        static char Closing(Collection c) => c.IsMapping ? '}' : ']';
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

    private void Error(int line, int column, string message, string? hint)
    {
        // A value read twice (a step's text, then its template) must not report the same problem twice.
        var diagnostic = new Diagnostic(File, line, column, message, hint);
        if (_reported.Add(diagnostic))
        {
            _diagnostics.Add(diagnostic);
        }
    }

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
                var unset = false;
                var text = Secrets.Substitute(value, name =>
                {
                    var secret = _environment(name);
                    if (string.IsNullOrEmpty(secret))
                    {
                        Error(node, $"the environment variable {name} (used as ${{env:{name}}}) is not set", $"set it before running, e.g. export {name}=...");
                        unset = true;
                        return "";
                    }

                    if (secret.Length < Redactor.MinimumLength)
                    {
                        // Masking so short a value in every output would mask ordinary text; not masking it would leak it.
                        Error(node, $"the environment variable {name} (used as ${{env:{name}}}) has {secret.Length} character(s); a secret needs at least {Redactor.MinimumLength} to be masked in every output", "use a longer value; a value that is not secret can be written in the YAML itself");
                        unset = true;
                        return "";
                    }

                    _secrets.Add(secret);
                    return secret;
                });

                // A value with an unset variable is not read, like a missing one: no second error about an empty URL or address.
                return unset ? null : text;
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

        if (Scenarios.Duration.TryParse(text, out var value))
        {
            if (value > TimeSpan.Zero)
            {
                return value;
            }

            Error(node!, $"{what} must be longer than zero, not '{text}'", null);
            return null;
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

    /// <summary>A whole number in <paramref name="range"/>: "what must be a whole number from 1 to 64, not 0" otherwise.</summary>
    public int? Whole(YamlNode? node, string what, WholeNumbers range)
    {
        if (Number(node, what) is not { } number)
        {
            return null;
        }

        if (!range.TryFrom(number, out var value, out var problem))
        {
            Error(node!, $"{what} must be {problem.Message}", problem.Hint);
            return null;
        }

        return value;
    }

    /// <summary>A setting whose own type says what it takes (an address pattern, a browser server): "what PROBLEM" otherwise.</summary>
    public T? Setting<T>(YamlNode? node, string what, SettingParser<T> parse)
        where T : class
    {
        if (String(node, what) is not { } text)
        {
            return null;
        }

        if (!parse(text, out var value, out var problem))
        {
            Error(node!, $"{what} {problem.Message}", problem.Hint);
            return null;
        }

        return value;
    }

    /// <summary>One of <paramref name="choices"/>' names: "what 'x' is not known" with <paramref name="hint"/> (default: did you mean) otherwise.</summary>
    public T? Choice<T>(YamlNode? node, string what, IReadOnlyList<(string Name, T Value)> choices, string? hint = null)
        where T : struct =>
        OneOf(node, what, choices.Select(c => c.Name).ToList(), hint) is { } name ? choices.First(c => c.Name == name).Value : null;

    /// <summary>One of <paramref name="names"/>: "what 'x' is not known" with <paramref name="hint"/> (default: did you mean) otherwise.</summary>
    public string? OneOf(YamlNode? node, string what, IReadOnlyList<string> names, string? hint = null)
    {
        var text = String(node, what);
        if (text is null || names.Contains(text))
        {
            return text;
        }

        Error(node!, $"{what} '{text}' is not known", hint ?? Suggest.DidYouMean(text, names));
        return null;
    }

    /// <summary>An id (of a target, persona, question, scenario or measure): "what id 'x' is not valid" when it is not one.</summary>
    public string? Id(YamlNode node, string what)
    {
        var id = String(node, $"a {what} id");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Error(node, $"{what} id '{id}' is not valid", Language.SharedLanguage.IdHint);
            return null;
        }

        return id;
    }

    [GeneratedRegex(Language.SharedLanguage.IdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>A list written either as a YAML sequence or as one scalar.</summary>
    public IReadOnlyList<YamlScalarNode> Scalars(YamlNode? node, string what)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: var value } when value is null || IsNull(value):
                // "tags:" with nothing after it is an empty list, not one empty name.
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
                Error(node, $"{what} must be a list, not a {Shape(node)}", "write the items as [a, b], or one '- item' per line");
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
