using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// Tells auto, human and marketing mail apart: content wins over headers, which are evidence, not the verdict.
/// <list type="number">
/// <item>Out-of-office wording → auto.</item>
/// <item>A person's reply → human: at least two of a named individual's sign-off, first person singular, a reference to
/// the question, a sentence of concrete information that is no receipt, promotion or deflection; and more of these
/// than marketing phrases, and at least as many as acknowledgement phrases. A helpdesk agent's answer with
/// <c>Auto-Submitted</c> and a ticket subject is human; a mail-merged "Hi Sam" is no sign of a person.</item>
/// <item>Otherwise the content with more distinct phrases wins: marketing (unsubscribe footer, "view in browser",
/// newsletter, offers, opt-in, welcome) or auto (receipts, ticket numbers, "our team will get back to you", account mail).</item>
/// <item>A tie (often none of either) goes to the headers: list and campaign headers → marketing, RFC 3834 and
/// ticket subjects → auto; otherwise human.</item>
/// </list>
/// </summary>
public static partial class MessageKinds
{
    // Headers whose name starts with one of these come from a helpdesk or a bulk-mail platform.
    private static readonly (string Prefix, string Platform, bool Bulk)[] PlatformHeaders =
    [
        ("X-Zendesk", "Zendesk", false), ("X-Freshdesk", "Freshdesk", false), ("X-HelpScout", "Help Scout", false), ("X-Intercom", "Intercom", false),
        ("X-HubSpot", "HubSpot", false), ("X-Front", "Front", false), ("X-Gorgias", "Gorgias", false),
        ("X-MC-", "Mailchimp", true), ("X-Mailchimp", "Mailchimp", true), ("X-Campaign", "campaign", true), ("X-SG-", "SendGrid", true),
        ("X-Klaviyo", "Klaviyo", true), ("X-Kmail", "Klaviyo", true), ("X-Mailjet", "Mailjet", true), ("X-CSA-Complaints", "bulk sender", true),
        ("X-Mailgun", "Mailgun", true), ("X-Campaign-Id", "campaign", true), ("X-Brevo", "Brevo", true), ("X-Sib", "Brevo", true),
    ];

