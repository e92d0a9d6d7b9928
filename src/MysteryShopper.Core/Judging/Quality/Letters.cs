using System.Text.RegularExpressions;
using MimeKit;

namespace MysteryShopper.Judging.Quality;

/// <summary>Reads a MIME message (an <c>.eml</c> file, a stored message) into the <see cref="Letter"/> the judge reads.</summary>
public static partial class Letters
{
    [GeneratedRegex(@"\r?\n[ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex Fold();

    /// <summary>
    /// The message in <paramref name="mime"/>: its top-level headers unfolded and in order, the text body (else the HTML
    /// body's visible text) and the HTML body. A stream that is not a mail message throws <see cref="FormatException"/>.
    /// </summary>
    public static Letter Read(Stream mime, string folder = "INBOX")
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

        var letter = From(message, folder);

        // MimeKit reads anything; a message with no From, no Date and no Subject header is not one.
        if (!letter.Headers.Any(h => h.Name.Equals("From", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Subject", StringComparison.OrdinalIgnoreCase)))
        {
            throw new FormatException("Not a mail message: it has neither a From nor a Subject header.");
        }

        return letter;
    }

    /// <summary>
    /// The letter of a message already parsed (the mail bot reads each message once, for its reading and its kind):
    /// headers unfolded and in order, the text body (else the HTML body's visible text: the one HTML-to-text mshop
    /// has) and the HTML body.
    /// </summary>
    public static Letter From(MimeMessage message, string folder = "INBOX")
    {
        var headers = message.Headers.Select(h => new MailHeader(h.Field, Fold().Replace(h.Value, " ").Trim())).ToList();
        var from = message.From.Mailboxes.FirstOrDefault();
        var html = message.HtmlBody;
        var parsed = new MailText.ParsedHtml(MailText.Parse(html));
        var text = message.TextBody;
        var letter = new Letter
        {
            Subject = message.Subject ?? "",
            From = from?.Address ?? "",
            FromName = from?.Name ?? "",
            Headers = headers,
            Text = (string.IsNullOrWhiteSpace(text) ? parsed.Text : text).ReplaceLineEndings("\n"),
            Html = html,
            Folder = folder,
        };

        // The parts that read the HTML (placeholders, links) use this parse instead of making their own.
        MailText.Remember(letter, parsed);
        return letter;
    }
}
