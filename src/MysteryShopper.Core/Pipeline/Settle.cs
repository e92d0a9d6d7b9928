using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Planning;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Pipeline;

/// <summary>Decides and stores where a walked probe stands: judged and passed, failed or timed out; awaiting; or stopped.</summary>
public static class Settle
{
    public static async Task<ProbeState> ProbeAsync(IStore store, Probe probe, ProbeOutcome outcome, ILogger log, CancellationToken cancellationToken)
    {
        var verdict = Judge.Evaluate(probe.Scenario, probe.Target, outcome.Record);
        if (outcome.End == ProbeEnd.Parked)
        {
            // Not decided: no expectation is checked yet, but what is measured so far (page timings, friction, the
            // first emails) is shown meanwhile.
            await SaveAsync(store, probe, verdict with { Passed = false, Expectations = [] }, cancellationToken);
            return ProbeState.Awaiting;
        }

        var state = outcome.End switch
        {
            ProbeEnd.Errored => ProbeState.Errored,
            ProbeEnd.Cancelled => ProbeState.Cancelled,
            ProbeEnd.Unknown => ProbeState.Unknown,
            _ when verdict.Passed => ProbeState.Passed,
            _ when outcome.TimedOut && outcome.Record.Failure is not null => ProbeState.TimedOut,
            _ => ProbeState.Failed,
        };
        if (state != ProbeState.Passed && verdict.Passed)
        {
            verdict = verdict with { Passed = false };
        }

        var reason = state switch
        {
            ProbeState.Passed => null,
            ProbeState.Failed when outcome.Record.Failure is null => string.Join("; ", verdict.Expectations.Where(e => !e.Passed && !e.Warning).Select(e => $"{e.Metric}: {e.Reason}")),
            _ => outcome.Reason ?? outcome.Record.Failure?.Reason,
        };
        await SaveAsync(store, probe, verdict, cancellationToken);
        await store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = state, StateReason = reason, ClearOwner = true, ClearDeadline = true }, cancellationToken);
        log.Debug("Probe {Probe} is {State}", probe.Id, state.Word());
        return state;
    }

    private static Task SaveAsync(IStore store, Probe probe, ProbeVerdict verdict, CancellationToken cancellationToken) =>
        store.SaveVerdictAsync(probe.Token, StoreJson.Verdict(verdict), verdict.Metrics.Select(m => new StoredMetric(m.Name, m.Value, m.IsDuration)).ToList(), cancellationToken);
}
