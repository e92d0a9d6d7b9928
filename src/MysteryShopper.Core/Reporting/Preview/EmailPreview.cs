using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;
using MimeKit;
using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Reporting.Preview;

/// <summary>
/// Makes a received message safe to show (<see cref="SafeEmail"/>): headers and plain text as text, and the HTML body
/// sanitized by HtmlSanitizer into a document for a sandboxed iframe. Whatever the sender wrote, the preview runs no
/// script, submits nothing and loads nothing from the network: <c>cid:</c> images are inlined from the message itself,
/// remote images are replaced by their alt text, and the document carries its own Content-Security-Policy as a second
/// wall behind the sanitizer.
/// </summary>
public static partial class EmailPreview
{
    /// <summary>The policy inside the frame: images only from data: URIs (the inlined <c>cid:</c> parts), inline styles, nothing else.</summary>
    public const string FramePolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    /// <summary>
    /// The most sanitized HTML a preview carries (characters, inlined images included): a report with many messages
    /// stays small enough to send, and a 5 MB newsletter cannot bloat it. The full message stays in the store.
    /// </summary>
    public const int MaxHtmlLength = 512 * 1024;

    /// <summary>The most plain text a preview carries.</summary>
    public const int MaxTextLength = 256 * 1024;

    /// <summary>The share of <see cref="MaxHtmlLength"/> that inlined images may take; the rest is left for the text.</summary>
    private const int ImageBudget = MaxHtmlLength / 2;

    /// <summary>Headers a reader wants to see, in this order, each once.</summary>
    private static readonly string[] ShownHeaders =
    [
        "From", "Reply-To", "To", "Cc", "Date", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted", "Precedence", "Message-ID", "In-Reply-To",
    ];

    /// <summary>Image types a data: URI may carry into the frame (no SVG: it is a document that can hold scripts).</summary>
    private static readonly HashSet<string> InlineImageTypes = new(StringComparer.OrdinalIgnoreCase) { "image/png", "image/gif", "image/jpeg", "image/jpg", "image/webp", "image/bmp" };

    /// <summary>Tags a preview never needs: form controls (nothing can be submitted or typed into) and obsolete interactive ones.</summary>
    private static readonly string[] RemovedTags = ["form", "input", "button", "select", "option", "optgroup", "textarea", "datalist", "keygen", "output", "menuitem"];

