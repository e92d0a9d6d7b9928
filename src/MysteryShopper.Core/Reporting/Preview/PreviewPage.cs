using System.Globalization;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html;
using AngleSharp.Html.Parser;

namespace MysteryShopper.Reporting.Preview;

/// <summary>
/// One standalone page showing a <see cref="SafeEmail"/> (<c>mshop preview</c>): the headers and plain text as text,
/// and the HTML body in an <c>&lt;iframe sandbox srcdoc&gt;</c> with no permissions at all. The page carries its own
/// Content-Security-Policy (no scripts, nothing from the network), so even a mistake in the sanitizer could run nothing.
/// Built as a DOM, so every value from the message can only ever land as text or as an attribute value.
/// </summary>
public static class PreviewPage
{
    /// <summary>The page's policy: inline styles and data: images only; no scripts, frames' own loads, forms or base URL.</summary>
    public const string PagePolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    /// <summary>The iframe's sandbox: empty, so no scripts, forms, popups, top navigation or same-origin access.</summary>
    public const string Sandbox = "";

    private const string Style = """
        :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
        body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
        h1 { font-size: 1.3rem; overflow-wrap: anywhere; }
        table.headers { border-collapse: collapse; width: 100%; font-size: .9rem; }
        table.headers th { text-align: left; vertical-align: top; padding: .2rem .8rem .2rem 0; white-space: nowrap; color: GrayText; font-weight: normal; }
        table.headers td { overflow-wrap: anywhere; padding: .2rem 0; }
        .note { border-left: 3px solid #c90; padding: .3rem .6rem; font-size: .9rem; }
        iframe.message { width: 100%; height: 70vh; border: 1px solid GrayText; background: #fff; }
        pre.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid GrayText; padding: .6rem; }
        """;

    /// <summary>The page, as a whole HTML document.</summary>
    public static string Render(SafeEmail email, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html lang=\"en\"><head></head><body></body></html>");
        var head = document.Head!;
        Add(head, "meta", ("charset", "utf-8"));
        Add(head, "meta", ("http-equiv", "Content-Security-Policy"), ("content", PagePolicy));
        Add(head, "meta", ("name", "referrer"), ("content", "no-referrer"));
        Add(head, "meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"));
        Add(head, "title").TextContent = $"Email preview: {email.Subject}";
        Add(head, "style").TextContent = Style;

        var main = Add(document.Body!, "main");
        Add(main, "h1").TextContent = email.Subject.Length == 0 ? "(no subject)" : email.Subject;
        if (source is not null)
        {
            Add(main, "p", ("class", "source")).TextContent = $"From the file {source}";
        }

        var headers = Add(main, "table", ("class", "headers"));
        foreach (var (name, value) in email.Headers)
        {
            var row = Add(headers, "tr");
            Add(row, "th", ("scope", "row")).TextContent = name;
            Add(row, "td").TextContent = value;
        }

        foreach (var note in Notes(email))
        {
            Add(main, "p", ("class", "note")).TextContent = note;
        }

        if (email.FrameDocument is { } frame)
        {
            Add(main, "h2").TextContent = "The message (HTML, sanitized)";
            Add(main, "iframe",
                ("class", "message"),
                ("sandbox", Sandbox),
                ("referrerpolicy", "no-referrer"),
                ("title", "The message's HTML, sanitized: no scripts, forms or remote content"),
                ("srcdoc", frame));
        }

        Add(main, "h2").TextContent = "Plain text";
        Add(main, "pre", ("class", "text")).TextContent = email.Text.Length == 0 ? "(no text)" : email.Text;
        return document.ToHtml(HtmlMarkupFormatter.Instance);
    }

    /// <summary>What the preview left out, in words.</summary>
    public static IEnumerable<string> Notes(SafeEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.BlockedRemoteImages > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{email.BlockedRemoteImages} remote image(s) and style URL(s) were not loaded: loading them would tell the sender the message was opened.");
        }

        if (email.Truncated)
        {
            yield return "The message is longer than a preview carries: it shows the beginning; the whole message is in the store.";
        }
    }

    private static IElement Add(IElement parent, string tag, params (string Name, string Value)[] attributes)
    {
        var element = parent.Owner!.CreateElement(tag);
        foreach (var (name, value) in attributes)
        {
            element.SetAttribute(name, value);
        }

        parent.AppendChild(element);
        return element;
    }
}
