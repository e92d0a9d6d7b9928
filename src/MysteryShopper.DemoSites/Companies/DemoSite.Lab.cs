using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MimeKit;
using MysteryShopper.DemoSites.Lab;

namespace MysteryShopper.DemoSites.Companies;

// The /lab pages every company serves, in its own style: the awkward things real sites do (a cookie banner
// in the way, a form in a frame, CAPTCHAs, a slow and shifting page, field-by-field validation, key handlers,
// links and pages that lead to another host, dialogs, card fields, a search that echoes what was typed in every way
// a page can), for the browser bot's tests. Only the hero image and the banner on /lab/slow-lcp are delayed, by
// design. "Another host" is the same site under the other loopback name (localhost for 127.0.0.1): a different host
// to a browser, and still nothing leaves the machine.
internal abstract partial class DemoSite
{
    protected const string LabPath = "/lab";

    // LCP must come measurably late: the hero image's bytes are held back this long.
    private const double HeroDelaySeconds = 1.5;

    // CLS must be above zero: a banner is inserted above the content this long after the first paint.
    private const double ShiftDelaySeconds = 0.3;

    private int _labSignups;

    // How often each lab link and landing was opened, by "reference/what" (see /lab/hits).
    private readonly ConcurrentDictionary<string, int> _labHits = new(StringComparer.Ordinal);

    // What /lab/hits counts, in the order it shows them.
    private static readonly string[] HitNames = ["away", "broken", "home", "landing", "landing elsewhere"];

    // The card fields of /lab/checkout, by the name they post.
    private static readonly string[] CardFields = ["cardnumber", "exp-date", "cvc", "card_type", "card_number"];

