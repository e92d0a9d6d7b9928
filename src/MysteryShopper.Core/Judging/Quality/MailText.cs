using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// The text a reader sees and the judge weighs: an HTML body's visible text (AngleSharp, not regexes), the reply with
/// the quoted conversation cut off, and its sentences.
/// </summary>
internal static partial class MailText
{
    private static readonly HashSet<string> Invisible = new(StringComparer.OrdinalIgnoreCase) { "head", "style", "script", "template", "noscript", "title" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "header", "footer", "hr", "center", "pre",
    };

    // Where the quoted conversation starts: Gmail/Apple "On … wrote:" (on one line or wrapped onto a second),
    // Outlook's "-----Original Message-----", forwarded messages, and "From: … Sent:" blocks.
    [GeneratedRegex(@"^\s*(On\s.{0,200}\swrote:\s*$|On\s.{4,200}\n.{0,200}\swrote:\s*$|-{2,}\s*(Original Message|Forwarded message)\s*-{2,}|_{10,}\s*$|From:\s.+$\n\s*(Sent|Date):\s)", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuoteStart();

    // Sentences end at . ! ? (not inside numbers such as 4.99 or e.g.), or at a line break.
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[\p{Lu}\p{N}""'(])|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\b(https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"[ \t\u00A0]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();

    /// <summary>Each letter's HTML body, parsed once however many parts read it (a letter changed with <c>with</c> is another key).</summary>
    private static readonly ConditionalWeakTable<Letter, ParsedHtml> Parsed = new();

    /// <summary>An HTML body parsed, with its visible text.</summary>
    internal sealed class ParsedHtml(IDocument? document)
    {
        public IDocument? Document { get; } = document;

        public string Text { get; } = document is null ? "" : VisibleText(document);
    }

    /// <summary>The parsed HTML body, or null when there is none.</summary>
    public static IDocument? Parse(string? html) =>
        string.IsNullOrWhiteSpace(html) ? null : new HtmlParser().ParseDocument(html);

    /// <summary><paramref name="letter"/>'s HTML body parsed, and its visible text: parsed the first time a part asks.</summary>
    public static ParsedHtml Html(Letter letter) => Parsed.GetValue(letter, l => new ParsedHtml(Parse(l.Html)));

    /// <summary>Keeps the parse <see cref="Letters"/> made while reading the message, for the parts that read the HTML.</summary>
    public static void Remember(Letter letter, ParsedHtml html) => Parsed.AddOrUpdate(letter, html);

    public static string VisibleText(IDocument document)
    {
        var text = new StringBuilder();
        Append(document.Body ?? document.DocumentElement, text);
        var lines = text.ToString().Split('\n').Select(line => Spaces().Replace(line, " ").Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(t.Data.Replace('\n', ' ').Replace('\r', ' '));
                    break;
                case IElement e when Invisible.Contains(e.LocalName):
                    break;
                case IElement e:
                    var block = Blocks.Contains(e.LocalName);
                    if (block) text.Append('\n');
                    if (e.LocalName is "td" or "th") text.Append(' ');
                    Append(e, text);
                    if (block || e.LocalName is "p" or "div") text.Append('\n');
                    break;
            }
        }
    }

    /// <summary>The reply's own text: quoted lines (<c>&gt;</c>) and everything from "On … wrote:" or an Outlook header block on are cut.</summary>
    public static string OwnText(string text)
    {
        text = text.ReplaceLineEndings("\n");
        if (QuoteStart().Match(text) is { Success: true } start)
        {
            text = text[..start.Index];
        }

        return string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith('>')));
    }

    /// <summary>The sentences of <paramref name="text"/>, trimmed, none empty; URLs read as "(link)", so their digits are no information.</summary>
    public static IReadOnlyList<string> Sentences(string text) =>
        SentenceBreak().Split(Url().Replace(text.ReplaceLineEndings("\n"), "(link)"))
            .Select(s => Spaces().Replace(s, " ").Trim())
            .Where(s => s.Length > 0)
            .ToList();

    /// <summary>The non-empty lines of <paramref name="text"/>, trimmed.</summary>
    public static IReadOnlyList<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>A phrase cut to a short evidence string.</summary>
    public static string Quote(string phrase)
    {
        phrase = Spaces().Replace(phrase.ReplaceLineEndings(" "), " ").Trim();
        return phrase.Length <= 60 ? $"\"{phrase}\"" : $"\"{phrase[..57]}…\"";
    }
}
