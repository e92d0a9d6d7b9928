using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MysteryShopper.Bots.Mail;

/// <summary>The one place that decides whether a mail server error is worth another try.</summary>
public static class MailErrors
{
    /// <summary>
    /// True for a dropped or refused connection, a timeout or a garbled reply: connecting again may well work. False for a
    /// refused login, a command the server rejected, cancellation, and anything that is not about the connection.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AuthenticationException => false,
        MailboxUnavailableException { InnerException: { } inner } => IsTransient(inner),
        IOException or SocketException or TimeoutException or ImapProtocolException or SmtpProtocolException
            or ServiceNotConnectedException or ServiceNotAuthenticatedException => true,
        // MailKit says "The ImapClient is not connected." this way when the connection went away between commands.
        InvalidOperationException => exception.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