    [GeneratedRegex(@"zendesk|freshdesk|help ?scout|intercom|hubspot|front|gorgias|kayako|zoho desk|mailchimp|sendgrid|klaviyo|mailjet|campaign monitor|brevo|sendinblue|customer\.io|braze|iterable|marketo|pardot|salesforce|activecampaign|convertkit|mailerlite",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Platform();

    // A ticket system's subject: "[Ticket #48213]", "[#12345]", "Automatic reply", "We've received your request"; AutoReply uses it too.
    [GeneratedRegex(@"\[(ticket|case|request|incident)?\s*#\s*[\w-]*\d+\]|^\s*(auto(matic)?[\s:-]*reply|out of (the )?office|request received|we('ve| have)? received your|thank you for contacting|\[auto\])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex TicketSubject();

    public static (MessageKind Kind, CardPart Part) Judge(Letter letter)
    {
        var own = MailText.OwnText(letter.Text);
        var headers = HeaderEvidence(letter, out var bulkHeaders, out var autoHeaders);

        if (Signals.OutOfOffice().Match(own) is { Success: true } away)
        {
            return Verdict(MessageKind.Auto, [$"out of office: {MailText.Quote(away.Value)}", .. headers]);
        }

        var signature = Signature.Read(letter, own);
        var acknowledgements = Distinct(Signals.Acknowledgement(), own);
        var marketing = Distinct(Signals.Marketing(), own);
        var person = PersonSignals(signature);

        if (person.Count >= 2 && person.Count > marketing.Count && person.Count >= acknowledgements.Count)
        {
            return Verdict(MessageKind.Human, [.. person, .. headers]);
        }

        if (marketing.Count != acknowledgements.Count)
        {
            return marketing.Count > acknowledgements.Count
                ? Verdict(MessageKind.Marketing, [.. marketing.Select(p => $"marketing: {MailText.Quote(p)}"), .. headers])
                : Verdict(MessageKind.Auto, [.. acknowledgements.Select(p => $"acknowledgement: {MailText.Quote(p)}"), .. headers]);
        }

        var kind = bulkHeaders ? MessageKind.Marketing : autoHeaders ? MessageKind.Auto : MessageKind.Human;
        var content = marketing.Select(p => $"marketing: {MailText.Quote(p)}").Concat(acknowledgements.Select(p => $"acknowledgement: {MailText.Quote(p)}")).Concat(person);
        return Verdict(kind, [.. content, .. headers, kind == MessageKind.Human ? "no sign of software or a list" : "content undecided: the headers decide"]);
    }

    private static (MessageKind, CardPart) Verdict(MessageKind kind, List<string> evidence) =>
        (kind, new CardPart(Parts.Kind, CardJson.Word(kind), null, evidence));

    private static List<string> Distinct(Regex regex, string text) =>
        regex.Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The signs that a person wrote: a named sign-off, "I", a reference to the question, concrete information.</summary>
    private static List<string> PersonSignals(Signature signature)
    {
        var signals = new List<string>();
        if (signature.SignOff is { } name)
        {
            signals.Add($"signed by {MailText.Quote(name)}");
        }

        var sentences = MailText.Sentences(signature.Body).Where(s => s != signature.Greeting && !Signals.Acknowledgement().IsMatch(s)).ToList();
        if (sentences.Select(s => Signals.FirstPerson().Match(s)).FirstOrDefault(m => m.Success) is { } first)
        {
            signals.Add($"first person: {MailText.Quote(first.Value)}");
        }

        if (sentences.Select(s => Signals.RefersToQuestion().Match(s)).FirstOrDefault(m => m.Success) is { } refers)
        {
            signals.Add($"refers to the question: {MailText.Quote(refers.Value)}");
        }

        if (sentences.FirstOrDefault(s => !Signals.Deflection().IsMatch(s) && Signals.Concrete().IsMatch(s)) is { } answer)
        {
            signals.Add($"answers: {MailText.Quote(answer)}");
        }

        return signals;
    }

    private static List<string> HeaderEvidence(Letter letter, out bool bulk, out bool auto)
    {
        var evidence = new List<string>();
        bulk = false;
        auto = false;
        if (letter.First("Auto-Submitted") is { } submitted && !submitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            evidence.Add($"Auto-Submitted: {submitted}");
            auto = true;
        }

        foreach (var name in new[] { "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress" })
        {
            if (letter.First(name) is { } value)
            {
                evidence.Add($"{name}: {value}");
                auto = true;
            }
        }

        if (letter.First("Precedence") is { } precedence)
        {
            evidence.Add($"Precedence: {precedence}");
            var p = precedence.Trim().ToLowerInvariant();
            bulk |= p is "bulk" or "list";
            auto |= p is "auto_reply" or "junk";
        }

        foreach (var name in new[] { "List-Id", "List-Unsubscribe", "Feedback-ID" })
        {
            if (letter.First(name) is { } value)
            {
                evidence.Add($"{name}: {(value.Length > 50 ? value[..50] + "…" : value)}");
                bulk = true;
            }
        }

        foreach (var header in letter.Headers)
        {
            foreach (var (prefix, platform, isBulk) in PlatformHeaders)
            {
                if (header.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    evidence.Add($"{platform} header {header.Name}");
                    bulk |= isBulk;
                    break;
                }
            }
        }

        if ((letter.First("X-Mailer") ?? letter.First("User-Agent")) is { } mailer && Platform().Match(mailer) is { Success: true })
        {
            evidence.Add($"X-Mailer: {mailer}");
        }

        if (TicketSubject().IsMatch(letter.Subject))
        {
            evidence.Add($"ticket subject {MailText.Quote(letter.Subject)}");
            auto = true;
        }

        return evidence.Distinct(StringComparer.Ordinal).ToList();
    }
}
