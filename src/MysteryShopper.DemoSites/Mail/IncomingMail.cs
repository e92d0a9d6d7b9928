namespace MysteryShopper.DemoSites.Mail;

// What both ways of reading a company's mail (IMAP, the pickup folder) agree on before a company sees an email.
internal static class IncomingMail
{
    // Why an email to mailbox gets no answer at all, or null: automatic mail is never answered (so two auto-responders
    // cannot loop), nor mail with nobody to answer, nor mail from the mailbox itself (it would answer itself forever).
    public static string? Unanswerable(SupportEmail email, string mailbox)
    {
        if (email.IsAutomatic)
        {
            return $"it is automatic (Auto-Submitted: {email.AutoSubmitted})";
        }

        if (email.ReplyTo is null)
        {
            return "it has no From or Reply-To address";
        }

        return string.Equals(email.ReplyTo.Address, mailbox, StringComparison.OrdinalIgnoreCase) ? "it comes from the mailbox itself" : null;
    }
}
