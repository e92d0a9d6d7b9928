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
    /// their mailboxes (<c>support@brightwave.example</c>, <c>support@corvid.example</c>, and Corvid &amp; Co's
    /// <c>confirm@corvid.example</c>, where replies confirm a subscription) over IMAP and answer what people send there:
    /// Brightwave acknowledges at once and a person answers 5 s later, Corvid &amp; Co sends only an automatic reply
    /// after 2 s, Dunmore Direct never reads its mail (times multiplied by <see cref="TimeScale"/>). <c>null</c>: Maildir,
    /// and mail to the companies comes through <see cref="PickupPath"/>.
    /// </summary>
    public DemoMailServer? MailServer { get; init; }

    /// <summary>
    /// Without a <see cref="MailServer"/>, the pickup folder probes send into (<c>tmp/</c>, then <c>new/</c>; made if
    /// missing): the companies read it as their mail server would, so email to their mailboxes is answered just as over
    /// IMAP. A file addressed to one of them is moved to <c>cur/</c> when taken; mail for anyone else is left alone.
    /// <c>null</c>: nobody reads what probes send. Not used with a <see cref="MailServer"/>.
    /// </summary>
    public string? PickupPath { get; init; }

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