    private void MapLab(WebApplication app)
    {
        // "/lab" also matches "/lab/".
        app.MapGet(LabPath, context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Index(Profile)));
        app.MapGet("/lab/cookies", LabCookiesAsync);
        app.MapGet("/lab/iframe", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.IframeHost(Profile)));
        app.MapGet("/lab/iframe-form", context =>
            WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.IframeForm(Profile, string.Empty, string.Empty, LabPages.NoErrors)));
        app.MapPost("/lab/iframe-form", LabIframePostAsync);
        foreach (var captcha in LabPages.Captchas)
        {
            app.MapGet(captcha.PagePath, context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.CaptchaForm(Profile, captcha, [])));
            app.MapPost(captcha.PagePath, context => LabCaptchaPostAsync(context, captcha));
        }

        app.MapGet("/lab/captcha-frame", LabCaptchaFrameAsync);
        app.MapGet("/lab/slow-lcp", context =>
            WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.SlowPage(Profile, Milliseconds(ShiftDelaySeconds))));
        app.MapGet("/lab/hero.svg", LabHeroAsync);
        // /lab/missing.png is left to the fallback on purpose: the slow page's broken image gets a 404.
        app.MapGet("/lab/form", context =>
            WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.SignupForm(Profile, LabSignup.Blank, LabPages.NoErrors)));
        app.MapPost("/lab/form", LabFormPostAsync);
        app.MapGet("/lab/form/done", LabFormDoneAsync);
        app.MapGet("/lab/typing", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Typing(Profile)));
        app.MapGet("/lab/busy", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Busy(Profile)));
        app.MapGet("/lab/links", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.LinksForm(Profile, [])));
        app.MapPost("/lab/links", LabLinksPostAsync);
        app.MapGet("/lab/go/{where}", LabGoAsync);
        app.MapGet("/lab/landing", LabLandingAsync);
        app.MapGet("/lab/hits", LabHitsAsync);
        app.MapGet("/lab/moved", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Moved(Profile, Elsewhere("/lab/landing"))));
        app.MapGet("/lab/leave", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Leave(Profile, Elsewhere("/lab/landing"))));
        app.MapGet("/lab/drop", context =>
        {
            // The server hangs up without an answer: the browser shows its own error page.
            context.Abort();
            return Task.CompletedTask;
        });
        app.MapGet("/lab/dialogs", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Dialogs(Profile)));
        app.MapGet("/lab/checkout", context => WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Checkout(Profile)));
        app.MapPost("/lab/checkout", LabCheckoutPostAsync);
        app.MapGet("/lab/search", LabSearchAsync);
        app.MapPost("/lab/checkout/wallet", context =>
        {
            // A payment provider's hand-off: 302 to another host.
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = Elsewhere("/lab/landing?ref=wallet");
            return Task.CompletedTask;
        });
    }

    // This site under its other loopback name.
    private string Elsewhere(string pathAndQuery) =>
        $"http://{(Url.Host == "localhost" ? "127.0.0.1" : "localhost")}:{Url.Port}{pathAndQuery}";

    private int Hit(string reference, string what) => _labHits.AddOrUpdate($"{reference}/{what}", 1, (_, count) => count + 1);

    private int Hits(string reference, string what) => _labHits.GetValueOrDefault($"{reference}/{what}");

    private static string Reference(HttpContext context) => context.Request.Query["ref"].ToString();

    private async Task LabLinksPostAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context);
        var email = FormFields.Get(form, "email");
        var reference = FormFields.Get(form, "reference");
        var errors = new List<string>();
        if (!FormFields.IsEmail(email))
        {
            errors.Add("Please enter a valid email address, such as name@example.com.");
        }

        if (reference.Length is 0 or > 40 || !reference.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("Please enter a reference of letters and digits.");
        }

        Record("lab-links", email, accepted: errors.Count == 0);
        if (errors.Count > 0)
        {
            await WriteHtmlAsync(context, StatusCodes.Status400BadRequest, LabPages.LinksForm(Profile, errors));
            return;
        }

        ScheduleEmail("lab links", 1, () => LinksEmail(email, reference));
        await WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.LinksSent(Profile, email));
    }

    // Three links of the site's own: one that redirects to another host, one that redirects within the site, and
    // one whose server fails (503).
    private MimeMessage LinksEmail(string email, string reference)
    {
        (string Text, string Url)[] links =
        [
            ("Open your account", $"{SiteUrl}/lab/go/away?ref={reference}"),
            ("See your order", $"{SiteUrl}/lab/go/home?ref={reference}"),
            ("Track your parcel", $"{SiteUrl}/lab/go/broken?ref={reference}"),
        ];
        var text = "Hello,\n\nHere are your links:\n\n" + string.Concat(links.Select(l => $"{l.Text}: {l.Url}\n")) + $"\n{Profile.Name}\n";
        var html = Html.Format($"""
            <html><body>
            <p>Hello,</p>
            <p>Here are your links:</p>
            {Html.Join(links.Select(l => Html.Format($"<p><a href=\"{l.Url}\">{l.Text}</a></p>\n")))}
            <p>{Profile.Name}</p>
            </body></html>
            """);
        return CreateEmail(CompanyMailbox, new MailboxAddress(string.Empty, email), "Your links", text, html);
    }

    private async Task LabGoAsync(HttpContext context)
    {
        var where = context.Request.RouteValues["where"]?.ToString() ?? string.Empty;
        var reference = Reference(context);
        switch (where)
        {
            case "away":
                Hit(reference, where);
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = Elsewhere($"/lab/landing?ref={Uri.EscapeDataString(reference)}");
                return;
            case "home":
                Hit(reference, where);
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = $"/lab/landing?ref={Uri.EscapeDataString(reference)}";
                return;
            case "broken":
                Hit(reference, where);
                await WriteHtmlAsync(context, StatusCodes.Status503ServiceUnavailable, DemoPages.Message(Profile, "Unavailable", "Tracking is unavailable", "Please try again later."));
                return;
            default:
                await NotFoundAsync(context);
                return;
        }
    }

    // Counted by host: a landing under the other loopback name means a browser followed a link off the site.
    private Task LabLandingAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        Hit(Reference(context), host == Url.Host ? "landing" : "landing elsewhere");
        return WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Landing(Profile, host));
    }

    private Task LabHitsAsync(HttpContext context)
    {
        var reference = Reference(context);
        var hits = string.Join(", ", HitNames.Select(what => $"{what} {Hits(reference, what)}"));
        return WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Hits(Profile, reference, hits));
    }

    private async Task LabCheckoutPostAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context);
        var received = CardFields.Where(name => FormFields.Get(form, name).Length > 0).ToList();
        await WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.CheckoutReceived(Profile, FormFields.Get(form, "voucher"), received));
    }

    // A GET form: what was searched for comes back in the URL, the page, the field, a link, JSON, base64 and a cookie.
    private Task LabSearchAsync(HttpContext context)
    {
        var query = context.Request.Query["q"].ToString();
        if (query.Length > 0)
        {
            Log.Debug("Demo company {CompanyId} was searched for {Query}", Profile.Id, query);
            context.Response.Cookies.Append("last-search", query, new CookieOptions { Path = LabPath, SameSite = SameSiteMode.Lax });
        }

        return WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Search(Profile, query));
    }

    private int Milliseconds(double baseSeconds) => (int)Math.Round(Services.Scaled(baseSeconds).TotalMilliseconds);

    private Task LabCookiesAsync(HttpContext context)
    {
        var consent = context.Request.Cookies[LabPages.ConsentCookie] switch
        {
            "accepted" => "accepted",
            "rejected" => "rejected",
            _ => null,
        };
        return WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.Cookies(Profile, consent));
    }

    private async Task LabIframePostAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context);
        var name = FormFields.Get(form, "name");
        var email = FormFields.Get(form, "email");
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (name.Length == 0)
        {
            errors["name"] = "Please enter your name";
        }

        if (email.Length == 0)
        {
            errors["email"] = "Please enter your email";
        }
        else if (!FormFields.IsEmail(email))
        {
            errors["email"] = "Please enter a valid email address, such as name@example.com";
        }

        Record("iframe", email, accepted: errors.Count == 0);
        if (errors.Count > 0)
        {
            await WriteHtmlAsync(context, StatusCodes.Status400BadRequest, LabPages.IframeForm(Profile, name, email, errors));
            return;
        }

        await WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.IframeThanks(Profile, name, email));
    }

    // Nobody can tick a demo CAPTCHA for real, so every POST is turned away; the log shows the attempt.
    private async Task LabCaptchaPostAsync(HttpContext context, LabCaptcha captcha)
    {
        var form = await ReadFormAsync(context);
        Record("captcha", FormFields.Get(form, "email"), accepted: false);
        await WriteHtmlAsync(
            context,
            StatusCodes.Status400BadRequest,
            LabPages.CaptchaForm(Profile, captcha, ["Please confirm that you are not a robot."]));
    }

    private Task LabCaptchaFrameAsync(HttpContext context)
    {
        var key = context.Request.Query["k"].ToString();
        var captcha = LabPages.Captchas.FirstOrDefault(c => c.Key == key);
        return captcha is null
            ? NotFoundAsync(context)
            : WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.CaptchaFrame(Profile, captcha));
    }

    private async Task LabHeroAsync(HttpContext context)
    {
        if (!await HoldBackAsync(context, HeroDelaySeconds))
        {
            return;
        }

        context.Response.ContentType = "image/svg+xml";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(LabPages.HeroImage(Profile).Value, context.RequestAborted);
    }

    private async Task LabFormPostAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context);
        var signup = new LabSignup(
            FullName: FormFields.Get(form, "fullName"),
            Email: FormFields.Get(form, "email"),
            Country: FormFields.Get(form, "country"),
            Plan: FormFields.Get(form, "plan"),
            Marketing: form["marketing"].ToString() == "yes",
            Phone: FormFields.Get(form, "phone"),
            Notes: FormFields.Get(form, "notes"));
        var errors = Validate(signup);
        Record("lab-form", signup.Email, accepted: errors.Count == 0);
        if (errors.Count > 0)
        {
            await WriteHtmlAsync(context, StatusCodes.Status400BadRequest, LabPages.SignupForm(Profile, signup, errors));
            return;
        }

        // 303, so the browser GETs the result page and a bot can wait for its URL.
        var reference = FormattableString.Invariant($"REF-{Profile.LabReferenceBase + Interlocked.Increment(ref _labSignups)}");
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"/lab/form/done?ref={reference}";
    }

    private Task LabFormDoneAsync(HttpContext context)
    {
        var reference = context.Request.Query["ref"].ToString();
        var known = reference.Length == 9
            && reference.StartsWith("REF-", StringComparison.Ordinal)
            && reference[4..].All(char.IsAsciiDigit);
        return known
            ? WriteHtmlAsync(context, StatusCodes.Status200OK, LabPages.SignupDone(Profile, reference))
            : NotFoundAsync(context);
    }

    // Every problem at once, keyed by the id of the field it belongs to.
    private static Dictionary<string, string> Validate(LabSignup signup)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (signup.FullName.Length == 0)
        {
            errors["full-name"] = "Please enter your full name";
        }

        if (signup.Email.Length == 0)
        {
            errors["email"] = "Please enter your email";
        }
        else if (!FormFields.IsEmail(signup.Email))
        {
            errors["email"] = "Please enter a valid email address, such as name@example.com";
        }

        if (!LabPages.Countries.Any(country => country.Value == signup.Country))
        {
            errors["country"] = "Please choose a country from the list";
        }

        if (signup.Plan.Length > 0 && !LabPages.Plans.Any(plan => plan.Value == signup.Plan))
        {
            errors["plan"] = "Please choose one of the plans";
        }

        return errors;
    }
}
