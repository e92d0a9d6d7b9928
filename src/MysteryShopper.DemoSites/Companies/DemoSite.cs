using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Utils;
using MysteryShopper.DemoSites.Mail;
using Serilog;

namespace MysteryShopper.DemoSites.Companies;

// One company's web app: the pages and form handling every site shares, with hooks for what differs.
// The /lab test pages (served only with DemoOptions.ServeLab) are routed in DemoSite.Lab.cs, a part of this class;
// their HTML is in Lab/LabPages.cs.
internal abstract partial class DemoSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _unsubscribeTokens = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private Uri? _url;

    protected DemoSite(CompanyProfile profile, DemoSiteServices services)
    {
        Profile = profile;
        Services = services;
        Log = services.Logger.ForContext("CompanyId", profile.Id);
    }

    public CompanyProfile Profile { get; }

    public Uri Url => _url ?? throw new InvalidOperationException($"The demo site '{Profile.Id}' has not been started.");

    public DemoCompany Company => new(Profile.Id, Profile.Name, Profile.Role, Url) { SupportAddress = Profile.SupportAddress };

    // The mailboxes the company reads (over IMAP with a real mail server, else from the pickup folder probes send
    // to), each answered by Receive. None by default: a company that never reads its mail.
    public virtual IReadOnlyList<string> Mailboxes => [];

    protected DemoSiteServices Services { get; }

    protected Serilog.ILogger Log { get; }

    // Base address without a trailing slash, for links in emails.
    protected string SiteUrl => Url.GetLeftPart(UriPartial.Authority);

    protected MailboxAddress CompanyMailbox => new(Profile.Name, Profile.HelloAddress);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // UseUrls is applied last, so it wins over ASPNETCORE_URLS and friends from the host's environment.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddSerilog(Services.AspNetCoreLogger);
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        _app = app;
        ConfigurePipeline(app);
        app.MapGet("/", HomeAsync);
        app.MapGet("/newsletter", NewsletterFormAsync);
        app.MapPost("/newsletter", NewsletterPostAsync);
        app.MapGet("/contact", ContactFormAsync);
        app.MapPost("/contact", ContactPostAsync);
        app.MapGet("/unsubscribe", UnsubscribeAsync);
        // RFC 8058 one-click unsubscribe POSTs to the List-Unsubscribe URL.
        app.MapPost("/unsubscribe", UnsubscribeAsync);
        if (Services.ServeLab)
        {
            MapLab(app);
        }

        MapRoutes(app);
        app.MapFallback(NotFoundAsync);

        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        _url = new Uri(addresses.First());
        Log.Debug("Demo company {CompanyId} listening on {Url}", Profile.Id, _url);
    }

    public async ValueTask DisposeAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            return;
        }

        try
        {
            await app.StopAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            // Stopping is best effort: the app is disposed whatever happened.
            Log.Warning(exception, "Demo company {CompanyId} did not stop cleanly", Profile.Id);
        }

        await app.DisposeAsync();
    }

    /// <summary>
    /// Holds the answer back by <paramref name="baseSeconds"/> (scaled); false, with a 503 already set, when the site
    /// starts shutting down meanwhile: a stop is answered at once rather than held up.
    /// </summary>
    protected async Task<bool> HoldBackAsync(HttpContext context, double baseSeconds)
    {
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(Services.Scaled(baseSeconds), Services.TimeProvider, delay.Token);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return false;
        }
    }

    protected static async Task WriteHtmlAsync(HttpContext context, int statusCode, Html page)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(page.Value, context.RequestAborted);
    }

    protected virtual void ConfigurePipeline(WebApplication app)
    {
    }

    protected virtual void MapRoutes(WebApplication app)
    {
    }

    // Called for a valid newsletter POST; the site decides whether it takes it and schedules its emails.
    protected abstract NewsletterOutcome AcceptNewsletter(NewsletterSignup signup);

    // Called for a valid contact POST; schedules the site's emails, if any, and returns the thank-you page.
    protected abstract Html AcceptContact(ContactMessage message);

    // Called for each new email a person sent to one of Mailboxes (the mailbox as listed there); schedules the site's
    // answers, if any.
    public virtual void Receive(string mailbox, SupportEmail email)
    {
    }

    protected Html NewsletterForm(params string[] errors) => DemoPages.NewsletterForm(Profile, errors);

    // Whether the address the token was issued for is still subscribed: /unsubscribe (GET, or the one-click POST) ends it.
    protected bool IsSubscribed(string unsubscribeToken) => _unsubscribeTokens.ContainsKey(unsubscribeToken);

    protected string IssueUnsubscribeToken(string email)
    {
        var token = NewToken();
        _unsubscribeTokens[token] = email;
        return token;
    }

    protected static string NewToken() => Guid.NewGuid().ToString("N");

    protected MimeMessage CreateEmail(MailboxAddress from, MailboxAddress to, string subject, string text, Html html, string? messageId = null)
    {
        var body = new BodyBuilder { TextBody = text, HtmlBody = html.Value };
        var message = new MimeMessage
        {
            Subject = subject,
            MessageId = messageId ?? MimeUtils.GenerateMessageId(Profile.Domain),
            Date = Services.TimeProvider.GetUtcNow(),
            Body = body.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(to);
        // 7-bit clean like most senders: ASCII stays readable, anything else becomes quoted-printable.
        message.Prepare(EncodingConstraint.SevenBit, maxLineLength: 998);
        return message;
    }

    // An answer to a support email: to its Reply-To (or From), threaded under it with In-Reply-To and References.
    protected MimeMessage CreateReply(SupportEmail question, MailboxAddress from, string subject, string text, Html html)
    {
        var to = question.ReplyTo ?? throw new ArgumentException("The support email has no address to answer to.", nameof(question));
        var email = CreateEmail(from, to, subject, text, html);
        if (question.MessageId is { } messageId)
        {
            email.InReplyTo = messageId;
            email.References.AddRange(question.References);
            email.References.Add(messageId);
        }

        return email;
    }

    // "Re: " and their subject, without stacking a second "Re:" on a reply.
    protected static string ReplySubject(string subject) =>
        subject.Length == 0 ? "Re: Your email"
        : subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? subject
        : $"Re: {subject}";

    // Builds the email when it is due (so its Date is the send time) and delivers it, in the background; a build that
    // returns null decides, when the email is due, that it is not sent after all (the reader has unsubscribed).
    protected void ScheduleEmail(string description, double baseDelaySeconds, Func<MimeMessage?> build)
    {
        Services.Scheduler.Schedule(Profile.Id, description, Services.Scaled(baseDelaySeconds), async cancellationToken =>
        {
            if (build() is not { } message)
            {
                return;
            }

            await Services.Delivery.DeliverAsync(message, cancellationToken);
            Log.Information(
                "Demo company {CompanyId} sent {Description} {Subject} to {Recipient}",
                Profile.Id,
                description,
                message.Subject,
                message.To.Mailboxes.FirstOrDefault()?.Address);
        });
    }

    private Task HomeAsync(HttpContext context) => WriteHtmlAsync(context, StatusCodes.Status200OK, DemoPages.Home(Profile));

    private Task NewsletterFormAsync(HttpContext context) => WriteHtmlAsync(context, StatusCodes.Status200OK, NewsletterForm());

    private Task ContactFormAsync(HttpContext context) =>
        WriteHtmlAsync(context, StatusCodes.Status200OK, DemoPages.ContactForm(Profile, []));

    private Task NotFoundAsync(HttpContext context) =>
        WriteHtmlAsync(context, StatusCodes.Status404NotFound, DemoPages.Message(Profile, "Not found", "Page not found", "There is nothing at this address."));

    /// <summary>What both forms check first: a name, and an address that looks like one.</summary>
    private static List<string> NameAndEmailErrors(string name, string email)
    {
        var errors = new List<string>();
        if (name.Length == 0)
        {
            errors.Add("Please enter your name.");
        }

        if (!FormFields.IsEmail(email))
        {
            errors.Add("Please enter a valid email address, such as name@example.com.");
        }

        return errors;
    }

    private Task NewsletterPostAsync(HttpContext context) => SignupPostAsync(context, "newsletter", AcceptNewsletter, errors => NewsletterForm(errors));

    // A signup form's POST: checked as every form is, then handed to accept; a list of another name (Corvid's
    // letters) posts here too, with its own form page for the errors.
    protected async Task SignupPostAsync(HttpContext context, string list, Func<NewsletterSignup, NewsletterOutcome> accept, Func<string[], Html> formPage)
    {
        var form = await ReadFormAsync(context);
        var name = FormFields.Get(form, "name");
        var email = FormFields.Get(form, "email");
        var errors = NameAndEmailErrors(name, email);

        if (form["consent"].ToString() != "on")
        {
            errors.Add("Please tick the box to confirm that you want to receive the newsletter.");
        }

        if (errors.Count > 0)
        {
            Record(list, email, accepted: false);
            await WriteHtmlAsync(context, StatusCodes.Status400BadRequest, formPage([.. errors]));
            return;
        }

        var outcome = accept(new NewsletterSignup(name, email));
        Record(list, email, outcome.Accepted);
        await WriteHtmlAsync(context, StatusCodes.Status200OK, outcome.Page);
    }

    private async Task ContactPostAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context);
        var name = FormFields.Get(form, "name");
        var email = FormFields.Get(form, "email");
        var errors = NameAndEmailErrors(name, email);

        if (errors.Count > 0)
        {
            Record("contact", email, accepted: false);
            await WriteHtmlAsync(context, StatusCodes.Status400BadRequest, DemoPages.ContactForm(Profile, errors));
            return;
        }

        var page = AcceptContact(new ContactMessage(name, email, FormFields.Get(form, "message")));
        Record("contact", email, accepted: true);
        await WriteHtmlAsync(context, StatusCodes.Status200OK, page);
    }

    private async Task UnsubscribeAsync(HttpContext context)
    {
        var token = context.Request.Query["token"].ToString();
        if (_unsubscribeTokens.TryRemove(token, out var email))
        {
            Log.Information("Demo company {CompanyId} unsubscribed {Email}", Profile.Id, email);
        }

        await WriteHtmlAsync(
            context,
            StatusCodes.Status200OK,
            DemoPages.Message(Profile, "Unsubscribed", "You have been unsubscribed", "You will not receive any more newsletters from us."));
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpContext context) =>
        context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted)
            : FormCollection.Empty;

    private void Record(string form, string email, bool accepted)
    {
        Services.Submissions.Add(new DemoSubmission(Profile.Id, form, email, Services.TimeProvider.GetUtcNow(), accepted));
        Log.Debug("Demo company {CompanyId} got a {Form} submission from {Email}, accepted: {Accepted}", Profile.Id, form, email, accepted);
    }
}
