using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Pipeline;

/// <summary>One message's composite before and after judging it again.</summary>
public sealed record RejudgedCard(string Label, double? Before, double After);

/// <summary>
/// One probe judged again: its experience score and state before and after, each card's composite, or why it was
/// left as it was (<see cref="Skipped"/>).
/// </summary>
public sealed record RejudgedProbe(string ProbeId, string TargetName)
{
    public ProbeExperience? Before { get; init; }
    public ProbeExperience? After { get; init; }
    public required string StateBefore { get; init; }
    public required string StateAfter { get; init; }
    public IReadOnlyList<RejudgedCard> Cards { get; init; } = [];

    /// <summary>Why the probe was not judged again (never judged, its scenario gone from the suite), or null.</summary>
    public string? Skipped { get; init; }
}

/// <summary>
/// Judges a stored run again from the store alone: the suite as it was loaded, the observations, the raw messages and
/// the checks kept with their cards. No mailbox, browser or network: the same messages, judged by (optionally) another
/// rubric. The new verdicts replace the old, and a decided probe whose expectations now come out otherwise changes
/// between passed and failed.
/// </summary>
public static class Rejudge
{
    /// <summary>
    /// Every probe of <c>run</c>, judged again or skipped with the reason; null with a problem when the run's suite no
    /// longer loads. A <c>rubric</c> replaces every card's; null keeps each card's (the scenario's, else its kind's).
    /// </summary>
    public static async Task<(IReadOnlyList<RejudgedProbe>? Probes, string? Problem)> RunAsync(IStore store, StoredRun run, Rubric? rubric, ILogger log, CancellationToken cancellationToken)
    {
        var loaded = SuiteLoader.Load(StoreJson.Sources(run.SourcesJson));
        if (!loaded.Succeeded || loaded.Suite is not { } suite)
        {
            return (null, $"the run's suite no longer loads: {string.Join("; ", loaded.Diagnostics.Take(3))}");
        }

        var results = new List<RejudgedProbe>();
        foreach (var stored in await store.ProbesOfRunAsync(run.Id, cancellationToken))
        {
            results.Add(await ProbeAsync(store, suite, stored, rubric, log, cancellationToken));
        }

        return (results, null);
    }

    /// <summary>
    /// Gives a card to every message that reached a decided probe of <paramref name="runId"/> after it was judged (a
    /// company that mails on after the journey ended: Dunmore's deals), checked like the rest. The verdict stands:
    /// its metrics and expectations are the ones the probe was decided on; only the cards are added.
    /// </summary>
    public static async Task CardLateMailAsync(IStore store, string runId, Suite suite, IMessageChecker? checker, ILogger log, CancellationToken cancellationToken)
    {
        foreach (var stored in await store.ProbesOfRunAsync(runId, cancellationToken))
        {
            if (!stored.State.IsFinal() || StoreJson.Verdict(stored.VerdictJson) is not { } before || Collector.Replan(suite, stored) is not { } probe)
            {
                continue;
            }

            var messages = await store.MessagesOfProbeAsync(stored.Token, cancellationToken);
            if (messages.All(m => before.Cards.Any(c => c.Id == m.Key)))
            {
                continue;
            }

            var probeStore = RedactingStore.Over(store, probe.Redactor);
            var record = ProbeRecords.FromStore(stored, await store.ObservationsAsync(stored.Token, cancellationToken), messages.Select(StoreJson.Email).ToList());
            var mail = await Settle.EvidenceAsync(before, messages, probe, record, checker, log, cancellationToken);
            var cards = Judge.Evaluate(probe.Scenario, probe.Target, record, mail).Cards;
            await Settle.SaveAsync(probeStore, stored.Token, before with { Cards = cards }, cancellationToken);
            log.Debug("Probe {Probe}: {Count} message(s) that came after it was decided got their cards", stored.ProbeId, cards.Count - before.Cards.Count);
        }
    }

    private static async Task<RejudgedProbe> ProbeAsync(IStore store, Suite suite, StoredProbe stored, Rubric? rubric, ILogger log, CancellationToken cancellationToken)
    {
        var state = stored.State.Word();
        var skipped = new RejudgedProbe(stored.ProbeId, stored.TargetName) { StateBefore = state, StateAfter = state };
        if (StoreJson.Verdict(stored.VerdictJson) is not { } before)
        {
            return skipped with { Skipped = "never judged (it did not run to the end of a step)" };
        }

        if (Collector.Replan(suite, stored) is not { } probe)
        {
            return skipped with { Skipped = $"its scenario '{stored.Scenario}' or target '{stored.TargetId}' is not in the run's suite" };
        }

        var probeStore = RedactingStore.Over(store, probe.Redactor);
        var observations = await store.ObservationsAsync(stored.Token, cancellationToken);
        var messages = await store.MessagesOfProbeAsync(stored.Token, cancellationToken);
        var record = ProbeRecords.FromStore(stored, observations, messages.Select(StoreJson.Email).ToList());
        var mail = await Settle.EvidenceAsync(before, messages, probe, record, checker: null, log, cancellationToken);
        var verdict = Judge.Evaluate(probe.Scenario, probe.Target, record, mail with { Rubric = rubric });

        var after = stored.State;
        if (stored.State == ProbeState.Awaiting)
        {
            verdict = Settle.Parked(verdict);
        }
        else if (stored.State is ProbeState.Passed or ProbeState.Failed && record.Failure is null)
        {
            after = verdict.Passed ? ProbeState.Passed : ProbeState.Failed;
        }
        else
        {
            verdict = verdict with { Passed = false };
        }

        await Settle.SaveAsync(probeStore, stored.Token, verdict, cancellationToken);
        if (after != stored.State)
        {
            await probeStore.UpdateProbeAsync(new ProbeUpdate(stored.Token) { State = after, StateReason = after == ProbeState.Failed ? Settle.FailedReason(verdict) : null }, cancellationToken);
        }

        var cards = verdict.Cards
            .Select(c => new RejudgedCard(c.As ?? $"“{c.Subject}”", before.Cards.FirstOrDefault(b => b.Id == c.Id)?.Card.Score, c.Card.Score))
            .ToList();
        return skipped with { Before = before.Experience, After = verdict.Experience, StateAfter = after.Word(), Cards = cards };
    }
}