    [GeneratedRegex(@"\r?\n[ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex Fold();

    [GeneratedRegex(@"^data:(?<type>[a-z]+/[a-z0-9.+-]+)(;[a-z0-9=.-]+)*;base64,[a-z0-9+/=\s]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataImage();

    // A declaration whose value loads something: url(...) to anything but an inlined image, image-set(), or IE's expression()/behavior.
    [GeneratedRegex(@"[^;{}]*(url\(\s*(?!['""]?\s*data:image/(png|gif|jpe?g|webp|bmp)[;,])|image-set\(|expression\(|behavior\s*:|-moz-binding)[^;{}]*;?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LoadingDeclaration();

    /// <summary>
    /// The preview of the message in <paramref name="mime"/>. A stream that is not a mail message throws
    /// <see cref="FormatException"/> (as <see cref="Letters.Read"/> does).
    /// </summary>
    public static SafeEmail Read(Stream mime)
    {
        MimeMessage message;
        try
        {
            message = MimeMessage.Load(mime);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Not a mail message: {e.Message}", e);
        }

        // MimeKit reads anything; a message with neither a From nor a Subject header is not one.
        if (!message.Headers.Contains(HeaderId.From) && !message.Headers.Contains(HeaderId.Subject))
        {
            throw new FormatException("Not a mail message: it has neither a From nor a Subject header.");
        }

        return From(message);
    }

    /// <summary>The preview of a message already parsed.</summary>
    public static SafeEmail From(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var html = message.HtmlBody;
        var frame = string.IsNullOrWhiteSpace(html) ? null : Frame(html, message);
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text))
        {
            // Of a huge body, only what the preview can carry is read for its text.
            text = MailText.Parse(html is { Length: > MaxHtmlLength } ? html[..MaxHtmlLength] : html) is { } document ? MailText.VisibleText(document) : "";
        }

        text = text.ReplaceLineEndings("\n");
        var textCut = text.Length > MaxTextLength;
        var sender = message.From.Mailboxes.FirstOrDefault();
        return new SafeEmail
        {
            Subject = message.Subject ?? "",
            From = sender is null ? message.From.ToString() : Mailbox(sender),
            Headers = Headers(message),
            Text = textCut ? text[..MaxTextLength] : text,
            FrameDocument = frame?.Document,
            BlockedRemoteImages = frame?.Blocked ?? 0,
            Truncated = (frame?.Truncated ?? false) || textCut,
        };
    }

    private static string Mailbox(MailboxAddress mailbox) =>
        string.IsNullOrWhiteSpace(mailbox.Name) ? mailbox.Address : $"{mailbox.Name} <{mailbox.Address}>";

    private static List<KeyValuePair<string, string>> Headers(MimeMessage message)
    {
        var shown = new List<KeyValuePair<string, string>>();
        foreach (var name in ShownHeaders)
        {
            if (message.Headers.FirstOrDefault(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } header)
            {
                shown.Add(new(name, Fold().Replace(header.Value, " ").Trim()));
            }
        }

        return shown;
    }

    private sealed record SanitizedFrame(string Document, int Blocked, bool Truncated);

    /// <summary>
    /// The sanitized document. A body too long is cut before it is sanitized (the sanitizer then closes what the cut
    /// left open, so no half tag reaches the frame), shorter each time until the result fits.
    /// </summary>
    private static SanitizedFrame Frame(string html, MimeMessage message)
    {
        var images = InlineImages(message);
        var length = Math.Min(html.Length, MaxHtmlLength);
        for (var attempt = 0; ; attempt++)
        {
            var truncated = length < html.Length;
            var (document, blocked) = Sanitize(truncated ? html[..length] : html, images, truncated);
            if (document.Length <= MaxHtmlLength || attempt == 4 || length == 0)
            {
                return document.Length <= MaxHtmlLength
                    ? new SanitizedFrame(document, blocked, truncated)
                    : new SanitizedFrame(Sanitize("", images, truncated: true).Document, blocked, Truncated: true);
            }

            length = (int)(length * (double)MaxHtmlLength / document.Length * 0.9);
        }
    }

    /// <summary>The message's inline parts by Content-ID, as data: URIs; those past the image budget are left out.</summary>
    private static Dictionary<string, string> InlineImages(MimeMessage message)
    {
        var images = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var budget = ImageBudget;
        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            if (part.ContentId is not { Length: > 0 } id || part.Content is null || !InlineImageTypes.Contains(part.ContentType.MimeType))
            {
                continue;
            }

            using var bytes = new MemoryStream();
            part.Content.DecodeTo(bytes);
            var uri = $"data:{part.ContentType.MimeType.ToLowerInvariant()};base64,{Convert.ToBase64String(bytes.GetBuffer(), 0, (int)bytes.Length)}";
            if (uri.Length <= budget)
            {
                images.TryAdd(id.Trim('<', '>'), uri);
                budget -= uri.Length;
            }
        }

        return images;
    }

    private static (string Document, int Blocked) Sanitize(string html, IReadOnlyDictionary<string, string> images, bool truncated)
    {
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in RemovedTags)
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        // Mail styles itself with <style> blocks and classes; the sanitizer cleans the style sheets it keeps.
        sanitizer.AllowedTags.Add("style");
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedAttributes.Remove("action");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("tel");
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowedAtRules.Add(CssRuleType.Style);
        sanitizer.AllowedAtRules.Add(CssRuleType.Media);

        var blocked = new HashSet<IElement>();
        var blockedCount = 0;
        sanitizer.FilterUrl += (_, e) =>
        {
            var url = e.OriginalUrl.Trim();
            var isLink = e.Tag is IHtmlAnchorElement or IHtmlAreaElement && string.Equals(e.Tag.GetAttribute("href")?.Trim(), url, StringComparison.Ordinal);
            if (isLink)
            {
                // Links stay readable (and show where they lead), but never run or open data.
                return;
            }

            if (url.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            {
                e.SanitizedUrl = images.GetValueOrDefault(Uri.UnescapeDataString(url[4..]).Trim('<', '>'));
            }
            else if (DataImage().Match(url) is { Success: true } data && InlineImageTypes.Contains(data.Groups["type"].Value))
            {
                e.SanitizedUrl = url;
            }
            else
            {
                // A remote image, background or style-sheet URL: loading it would tell the sender the mail was opened.
                // (A data: URI of another type, SVG among them, is dropped too, but it is not remote.)
                e.SanitizedUrl = null;
                blockedCount += url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? 0 : 1;
            }

            if (e.SanitizedUrl is null && e.Tag is IHtmlImageElement img)
            {
                blocked.Add(img);
            }
        };

        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            if (element is IHtmlImageElement img && (blocked.Contains(img) || !img.HasAttribute("src")))
            {
                var alt = img.GetAttribute("alt")?.Trim();
                var stand = e.Document.CreateElement("span");
                stand.ClassName = "mshop-blocked-image";
                stand.SetAttribute("style", "border: 1px dashed #999; color: #666; font-size: 12px; padding: 0 4px");
                stand.TextContent = string.IsNullOrEmpty(alt) ? "[image not loaded]" : $"[image not loaded: {alt}]";
                e.ReplacementNodes.Add(stand);
                return;
            }

            // Second line behind the URL filter: a style attribute keeps no declaration that could load anything.
            if (element.GetAttribute("style") is { } style && LoadingDeclaration().IsMatch(style))
            {
                element.SetAttribute("style", LoadingDeclaration().Replace(style, ""));
            }
        };

        sanitizer.PostProcessDom += (_, e) =>
        {
            var head = e.Document.Head!;
            foreach (var sheet in e.Document.QuerySelectorAll("style"))
            {
                if (LoadingDeclaration().IsMatch(sheet.TextContent) || sheet.TextContent.Contains("@import", StringComparison.OrdinalIgnoreCase))
                {
                    sheet.TextContent = LoadingDeclaration().Replace(sheet.TextContent, "").Replace("@import", "", StringComparison.OrdinalIgnoreCase);
                }

                // A style sheet is raw text: one that could close its element is dropped whole.
                if (sheet.TextContent.Contains("</", StringComparison.Ordinal))
                {
                    sheet.Remove();
                }
            }

            var policy = e.Document.CreateElement("meta");
            policy.SetAttribute("http-equiv", "Content-Security-Policy");
            policy.SetAttribute("content", FramePolicy);
            var referrer = e.Document.CreateElement("meta");
            referrer.SetAttribute("name", "referrer");
            referrer.SetAttribute("content", "no-referrer");
            head.Prepend(policy, referrer);
            if (truncated)
            {
                var note = e.Document.CreateElement("p");
                note.SetAttribute("style", "border-top: 1px solid #999; color: #666; font-style: italic");
                note.TextContent = "[The message is longer: the preview shows its beginning. The whole message is in the store.]";
                e.Document.Body!.AppendChild(note);
            }
        };

        var document = sanitizer.SanitizeDocument(html);
        return (document.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) ? document : "<!DOCTYPE html>" + document, blockedCount);
    }
}
