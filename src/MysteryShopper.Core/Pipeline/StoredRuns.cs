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
    public static async Task<RunResult?> LoadAsync(IStore store, string idOrLast, CancellationToken cancellationToken) =>
        await store.FindRunAsync(idOrLast, cancellationToken) is { } run ? await LoadAsync(store, run, shown: true, cancellationToken) : null;

    /// <summary>
    /// <paramref name="run"/> with every probe's observations and mail, in a few reads whatever the run's size. The run a
    /// report <paramref name="shown"/> also gets its mail's previews, its scenarios' descriptions and the unattributed
    /// mail of its time; a run of its history (trends, a baseline) needs none of those.
    /// </summary>
    public static async Task<RunResult> LoadAsync(IStore store, StoredRun run, bool shown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var observations = await store.ObservationsOfRunAsync(run.Id, cancellationToken);
        var messages = await store.MessagesOfRunAsync(run.Id, cancellationToken);
        var probes = (await store.ProbesOfRunAsync(run.Id, cancellationToken))
            .Select(stored => Probe(stored, observations.GetValueOrDefault(stored.Token) ?? [], messages.GetValueOrDefault(stored.Token) ?? [], shown))
            .ToList();

        var finished = run.FinishedAt ?? probes.Select(p => p.Record.FinishedAt).DefaultIfEmpty(run.StartedAt).Max();
        var result = new RunResult
        {
            RunId = run.Id,
            StartedAt = run.StartedAt,
            FinishedAt = finished,
            Probes = probes,
            Skipped = StoreJson.Skipped(run.SkippedJson),
        };
        if (!shown)
        {
            return result;
        }

        // The suite as it ran gives each scenario's description; a suite that no longer loads only loses those headings.
        var suite = SuiteLoader.Load(StoreJson.Sources(run.SourcesJson)).Suite;
        return result with
        {
            ScenarioDescriptions = suite?.Scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Description, StringComparer.Ordinal) ?? [],
            Unattributed = (await store.UnattributedAsync(run.StartedAt, finished, cancellationToken)).Select(StoreJson.Email).ToList(),
        };
    }

    private static ProbeResult Probe(StoredProbe stored, IReadOnlyList<Observation> observations, IReadOnlyList<StoredMessage> messages, bool previews)
    {
        var emails = messages.Select(StoreJson.Email).ToList();
        var record = ProbeRecords.FromStore(stored, observations, emails);
        var verdict = StoreJson.Verdict(stored.VerdictJson) ?? Undecided(stored);
        var result = new ProbeResult(record, verdict) { State = stored.State.Word(), Deadline = stored.Deadline };
        return previews ? result with { Previews = new PreviewDictionary(emails.Zip(messages, (e, m) => (e, m.Raw))) } : result;
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
