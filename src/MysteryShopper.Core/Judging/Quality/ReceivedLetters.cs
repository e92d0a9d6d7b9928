using MimeKit;
using MysteryShopper.Execution;

namespace MysteryShopper.Judging.Quality;

public static partial class Letters
{
    /// <summary>
    /// The message as the mail bot read it, for when its raw MIME was not kept (or does not read): the headers the
    /// reading kept, the text body, no HTML. A card judged from this has less to go on (no Authentication-Results, no
    /// HTML links), which its parts say in their evidence; judging the raw message (<see cref="Read"/>) is preferred.
    /// </summary>
    public static Letter From(ReceivedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var sender = InternetAddressList.TryParse(email.From, out var list) ? list.Mailboxes.FirstOrDefault() : null;
        List<MailHeader> headers =
        [
            new("From", email.From),
            new("Subject", email.Subject),
            .. email.To.Select(to => new MailHeader("To", to)),
            new("Message-ID", $"<{email.Id.Trim('<', '>')}>"),
        ];
        if (email.InReplyTo.Count > 0)
        {
            headers.Add(new MailHeader("In-Reply-To", $"<{email.InReplyTo[0].Trim('<', '>')}>"));
        }

        // The reading keeps only a few headers (List-Unsubscribe, Auto-Submitted…); those it has are the message's own.
        headers.AddRange(email.Headers
            .Where(h => !h.Key.Equals("From", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Subject", StringComparison.OrdinalIgnoreCase))
            .Select(h => new MailHeader(h.Key, h.Value)));
        return new Letter
        {
            Subject = email.Subject,
            From = sender?.Address ?? email.From,
            FromName = sender?.Name ?? "",
            Headers = headers,
            Text = email.Text.ReplaceLineEndings("\n"),
            Folder = email.Folder,
        };
    }
}
