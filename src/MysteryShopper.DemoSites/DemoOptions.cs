namespace MysteryShopper.DemoSites;

/// <summary>Settings for <see cref="DemoCompanies.StartAsync"/>.</summary>
public sealed record DemoOptions
{
    /// <summary>Root of the Maildir that receives the demo emails; <c>tmp/</c>, <c>new/</c> and <c>cur/</c> are created if missing.</summary>
    public required string MaildirPath { get; init; }

    /// <summary>Multiplies every delay (page delays and email schedules); 0.25 runs four times faster, 0 removes the delays.</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>Where the demo companies (and ASP.NET Core, at Warning and above) log; <c>null</c> is silent.</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <summary>Clock for email dates, submission times and delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
