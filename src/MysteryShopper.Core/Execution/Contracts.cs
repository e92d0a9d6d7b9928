using MysteryShopper.Planning;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Execution;

/// <summary>What a browser step came to: passed, or failed with a reason a person can act on.</summary>
public sealed record StepOutcome(bool Passed, string? Reason = null)
{
    public static readonly StepOutcome Success = new(true);

    public static StepOutcome Failure(string reason) => new(false, reason);
}

/// <summary>One probe's browser: its own context (cookies, storage), opened per probe and closed after it.</summary>
public interface IBrowserSession : IAsyncDisposable
{
    /// <summary>Runs a browser step (goto, fill, check, click, expect_text).</summary>
    Task<StepOutcome> RunAsync(Step step, IReadOnlyDictionary<string, string> values, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Opens a URL, as when a link in an email is clicked.</summary>
    Task<StepOutcome> OpenAsync(string url, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Saves a full-page screenshot; returns false when the page could not be captured.</summary>
    Task<bool> ScreenshotAsync(string path, CancellationToken cancellationToken);
}

/// <summary>Opens a fresh browser session per probe.</summary>
public interface IBrowser
{
    Task<IBrowserSession> OpenAsync(Probe probe, CancellationToken cancellationToken);
}

/// <summary>Where probe mail arrives. Messages are attributed to probes by the token in their address.</summary>
public interface IMailbox
{
    /// <summary>
    /// The first email for <paramref name="token"/> that <paramref name="match"/> accepts, already received or arriving
    /// before <paramref name="within"/> has passed; null when none came in time.
    /// </summary>
    Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken);

    /// <summary>Every email attributed to <paramref name="token"/> so far, oldest first.</summary>
    IReadOnlyList<ReceivedEmail> ReceivedFor(string token);
}
