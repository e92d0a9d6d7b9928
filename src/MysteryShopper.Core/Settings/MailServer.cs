using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Settings;

/// <summary>How a connection to a mail server is secured; <see cref="Auto"/> lets the mail client decide by port.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MailSecurity>))]
public enum MailSecurity
{
    None,
    StartTls,
    Ssl,
    Auto,
}

/// <summary>
/// A mail server: IMAP to read probe mail, or SMTP to send it (mshop.yaml's <c>mailbox.imap</c> and <c>sender.smtp</c>,
/// the local test server, the demo companies' mailbox). The bots map <see cref="Security"/> to their mail client's options.
/// </summary>
public sealed record MailServer
{
    /// <summary>The ports a server can listen on.</summary>
    public static readonly WholeNumbers Ports = new(1, 65535);

    /// <summary>The words mshop.yaml's <c>security</c> takes, with what each means, in the order of <see cref="MailSecurity"/>.</summary>
    public static readonly IReadOnlyList<(string Name, MailSecurity Value)> Securities = Enum.GetValues<MailSecurity>().Select(s => (NameOf(s), s)).ToArray();

    public static readonly IReadOnlyList<string> SecurityNames = Securities.Select(s => s.Name).ToArray();

    public required string Host { get; init; }
    public required int Port { get; init; }
    public MailSecurity Security { get; init; } = MailSecurity.Auto;
    public string? User { get; init; }
    public string? Password { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The word for <see cref="Security"/>: none, starttls, ssl or auto.</summary>
    [JsonIgnore]
    public string SecurityName => NameOf(Security);

    /// <summary>One of <see cref="SecurityNames"/>.</summary>
    public static bool TryParseSecurity(string text, out MailSecurity security, [NotNullWhen(false)] out SettingProblem? problem)
    {
        var known = Securities.FirstOrDefault(s => s.Name == text);
        security = known.Name is null ? MailSecurity.Auto : known.Value;
        problem = known.Name is null ? new SettingProblem($"'{text}' is not known", Suggest.DidYouMean(text, SecurityNames)) : null;
        return problem is null;
    }

    // Never the password: this is what messages and logs show.
    public override string ToString() => $"{Host}:{Port} ({SecurityName})";

    private static string NameOf(MailSecurity security) => security.ToString().ToLowerInvariant();
}
