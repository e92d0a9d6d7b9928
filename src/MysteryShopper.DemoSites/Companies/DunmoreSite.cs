using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MimeKit;

namespace MysteryShopper.DemoSites.Companies;

// A slow, flaky, pushy competitor: every page takes 2 s (except the /lab test pages, which keep only their own
// deliberate delays) and every third valid signup fails with a vague error. A signup that works gets no welcome but
// "deals of the week" 2 s later and then every DealsIntervalSeconds (MaxDeals in all), with a List-Unsubscribe link and
// no one-click: its /unsubscribe page says "unsubscribed", and the deals keep coming. The contact form brings a sales
// email with an unfilled {{first_name}} that pushes a call and answers nothing; email to support@ is never read
// (no Mailboxes).
internal sealed class DunmoreSite : DemoSite
{
    // "Weekly", in demo time.
    public const double DealsIntervalSeconds = 20;

    // A demo served for days must stop somewhere, even Dunmore.
    public const int MaxDeals = 6;

    private const double PageDelaySeconds = 2;
    private const string SalesPerson = "Gary Pratt";

    private static readonly (string Title, string Offer)[] Deals =
    [
        ("up to 60% off toner!!!", "Up to 60% OFF toner and ink cartridges, this week only!"),
        ("copy paper from EUR 2.99!!!", "A4 copy paper from EUR 2.99 a ream: stock up NOW!"),
        ("office chairs half price!!!", "Ergonomic office chairs at HALF PRICE while stocks last!"),
    ];

    private int _validSignups;

    public DunmoreSite(DemoSiteServices services)
        : base(DunmoreProfile, services)
    {
    }

    private static CompanyProfile DunmoreProfile { get; } = new(
        Id: "dunmore",
        Name: "Dunmore Direct",
        Role: "competitor",
        Domain: "dunmore.example",
        Tagline: "Office supplies at trade prices",
        About: "Dunmore Direct delivers paper, toner, furniture and everything else your office needs, next working day.",
        NewsletterPitch: "Weekly deals and clearance offers straight to your inbox.",
        Style: Html.Format($$"""
            body { margin: 0; font-family: Verdana, Tahoma, sans-serif; background: #fff7ec; color: #33261a; font-size: 15px; }
            header { display: flex; align-items: baseline; gap: 32px; padding: 12px 24px; background: #c2410c; border-bottom: 4px solid #7c2d12; }
            header a { color: #fff7ec; }
            .brand { font-size: 1.5rem; font-weight: bold; letter-spacing: .04em; text-decoration: none; }
            nav a { margin-right: 16px; }
            main { max-width: 720px; margin: 24px auto; padding: 20px 28px; background: #ffffff; border: 2px solid #fed7aa; }
            h1 { color: #9a3412; font-size: 1.5rem; }
            .lead { font-weight: bold; }
            .field { margin: 12px 0; }
            label { display: inline-block; width: 90px; font-weight: bold; vertical-align: top; padding-top: 6px; }
            .consent label { width: auto; font-weight: normal; vertical-align: baseline; padding-top: 0; }
            input:not([type=checkbox]), textarea { width: 60%; padding: 6px; border: 1px solid #9a3412; font: inherit; }
            button { background: #f97316; color: #ffffff; border: 2px solid #9a3412; padding: 8px 20px; font: inherit; font-weight: bold; cursor: pointer; }
            .error { color: #ffffff; background: #dc2626; padding: 8px 12px; font-weight: bold; }
            footer { color: #9a3412; font-size: .8rem; padding: 16px 24px; }
            """),
        LabReferenceBase: 30000);

    protected override void ConfigurePipeline(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments(LabPath)
                && !await HoldBackAsync(context, PageDelaySeconds))
            {
                return;
            }

