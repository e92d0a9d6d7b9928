using MailKit.Security;
using MysteryShopper.Settings;

namespace MysteryShopper.Bots.Mail;

/// <summary>A <see cref="MailServer"/>'s security as MailKit takes it (Core knows no MailKit).</summary>
public static class MailSecurityOptions
{
    extension(MailServer server)
    {
        public SecureSocketOptions SocketOptions => server.Security switch
        {
            MailSecurity.None => SecureSocketOptions.None,
            MailSecurity.StartTls => SecureSocketOptions.StartTls,
            MailSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
    }
}
