using MysteryShopper.Planning;
using MysteryShopper.Storage;

namespace MysteryShopper.Execution;

/// <summary>A probe's record as judging and reports read it, made from a walk or from the store alone.</summary>
public static class ProbeRecords
{
    public static ProbeRecord Build(Probe probe, DateTimeOffset startedAt, DateTimeOffset? finishedAt, IReadOnlyList<Observation> observations, IReadOnlyList<ReceivedEmail> emails, ProbeCheckpoint checkpoint) => new()
    {
        ProbeId = probe.Id,
        Scenario = probe.Scenario.Name,
        ScenarioFile = probe.Scenario.File,
        TargetId = probe.Target.Id,
        TargetName = probe.Target.Name,
        TargetRole = probe.Target.Role.ToString().ToLowerInvariant(),
        TargetUrl = probe.TargetUrl,
        Persona = probe.Persona.Id,
        FirstName = probe.Persona.FirstName,
        Email = probe.Email,
        Token = probe.Token,
        QuestionId = probe.Question?.Id,
        QuestionText = probe.Question?.Text,
        StartedAt = startedAt,
        FinishedAt = finishedAt ?? (observations.Count > 0 ? observations[^1].At : startedAt),
        JourneyCompleted = checkpoint.Failure is null,
        DryRunStoppedBefore = checkpoint.DryRunStoppedBefore,
        Failure = checkpoint.Failure,
        Observations = observations,
        Emails = emails,
        NamedEmails = checkpoint.Named,
        Screenshots = checkpoint.Screenshots,
    };

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
        return new ProbeRecord
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
            FinishedAt = stored.FinishedAt ?? (observations.Count > 0 ? observations[^1].At : startedAt),
            JourneyCompleted = failure is null && stored.State is not ProbeState.Planned,
            DryRunStoppedBefore = checkpoint.DryRunStoppedBefore,
            Failure = failure,
            Observations = observations,
            Emails = emails,
            NamedEmails = checkpoint.Named,
            Screenshots = checkpoint.Screenshots,
        };
    }
}
