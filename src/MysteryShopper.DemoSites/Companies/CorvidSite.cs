using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MimeKit;
using MimeKit.Utils;
using MysteryShopper.DemoSites.Mail;

namespace MysteryShopper.DemoSites.Companies;

// A competitor with double opt-in: a confirmation link first, then a generic welcome; a contact request gets an
// automatic reply at once and a person's answer the next day (about 20 hours later); email to support@ only ever gets
// the automatic reply.
internal sealed class CorvidSite : DemoSite
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

    private readonly ConcurrentDictionary<string, PendingSubscription> _pending = new(StringComparer.Ordinal);

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
        ScheduleEmail("contact answer", ContactAnswerDelaySeconds, () => Answer(message, acknowledgementId));
        return DemoPages.Message(
            Profile,
            "Message sent",
            "Thank you for your message",
            "Your request has been passed to the appropriate department.");
    }

    public override bool AnswersSupportEmail => true;

    // Nobody ever writes back: the automatic reply is all a question gets.
    public override void AnswerSupportEmail(SupportEmail email) =>
        ScheduleEmail("support acknowledgement", 2, () => SupportAcknowledgement(email));

    protected override void MapRoutes(WebApplication app) => app.MapGet("/newsletter/confirm", ConfirmAsync);

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

    // The trade desk's answer, a day late but personal, and to the point when the question is about plans and prices.
    private MimeMessage Answer(ContactMessage message, string acknowledgementId)
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
            Dear {message.FirstName},

            {answer}

            Kind regards,
            {TradeDeskPerson}
            Trade desk, Corvid & Co
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Georgia, serif; color: #2b2b2b;">
            <p>Dear {message.FirstName},</p>
            <p>{answer}</p>
            <p>Kind regards,<br>{TradeDeskPerson}<br>Trade desk, Corvid &amp; Co</p>
            </body></html>
            """);
        var email = CreateEmail(
            new MailboxAddress(TradeDeskPerson, $"trade@{Profile.Domain}"),
            new MailboxAddress(message.Name, message.Email),
            "Re: Your enquiry",
            text,
            html);
        email.InReplyTo = acknowledgementId;
        email.References.Add(acknowledgementId);
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
