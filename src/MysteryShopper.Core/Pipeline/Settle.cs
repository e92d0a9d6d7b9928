using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Planning;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Pipeline;

/// <summary>Decides and stores where a walked probe stands: judged and passed, failed or timed out; awaiting; or stopped.</summary>
public static class Settle
{
    public static Task<ProbeState> ProbeAsync(IStore store, Probe probe, ProbeOutcome outcome, ILogger log, CancellationToken cancellationToken) =>
        ProbeAsync(store, probe, outcome, null, log, cancellationToken);

    /// <summary>
    /// Judges the probe (every message gets a card; <paramref name="checker"/>, when there is one, checks each message
    /// outside it the first time it is judged) and stores the verdict and the state it decides.
    /// </summary>
    public static async Task<ProbeState> ProbeAsync(IStore store, Probe probe, ProbeOutcome outcome, IMessageChecker? checker, ILogger log, CancellationToken cancellationToken)
    {
        var mail = await EvidenceAsync(store, probe, outcome.Record, checker, log, cancellationToken);
        var verdict = Judge.Evaluate(probe.Scenario, probe.Target, outcome.Record, mail);
        if (outcome.End == ProbeEnd.Parked)
        {
            // Not decided: no expectation is checked yet, but what is measured so far (page timings, friction, the
            // first emails) is shown meanwhile.
            await SaveAsync(store, probe.Token, Parked(verdict), cancellationToken);
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
            ProbeState.Failed when outcome.Record.Failure is null => FailedReason(verdict),
            _ => outcome.Reason ?? outcome.Record.Failure?.Reason,
        };
        await SaveAsync(store, probe.Token, verdict, cancellationToken);
        await store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = state, StateReason = reason, ClearOwner = true, ClearDeadline = true }, cancellationToken);
        log.Debug("Probe {Probe} is {State}", probe.Id, state.Word());
        return state;
    }

    /// <summary>
    /// What judging the probe's mail needs from the store: each message read from its raw MIME (else it is judged
    /// from the bot's reading), the checks kept with its card by an earlier judging, and, for a message never checked,
    /// the checks <paramref name="checker"/> makes now (once: they are kept with the card the verdict stores).
    /// </summary>
    public static async Task<MailEvidence> EvidenceAsync(IStore store, Probe probe, ProbeRecord record, IMessageChecker? checker, ILogger log, CancellationToken cancellationToken) =>
        await EvidenceAsync(
            StoreJson.Verdict((await store.FindProbeAsync(probe.Token, cancellationToken))?.VerdictJson),
            await store.MessagesOfProbeAsync(probe.Token, cancellationToken),
            probe,
            record,
            checker,
            log,
            cancellationToken);

    /// <summary>The same, from the probe's verdict so far and its stored messages that the caller has already read.</summary>
    public static async Task<MailEvidence> EvidenceAsync(ProbeVerdict? before, IReadOnlyList<StoredMessage> messages, Probe probe, ProbeRecord record, IMessageChecker? checker, ILogger log, CancellationToken cancellationToken)
    {
        var checks = (before?.Cards ?? [])
            .Where(c => c.Checks is not null)
            .GroupBy(c => c.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Checks!, StringComparer.Ordinal);
        var letters = new Dictionary<string, Letter>(StringComparer.Ordinal);
        var raws = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var email = StoreJson.Email(message);
            if (message.Raw.Length == 0 || letters.ContainsKey(email.Id))
            {
                continue;
            }

            raws[email.Id] = message.Raw;
            try
            {
                letters[email.Id] = Letters.Read(new MemoryStream(message.Raw, writable: false), email.Folder);
            }
            catch (FormatException e)
            {
                // Judged from the bot's reading instead; the card says less, but it is there.
                log.Debug("Message {Message} of probe {Probe} is judged from its reading: {Reason}", email.Id, probe.Id, e.Message);
            }
        }

        if (checker is not null)
        {
            var ownDomains = OwnDomains(probe);
            foreach (var email in record.Emails.Where(e => !checks.ContainsKey(e.Id)).DistinctBy(e => e.Id))
            {
                var letter = letters.GetValueOrDefault(email.Id) ?? Letters.From(email);
                try
                {
                    checks[email.Id] = await checker.CheckAsync(letter, raws.GetValueOrDefault(email.Id), ownDomains, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A check that cannot be made leaves its part of the card unchecked; the probe is still judged.
                    log.Warning("Message {Message} of probe {Probe} could not be checked: {Reason}", email.Id, probe.Id, e.Message);
                }
            }
        }

        return new MailEvidence { Letters = letters, Checks = checks, FullName = probe.Persona.Name };
    }

    /// <summary>A verdict while mail is awaited: what is measured so far, no expectation checked, no grade yet.</summary>
    public static ProbeVerdict Parked(ProbeVerdict verdict) => verdict with { Passed = false, Expectations = [], Experience = null };

    /// <summary>Why a probe whose journey completed failed: its unmet expectations.</summary>
    public static string FailedReason(ProbeVerdict verdict) =>
        string.Join("; ", verdict.Expectations.Where(e => !e.Passed && !e.Warning).Select(e => $"{e.Metric}: {e.Reason}"));

    public static Task SaveAsync(IStore store, string token, ProbeVerdict verdict, CancellationToken cancellationToken) =>
        store.SaveVerdictAsync(token, StoreJson.Verdict(verdict), verdict.Metrics.Select(m => new StoredMetric(m.Name, m.Value, m.IsDuration)).ToList(), cancellationToken);

    private static List<string> OwnDomains(Probe probe)
    {
        var domains = new List<string>();
        if (Uri.TryCreate(probe.TargetUrl, UriKind.Absolute, out var site))
        {
            domains.Add(site.Host);
        }

        domains.AddRange(probe.Target.Domains.Where(d => !domains.Contains(d, StringComparer.OrdinalIgnoreCase)));
        return domains;
    }
}
