using System.Text;

namespace MysteryShopper.Scenarios;

/// <summary>
/// A text with <c>{name}</c> placeholders (<c>{target.url}</c>, <c>{persona.name}</c>, <c>{probe.email}</c>,
/// <c>{question.text}</c>, <c>{vars.NAME}</c>), checked at load time and filled per probe.
/// <c>{{</c> and <c>}}</c> stand for literal braces.
/// </summary>
public sealed class Template
{
    public const string VarsPrefix = "vars.";

    /// <summary>Every fixed placeholder a scenario may use, with what it holds.</summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>
    {
        ["target.id"] = "the target's id",
        ["target.name"] = "the target's display name",
        ["target.url"] = "the target's base URL, without a trailing slash",
        ["persona.name"] = "the persona's full name",
        ["persona.first_name"] = "the persona's first name",
        ["persona.last_name"] = "the persona's last name",
        ["persona.company"] = "the persona's company",
        ["persona.phone"] = "the persona's phone number",
        ["probe.id"] = "the probe's stable id",
        ["probe.token"] = "the probe's unique mailbox token",
        ["probe.email"] = "the probe's unique email address",
        ["question.id"] = "the id of the question this probe asks",
        ["question.text"] = "the text of the question this probe asks",
    };

    private readonly IReadOnlyList<(bool IsVariable, string Text)> _parts;

    private Template(string source, IReadOnlyList<(bool, string)> parts)
    {
        Source = source;
        _parts = parts;
    }

    public string Source { get; }

    /// <summary>The placeholders this template uses.</summary>
    public IEnumerable<string> Uses => _parts.Where(p => p.IsVariable).Select(p => p.Text);

    public static Template Literal(string text) => new(text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), [(false, text)]);

    /// <summary>Parses <paramref name="text"/>; unknown placeholders become diagnostics at <paramref name="place"/>.</summary>
    public static Template Parse(string text, SourcePlace place, ICollection<Diagnostic> diagnostics)
    {
        var parts = new List<(bool, string)>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                diagnostics.Add(Diagnostic.At(place, $"unclosed placeholder in \"{text}\"", "close it with '}', or write '{{' for a literal brace"));
                literal.Append(text, i, text.Length - i);
                break;
            }

            var name = text[(i + 1)..close].Trim();
            if (!Variables.ContainsKey(name) && !(name.StartsWith(VarsPrefix, StringComparison.Ordinal) && name.Length > VarsPrefix.Length))
            {
                diagnostics.Add(Diagnostic.At(place, $"unknown placeholder '{{{name}}}'", Suggest.DidYouMean(name, Variables.Keys.Append("vars.NAME"))));
            }

            if (literal.Length > 0)
            {
                parts.Add((false, literal.ToString()));
                literal.Clear();
            }

            parts.Add((true, name));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add((false, literal.ToString()));
        }

        return new Template(text, parts);
    }

    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var result = new StringBuilder();
        foreach (var (isVariable, text) in _parts)
        {
            result.Append(isVariable ? values.GetValueOrDefault(text, "") : text);
        }

        return result.ToString();
    }

    public override string ToString() => Source;
}
