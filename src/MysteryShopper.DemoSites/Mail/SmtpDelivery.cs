using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MysteryShopper.DemoSites.Mail;

/// <summary>
/// Hands each email to an SMTP server (MailKit, no TLS and no authentication: a loopback test server), which
/// delivers it to every To, Cc and Bcc recipient. The message goes as it is: the receiving server adds
/// <c>Received</c>, <c>Delivered-To</c> and the like. A temporary failure (the connection, or a 4xx reply)
/// is tried again twice; anything else throws.
/// </summary>
public sealed class SmtpDelivery : IMailDelivery
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)];

    private readonly string _host;
    private readonly int _port;
    private readonly TimeProvider _timeProvider;

    /// <summary>Sends through the SMTP server at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public SmtpDelivery(string host, int port, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _host = host;
        _port = port;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = await ConnectAsync(cancellationToken);
                await client.SendAsync(message, cancellationToken);
                await QuitAsync(client);
                return;
            }
            catch (Exception exception) when (attempt < RetryDelays.Length && IsTemporary(exception) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryDelays[attempt], _timeProvider, cancellationToken);
            }
        }
    }

    // Connects and says EHLO, so a wrong port shows up before any email is due.
    internal async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(_host, _port, SecureSocketOptions.None, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception exception) when (IsTemporary(exception))
        {
            // The server has taken the message; a failed QUIT must not make it go out twice.
        }
    }

    private static bool IsTemporary(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or TimeoutException => true,
        _ => false,
    };
}
