namespace MysteryShopper.DemoSites.Mail;

/// <summary>
/// A real mail server for the demo companies (such as the one <c>tools/mailserver.sh start</c> runs): they send
/// through its SMTP port and read their support mailboxes (<c>support@brightwave.example</c>...) over its IMAP port.
/// Both are plain text on loopback: no TLS, no SMTP authentication.
/// </summary>
/// <param name="Host">Host name or address of both servers, such as <c>127.0.0.1</c>.</param>
/// <param name="SmtpPort">SMTP port that accepts mail for the demo domains (<c>MSHOP_SMTP_PORT</c>).</param>
/// <param name="ImapPort">IMAP port (<c>MSHOP_IMAP_PORT</c>).</param>
/// <param name="Password">The IMAP password of the support mailboxes (<c>MSHOP_IMAP_PASSWORD</c>).</param>
public sealed record DemoMailServer(string Host, int SmtpPort, int ImapPort, string Password)
{
    // The password stays out of logs and exception messages.
    public override string ToString() => $"{Host} (SMTP {SmtpPort}, IMAP {ImapPort})";
}
