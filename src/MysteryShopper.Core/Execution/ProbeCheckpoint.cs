using MysteryShopper.Storage;

namespace MysteryShopper.Execution;

/// <summary>
/// What a probe has gathered, stored with it at every wait and when it ends: where a parked journey resumes (the
/// top-level step that waits, and the step counter), the values it extracted, which email each step matched, its
/// screenshots, and how it stopped. Plain data, so any later process can go on from it.
/// </summary>
public sealed record ProbeCheckpoint
{
    /// <summary>The top-level journey step to walk next (the one waiting for mail).</summary>
    public int ResumeStep { get; init; }

    /// <summary>The step counter of the observations (frames' steps count too).</summary>
    public int StepIndex { get; init; }

    /// <summary>When the waiting step began; its deadline counts from here.</summary>
    public DateTimeOffset? AwaitingFrom { get; init; }
    public Dictionary<string, string> Values { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Email names (<c>as</c>) to the <see cref="ReceivedEmail.Id"/> each step matched.</summary>
    public Dictionary<string, string> Named { get; init; } = new(StringComparer.Ordinal);
    public List<string> Screenshots { get; init; } = [];
    public DateTimeOffset? SubmittedAt { get; init; }
    public string? SubmitStep { get; init; }
    public StepFailure? Failure { get; init; }
    public string? DryRunStoppedBefore { get; init; }

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, StoreJsonContext.Default.ProbeCheckpoint);

    public static ProbeCheckpoint? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : System.Text.Json.JsonSerializer.Deserialize(json, StoreJsonContext.Default.ProbeCheckpoint);
}
