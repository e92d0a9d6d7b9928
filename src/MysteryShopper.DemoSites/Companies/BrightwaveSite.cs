using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;
using MysteryShopper.DemoSites.Mail;

namespace MysteryShopper.DemoSites.Companies;

// The "own" company, doing everything right: a personal welcome with one-click unsubscribe (RFC 8058), then a
// newsletter issue every IssueIntervalSeconds (at most MaxIssues) that stops as soon as the reader unsubscribes; an
// instant ticket acknowledgement and a real answer from a person 5 s later (to the point, with prices for the seats
// asked about, when the question is about plans), for the contact form and for email to support@ alike.
internal sealed partial class BrightwaveSite : DemoSite
{
    // "Every other Tuesday", in demo time: the first issue this long after the welcome, then as often again.
    public const double IssueIntervalSeconds = 20;

    // A demo served for days must not mail a subscriber forever.
    public const int MaxIssues = 3;

    private const string SupportPerson = "Hannah Moore";
    private const string CustomerCare = "Brightwave customer care";

    // The Monitor app's list price per seat and month, and what paying yearly takes off it.
    private const int SeatPricePerMonth = 6;
    private const double AnnualDiscount = 0.15;

    // A question with any of these gets the answer about plans and prices.
    private static readonly string[] PlanWords = ["annual", "discount", "seat"];
    private int _lastTicket = 1000;

    public BrightwaveSite(DemoSiteServices services)
        : base(BrightwaveProfile, services)
    {
    }

    private static CompanyProfile BrightwaveProfile { get; } = new(
        Id: "brightwave",
        Name: "Brightwave",
        Role: "own",
        Domain: "brightwave.example",
        Tagline: "Solar power for every home",
        About: "Brightwave designs quiet, efficient home batteries and solar kits, installed by our own engineers.",
        NewsletterPitch: "Energy-saving tips, product news and the occasional discount, every other Tuesday.",
        Style: Html.Format($$"""
            body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f3f7fd; color: #1b2a3a; }
            header { display: flex; align-items: center; justify-content: space-between; padding: 18px 40px; background: #1f6feb; }
            header a { color: #ffffff; text-decoration: none; }
            .brand { font-size: 1.6rem; font-weight: 700; letter-spacing: .02em; }
            nav a { margin-left: 24px; font-weight: 600; }
            main { max-width: 640px; margin: 40px auto; padding: 32px 40px; background: #ffffff; border-radius: 12px; box-shadow: 0 4px 18px rgba(31, 111, 235, .12); }
            h1 { color: #1f6feb; margin-top: 0; }
            .lead { font-size: 1.15rem; }
            .field { margin: 16px 0; }
            label { display: block; font-weight: 600; margin-bottom: 6px; }
            .consent label { display: inline; font-weight: 400; }
            input:not([type=checkbox]), textarea { width: 100%; box-sizing: border-box; padding: 10px; border: 1px solid #b8c7dd; border-radius: 8px; font: inherit; }
            button { background: #1f6feb; color: #ffffff; border: 0; border-radius: 8px; padding: 11px 26px; font: inherit; font-weight: 600; cursor: pointer; }
            .error { color: #b42318; background: #fef3f2; border-left: 4px solid #b42318; padding: 8px 12px; }
            footer { text-align: center; color: #6b7b8f; font-size: .85rem; padding: 24px; }
            """),
        LabReferenceBase: 10000);

    protected override NewsletterOutcome AcceptNewsletter(NewsletterSignup signup)
    {
        var unsubscribeToken = IssueUnsubscribeToken(signup.Email);
        ScheduleEmail("welcome email", 1, () => WelcomeEmail(signup, unsubscribeToken));
        for (var issue = 1; issue <= MaxIssues; issue++)
        {
            var number = issue;
            ScheduleEmail($"newsletter issue {number}", 1 + (number * IssueIntervalSeconds), () => NewsletterIssue(signup, unsubscribeToken, number));
        }
        return new NewsletterOutcome(true, DemoPages.Message(
            Profile,
            "Subscribed",
            "Thank you for subscribing!",
            $"Welcome aboard, {signup.FirstName}. A welcome email is on its way to {signup.Email}."));
    }

