using MysteryShopper.Planning;
using MysteryShopper.Storage;

namespace MysteryShopper.Execution;

/// <summary>A probe's record as judging and reports read it, made from a walk or from the store alone.</summary>
public static class ProbeRecords
{
    /// <summary>A planned probe as the store keeps it: its identity and plan, <see cref="ProbeState.Planned"/>.</summary>
    public static StoredProbe Stored(Probe probe, string runId, int ordinal, DateTimeOffset plannedAt) => new()
    {
        Token = probe.Token,
        RunId = runId,
        ProbeId = probe.Id,
        Ordinal = ordinal,
        PlannedAt = plannedAt,
        Scenario = probe.Scenario.Name,
        ScenarioFile = probe.Scenario.File,
        TargetId = probe.Target.Id,
        TargetName = probe.Target.Name,
        TargetRole = probe.Target.Role.ToString().ToLowerInvariant(),
        TargetUrl = probe.TargetUrl,
        Persona = probe.Persona.Id,
        FirstName = probe.Persona.FirstName,
        Email = probe.Email,
        QuestionId = probe.Question?.Id,
        QuestionText = probe.Question?.Text,
        State = ProbeState.Planned,
    };

    /// <summary>The record of a walk that has just ended (or parked), from the probe and what the walk gathered.</summary>
    public static ProbeRecord Build(Probe probe, DateTimeOffset startedAt, DateTimeOffset? finishedAt, IReadOnlyList<Observation> observations, IReadOnlyList<ReceivedEmail> emails, ProbeCheckpoint checkpoint) =>
        Record(Stored(probe, "", 0, startedAt), startedAt, finishedAt, observations, emails, checkpoint, checkpoint.Failure, journeyCompleted: checkpoint.Failure is null);

    /// <summary>The record of a stored probe, from the store alone (no suite, browser or mailbox).</summary>
    public static ProbeRecord FromStore(StoredProbe stored, IReadOnlyList<Observation> observations, IReadOnlyList<ReceivedEmail> emails)
    {
        var checkpoint = ProbeCheckpoint.FromJson(stored.CheckpointJson) ?? new ProbeCheckpoint();
        var failure = checkpoint.Failure;
        if (failure is null && stored.State is ProbeState.Errored or ProbeState.Unknown or ProbeState.Cancelled && stored.StateReason is { } reason)
        {
            // A probe that ended outside a step (a crash, a stop) says so where a failure would.
            failure = new StepFailure(-1, "probe", stored.ScenarioFile, 1, 1, reason);
        }

        var startedAt = stored.StartedAt ?? stored.PlannedAt;
        return Record(stored, startedAt, stored.FinishedAt, observations, emails, checkpoint, failure, journeyCompleted: failure is null && stored.State is not ProbeState.Planned);
    }

    /// <summary>The one mapping from a probe's stored identity and what it gathered to the record judging reads.</summary>
    private static ProbeRecord Record(StoredProbe stored, DateTimeOffset startedAt, DateTimeOffset? finishedAt, IReadOnlyList<Observation> observations, IReadOnlyList<ReceivedEmail> emails, ProbeCheckpoint checkpoint, StepFailure? failure, bool journeyCompleted) => new()
    {
        ProbeId = stored.ProbeId,
        Scenario = stored.Scenario,
        ScenarioFile = stored.ScenarioFile,
        TargetId = stored.TargetId,
        TargetName = stored.TargetName,
        TargetRole = stored.TargetRole,
        TargetUrl = stored.TargetUrl,
        Persona = stored.Persona,
        FirstName = stored.FirstName,
        Email = stored.Email,
        Token = stored.Token,
        QuestionId = stored.QuestionId,
        QuestionText = stored.QuestionText,
        StartedAt = startedAt,
        FinishedAt = finishedAt ?? (observations.Count > 0 ? observations[^1].At : startedAt),
        JourneyCompleted = journeyCompleted,
        DryRunStoppedBefore = checkpoint.DryRunStoppedBefore,
        Failure = failure,
        Observations = observations,
        Emails = emails,
        NamedEmails = checkpoint.Named,
        Screenshots = checkpoint.Screenshots,
    };
}
