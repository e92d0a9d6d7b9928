using System.Globalization;
using MimeKit;
using MimeKit.Utils;

namespace MysteryShopper.Execution;

/// <summary>
/// How a probe answers a received email, as a mail client would: to its Reply-To (else From), "Re: " once, threaded by
/// In-Reply-To and References (RFC 5322 3.6.4), the original quoted below an "On DATE, NAME wrote:" line. Pure: the
/// probe runner sends what these make.
/// </summary>
public static class Replies
{
    /// <summary>Where an answer goes: the Reply-To address, else the From address; null when neither is an address.</summary>
    public static string? AddressOf(ReceivedEmail original) =>
        original.ReplyTo is { Length: > 0 } replyTo ? replyTo : Sender(original.From)?.Address;

    /// <summary>"Re: " and the original subject, unless it starts with Re: already (any case).</summary>
    public static string Subject(string original) =>
        original.TrimStart().StartsWith("re:", StringComparison.OrdinalIgnoreCase) ? original : $"Re: {original}";

    /// <summary>
    /// The threading of an answer: In-Reply-To is the original's Message-ID, References its References and then its
    /// Message-ID (ids without angle brackets, as MimeKit keeps them). An original with no Message-ID (known by a hash)
    /// gives no In-Reply-To, and only its References.
    /// </summary>
    public static (string? InReplyTo, IReadOnlyList<string> References) Thread(ReceivedEmail original)
    {
        var references = original.Headers.TryGetValue("References", out var header) ? MimeUtils.EnumerateReferences(header).ToList() : [];
        var messageId = original.Id.StartsWith("sha256:", StringComparison.Ordinal) ? null : original.Id.Trim().Trim('<', '>');
        if (messageId is not null && !references.Contains(messageId, StringComparer.Ordinal))
        {
            references.Add(messageId);
        }

        return (messageId, references);
    }

    /// <summary>The original below an attribution line, each of its lines prefixed with "> " (an empty line with ">").</summary>
    public static string Quote(ReceivedEmail original)
    {
        var name = Sender(original.From) is { } sender ? (string.IsNullOrWhiteSpace(sender.Name) ? sender.Address : sender.Name) : original.From;
        var date = original.ReceivedAt.ToString("ddd, d MMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture);
        var lines = original.Text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? ">" : $"> {l}");
        return $"On {date}, {name} wrote:\n" + string.Join('\n', lines);
    }

    /// <summary>The body with the quoted original below it, when asked.</summary>
    public static string Body(string body, ReceivedEmail original, bool quote) =>
        quote ? $"{body.TrimEnd()}\n\n{Quote(original)}\n" : body;

    /// <summary>The HTML body with the quoted original below it in a blockquote, when asked (everything encoded).</summary>
    public static string? Html(string? html, ReceivedEmail original, bool quote)
    {
        if (html is null || !quote)
        {
            return html;
        }

        var quoted = Quote(original).Split('\n');
        var cited = string.Join("<br>\n", quoted.Skip(1).Select(l => System.Net.WebUtility.HtmlEncode(l.StartsWith("> ", StringComparison.Ordinal) ? l[2..] : l.TrimStart('>'))));
        return $"{html}\n<p>{System.Net.WebUtility.HtmlEncode(quoted[0])}</p>\n<blockquote type=\"cite\">{cited}</blockquote>";
    }

    private static MailboxAddress? Sender(string from) =>
        InternetAddressList.TryParse(from, out var list) ? list.Mailboxes.FirstOrDefault() : null;
}

/// <summary>A <c>mailto:</c> URI (RFC 6068) as RFC 2369 List-Unsubscribe uses it: the address, and the subject and body it asks for.</summary>
public sealed record Mailto(string To, string? Subject, string? Body)
{
    public static Mailto? TryParse(string uri)
    {
        if (!uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = uri["mailto:".Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var to = Uri.UnescapeDataString(query < 0 ? rest : rest[..query]).Split(',')[0].Trim();
        string? subject = null;
        string? body = null;
        foreach (var pair in (query < 0 ? "" : rest[(query + 1)..]).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "to" when to.Length == 0:
                    to = value.Split(',')[0].Trim();
                    break;
                case "subject":
                    subject = value;
                    break;
                case "body":
                    body = value;
                    break;
            }
        }

        return MailboxAddress.TryParse(to, out var address) && address.Address.Contains('@', StringComparison.Ordinal) ? new Mailto(address.Address, subject, body) : null;
    }
}
