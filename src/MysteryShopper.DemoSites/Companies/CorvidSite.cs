using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MimeKit;
using MimeKit.Utils;
using MysteryShopper.DemoSites.Mail;

namespace MysteryShopper.DemoSites.Companies;

// A competitor with two lists and an old-fashioned helpdesk. The newsletter is double opt-in by link: a confirmation
// link first, then a generic welcome. Its letters (/letters) are confirmed only by a reply: the confirmation's Reply-To
// is confirm+TOKEN@corvid.example, and only mail there (or a reply carrying the token) confirms and brings the welcome.
// A contact request gets a template acknowledgement at once ("dealt with in due course") and the next day (about 20
// hours later) an agent's real answer sent through the helpdesk, which marks it Auto-Submitted like any machine would;
// email to support@ only ever gets the acknowledgement.
internal sealed partial class CorvidSite : DemoSite
{
    // How long the trade desk takes to answer a contact request: "the next day", so a run can end before it arrives
    // and a later collect finds it (72,000 s = 20 h, times the time scale).
    public const double ContactAnswerDelaySeconds = 20 * 60 * 60;

    private const string TradeDeskPerson = "Edmund Hale";

    // A message with any of these gets the answer about annual accounts and volume prices.
    private static readonly string[] PlanWords = ["annual", "discount", "seat"];

    // The automatic reply to the contact form and to email alike.
    private const string AcknowledgementText = """
        Hello,

        Your request has been received and will be dealt with in due course.
        Please do not reply to this email.

        Corvid & Co
        """;

    private const string HelpdeskMarker = "##- Please type your reply above this line -##";

    private readonly ConcurrentDictionary<string, PendingSubscription> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingSubscription> _pendingLetters = new(StringComparer.Ordinal);
    private int _lastHelpdeskTicket = 48200;

    public CorvidSite(DemoSiteServices services)
        : base(CorvidProfile, services)
    {
    }

    private static CompanyProfile CorvidProfile { get; } = new(
        Id: "corvid",
        Name: "Corvid & Co",
        Role: "competitor",
        Domain: "corvid.example",
        Tagline: "Fine stationery since 1887",
        About: "Corvid & Co makes notebooks, fountain pens and writing paper the old-fashioned way, in small batches.",
        NewsletterPitch: "Seasonal collections and letters from the workshop, once a month.",
        Style: Html.Format($$"""
            body { margin: 0; font-family: Georgia, "Times New Roman", serif; background: #f6f3ec; color: #2b2b2b; }
            header { padding: 28px 48px 18px; background: #1e3b34; border-bottom: 6px solid #c9a85c; }
            header a { color: #f6f3ec; text-decoration: none; }
            .brand { display: block; font-size: 2rem; font-style: italic; }
            nav { margin-top: 10px; }
            nav a { margin-right: 28px; font-variant: small-caps; font-size: 1.05rem; letter-spacing: .1em; }
            main { max-width: 600px; margin: 48px auto; padding: 0 24px; }
            h1 { color: #1e3b34; font-weight: normal; font-size: 2rem; border-bottom: 1px solid #c9a85c; padding-bottom: 8px; }
            .lead { font-size: 1.2rem; font-style: italic; }
            .field { margin: 18px 0; }
            label { display: block; margin-bottom: 4px; font-variant: small-caps; font-size: 1.1rem; }
            .consent label { display: inline; font-variant: normal; font-size: 1rem; }
            input:not([type=checkbox]), textarea { width: 100%; box-sizing: border-box; padding: 8px; border: 0; border-bottom: 2px solid #1e3b34; background: #fffdf8; font: inherit; }
            button { background: #1e3b34; color: #f6f3ec; border: 1px solid #c9a85c; padding: 10px 30px; font: inherit; letter-spacing: .08em; cursor: pointer; }
            .error { color: #8a1c1c; font-style: italic; }
            footer { text-align: center; color: #7a746a; font-size: .85rem; padding: 32px; }
            """),
        LabReferenceBase: 20000);

    protected override NewsletterOutcome AcceptNewsletter(NewsletterSignup signup)
    {
        var token = NewToken();
        _pending[token] = new PendingSubscription(signup);
        ScheduleEmail("confirmation request", 3, () => ConfirmationEmail(signup, token));
        return new NewsletterOutcome(true, DemoPages.Message(
            Profile,
            "Confirm your subscription",
            "Thank you! Please confirm your subscription",
            $"We have sent a link to {signup.Email}. Please click it to confirm your subscription."));
    }

