using MysteryShopper.Storage;

namespace MysteryShopper.Pipeline;

/// <summary>Where a probe stands, as a run's progress shows it.</summary>
public enum ProgressState
{
    /// <summary>Reserved and waiting for a free slot.</summary>
    Planned,

    /// <summary>Held back by the target's politeness limits (<see cref="ProbeProgress.Reason"/> says which).</summary>
    Skipped,
    Running,

    /// <summary>Parked until its mail comes; <c>collect</c> completes it.</summary>
    Awaiting,
    Passed,

    /// <summary>Failed, timed out, errored, or unknown (a submission half-done).</summary>
    Failed,

    /// <summary>Cancelled: the run was stopped before the probe finished or started.</summary>
    Stopped,
}

/// <summary>
/// One probe's change of state, reported while a run works through <see cref="RunSettings.Progress"/> (the console's
/// live display, or plain lines in CI). Reported from the probes' own tasks, so a receiver must be thread-safe and quick.
/// </summary>
public sealed record ProbeProgress(string ProbeId, string Scenario, string TargetId, string TargetName, ProgressState State)
{
    /// <summary>The probe's token: unique to this execution, so repeated samples of one probe are told apart.</summary>
    public string Token { get; init; } = "";

    /// <summary>Why, for a skipped or failed probe; null otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>The progress state a stored probe state is shown as.</summary>
    public static ProgressState Of(ProbeState state) => state switch
    {
        ProbeState.Planned => ProgressState.Planned,
        ProbeState.Running => ProgressState.Running,
        ProbeState.Awaiting => ProgressState.Awaiting,
        ProbeState.Passed => ProgressState.Passed,
        ProbeState.Cancelled => ProgressState.Stopped,
        _ => ProgressState.Failed,
    };
}
