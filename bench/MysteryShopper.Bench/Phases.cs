using MysteryShopper.Execution;

namespace MysteryShopper.Bench;

/// <summary>
/// One probe's wall time cut into consecutive phases that add up to the whole, so mshop and the baseline can be
/// compared phase by phase and the difference put where it arises.
/// </summary>
public sealed record Phases
{
    /// <summary>New context and page (mshop: also starting the trace and adding the page-timing script).</summary>
    public required TimeSpan Open { get; init; }

    /// <summary>goto until the load event (mshop: also reading page timings and looking for a CAPTCHA).</summary>
    public required TimeSpan Goto { get; init; }

    /// <summary>fill Name, fill Email, check the consent box.</summary>
    public required TimeSpan Fill { get; init; }

    /// <summary>mshop only: counting required fields and looking for a CAPTCHA before the submitting click.</summary>
    public required TimeSpan Inspect { get; init; }

    /// <summary>click Subscribe until "Thank you" is visible.</summary>
    public required TimeSpan Submit { get; init; }

    /// <summary>mshop only: the full-page screenshot at the end of every probe.</summary>
    public required TimeSpan Screenshot { get; init; }

    /// <summary>Closing the context (mshop: also stopping the trace, and collecting the probe's mail).</summary>
    public required TimeSpan Close { get; init; }

    public TimeSpan Total => Open + Goto + Fill + Inspect + Submit + Screenshot + Close;

    public static IReadOnlyList<(string Name, Func<Phases, TimeSpan> Of)> All { get; } =
    [
        ("open (context, page)", p => p.Open),
        ("goto /newsletter", p => p.Goto),
        ("fill, fill, check", p => p.Fill),
        ("form inspection", p => p.Inspect),
        ("click, expect text", p => p.Submit),
        ("end screenshot", p => p.Screenshot),
        ("close", p => p.Close),
    ];

    /// <summary>
    /// The phases of an mshop probe of the bench journey (goto, fill, fill, check, click, expect_text), read from its
    /// observations: ProbeStarted, StepStarted/StepPassed of each step, the end Screenshot, ProbeFinished.
    /// </summary>
    public static Phases FromRecord(ProbeRecord record)
    {
        var observations = record.Observations;
        DateTimeOffset Step(ObservationKind kind, int index) => observations.First(o => o.Kind == kind && o.Step == index).At;
        var shot = observations.FirstOrDefault(o => o.Kind == ObservationKind.Screenshot);
        var confirmed = Step(ObservationKind.StepPassed, 5);
        var shotEnd = shot is null ? confirmed : shot.At + TimeSpan.FromSeconds(shot.Value ?? 0);
        return new Phases
        {
            Open = Step(ObservationKind.StepStarted, 0) - record.StartedAt,
            Goto = Step(ObservationKind.StepPassed, 0) - Step(ObservationKind.StepStarted, 0),
            Fill = Step(ObservationKind.StepPassed, 3) - Step(ObservationKind.StepPassed, 0),
            Inspect = Step(ObservationKind.StepStarted, 4) - Step(ObservationKind.StepPassed, 3),
            Submit = confirmed - Step(ObservationKind.StepStarted, 4),
            Screenshot = shotEnd - confirmed,
            Close = record.FinishedAt - shotEnd,
        };
    }
}
