using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using MysteryShopper.Reporting.Preview;
using MysteryShopper.Storage;

namespace MysteryShopper.Pipeline;

/// <summary>A stored run as every report format renders it, from the store alone: no suite, browser or mailbox.</summary>
public static class StoredRuns
{
    public static async Task<RunResult?> LoadAsync(IStore store, string idOrLast, CancellationToken cancellationToken)
    {
        var run = await store.FindRunAsync(idOrLast, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var probes = new List<ProbeResult>();
        foreach (var stored in await store.ProbesOfRunAsync(run.Id, cancellationToken))
        {
            probes.Add(await ProbeAsync(store, stored, cancellationToken));
        }

        // The suite as it ran gives each scenario's description; a suite that no longer loads only loses those headings.
        var suite = SuiteLoader.Load(StoreJson.Sources(run.SourcesJson)).Suite;
        var finished = run.FinishedAt ?? probes.Select(p => p.Record.FinishedAt).DefaultIfEmpty(run.StartedAt).Max();
        return new RunResult
        {
            RunId = run.Id,
            StartedAt = run.StartedAt,
            FinishedAt = finished,
            Probes = probes,
            ScenarioDescriptions = suite?.Scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Description, StringComparer.Ordinal) ?? [],
            Skipped = StoreJson.Skipped(run.SkippedJson),
            Unattributed = (await store.UnattributedAsync(run.StartedAt, finished, cancellationToken)).Select(StoreJson.Email).ToList(),
        };
    }

    public static async Task<ProbeResult> ProbeAsync(IStore store, StoredProbe stored, CancellationToken cancellationToken)
    {
        var observations = await store.ObservationsAsync(stored.Token, cancellationToken);
        var messages = await store.MessagesOfProbeAsync(stored.Token, cancellationToken);
        var emails = messages.Select(StoreJson.Email).ToList();
        var record = ProbeRecords.FromStore(stored, observations, emails);
        var verdict = StoreJson.Verdict(stored.VerdictJson) ?? Undecided(stored);
        return new ProbeResult(record, verdict) { State = stored.State.Word(), Deadline = stored.Deadline, Previews = new PreviewDictionary(emails.Zip(messages, (e, m) => (e, m.Raw))) };
    }

    /// <summary>A probe not judged yet (awaiting, or stopped before it ended) says where it stands instead of metrics.</summary>
    private static ProbeVerdict Undecided(StoredProbe stored)
    {
        var why = stored.State == ProbeState.Awaiting && stored.Deadline is { } deadline
            ? $"awaiting mail until {deadline:yyyy-MM-dd HH:mm} UTC; 'mshop collect' completes it"
            : stored.StateReason ?? stored.State.Word();
        return new ProbeVerdict(false, [], [new ExpectationResult("state", stored.State.Word(), null, false, why)], []);
    }
}
