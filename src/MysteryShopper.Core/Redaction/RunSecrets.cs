using System.Collections.Concurrent;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;

namespace MysteryShopper.Redaction;

/// <summary>
/// The secrets of the runs in a store, run by run: each run's suite as it was loaded (the files the store keeps, which
/// hold <c>${env:NAME}</c>), with the values this process's environment gives. <c>collect</c> and <c>watch</c> serve
/// many runs, and any process may read mail meant for another run's probe: each thing is redacted with the secrets of
/// the run it belongs to, and mail that no probe claims with those of every run that still has open probes.
/// </summary>
public sealed class RunSecrets(IStore store)
{
    private readonly ConcurrentDictionary<string, Redactor> _runs = new(StringComparer.Ordinal);

    /// <summary>Tells the secrets of a run this process has loaded already.</summary>
    public void Add(string runId, Redactor redactor) => _runs[runId] = redactor;

    /// <summary>The secrets of run <paramref name="runId"/>; none when its suite does not load here (a variable is unset).</summary>
    public async Task<Redactor> OfRunAsync(string runId, CancellationToken cancellationToken)
    {
        if (_runs.TryGetValue(runId, out var known))
        {
            return known;
        }

        var run = await store.FindRunAsync(runId, cancellationToken);
        var suite = run is null ? null : SuiteLoader.Load(StoreJson.Sources(run.SourcesJson)).Suite;
        return _runs.GetOrAdd(runId, new Redactor(suite?.Secrets ?? []));
    }

    /// <summary>The secrets of every run that has probes still open (planned, running or awaiting).</summary>
    public async Task<Redactor> OfOpenRunsAsync(CancellationToken cancellationToken)
    {
        var redactor = Redactor.None;
        foreach (var runId in (await store.ProbesInStateAsync(ProbeStates.Open, cancellationToken)).Select(p => p.RunId).Distinct(StringComparer.Ordinal))
        {
            redactor = redactor.With(await OfRunAsync(runId, cancellationToken));
        }

        return redactor;
    }

    /// <summary>For a received message: the secrets of its probe's run, or (no probe known) of every run with open probes.</summary>
    public async Task<Redactor> OfMessageAsync(string? token, CancellationToken cancellationToken) =>
        token is not null && await store.FindProbeAsync(token, cancellationToken) is { } probe
            ? await OfRunAsync(probe.RunId, cancellationToken)
            : await OfOpenRunsAsync(cancellationToken);
}
