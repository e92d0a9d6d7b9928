namespace MysteryShopper.Execution;

/// <summary>Why a journey stopped: the step, where it is written, and what the page or mailbox showed.</summary>
public sealed record StepFailure(int Step, string Description, string File, int Line, int Column, string Reason)
{
    /// <summary>The screenshot taken at the failure, relative to the run's folder.</summary>
    public string? Screenshot { get; init; }

    /// <summary>The Playwright trace of the failed probe (open with 'playwright show-trace'), relative to the run's folder.</summary>
    public string? Trace { get; init; }

    public override string ToString() =>
        $"{Description} ({File}:{Line}:{Column}): {Reason}"
        + (Screenshot is null ? "" : $"; screenshot: {Screenshot}")
        + (Trace is null ? "" : $"; trace: {Trace}");
}

/// <summary>Everything a probe's bots recorded. Bots never decide pass or fail; judging does, from this.</summary>
public sealed record ProbeRecord
{
    public required string ProbeId { get; init; }
    public required string Scenario { get; init; }
    public required string ScenarioFile { get; init; }
    public required string TargetId { get; init; }
    public required string TargetName { get; init; }
    public required string TargetRole { get; init; }
    public required string TargetUrl { get; init; }
    public required string Persona { get; init; }
    public required string FirstName { get; init; }
    public required string Email { get; init; }
    public required string Token { get; init; }

    /// <summary>The question asked, when the scenario has questions.</summary>
    public string? QuestionId { get; init; }
    public string? QuestionText { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>A dry run stopped before this submitting step (described), sending nothing.</summary>
    public string? DryRunStoppedBefore { get; init; }

    /// <summary>True when every non-optional step passed.</summary>
    public required bool JourneyCompleted { get; init; }
    public StepFailure? Failure { get; init; }
    public required IReadOnlyList<Observation> Observations { get; init; }

    /// <summary>Every email attributed to the probe, including ones no step waited for.</summary>
    public required IReadOnlyList<ReceivedEmail> Emails { get; init; }

    /// <summary>Email names (<c>as</c>) mapped to the <see cref="ReceivedEmail.Id"/> each step matched.</summary>
    public required IReadOnlyDictionary<string, string> NamedEmails { get; init; }

    /// <summary>Screenshot paths relative to the run's folder.</summary>
    public required IReadOnlyList<string> Screenshots { get; init; }
}
