namespace MysteryShopper.Execution;

public enum ObservationKind
{
    ProbeStarted,
    StepStarted,
    StepPassed,
    StepFailed,
    StepSkipped,
    Mark,
    EmailReceived,
    EmailLinkClicked,
    EmailSent,
    EmailsCollected,
    Extracted,
    PageTiming,
    SubmitResponse,
    FormInspected,
    CaptchaDetected,
    ConsoleError,
    RequestFailed,

    /// <summary>The page opened an alert, confirm, prompt or beforeunload dialog (<see cref="Observation.Name"/>) saying <see cref="Observation.Detail"/>.</summary>
    Dialog,

    /// <summary>The page tried to go outside the target's site and was stopped: <see cref="Observation.Name"/> is the host, <see cref="Observation.Detail"/> says from where.</summary>
    NavigationBlocked,
    DryRunStopped,
    TraceSaved,
    Screenshot,
    ProbeFinished,
}

/// <summary>A timestamped fact a bot saw. Judging and reporting work from these alone.</summary>
public sealed record Observation(ObservationKind Kind, DateTimeOffset At)
{
    /// <summary>The journey step's index (0-based), for step observations.</summary>
    public int? Step { get; init; }

    /// <summary>The step keyword, mark name, or email name (<c>as</c>).</summary>
    public string? Name { get; init; }

    /// <summary>What happened, in words: the step's description, a failure reason, a file path.</summary>
    public string? Detail { get; init; }

    /// <summary>The source line of the step, for step observations.</summary>
    public int? Line { get; init; }

    /// <summary>A number the observation carries: how many emails were collected, seconds to a response.</summary>
    public double? Value { get; init; }

    /// <summary>Named numbers, for page timings: ttfb_ms, dom_content_loaded_ms, load_ms, fcp_ms, lcp_ms, cls.</summary>
    public IReadOnlyDictionary<string, double>? Numbers { get; init; }
}
