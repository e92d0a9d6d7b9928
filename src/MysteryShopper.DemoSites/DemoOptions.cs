using MysteryShopper.DemoSites.Mail;

namespace MysteryShopper.DemoSites;

/// <summary>Settings for <see cref="DemoCompanies.StartAsync"/>.</summary>
public sealed record DemoOptions
{
    /// <summary>
    /// Root of the Maildir that receives the demo emails; <c>tmp/</c>, <c>new/</c> and <c>cur/</c> are created if missing.
    /// Not used (nor created) when <see cref="MailServer"/> is set.
    /// </summary>
    public required string MaildirPath { get; init; }

    /// <summary>
    /// A real mail server instead of the Maildir: every demo email goes out through its SMTP port, and the companies read
    /// their support mailboxes (<c>support@brightwave.example</c>...) over IMAP and answer what people send there:
    /// Brightwave acknowledges at once and a person answers 5 s later, Corvid &amp; Co sends only an automatic reply
    /// after 2 s, Dunmore Direct never answers (times multiplied by <see cref="TimeScale"/>). <c>null</c>: Maildir only.
    /// </summary>
    public DemoMailServer? MailServer { get; init; }

    /// <summary>Multiplies every delay (page delays and email schedules); 0.25 runs four times faster, 0 removes the delays.</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>
    /// Whether the companies also serve the <c>/lab</c> test pages (a cookie banner, a form in a frame, CAPTCHAs, dialogs...)
    /// the browser tests use. Off by default: a plain demo company answers 404 under <c>/lab</c>.
    /// </summary>
    public bool ServeLab { get; init; }

    /// <summary>Where the demo companies (and ASP.NET Core, at Warning and above) log; <c>null</c> is silent.</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <summary>Clock for email dates, submission times and delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
