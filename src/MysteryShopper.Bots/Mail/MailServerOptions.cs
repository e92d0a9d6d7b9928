using MailKit.Security;

namespace MysteryShopper.Bots.Mail;

/// <summary>How to reach a mail server: host, port, transport security and credentials.</summary>
public sealed record MailServerOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }

    /// <summary><c>none</c>, <c>starttls</c>, <c>ssl</c>, or <c>auto</c> (MailKit decides by port).</summary>
    public string Security { get; init; } = "auto";

    public string? User { get; init; }
    public string? Password { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public SecureSocketOptions SocketOptions => Security.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" or "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    public override string ToString() => $"{Host}:{Port} ({Security})";
}
