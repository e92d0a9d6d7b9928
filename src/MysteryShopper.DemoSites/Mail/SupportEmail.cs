using MimeKit;
using MysteryShopper.DemoSites.Companies;

namespace MysteryShopper.DemoSites.Mail;

// An email that arrived in one of a company's mailboxes (support@, Corvid's confirm@), as much of it as an answer needs.
// ReplyTo is where answers go: the first Reply-To mailbox if there is one, else the first From mailbox.
// Recipients are every address it was sent to, as written (confirm+TOKEN@...): To, Cc, and the X-Original-To and
// Delivered-To a mail server adds, so a plus-address is seen whichever of them keeps it.
internal sealed record SupportEmail(
    string? MessageId,
    IReadOnlyList<string> References,
    string Subject,
    string SenderName,
    MailboxAddress? ReplyTo,
    string Text,
    string? AutoSubmitted)
{
    public IReadOnlyList<string> Recipients { get; init; } = [];

    public string? InReplyTo { get; init; }

    public string FirstName => FormFields.FirstWord(SenderName);

    public string ReplyToAddress => ReplyTo?.Address ?? "(nobody)";

    // RFC 3834: anything but "Auto-Submitted: no" (or no header at all) was sent by a machine, and must get no automatic answer.
    public bool IsAutomatic => AutoSubmitted is { } value && !value.Split(';', 2)[0].Trim().Equals("no", StringComparison.OrdinalIgnoreCase);

    public static SupportEmail Read(MimeMessage message)
    {
        var from = message.From.Mailboxes.FirstOrDefault();
        var replyTo = message.ReplyTo.Mailboxes.FirstOrDefault() ?? from;
        var autoSubmitted = message.Headers[HeaderId.AutoSubmitted];
        var added = message.Headers
            .Where(header => header.Field.Equals("X-Original-To", StringComparison.OrdinalIgnoreCase) || header.Field.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase))
            .Select(header => header.Value.Trim().Trim('<', '>'));
        return new SupportEmail(
            string.IsNullOrWhiteSpace(message.MessageId) ? null : message.MessageId,
            [.. message.References],
            message.Subject?.Trim() ?? string.Empty,
            from?.Name?.Trim() ?? string.Empty,
            replyTo is null ? null : new MailboxAddress(string.IsNullOrWhiteSpace(replyTo.Name) ? from?.Name : replyTo.Name, replyTo.Address),
            message.TextBody ?? message.HtmlBody ?? string.Empty,
            autoSubmitted)
        {
            Recipients = [.. message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(mailbox => mailbox.Address).Concat(added).Distinct(StringComparer.OrdinalIgnoreCase)],
            InReplyTo = string.IsNullOrWhiteSpace(message.InReplyTo) ? null : message.InReplyTo,
        };
    }

    // The "+detail" of the first recipient at mailbox (local+detail@domain), or null.
    public string? DetailFor(string mailbox)
    {
        var at = mailbox.IndexOf('@', StringComparison.Ordinal);
        var (local, domain) = (mailbox[..at], mailbox[(at + 1)..]);
        foreach (var recipient in Recipients)
        {
            var split = recipient.LastIndexOf('@');
            var plus = recipient.IndexOf('+', StringComparison.Ordinal);
            if (split > 0 && plus > 0 && plus < split
                && recipient[..plus].Equals(local, StringComparison.OrdinalIgnoreCase)
                && recipient[(split + 1)..].Equals(domain, StringComparison.OrdinalIgnoreCase))
            {
                return recipient[(plus + 1)..split];
            }
        }

        return null;
    }
}
