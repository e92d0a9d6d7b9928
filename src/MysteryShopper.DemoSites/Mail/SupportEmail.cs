using MimeKit;
using MysteryShopper.DemoSites.Companies;

namespace MysteryShopper.DemoSites.Mail;

// An email that arrived in a company's support mailbox, as much of it as an answer needs.
// ReplyTo is where answers go: the first Reply-To mailbox if there is one, else the first From mailbox.
internal sealed record SupportEmail(
    string? MessageId,
    IReadOnlyList<string> References,
    string Subject,
    string SenderName,
    MailboxAddress? ReplyTo,
    string Text,
    string? AutoSubmitted)
{
    public string FirstName => FormFields.FirstWord(SenderName);

    public string ReplyToAddress => ReplyTo?.Address ?? "(nobody)";

    // RFC 3834: anything but "Auto-Submitted: no" (or no header at all) was sent by a machine, and must get no automatic answer.
    public bool IsAutomatic => AutoSubmitted is { } value && !value.Split(';', 2)[0].Trim().Equals("no", StringComparison.OrdinalIgnoreCase);

    public static SupportEmail Read(MimeMessage message)
    {
        var from = message.From.Mailboxes.FirstOrDefault();
        var replyTo = message.ReplyTo.Mailboxes.FirstOrDefault() ?? from;
        var autoSubmitted = message.Headers[HeaderId.AutoSubmitted];
        return new SupportEmail(
            string.IsNullOrWhiteSpace(message.MessageId) ? null : message.MessageId,
            [.. message.References],
            message.Subject?.Trim() ?? string.Empty,
            from?.Name?.Trim() ?? string.Empty,
            replyTo is null ? null : new MailboxAddress(string.IsNullOrWhiteSpace(replyTo.Name) ? from?.Name : replyTo.Name, replyTo.Address),
            message.TextBody ?? message.HtmlBody ?? string.Empty,
            autoSubmitted);
    }
}
