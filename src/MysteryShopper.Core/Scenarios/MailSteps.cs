using System.Text.RegularExpressions;
using MysteryShopper.Judging;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Scenarios;

/// <summary>Sends an email from the probe's address; <see cref="As"/> names it so replies can be matched.</summary>
public sealed record SendEmailStep(Template To, Template Subject, Template Body) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "send_email",
        Description = "Send an email from the probe's own address (always a submitting step).",
        Form = StepForm.Mapping,
        Arguments =
        [
            new Key("to", "A target's email name (e.g. support, from the target's 'emails:') or an address. May hold {placeholders}.", Shapes.Text) { Required = true },
            new Key("subject", "The subject. May hold {placeholders}.", Shapes.Text) { Required = true },
            new Key("body", "The plain-text body, e.g. \"{question.text}\". May hold {placeholders}.", Shapes.Text) { Required = true },
            new Key("html", "An HTML body besides the plain text. May hold {placeholders}.", Shapes.Text),
            new Key("as", "A name for the sent email, so measures can use NAME.sent.", Shapes.Ref("name")),
        ],
        Runner = StepRunner.Probe,
        MaySubmit = true,
        SendsMail = true,
        InFrame = false,
        Read = i => i.WithMapping(map =>
        {
            var to = map.Required("to", "e.g. to: support (the target's support address) or an address") as YamlScalarNode;
            var subject = map.Required("subject") as YamlScalarNode;
            var body = map.Required("body", "e.g. body: \"{question.text}\"") as YamlScalarNode;
            var html = map["html"] as YamlScalarNode;
            var asNode = map["as"];
            var name = asNode is null ? null : i.Name(asNode, "as", "email name");
            if (to is null || subject is null || body is null || (asNode is not null && name is null))
            {
                return null;
            }

            return new SendEmailStep(i.Template(to), i.Template(subject), i.Template(body)) { Place = i.Place, As = name, Html = html is null ? null : i.Template(html) };
        }),
    };

    public string? As { get; init; }
    public Template? Html { get; init; }
    public override StepType Type => Definition;
    public override string Describe() => $"send_email to {To}: \"{Subject}\"";
    public override IEnumerable<Template?> Templates() => [To, Subject, Body, Html];
    public override IEnumerable<LocatorSpec?> Locators() => [];
    public override DefinedName? Defines() => As is null ? null : new(As, NameKind.SentEmail);
}

/// <summary>Which kind of message an <c>expect_email</c> accepts.</summary>
public enum EmailKind
{
    Any,
    Auto,
    Human,
    Marketing,
}

/// <summary>Waits for an email to the probe's address; <see cref="As"/> names it for later steps and measures.</summary>
public sealed record ExpectEmailStep(string As, TimeSpan Within) : Step
{
    private static readonly (string, EmailKind)[] Kinds = [("any", EmailKind.Any), ("auto", EmailKind.Auto), ("human", EmailKind.Human), ("marketing", EmailKind.Marketing)];

    public static readonly StepType Definition = new()
    {
        Keyword = "expect_email",
        Description = "Wait for an email to the probe's address; 'as' names it for later steps, measures and judging.",
        Form = StepForm.Mapping,
        Arguments =
        [
            new Key("as", "The email's name: measures use NAME.received, click_email_link and judge use NAME.", Shapes.Ref("name")) { Required = true },
            new Key("within", "How long to wait for it, e.g. 10m or 2d.", Shapes.Ref("duration")) { Required = true },
            new Key("kind", "Which messages count, by the quality card's kind (content wins over headers): any (default), auto (an acknowledgement, receipt or autoresponder), human (a person's reply) or marketing (a newsletter, welcome or promotion).", Shapes.Enum(Kinds)) { Default = "any" },
            new Key("subject", "Case-insensitive text the subject must contain.", Shapes.Text),
            new Key("from", "Case-insensitive text the sender's address or name must contain.", Shapes.Text),
            new Key("body", "Case-insensitive text the body must contain.", Shapes.Text),
        ],
        Runner = StepRunner.Probe,
        MaySubmit = false,
        InFrame = false,
        Read = i => i.WithMapping(map =>
        {
            var asNode = map.Required("as", "name the email for later steps and measures, e.g. as: welcome");
            var name = asNode is null ? null : i.Name(asNode, "as", "email name");
            var within = i.Reader.Duration(map.Required("within", "say how long to wait, e.g. within: 10m"), "within");
            // An empty kind is reported as empty, and the step still read as 'any'.
            var kind = map.Text("kind") is null ? EmailKind.Any : map.Choice("kind", Kinds, "write any, auto (an automatic reply), human (a person's reply) or marketing (bulk mail)");
            if (name is null || within is null || kind is null)
            {
                return null;
            }

            return new ExpectEmailStep(name, within.Value)
            {
                Place = i.Place,
                Kind = kind.Value,
                Subject = map.Text("subject"),
                From = map.Text("from"),
                Body = map.Text("body"),
            };
        }),
    };

