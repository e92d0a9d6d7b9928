using MailKit.Net.Smtp;
using MysteryShopper.Execution;
using MysteryShopper.Settings;
using Serilog;

namespace MysteryShopper.Bots.Mail;

/// <summary>Sends probe email through an SMTP server (MailKit): STARTTLS or SSL, authentication, time-outs.</summary>
public sealed class SmtpSender(MailServer server, TimeProvider time, ILogger log) : IMailSender
{
    public async Task<SentEmail> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var message = PickupSender.Build(email, now);
        using var client = new SmtpClient { Timeout = (int)server.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(server.Host, server.Port, server.SocketOptions, cancellationToken);
            if (server.User is not null)
            {
                await client.AuthenticateAsync(server.User, server.Password ?? "", cancellationToken);
            }

            var response = await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            log.Debug("SMTP {Server} accepted {MessageId}: {Response}", server.ToString(), message.MessageId, response);
            return new SentEmail(message.MessageId ?? "", now);
        }
        catch (Exception e) when (e is SmtpCommandException or MailKit.Security.AuthenticationException || MailErrors.IsTransient(e))
        {
            throw new MailSendException($"the SMTP server {server} did not take the message to {email.To}: {e.Message}", e);
        }
    }

    /// <summary>Connects, reads the greeting, says EHLO (STARTTLS when asked) and logs in, then quits: sends nothing.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)server.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(server.Host, server.Port, server.SocketOptions, cancellationToken);
            if (server.User is not null)
            {
                await client.AuthenticateAsync(server.User, server.Password ?? "", cancellationToken);
            }

            await client.DisconnectAsync(true, cancellationToken);
            log.Debug("SMTP {Server} answered and took the login", server.ToString());
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new SenderUnavailableException(MailErrors.Unreachable("SMTP", server, e, "sender.smtp"), e);
        }
    }
}
