using System.Diagnostics.CodeAnalysis;

namespace MysteryShopper.Settings;

/// <summary>A SpamAssassin daemon (spamd) to score messages with: mshop.yaml's <c>checks.spamd</c> and <c>mshop judge --spamd</c>.</summary>
public sealed record SpamdAddress
{
    public const string Hint = "write HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:783 (spamd's default port)";

    private SpamdAddress(string host, int port) => (Host, Port) = (host, port);

    public string Host { get; }

    public int Port { get; }

    /// <summary>HOST:PORT, the port a whole number from 1 to 65535; an IPv6 address in brackets (<c>[::1]:783</c>).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SpamdAddress? address, [NotNullWhen(false)] out SettingProblem? problem)
    {
        address = null;
        var colon = text.LastIndexOf(':');
        var host = colon <= 0 ? "" : text[..colon].Trim();
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace) || !MailServer.Ports.TryParse(text[(colon + 1)..].Trim(), out var port, out _))
        {
            problem = new SettingProblem($"'{text}' is not HOST:PORT", Hint);
            return false;
        }

        address = new SpamdAddress(host, port);
        problem = null;
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