    /// <summary>Case-insensitive text the subject must contain.</summary>
    public string? Subject { get; init; }

    /// <summary>Case-insensitive text the sender's address or name must contain.</summary>
    public string? From { get; init; }

    /// <summary>Case-insensitive text the body must contain.</summary>
    public string? Body { get; init; }

    public EmailKind Kind { get; init; } = EmailKind.Any;

    public override StepType Type => Definition;
    public override string Describe() => $"expect_email {As} within {Duration.Format(Within)}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];
    public override DefinedName Defines() => new(As, NameKind.ReceivedEmail);
}

/// <summary>Opens a link from a received email in the probe's own browser context.</summary>
public sealed record ClickEmailLinkStep(string Email) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "click_email_link",
        Description = "Open a link from a received email in the probe's own browser.",
        Form = StepForm.Mapping,
        Arguments =
        [
            new Key("email", "The 'as' name of an earlier expect_email.", Shapes.Ref("name")) { Required = true },
            new Key("text", "Case-insensitive text the link's visible text must contain.", Shapes.Text),
            new Key("url", "Case-insensitive text the link's URL must contain.", Shapes.Text),
            new Key("pattern", "A regular expression the link's URL must match (case-insensitive), e.g. \"/confirm\\?token=\\w+\".", Shapes.Json("""{ "type": "string" }""")),
        ],
        Runner = StepRunner.Probe,
        MaySubmit = true,
        InFrame = false,
        Read = i => i.WithMapping(map =>
        {
            var email = i.Reader.String(map.Required("email", "name the email the link is in, e.g. email: confirmation"), "email");
            var text = map.Text("text");
            var url = map.Text("url");
            var patternNode = map["pattern"];
            var pattern = i.Regex(patternNode, "pattern");
            return email is null || (patternNode is not null && pattern is null) ? null : new ClickEmailLinkStep(email) { Place = i.Place, Text = text, Url = url, Pattern = pattern };
        }),
    };

    /// <summary>Case-insensitive text the link's visible text must contain.</summary>
    public string? Text { get; init; }

    /// <summary>Case-insensitive text the link's URL must contain.</summary>
    public string? Url { get; init; }

    /// <summary>A regular expression the link's URL must match.</summary>
    public string? Pattern { get; init; }

    public override StepType Type => Definition;
    public override string Describe() => $"click_email_link in {Email}" + (Text is null ? "" : $" \"{Text}\"");
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];
}

/// <summary>Keeps every email that arrives over a window: what a company sends in its first week.</summary>
public sealed record CollectEmailsStep(TimeSpan For, string As) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "collect_emails",
        Description = "Keep every email that arrives over a window, e.g. what a company sends in its first week; metrics get NAME.count.",
        Form = StepForm.Mapping,
        Arguments =
        [
            new Key("for", "How long to collect, e.g. 7d.", Shapes.Ref("duration")) { Required = true },
            new Key("as", "The collection's name (default collected); expect can use NAME.count.", Shapes.Ref("name")) { Default = "collected" },
        ],
        Runner = StepRunner.Probe,
        MaySubmit = false,
        InFrame = false,
        Read = i => i.WithMapping(map =>
        {
            var window = i.Reader.Duration(map.Required("for", "say how long to collect, e.g. for: 7d"), "for");
            var asNode = map["as"];
            var name = asNode is null ? "collected" : i.Name(asNode, "as", "collection name");
            return window is null || name is null ? null : new CollectEmailsStep(window.Value, name) { Place = i.Place };
        }),
    };

    public override StepType Type => Definition;
    public override string Describe() => $"collect_emails {As} for {Duration.Format(For)}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];
    public override DefinedName Defines() => new(As, NameKind.Collection);
}

