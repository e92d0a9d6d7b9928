using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using DnsClient;
using MimeKit;
using MimeKit.Cryptography;
using MysteryShopper.Judging.Quality;
using Org.BouncyCastle.Crypto;

namespace MysteryShopper.Bots.Mail;

/// <summary>
/// DKIM public keys: looked up in DNS (<c>SELECTOR._domainkey.DOMAIN</c> TXT) and kept for the process, or given
/// (tests use a key generated for them). A key that cannot be had makes the signature "not checked", not "failed".
/// </summary>
public sealed class DkimKeys : DkimPublicKeyLocatorBase
{
    private readonly ConcurrentDictionary<string, Task<string?>> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, CancellationToken, Task<string?>> _lookup;

    private DkimKeys(Func<string, CancellationToken, Task<string?>> lookup) => _lookup = lookup;

    /// <summary>Keys from DNS, each name asked once.</summary>
    public static DkimKeys FromDns(ILookupClient? dns = null)
    {
        var client = dns ?? new LookupClient(new LookupClientOptions { Timeout = TimeSpan.FromSeconds(5), Retries = 1 });
        return new DkimKeys(async (name, cancellationToken) =>
        {
            var answer = await client.QueryAsync(name, QueryType.TXT, cancellationToken: cancellationToken);
            return answer.Answers.TxtRecords().Select(r => string.Concat(r.Text)).FirstOrDefault(t => t.Contains("p=", StringComparison.Ordinal));
        });
    }

    /// <summary>Keys given as their TXT records by name (<c>s1._domainkey.example.com</c> → <c>v=DKIM1; k=rsa; p=…</c>).</summary>
    public static DkimKeys From(IReadOnlyDictionary<string, string> records) =>
        new((name, _) => Task.FromResult(records.TryGetValue(name, out var record) ? record : null));

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var name = $"{selector}._domainkey.{domain}";
        var record = await _records.GetOrAdd(name, n => _lookup(n, CancellationToken.None));
        return record is null ? throw new DkimKeyNotFoundException(name) : GetPublicKey(record);
    }
}

/// <summary>No DKIM key could be found for a signature.</summary>
public sealed class DkimKeyNotFoundException(string name) : Exception($"no DKIM key at {name}");

/// <summary>A SpamAssassin daemon (spamd) spoken to over its SPAMC protocol: the score, the threshold and the rules that fired.</summary>
public sealed class SpamAssassin(string host, int port, TimeSpan timeout)
{
    public override string ToString() => $"spamd at {host}:{port}";

    public async Task<(double Score, double Threshold, IReadOnlyList<string> Rules)> ScoreAsync(byte[] message, CancellationToken cancellationToken)
    {
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cut.CancelAfter(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cut.Token);
        await using var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes($"SYMBOLS SPAMC/1.5\r\nContent-length: {message.Length}\r\n\r\n");
        await stream.WriteAsync(request, cut.Token);
        await stream.WriteAsync(message, cut.Token);
        client.Client.Shutdown(SocketShutdown.Send);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync(cut.Token);
        return Parse(response);
    }

    /// <summary>"SPAMD/1.1 0 EX_OK", "Spam: False ; 1.1 / 5.0", a blank line, then the rules comma-separated.</summary>
    public static (double Score, double Threshold, IReadOnlyList<string> Rules) Parse(string response)
    {
        var lines = response.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith("SPAMD/", StringComparison.Ordinal) || !lines[0].Contains(" 0 ", StringComparison.Ordinal))
        {
            throw new IOException($"spamd answered \"{lines.FirstOrDefault()}\"");
        }

        var spam = lines.FirstOrDefault(l => l.StartsWith("Spam:", StringComparison.OrdinalIgnoreCase))
            ?? throw new IOException("spamd's answer has no Spam: line");
        var numbers = spam[(spam.IndexOf(';', StringComparison.Ordinal) + 1)..].Split('/', StringSplitOptions.TrimEntries);
        var blank = Array.IndexOf(lines, "");
        var rules = blank < 0 ? [] : string.Join("", lines[(blank + 1)..]).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (double.Parse(numbers[0], CultureInfo.InvariantCulture), double.Parse(numbers[1], CultureInfo.InvariantCulture), rules);
    }
}

/// <summary>The checks outside a message's own text: its DKIM signature verified, and a SpamAssassin score when a spamd is configured.</summary>
public sealed class DeliveryChecker(DkimKeys? keys, SpamAssassin? spamd)
{
    /// <summary>Whether DKIM signatures are verified.</summary>
    public bool ChecksDkim => keys is not null;

    /// <summary>Whether a spamd scores the message.</summary>
    public bool Scores => spamd is not null;

    public async Task<DeliveryChecks> CheckAsync(byte[] raw, CancellationToken cancellationToken)
    {
        var (verified, note) = keys is null ? (null, null) : await VerifyAsync(raw, keys, cancellationToken);
        var checks = new DeliveryChecks { DkimVerified = verified, DkimNote = note };
        if (spamd is null)
        {
            return checks;
        }

        try
        {
            var (score, threshold, rules) = await spamd.ScoreAsync(raw, cancellationToken);
            return checks with { SpamScore = score, SpamThreshold = threshold, SpamRules = rules };
        }
        catch (Exception e) when (e is IOException or SocketException or FormatException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The card says what it could check; a spamd that is down takes nothing else away.
            return checks with { SpamNote = $"not scored: {spamd} did not answer ({e.Message})" };
        }
    }

    /// <summary>Whether the first DKIM signature verifies; null with a note when there is none or its key cannot be had.</summary>
    public static async Task<(bool? Verified, string? Note)> VerifyAsync(byte[] raw, DkimKeys keys, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(new MemoryStream(raw), cancellationToken);
        }
        catch (FormatException e)
        {
            return (null, $"not a message: {e.Message}");
        }

        var index = message.Headers.IndexOf(HeaderId.DkimSignature);
        if (index < 0)
        {
            return (null, "no DKIM-Signature");
        }

        try
        {
            var verified = await new DkimVerifier(keys).VerifyAsync(message, message.Headers[index], cancellationToken);
            return (verified, verified ? null : "the signature does not match the message");
        }
        catch (Exception e) when (e is DkimKeyNotFoundException or FormatException or ParseException or DnsResponseException)
        {
            return (null, e.Message);
        }
    }
}
