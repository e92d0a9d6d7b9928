using System.Net;
using System.Text;

namespace MysteryShopper.Reporting.Html;

/// <summary>
/// Builds an HTML document so that text from a run can only ever land as text: <see cref="Text"/> and every
/// attribute value are encoded, tag and attribute names must be plain names written in code, and URLs are checked.
/// </summary>
public sealed class HtmlBuilder
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "meta", "img", "br", "hr", "link", "input" };

    private readonly StringBuilder _html = new();
    private readonly Stack<string> _open = new();

    /// <summary>Opens <paramref name="tag"/>; attributes with a null value are left out.</summary>
    public HtmlBuilder Open(string tag, params (string Name, string? Value)[] attributes)
    {
        StartTag(tag, attributes);
        if (!VoidElements.Contains(tag))
        {
            _open.Push(tag);
        }

        return this;
    }

    /// <summary>Closes the innermost open element, which must be <paramref name="tag"/>.</summary>
    public HtmlBuilder Close(string tag)
    {
        if (_open.Count == 0 || _open.Peek() != tag)
        {
            throw new InvalidOperationException($"cannot close <{tag}>: the innermost open element is {(_open.Count == 0 ? "none" : $"<{_open.Peek()}>")}");
        }

        _open.Pop();
        _html.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>Appends encoded text.</summary>
    public HtmlBuilder Text(string? text)
    {
        _html.Append(WebUtility.HtmlEncode(text));
        return this;
    }

    /// <summary>An element holding only encoded text: <c>&lt;td class="x"&gt;text&lt;/td&gt;</c>.</summary>
    public HtmlBuilder Element(string tag, string? text, params (string Name, string? Value)[] attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    /// <summary>An element with no content and no closing tag (<c>img</c>, <c>meta</c>).</summary>
    public HtmlBuilder Void(string tag, params (string Name, string? Value)[] attributes)
    {
        if (!VoidElements.Contains(tag))
        {
            throw new ArgumentException($"<{tag}> is not a void element", nameof(tag));
        }

        StartTag(tag, attributes);
        return this;
    }

    /// <summary>The document type; call first.</summary>
    public HtmlBuilder Doctype()
    {
        _html.Append("<!DOCTYPE html>\n");
        return this;
    }

    /// <summary>A <c>&lt;style&gt;</c> block. Only for style sheets written in code: never pass text from a run.</summary>
    public HtmlBuilder StyleSheet(string css)
    {
        ArgumentNullException.ThrowIfNull(css);
        if (css.Contains("</", StringComparison.Ordinal))
        {
            throw new ArgumentException("a style sheet must not contain '</'", nameof(css));
        }

        _html.Append("<style>").Append(css).Append("</style>");
        return this;
    }

    /// <summary>A line break in the source, for a readable file; no effect on the page.</summary>
    public HtmlBuilder Line()
    {
        _html.Append('\n');
        return this;
    }

    /// <summary>The document; every element must be closed.</summary>
    public override string ToString()
    {
        if (_open.Count > 0)
        {
            throw new InvalidOperationException($"<{_open.Peek()}> was never closed");
        }

        return _html.ToString();
    }

    /// <summary>
    /// A URL safe to put in <c>href</c>/<c>src</c>: a relative path (each segment percent-encoded, backslashes turned
    /// into slashes) or an http(s) URL. Anything else (<c>javascript:</c>, <c>data:</c>) becomes <c>#</c>.
    /// </summary>
    public static string SafeUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && !url.StartsWith('/') && !url.StartsWith('\\'))
        {
            return absolute.Scheme is "http" or "https" ? absolute.AbsoluteUri : "#";
        }

        var path = url.Replace('\\', '/');
        if (path.Contains(':', StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal))
        {
            // A scheme the URI parser did not recognise, or a protocol-relative URL leading off the run's folder.
            return "#";
        }

        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    private void StartTag(string tag, (string Name, string? Value)[] attributes)
    {
        CheckName(tag);
        _html.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            CheckName(name);
            if (value is null)
            {
                continue;
            }

            _html.Append(' ').Append(name).Append("=\"").Append(WebUtility.HtmlEncode(value)).Append('"');
        }

        _html.Append('>');
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"'{name}' is not a tag or attribute name this builder writes", nameof(name));
        }
    }
}