    protected override Html AcceptContact(ContactMessage message)
    {
        var ticket = Interlocked.Increment(ref _lastTicket);
        // Generated now so the answer can thread under the acknowledgement.
        var acknowledgementId = MimeUtils.GenerateMessageId(Profile.Domain);
        ScheduleEmail("contact acknowledgement", 0, () => Acknowledgement(message, ticket, acknowledgementId));
        ScheduleEmail("contact answer", 5, () => Answer(message, acknowledgementId));
        return DemoPages.Message(
            Profile,
            "Message sent",
            "Thank you for your message",
            $"Your ticket number is #{ticket}. We have sent a confirmation to {message.Email}, and one of our team will answer shortly.");
    }

    public override IReadOnlyList<string> Mailboxes => [Profile.SupportAddress];

    public override void Receive(string mailbox, SupportEmail email)
    {
        // A reply to one of our acknowledgements keeps its ticket; anything else opens a new one.
        var tagged = TicketTag().Match(email.Subject);
        var ticket = tagged.Success
            ? int.Parse(tagged.Groups["number"].ValueSpan, CultureInfo.InvariantCulture)
            : Interlocked.Increment(ref _lastTicket);
        var subject = tagged.Success ? email.Subject.Remove(tagged.Index, tagged.Length).Trim() : email.Subject;
        ScheduleEmail("support acknowledgement", 0, () => SupportAcknowledgement(email, ticket, subject));
        ScheduleEmail("support answer", 5, () => SupportAnswer(email));
    }

