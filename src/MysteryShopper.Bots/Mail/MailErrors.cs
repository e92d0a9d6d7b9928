using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MysteryShopper.Settings;

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

    /// <summary>
    /// One line for a mail server that could not be used: what was tried, what went wrong in words, and what to check.
    /// <paramref name="protocol"/> is IMAP or SMTP; <paramref name="key"/> the mshop.yaml key that configures it.
    /// </summary>
    public static string Unreachable(string protocol, MailServer server, Exception exception, string key)
    {
        var cause = exception is MailboxUnavailableException or SenderUnavailableException ? exception.InnerException ?? exception : exception;
        var (what, hint) = cause switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                ("could not be reached: nothing accepts connections on that port (connection refused)", "its host and port, and that the server runs"),
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
                ($"could not be reached: the host name {server.Host} is not known", "its host"),
            SocketException socket =>
                ($"could not be reached: {socket.Message}", "its host and port, and that nothing blocks the connection"),
            SslHandshakeException =>
                ($"did not complete a TLS handshake (security: {server.SecurityName})", "its security (none, starttls, ssl) and port: that port may not speak TLS"),
            AuthenticationException =>
                ($"refused the login for {server.User}", "its user and password (a password from ${env:NAME} must be set in the environment)"),
            TimeoutException or OperationCanceledException =>
                ($"did not answer within {server.Timeout.TotalSeconds:0} s", $"its port: is it the {protocol} server's?"),
            ImapProtocolException or SmtpProtocolException or ProtocolException =>
                ($"does not speak {protocol} on that port ({Messages.FirstLine(cause.Message)})", "its port and security"),
            ImapCommandException or FolderNotFoundException =>
                ($"would not open the mailbox's folders ({Messages.FirstLine(cause.Message)})", "its user: the account needs an INBOX"),
            NotSupportedException =>
                ($"cannot be used: {Messages.FirstLine(cause.Message)}", "its security and login"),
            _ => ($"could not be used: {Messages.FirstLine(cause.Message)}", "its settings"),
        };
        return $"the {protocol} server {server.Host}:{server.Port} {what}; check {key} in mshop.yaml, {hint}";
    }

}
