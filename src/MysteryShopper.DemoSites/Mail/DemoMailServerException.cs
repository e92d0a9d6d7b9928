namespace MysteryShopper.DemoSites.Mail;

/// <summary>
/// <see cref="DemoCompanies.StartAsync"/> could not use <see cref="DemoOptions.MailServer"/>: start the mail server,
/// or fix its host, ports or password, and start the demo companies again.
/// </summary>
public sealed class DemoMailServerException : Exception
{
    public DemoMailServerException()
    {
    }

    public DemoMailServerException(string message)
        : base(message)
    {
    }

    public DemoMailServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static DemoMailServerException SmtpUnreachable(DemoMailServer server, Exception inner) => new(
        $"The demo companies cannot send mail: the SMTP server {server.Host}:{server.SmtpPort} did not answer ({inner.Message}). "
            + "Is the mail server running (tools/mailserver.sh start), and is MailServer.SmtpPort its MSHOP_SMTP_PORT?",
        inner);

    internal static DemoMailServerException ImapUnreachable(DemoMailServer server, string user, Exception inner) => new(
        $"The demo companies cannot read {user}: the IMAP server {server.Host}:{server.ImapPort} did not answer ({inner.Message}). "
            + "Is the mail server running (tools/mailserver.sh start), and is MailServer.ImapPort its MSHOP_IMAP_PORT?",
        inner);

    internal static DemoMailServerException ImapLoginRefused(DemoMailServer server, string user, Exception inner) => new(
        $"The IMAP server {server.Host}:{server.ImapPort} refused the login of {user} ({inner.Message}). "
            + "Is MailServer.Password the mail server's MSHOP_IMAP_PASSWORD?",
        inner);
}