/// <summary>
/// Answers an email an earlier step named, to its Reply-To (else From), threaded with In-Reply-To and References:
/// mailing lists that confirm a subscription by a reply, and a shopper's follow-up question, timed like the first.
/// </summary>
public sealed record ReplyStep(string Email, Template Body) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "reply",
        Description = "Answer a received email from the probe's address, to its Reply-To (else From), threaded with In-Reply-To and References (always a submitting step).",
        Form = StepForm.Mapping,
        Arguments =
        [
            new Key("email", "The 'as' name of an earlier expect_email: the email to answer.", Shapes.Ref("name")) { Required = true },
            new Key("body", "The plain-text body, e.g. \"And for 50 seats?\". May hold {placeholders}.", Shapes.Text) { Required = true },
            new Key("subject", "The subject (default: 'Re: ' and the original's, unless it starts with Re: already). May hold {placeholders}.", Shapes.Text),
            new Key("html", "An HTML body besides the plain text. May hold {placeholders}.", Shapes.Text),
            new Key("quote", "Quote the original below the body, each line with '> ' after an 'On DATE, NAME wrote:' line (default false).", Shapes.Json("""{ "type": "boolean" }""")) { Default = "false" },
            new Key("as", "A name for the reply, so measures can use NAME.sent.", Shapes.Ref("name")),
        ],
        Runner = StepRunner.Probe,
        MaySubmit = true,
        SendsMail = true,
        InFrame = false,
        Read = i => i.WithMapping(map =>
        {
            var email = i.Reader.String(map.Required("email", "name the email to answer, e.g. email: answer"), "email");
            var body = map.Required("body", "e.g. body: \"And for 50 seats?\"") as YamlScalarNode;
            var subject = map["subject"] as YamlScalarNode;
            var html = map["html"] as YamlScalarNode;
            var quote = map.Flag("quote");
            var asNode = map["as"];
            var name = asNode is null ? null : i.Name(asNode, "as", "email name");
            if (email is null || body is null || (map["quote"] is not null && quote is null) || (asNode is not null && name is null))
            {
                return null;
            }

            return new ReplyStep(email, i.Template(body))
            {
                Place = i.Place,
                Subject = subject is null ? null : i.Template(subject),
                Html = html is null ? null : i.Template(html),
                Quote = quote ?? false,
                As = name,
            };
        }),
    };

    /// <summary>The subject; null for "Re: " and the original's.</summary>
    public Template? Subject { get; init; }
    public Template? Html { get; init; }

    /// <summary>Quote the original below the body.</summary>
    public bool Quote { get; init; }

    public string? As { get; init; }
    public override StepType Type => Definition;
    public override string Describe() => $"reply to {Email}";
    public override IEnumerable<Template?> Templates() => [Body, Subject, Html];
    public override IEnumerable<LocatorSpec?> Locators() => [];
    public override DefinedName? Defines() => As is null ? null : new(As, NameKind.SentEmail);
}