            await next(context);
        });
    }

    protected override NewsletterOutcome AcceptNewsletter(NewsletterSignup signup)
    {
        // The 2nd, 5th, 8th... valid signup fails, so a demo run reliably hits the error.
        var count = Interlocked.Increment(ref _validSignups);
        if (count % 3 == 2)
        {
            Log.Debug("Demo company {CompanyId} rejects valid signup number {Count} on purpose", Profile.Id, count);
            return new NewsletterOutcome(false, NewsletterForm("Something went wrong. Please try again."));
        }


        var unsubscribeToken = IssueUnsubscribeToken(signup.Email);
        for (var issue = 1; issue <= MaxDeals; issue++)
        {
            var number = issue;
            ScheduleEmail($"deals email {number}", 2 + ((number - 1) * DealsIntervalSeconds), () => DealsEmail(signup, unsubscribeToken, number));
        }

        return new NewsletterOutcome(true, DemoPages.Message(
            Profile,
            "Signed up",
            "Thank you for signing up.",
            "You will receive our weekly deals."));
    }

    protected override Html AcceptContact(ContactMessage message)
    {
        ScheduleEmail("sales reply", 4, () => SalesReply(message));
        return DemoPages.Message(
            Profile,
            "Message sent",
            "Thank you for your message",
            "We aim to respond to all enquiries.");
    }

    // The marketing tool's "personal" follow-up: its merge field was never filled in, it shouts, and it answers nothing.
    private MimeMessage SalesReply(ContactMessage message)
    {
        const string Greeting = "Hi {{first_name}},";
        var text = $"""
            {Greeting}

            Thanks for your interest in Dunmore Direct!!! Our sales team is standing by to find the PERFECT solution for your business.

            BOOK A CALL TODAY and one of our specialists will walk you through our full range.
            Limited-time offer: book before Friday and get 20% OFF your first order!!!

            >> Book your call now: {SiteUrl}/contact

            Don't miss out,
            {SalesPerson}
            Senior Sales Executive, Dunmore Direct
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Verdana, sans-serif; color: #33261a;">
            <p>{Greeting}</p>
            <p>Thanks for your interest in Dunmore Direct!!! Our sales team is standing by to find the <strong>PERFECT</strong> solution for your business.</p>
            <p style="font-size: 18px; color: #c2410c;"><strong>BOOK A CALL TODAY</strong> and one of our specialists will walk you through our full range.</p>
            <p><strong>Limited-time offer:</strong> book before Friday and get <strong>20% OFF</strong> your first order!!!</p>
            <p><a href="{SiteUrl}/contact" style="background: #f97316; color: #ffffff; padding: 10px 18px;">Book your call now</a></p>
            <p>Don't miss out,<br>{SalesPerson}<br>Senior Sales Executive, Dunmore Direct</p>
            </body></html>
            """);
        return CreateEmail(
            new MailboxAddress($"{SalesPerson}, Dunmore Direct", $"sales@{Profile.Domain}"),
            new MailboxAddress(message.Name, message.Email),
            "Thanks for your interest in Dunmore Direct!!!",
            text,
            html);
    }

    // Deals, whether or not the reader unsubscribed: the unsubscribe page only says so.
    private MimeMessage DealsEmail(NewsletterSignup signup, string unsubscribeToken, int number)
    {
        if (!IsSubscribed(unsubscribeToken))
        {
            Log.Information("Demo company {CompanyId} sends {Email} deals email {Number} although they unsubscribed", Profile.Id, signup.Email, number);
        }

        var unsubscribeUrl = $"{SiteUrl}/unsubscribe?token={unsubscribeToken}";
        var (title, offer) = Deals[(number - 1) % Deals.Length];
        var text = $"""
            DEALS OF THE WEEK at Dunmore Direct!!!

            {offer}

            Shop now at {SiteUrl} before stocks run out!

            Dunmore Direct, office supplies at trade prices.
            To stop receiving these emails: {unsubscribeUrl}
            """;
        var html = Html.Format($"""
            <html><body style="font-family: Verdana, sans-serif; color: #33261a;">
            <h1 style="color: #c2410c;">DEALS OF THE WEEK!!!</h1>
            <p style="font-size: 18px;">{offer}</p>
            <p><a href="{SiteUrl}">Shop now</a> before stocks run out!</p>
            <p style="font-size: 10px; color: #999999;">Dunmore Direct, office supplies at trade prices. <a href="{unsubscribeUrl}">Unsubscribe</a></p>
            </body></html>
            """);
        var email = CreateEmail(CompanyMailbox, new MailboxAddress(signup.Name, signup.Email), $"Deals of the week: {title}", text, html);
        // A link to open, and no List-Unsubscribe-Post: no one-click.
        email.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        email.Headers.Add("Precedence", "bulk");
        return email;
    }
}
