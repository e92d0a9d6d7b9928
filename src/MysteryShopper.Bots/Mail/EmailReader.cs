using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;
using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Bots.Mail;

/// <summary>Turns a MIME message into a <see cref="ReceivedEmail"/>: text, links, the headers reports show, its probe.</summary>
public static partial class EmailReader
{
    /// <summary>Headers kept with each email (auto-reply signs, list and threading headers).</summary>
    public static readonly IReadOnlyList<string> KeptHeaders =
    [
        "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id", "Auto-Submitted", "Precedence", "X-Autoreply", "X-Autorespond",
        "X-Auto-Response-Suppress", "In-Reply-To", "References", "Return-Path", "Feedback-ID",
    ];

    private static readonly string[] RecipientHeaders = ["Delivered-To", "X-Original-To"];

    // Mail in windows-1252, iso-2022-jp, koi8-r… needs the code-page encodings .NET leaves out by default.
    static EmailReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    [GeneratedRegex(@"https?://[^\s<>""')\]]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UrlInText();

    public static ReceivedEmail Read(MimeMessage message, DateTimeOffset receivedAt, DateTimeOffset seenAt, string? source, Func<string, string?> tokenOf, string folder = "INBOX")
    {
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address)
            .Concat(RecipientHeaders.SelectMany(h => message.Headers.Where(x => x.Field.Equals(h, StringComparison.OrdinalIgnoreCase)).Select(x => x.Value.Trim())))
            .Where(a => a.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        // The judge's letter, made once: its text is the reading's text (one HTML-to-text for both) and it gives the kind.
        var letter = Letters.From(message, folder);
        var text = letter.Text;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in KeptHeaders)
        {
            if (message.Headers[name] is { } value)
            {
                headers[name] = value.Trim();
            }
        }

        return new ReceivedEmail
        {
            Id = message.MessageId is { Length: > 0 } id ? id : ContentHash(message),
            From = message.From.ToString(),
            To = recipients,
            Subject = message.Subject ?? "",
            Text = text,
            Links = Links(letter.Html, text),
            ReceivedAt = receivedAt,
            SeenAt = seenAt,
            Token = recipients.Select(tokenOf).FirstOrDefault(t => t is not null),
            Headers = headers,
            Source = source,
            Folder = folder,
            InReplyTo = (message.InReplyTo is { Length: > 0 } inReplyTo ? [inReplyTo] : Array.Empty<string>()).Concat(message.References).Distinct(StringComparer.Ordinal).ToList(),
            Kind = MessageKinds.Judge(letter).Kind,
            ReplyTo = message.ReplyTo.Mailboxes.FirstOrDefault()?.Address,
            Note = message.MessageId is { Length: > 0 } ? null : "the message has no Message-ID; it is known by a hash of its content",
        };
    }

    /// <summary>A message that could not be parsed at all is still kept, with what went wrong, and never attributed to a probe.</summary>
    public static ReceivedEmail Unreadable(byte[] raw, DateTimeOffset receivedAt, DateTimeOffset seenAt, string? source, string reason, string folder = "INBOX") => new()
    {
        Id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)),
        From = "",
        To = [],
        Subject = "(unreadable message)",
        Text = "",
        Links = [],
        ReceivedAt = receivedAt,
        SeenAt = seenAt,
        Source = source,
        Folder = folder,
        Note = $"the message could not be read: {reason}",
    };

    /// <summary>Links from the HTML part (with their visible text), then bare URLs from the text part.</summary>
    public static IReadOnlyList<EmailLink> Links(string? html, string text)
    {
        var links = new List<EmailLink>();
        if (html is not null)
        {
            var tokenizer = new HtmlTokenizer(new StringReader(html));
            string? href = null;
            var label = new System.Text.StringBuilder();
            while (tokenizer.ReadNextToken(out var token))
            {
                switch (token)
                {
                    case HtmlTagToken { Id: HtmlTagId.A, IsEndTag: false } open:
                        href = open.Attributes.FirstOrDefault(a => a.Id == HtmlAttributeId.Href)?.Value;
                        label.Clear();
                        break;
                    case HtmlTagToken { Id: HtmlTagId.A, IsEndTag: true } when href is not null:
                        links.Add(new EmailLink(Squash(label.ToString()), href.Trim()));
                        href = null;
                        break;
                    case HtmlDataToken data when href is not null:
                        label.Append(data.Data);
                        break;
                }
            }
        }

        foreach (Match match in UrlInText().Matches(text))
        {
            var url = match.Value.TrimEnd('.', ',', ';', ':');
            if (!links.Any(l => l.Url == url))
            {
                links.Add(new EmailLink(url, url));
            }
        }

        return links;
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string ContentHash(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }
}