    protected override Html AcceptContact(ContactMessage message)
    {
        // Generated now so the answer can thread under the acknowledgement.
        var acknowledgementId = MimeUtils.GenerateMessageId(Profile.Domain);
        ScheduleEmail("contact acknowledgement", 2, () => Acknowledgement(message, acknowledgementId));
        var ticket = Interlocked.Increment(ref _lastHelpdeskTicket);
        ScheduleEmail("contact answer", ContactAnswerDelaySeconds, () => Answer(message, ticket, acknowledgementId));
        return DemoPages.Message(
            Profile,
            "Message sent",
            "Thank you for your message",
            "Your request has been passed to the appropriate department.");
    }

    // Where replies to a letters confirmation go: confirm+TOKEN@corvid.example lands in this mailbox.
    private string ConfirmAddress => $"confirm@{Profile.Domain}";

    public override IReadOnlyList<string> Mailboxes => [Profile.SupportAddress, ConfirmAddress];

    public override void Receive(string mailbox, SupportEmail email)
    {
        if (mailbox.Equals(ConfirmAddress, StringComparison.OrdinalIgnoreCase))
        {
            ConfirmLettersByReply(email);
            return;
        }

        // Nobody ever writes back to support@: the automatic reply is all a question gets.
        ScheduleEmail("support acknowledgement", 2, () => SupportAcknowledgement(email));
    }

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/newsletter/confirm", ConfirmAsync);
        app.MapGet("/letters", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LettersForm()));
        app.MapPost("/letters", context => SignupPostAsync(context, "letters", AcceptLetters, LettersForm));
    }

    private Html LettersForm(params string[] errors) => DemoPages.SignupForm(
        Profile,
        errors,
        "Letters from the workshop",
        "Letters from the workshop",
        "A long letter from our workshop each season, on paper-making, inks and the people behind them.",
        "/letters");

    private NewsletterOutcome AcceptLetters(NewsletterSignup signup)
    {
        var token = NewToken();
        _pendingLetters[token] = new PendingSubscription(signup);
        ScheduleEmail("letters confirmation request", 3, () => LettersConfirmationEmail(signup, token));
        return new NewsletterOutcome(true, DemoPages.Message(
            Profile,
            "Confirm your subscription",
            "Thank you! Please confirm by reply",
            $"We have written to {signup.Email}. Simply reply to that email to confirm your subscription."));
    }

    // A reply confirms when it goes to confirm+TOKEN@, or, sent to confirm@ itself, carries the token in its subject.
    private void ConfirmLettersByReply(SupportEmail email)
    {
        var token = email.DetailFor(ConfirmAddress) ?? LettersToken().Match(email.Subject) switch
        {
            { Success: true } found => found.Groups["token"].Value,
            _ => null,
        };
        if (token is null || !_pendingLetters.TryGetValue(token.ToLowerInvariant(), out var subscription))
        {
            Log.Information("Demo company {CompanyId} confirms nothing with {Subject} from {Sender}: it names no pending subscription", Profile.Id, email.Subject, email.ReplyToAddress);
            return;
        }

        // A second reply must not send a second welcome.
        if (subscription.TryConfirm())
        {
            Log.Information("Demo company {CompanyId} confirmed the letters subscription of {Email} by reply", Profile.Id, subscription.Signup.Email);
            var unsubscribeToken = IssueUnsubscribeToken(subscription.Signup.Email);
            ScheduleEmail("letters welcome", 1, () => LettersWelcomeEmail(subscription.Signup, unsubscribeToken));
        }
    }

    [GeneratedRegex(@"\[ref (?<token>[0-9a-f]{32})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LettersToken();

    private MimeMessage LettersConfirmationEmail(NewsletterSignup signup, string token)
    {
        var text = $"""
            Dear {signup.FirstName},

            Thank you for asking for our Letters from the workshop.

            To confirm your subscription, simply reply to this email; you need not write anything.
            Until you do, we will not write to you again.

            Corvid & Co
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Georgia, serif; color: #2b2b2b;">
            <p>Dear {signup.FirstName},</p>
            <p>Thank you for asking for our Letters from the workshop.</p>
            <p>To confirm your subscription, simply <strong>reply to this email</strong>; you need not write anything.
            Until you do, we will not write to you again.</p>
            <p>Corvid &amp; Co</p>
            </body></html>
            """);
        var email = CreateEmail(
            new MailboxAddress(Profile.Name, $"letters@{Profile.Domain}"),
            new MailboxAddress(signup.Name, signup.Email),
            $"Reply to confirm: Letters from the workshop [ref {token}]",
            text,
            html);
        email.ReplyTo.Add(new MailboxAddress($"{Profile.Name} letters", $"confirm+{token}@{Profile.Domain}"));
        email.Headers.Add("Auto-Submitted", "auto-generated");
        return email;
    }

    private MimeMessage LettersWelcomeEmail(NewsletterSignup signup, string unsubscribeToken)
    {
        var unsubscribeUrl = $"{SiteUrl}/unsubscribe?token={unsubscribeToken}";
        var text = $"""
            Dear {signup.FirstName},

            Welcome to our Letters from the workshop: thank you for confirming. The first letter comes with the season.

            Corvid & Co

            To unsubscribe: {unsubscribeUrl}
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Georgia, serif; color: #2b2b2b;">
            <p>Dear {signup.FirstName},</p>
            <p>Welcome to our Letters from the workshop: thank you for confirming. The first letter comes with the season.</p>
            <p>Corvid &amp; Co</p>
            <p style="font-size: 11px;"><a href="{unsubscribeUrl}">Unsubscribe</a></p>
            </body></html>
            """);
        var email = CreateEmail(new MailboxAddress(Profile.Name, $"letters@{Profile.Domain}"), new MailboxAddress(signup.Name, signup.Email), "Welcome to our Letters from the workshop", text, html);
        email.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        return email;
    }

    private async Task ConfirmAsync(HttpContext context)
    {
        var token = context.Request.Query["token"].ToString();
        if (!_pending.TryGetValue(token, out var subscription))
        {
            await WriteHtmlAsync(context, StatusCodes.Status404NotFound, DemoPages.Message(
                Profile,
                "Invalid link",
                "This confirmation link is not valid",
                "It may have been mistyped. Please sign up again."));
            return;
        }

        // A second click shows the same page but must not send a second welcome.
        if (subscription.TryConfirm())
        {
            var unsubscribeToken = IssueUnsubscribeToken(subscription.Signup.Email);
            ScheduleEmail("welcome email", 1, () => WelcomeEmail(subscription.Signup, unsubscribeToken));
        }

        await WriteHtmlAsync(context, StatusCodes.Status200OK, DemoPages.Message(
            Profile,
            "Subscription confirmed",
            "Subscription confirmed",
            "Thank you. You will receive our next newsletter."));
    }

    private MimeMessage ConfirmationEmail(NewsletterSignup signup, string token)
    {
        var confirmUrl = $"{SiteUrl}/newsletter/confirm?token={token}";
        var text = $"""
            Hello,

            Please confirm your subscription to the Corvid & Co newsletter by opening this link:

            {confirmUrl}

            If you did not ask to subscribe, you can ignore this email.

            Corvid & Co
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Georgia, serif; color: #2b2b2b;">
            <p>Hello,</p>
            <p>Please confirm your subscription to the Corvid &amp; Co newsletter:</p>
            <p><a href="{confirmUrl}">Confirm my subscription</a></p>
            <p>If you did not ask to subscribe, you can ignore this email.</p>
            <p>Corvid &amp; Co</p>
            </body></html>
            """);
        return CreateEmail(CompanyMailbox, new MailboxAddress(signup.Name, signup.Email), "Please confirm your subscription", text, html);
    }

    private MimeMessage WelcomeEmail(NewsletterSignup signup, string unsubscribeToken)
    {
        var unsubscribeUrl = $"{SiteUrl}/unsubscribe?token={unsubscribeToken}";
        var text = $"""
            Dear subscriber,

            Welcome to our newsletter. You will receive news of our seasonal collections once a month.

            Corvid & Co

            To unsubscribe: {unsubscribeUrl}
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Georgia, serif; color: #2b2b2b;">
            <p>Dear subscriber,</p>
            <p>Welcome to our newsletter. You will receive news of our seasonal collections once a month.</p>
            <p>Corvid &amp; Co</p>
            <p style="font-size: 11px;"><a href="{unsubscribeUrl}">Unsubscribe</a></p>
            </body></html>
            """);
        var email = CreateEmail(CompanyMailbox, new MailboxAddress(signup.Name, signup.Email), "Welcome to our newsletter", text, html);
        email.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        return email;
    }

    private static Html AcknowledgementHtml() => Html.Format($"""
        <html><body style="font-family: Georgia, serif; color: #2b2b2b;">
        <p>Hello,</p>
        <p>Your request has been received and will be dealt with in due course.<br>Please do not reply to this email.</p>
        <p>Corvid &amp; Co</p>
        </body></html>
        """);

    private MimeMessage Acknowledgement(ContactMessage message, string messageId)
    {
        var email = CreateEmail(CompanyMailbox, new MailboxAddress(message.Name, message.Email), "Request received", AcknowledgementText, AcknowledgementHtml(), messageId);
        email.Headers.Add("Auto-Submitted", "auto-replied");
        return email;
    }

    // The trade desk's answer, a day late but written by a person, and to the point when the question is about plans and
    // prices. It goes out through the helpdesk, which dresses every message alike: the ticket in the subject, the "reply
    // above this line" marker, and Auto-Submitted: auto-generated, although a person wrote it.
    private MimeMessage Answer(ContactMessage message, int ticket, string acknowledgementId)
    {
        var asksAboutPlans = PlanWords.Any(word => message.Message.Contains(word, StringComparison.OrdinalIgnoreCase));
        var answer = asksAboutPlans
            ? """
              Thank you for your enquiry, and my apologies for the wait. We do offer an annual trade account: paid
              yearly, it gives a 10% discount on every order, and for a team of 20 seats or more we add free delivery
              and a named account manager. I would be glad to send you a quotation for your team.
              """
            : """
              Thank you for your enquiry, and my apologies for the wait. I have looked into your question and would
              be glad to help further: if you reply with a few more details, I will come back to you the same day.
              """;
        var text = $"""
            {HelpdeskMarker}

            {TradeDeskPerson} (Corvid & Co Trade desk)

            Dear {message.FirstName},

            {answer}

            Kind regards,
            {TradeDeskPerson}
            Trade desk, Corvid & Co

            --------------------------------
            This email is a service from Corvid & Co Trade desk. Ticket #{ticket}.
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Georgia, serif; color: #2b2b2b;">
            <div style="color: #b5b5b5;">{HelpdeskMarker}</div>
            <p style="color: #555555;"><strong>{TradeDeskPerson}</strong> (Corvid &amp; Co Trade desk)</p>
            <p>Dear {message.FirstName},</p>
            <p>{answer}</p>
            <p>Kind regards,<br>{TradeDeskPerson}<br>Trade desk, Corvid &amp; Co</p>
            <p style="font-size: 11px; color: #999999;">This email is a service from Corvid &amp; Co Trade desk. Ticket #{ticket}.</p>
            </body></html>
            """);
        var email = CreateEmail(
            new MailboxAddress(TradeDeskPerson, $"trade@{Profile.Domain}"),
            new MailboxAddress(message.Name, message.Email),
            $"[Corvid & Co] Re: Your enquiry [#{ticket}]",
            text,
            html);
        email.InReplyTo = acknowledgementId;
        email.References.Add(acknowledgementId);
        // What Zendesk puts on every ticket message, an agent's reply included.
        email.Headers.Add("Auto-Submitted", "auto-generated");
        email.Headers.Add("X-Mailer", "Zendesk Mailer");
        email.Headers.Add("X-Zendesk-From-Account-Id", "7c1f0a2");
        email.Headers.Add("X-Zendesk-Email-Id", NewToken()[..26].ToUpperInvariant());
        email.Headers.Add("X-Zendesk-Ticket-Id", ticket.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return email;
    }

    private MimeMessage SupportAcknowledgement(SupportEmail question)
    {
        var email = CreateReply(question, new MailboxAddress(Profile.Name, Profile.SupportAddress), "Request received", AcknowledgementText, AcknowledgementHtml());
        email.Headers.Add("Auto-Submitted", "auto-replied");
        return email;
    }

    private sealed class PendingSubscription(NewsletterSignup signup)
    {
        private int _confirmed;

        public NewsletterSignup Signup { get; } = signup;

        public bool TryConfirm() => Interlocked.Exchange(ref _confirmed, 1) == 0;
    }
}
