using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MysteryShopper.DemoSites.Companies;

// A slow, flaky competitor: every page takes 2 s (except the /lab test pages, which keep only their own
// deliberate delays), every third valid signup fails with a vague error, no email is ever sent, and email to
// support@ is never read (AnswersSupportEmail stays false).
internal sealed class DunmoreSite : DemoSite
{
    private const double PageDelaySeconds = 2;
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

        return new NewsletterOutcome(true, DemoPages.Message(
            Profile,
            "Signed up",
            "Thank you for signing up.",
            "You will receive our weekly deals."));
    }

    protected override Html AcceptContact(ContactMessage message) => DemoPages.Message(
        Profile,
        "Message sent",
        "Thank you for your message",
        "We aim to respond to all enquiries.");
}