    [GeneratedRegex(@"\s*\[Ticket #(?<number>\d{1,9})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TicketTag();

    // "20 seats", "50 seats": the team size asked about, else 20.
    [GeneratedRegex(@"(?<count>\d{1,5})\s*seats?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeatCount();

    private static bool AsksAboutPlans(string text) => PlanWords.Any(word => text.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static int SeatsAskedAbout(string text) =>
        SeatCount().Match(text) is { Success: true } found && int.TryParse(found.Groups["count"].ValueSpan, CultureInfo.InvariantCulture, out var seats) && seats > 0
            ? seats
            : 20;

    private MimeMessage SupportAcknowledgement(SupportEmail question, int ticket, string subject)
    {
        var text = $"""
            Hello,

            This is an automatic confirmation that we have received your email.
            Your ticket number is #{ticket}. One of our team will reply to you personally, usually within a working day.

            {CustomerCare}
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Arial, sans-serif; color: #1b2a3a;">
            <p>Hello,</p>
            <p>This is an automatic confirmation that we have received your email.
            Your ticket number is <strong>#{ticket}</strong>. One of our team will reply to you personally, usually within a working day.</p>
            <p>{CustomerCare}</p>
            </body></html>
            """);
        var email = CreateReply(
            question,
            new MailboxAddress(CustomerCare, Profile.SupportAddress),
            $"{ReplySubject(subject)} [Ticket #{ticket}]",
            text,
            html);
        email.Headers.Add("Auto-Submitted", "auto-replied");
        email.Headers.Add("X-Auto-Response-Suppress", "All");
        return email;
    }

    private MimeMessage SupportAnswer(SupportEmail question)
    {
        var greeting = question.FirstName.Length > 0 ? $"Hi {question.FirstName}," : "Hello,";
        var asked = $"{question.Subject}\n{question.Text}";
        var (text, html) = AsksAboutPlans(asked) ? PlansAnswer(SeatsAskedAbout(question.Text)) : GeneralAnswer();
        var body = $"""
            {greeting}

            {text}

            Best wishes,
            {SupportPerson}
            Customer care, Brightwave
            """;
        var bodyHtml = Html.Format($"""
            <html><body style="font-family: Arial, sans-serif; color: #1b2a3a;">
            <p>{greeting}</p>
            {html}
            <p>Best wishes,<br>{SupportPerson}<br>Customer care, Brightwave</p>
            </body></html>
            """);
        return CreateReply(question, new MailboxAddress(SupportPerson, Profile.SupportAddress), ReplySubject(question.Subject), body, bodyHtml);
    }

    private static (string Text, Html Html) PlansAnswer(int seats)
    {
        var monthly = seats * SeatPricePerMonth * 12;
        var annual = (int)Math.Round(monthly * (1 - AnnualDiscount));
        var discount = (int)Math.Round(AnnualDiscount * 100);
        var (monthlyText, annualText) = (monthly.ToString("N0", CultureInfo.InvariantCulture), annual.ToString("N0", CultureInfo.InvariantCulture));
        var seatsText = seats.ToString(CultureInfo.InvariantCulture);
        return (
            $"""
            Thanks for asking. Yes, we offer an annual plan for the Brightwave Monitor app, and it comes with a discount:
            paid yearly, every seat costs {discount}% less than on the monthly plan. For {seatsText} seats that is EUR {annualText} a year
            instead of EUR {monthlyText}, and seats you add during the year get the same discount.

            If you tell me how many seats you need, I will send you a quote today, or set up a free 30-day trial for your team.
            """,
            Html.Format($"""
                <p>Thanks for asking. Yes, we offer an <strong>annual plan</strong> for the Brightwave Monitor app, and it comes with a discount:
                paid yearly, every seat costs {discount}% less than on the monthly plan. For {seatsText} seats that is EUR {annualText} a year
                instead of EUR {monthlyText}, and seats you add during the year get the same discount.</p>
                <p>If you tell me how many seats you need, I will send you a quote today, or set up a free 30-day trial for your team.</p>
                """));
    }

    private static (string Text, Html Html) GeneralAnswer() => (
        """
        Thanks for your email, I am happy to help. I have looked at your question and passed the details to the right
        person in our team; you will hear from us today. If you have an order or customer number, just reply with it
        and I can look into it straight away.
        """,
        Html.Format($"""
            <p>Thanks for your email, I am happy to help. I have looked at your question and passed the details to the right
            person in our team; you will hear from us today. If you have an order or customer number, just reply with it
            and I can look into it straight away.</p>
            """));

    private MimeMessage WelcomeEmail(NewsletterSignup signup, string unsubscribeToken)
    {
        var unsubscribeUrl = $"{SiteUrl}/unsubscribe?token={unsubscribeToken}";
        var text = $"""
            Hi {signup.FirstName},

            Welcome to the Brightwave newsletter, and thank you for signing up!

            Every other Tuesday you will get practical tips for using less energy at home,
            news about our batteries and solar kits, and now and then a subscriber-only offer.

            Sunny regards,
            The Brightwave team

            Unsubscribe at any time: {unsubscribeUrl}
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Arial, sans-serif; color: #1b2a3a;">
            <h1 style="color: #1f6feb;">Welcome, {signup.FirstName}!</h1>
            <p>Hi {signup.FirstName},</p>
            <p>Welcome to the Brightwave newsletter, and thank you for signing up!</p>
            <p>Every other Tuesday you will get practical tips for using less energy at home, news about our batteries and solar kits, and now and then a subscriber-only offer.</p>
            <p>Sunny regards,<br>The Brightwave team</p>
            <p style="font-size: 12px; color: #6b7b8f;"><a href="{unsubscribeUrl}">Unsubscribe</a> at any time.</p>
            </body></html>
            """);
        var email = CreateEmail(CompanyMailbox, new MailboxAddress(signup.Name, signup.Email), $"Welcome to Brightwave, {signup.FirstName}!", text, html);
        email.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>, <mailto:unsubscribe@{Profile.Domain}?subject=unsubscribe>");
        email.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return email;
    }

    private MimeMessage Acknowledgement(ContactMessage message, int ticket, string messageId)
    {
        var text = $"""
            Hello,

            This is an automatic confirmation that we have received your message.
            Your ticket number is #{ticket}. One of our team will reply to you personally, usually within a working day.

            Your message:
            {message.Message}

            Brightwave customer care
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Arial, sans-serif; color: #1b2a3a;">
            <p>Hello,</p>
            <p>This is an automatic confirmation that we have received your message.
            Your ticket number is <strong>#{ticket}</strong>. One of our team will reply to you personally, usually within a working day.</p>
            <p>Your message:</p>
            <blockquote style="white-space: pre-wrap; border-left: 3px solid #b8c7dd; margin: 0; padding-left: 12px;">{message.Message}</blockquote>
            <p>Brightwave customer care</p>
            </body></html>
            """);
        var email = CreateEmail(
            CompanyMailbox,
            new MailboxAddress(message.Name, message.Email),
            $"We received your message [Ticket #{ticket}]",
            text,
            html,
            messageId);
        email.Headers.Add("Auto-Submitted", "auto-replied");
        return email;
    }

    // Hannah's answer to the contact form: the plans and prices when that is what was asked, else the general answer.
    // Its subject carries no ticket tag: that is how helpdesk machinery looks, and this is a person writing.
    private MimeMessage Answer(ContactMessage message, string acknowledgementId)
    {
        var (answer, answerHtml) = AsksAboutPlans(message.Message)
            ? PlansAnswer(SeatsAskedAbout(message.Message))
            : (
                """
                Thanks for getting in touch. I have read your message and I am happy to help:
                I have passed the details to our installation team, and they will call you to arrange a visit.
                If anything else comes up in the meantime, just reply to this email and it will come straight to me.
                """,
                Html.Format($"""
                    <p>Thanks for getting in touch. I have read your message and I am happy to help:
                    I have passed the details to our installation team, and they will call you to arrange a visit.
                    If anything else comes up in the meantime, just reply to this email and it will come straight to me.</p>
                    """));
        var text = $"""
            Hi {message.FirstName},

            {answer}

            Best wishes,
            {SupportPerson}
            Customer care, Brightwave
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Arial, sans-serif; color: #1b2a3a;">
            <p>Hi {message.FirstName},</p>
            {answerHtml}
            <p>Best wishes,<br>{SupportPerson}<br>Customer care, Brightwave</p>
            </body></html>
            """);
        var email = CreateEmail(
            new MailboxAddress(SupportPerson, Profile.SupportAddress),
            new MailboxAddress(message.Name, message.Email),
            "Re: Your question",
            text,
            html);
        email.InReplyTo = acknowledgementId;
        email.References.Add(acknowledgementId);
        return email;
    }

    // One issue of the newsletter, only while the reader is subscribed: an unsubscribe stops every issue still to come.
    private MimeMessage? NewsletterIssue(NewsletterSignup signup, string unsubscribeToken, int number)
    {
        if (!IsSubscribed(unsubscribeToken))
        {
            Log.Information("Demo company {CompanyId} sends {Email} no newsletter issue {Number}: they unsubscribed", Profile.Id, signup.Email, number);
            return null;
        }

        var unsubscribeUrl = $"{SiteUrl}/unsubscribe?token={unsubscribeToken}";
        var tip = IssueTips[(number - 1) % IssueTips.Length];
        var text = $"""
            Hi {signup.FirstName},

            This fortnight's energy tip: {tip}

            Sunny regards,
            The Brightwave team

            You get this because you subscribed at Brightwave. Unsubscribe with one click: {unsubscribeUrl}
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Arial, sans-serif; color: #1b2a3a;">
            <h1 style="color: #1f6feb;">Brightwave news, issue {number}</h1>
            <p>Hi {signup.FirstName},</p>
            <p>This fortnight's energy tip: {tip}</p>
            <p>Sunny regards,<br>The Brightwave team</p>
            <p style="font-size: 12px; color: #6b7b8f;">You get this because you subscribed at Brightwave. <a href="{unsubscribeUrl}">Unsubscribe</a> with one click.</p>
            </body></html>
            """);
        var email = CreateEmail(CompanyMailbox, new MailboxAddress(signup.Name, signup.Email), $"Brightwave news, issue {number}: {IssueTitles[(number - 1) % IssueTitles.Length]}", text, html);
        email.Headers.Add("List-Id", $"Brightwave news <news.{Profile.Domain}>");
        email.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>, <mailto:unsubscribe@{Profile.Domain}?subject=unsubscribe>");
        email.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return email;
    }

    private static readonly string[] IssueTitles = ["run the dishwasher at noon", "what a battery saves in winter", "five standby culprits"];

    private static readonly string[] IssueTips =
    [
        "run the dishwasher and the washing machine around midday, when your panels make the most power.",
        "a charged battery covers the evening peak, when grid power is dearest; in winter it still saves a third.",
        "the TV box, the printer, the games console: unplug what you do not use, and save up to EUR 80 a year.",
    ];
}