/// <summary>
/// Leaves a mailing list the way a received email offers: RFC 8058 one-click when offered, else its List-Unsubscribe
/// link or mailto, else an unsubscribe link in its body on the target's site. <see cref="As"/> is the moment it was
/// done, for <c>expect_no_email</c> and measures.
/// </summary>
public sealed record UnsubscribeStep(string Email, string As) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "unsubscribe",
        Description = "Unsubscribe the probe as a received email offers: the RFC 8058 one-click POST when offered, else its List-Unsubscribe link (opened in the probe's browser) or mailto, else an unsubscribe link in its body on the target's site (always a submitting step).",
        Form = StepForm.Mapping,
        Arguments =
        [
            new Key("email", "The 'as' name of an earlier expect_email: the email whose way out is taken.", Shapes.Ref("name")) { Required = true },
            new Key("as", "The moment it was done (default unsubscribed): expect_no_email's 'after' and measures use it like a mark.", Shapes.Ref("name")) { Default = "unsubscribed" },
        ],
        Runner = StepRunner.Probe,
        MaySubmit = true,
        SendsMail = true,
        InFrame = false,
        Read = i => i.WithMapping(map =>
        {
            var email = i.Reader.String(map.Required("email", "name the email to unsubscribe from, e.g. email: newsletter"), "email");
            var asNode = map["as"];
            var name = asNode is null ? "unsubscribed" : i.Name(asNode, "as", "moment name");
            return email is null || name is null ? null : new UnsubscribeStep(email, name) { Place = i.Place };
        }),
    };

    public override StepType Type => Definition;
    public override string Describe() => $"unsubscribe from {Email}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];
    public override DefinedName Defines() => new(As, NameKind.Mark);
}

/// <summary>
/// Checks that no email (matching the filters) is received in a window after a moment: an unsubscribe honoured
/// (large mailbox providers ask for it within 2 days). Fails at the first one, naming it.
/// </summary>
public sealed partial record ExpectNoEmailStep(TimeSpan For, Moment After) : Step
{
    public static readonly StepType Definition = new()
    {
        Keyword = "expect_no_email",
        Description = "Check that no email to the probe's address (matching 'from' and 'subject', when given) is received for a while after a moment, e.g. after unsubscribing.",
        Form = StepForm.Mapping,
        Arguments =
        [
            new Key("for", "How long no email may arrive, e.g. 2d.", Shapes.Ref("duration")) { Required = true },
            new Key("after", "The moment the window starts: a mark (or unsubscribe's 'as'), NAME.sent or NAME.received.", Shapes.Pattern(MomentPattern, "a mark name, NAME.sent or NAME.received")) { Required = true },
            new Key("from", "Case-insensitive text the sender's address or name must contain for an email to count.", Shapes.Text),
            new Key("subject", "Case-insensitive text the subject must contain for an email to count.", Shapes.Text),
        ],
        Runner = StepRunner.Probe,
        MaySubmit = false,
        InFrame = false,
        Read = i => i.WithMapping(map =>
        {
            var window = i.Reader.Duration(map.Required("for", "say how long no email may come, e.g. for: 2d"), "for");
            var afterNode = map.Required("after", "say from which moment, e.g. after: unsubscribed");
            var after = i.Reader.String(afterNode, "after");
            Moment? moment = null;
            if (after is not null && Shape().Match(after.Trim()) is { Success: true } m)
            {
                moment = new Moment(m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null);
            }
            else if (after is not null)
            {
                i.Reader.Error(afterNode!, $"after '{after}' is not a moment", "write a mark name (e.g. unsubscribed), NAME.sent or NAME.received");
            }

            return window is null || moment is null
                ? null
                : new ExpectNoEmailStep(window.Value, moment) { Place = i.Place, AfterPlace = i.Reader.Place(afterNode!), From = map.Text("from"), Subject = map.Text("subject") };
        }),
    };

    private const string MomentPattern = "^[a-z_][a-z0-9_]*(\\.(sent|received|started))?$";

    [GeneratedRegex(@"^([a-z_][a-z0-9_]*)(?:\.([a-z_]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Where <see cref="After"/> is written, for the journey's check that it names a moment before this step.</summary>
    public SourcePlace? AfterPlace { get; init; }

    /// <summary>Case-insensitive text the sender's address or name must contain for an email to count.</summary>
    public string? From { get; init; }

    /// <summary>Case-insensitive text the subject must contain for an email to count.</summary>
    public string? Subject { get; init; }

    public override StepType Type => Definition;
    public override string Describe() => $"expect_no_email for {Duration.Format(For)} after {After}";
    public override IEnumerable<Template?> Templates() => [];
    public override IEnumerable<LocatorSpec?> Locators() => [];
}
