using MysteryShopper.Execution;
using MysteryShopper.Planning;
using MysteryShopper.Redaction;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Pipeline;

/// <summary>What one <c>collect</c> pass did.</summary>
public sealed record CollectResult
{
    /// <summary>Probes that reached a final state in this pass, by state.</summary>
    public required IReadOnlyDictionary<ProbeState, int> Decided { get; init; }

    /// <summary>Probes still awaiting mail after the pass, and the soonest deadline among them.</summary>
    public required int Awaiting { get; init; }
    public DateTimeOffset? NextDeadline { get; init; }

    /// <summary>Runs whose reports were rendered again, with their folders.</summary>
    public required IReadOnlyList<string> Runs { get; init; }

    /// <summary>Probes that passed or failed in this pass, for the exit code.</summary>
    public bool AnyFailed => Decided.Any(d => d.Value > 0 && d.Key is ProbeState.Failed or ProbeState.TimedOut or ProbeState.Errored or ProbeState.Unknown);
}

/// <summary>
/// Completes what runs left open, in any later process: reads the mail that arrived since the stored mailbox position
/// (also while nothing ran), takes over probes whose process died, resumes parked journeys (a browser only when a step
/// needs one), times out probes past their deadline, judges, and renders the affected runs' reports again. Safe beside
/// another collect, watch or run: probes are claimed in the store, messages stored once. Whatever a probe leaves (its
/// store rows, log lines, evidence, its run's reports) is masked with the secrets of its own run's suite.
/// </summary>
public sealed class Collector(IStore store, IRunMailbox mailbox, IRunParts parts, RunSettings settings, TimeProvider time, ILogger log, RunSecrets? secrets = null) : IAsyncDisposable
{
    private readonly Dictionary<string, (StoredRun Run, Suite? Suite, string? Problem)> _runs = new(StringComparer.Ordinal);
    private readonly RunSecrets _secrets = secrets ?? new RunSecrets(store);
    private readonly Dictionary<string, Judging.Quality.IMessageChecker?> _checkers = new(StringComparer.Ordinal);
    private IRunBrowser? _browser;
    private readonly SemaphoreSlim _launching = new(1, 1);

    /// <summary>One pass: mail, orphans, resumes, reports.</summary>
    public async Task<CollectResult> PassAsync(CancellationToken cancellationToken)
    {
        var open = await store.ProbesInStateAsync(ProbeStates.Open, cancellationToken);
        var sent = await store.SentMessageIdsAsync(open.Select(p => p.Token).ToList(), cancellationToken);
        foreach (var (messageId, token) in sent)
        {
            mailbox.RegisterSent(token, messageId);
        }

        await mailbox.CatchUpAsync(cancellationToken);
        var decided = new Dictionary<ProbeState, int>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var stored in open.Where(p => !ProcessOwner.IsAlive(p.Owner)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ProbeState? state;
            try
            {
                state = await TakeAsync(stored, now, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not StoreException)
            {
                // One probe that cannot go on never stops the others: it is decided, with the reason.
                (await LogOfAsync(stored.RunId)).Error(e, "Probe {Probe} ({Token}) could not be resumed", stored.ProbeId, stored.Token);
                state = await DecideAsync(stored, ProbeState.Errored, $"it could not be resumed: {e.Message}", CancellationToken.None);
            }

            if (state is { } final && final != ProbeState.Awaiting)
            {
                decided[final] = decided.GetValueOrDefault(final) + 1;
                touched.Add(stored.RunId);
            }
        }

        if (settings.RetryUnknown)
        {
            foreach (var stored in await store.ProbesInStateAsync([ProbeState.Unknown], cancellationToken))
            {
                if (await RetryAsync(stored, cancellationToken) is { } final)
                {
                    decided[final] = decided.GetValueOrDefault(final) + 1;
                    touched.Add(stored.RunId);
                }
            }
        }

        var written = new List<string>();
        foreach (var runId in touched)
        {
            if (await RunAsync(runId, cancellationToken) is { Suite: { } suite } entry)
            {
                await Rejudge.CardLateMailAsync(store, runId, suite, CheckerOf(entry.Run), log, cancellationToken);
            }

            written.Add(await RenderAsync(runId, cancellationToken));
        }

        var awaiting = await store.ProbesInStateAsync([ProbeState.Awaiting], cancellationToken);
        return new CollectResult
        {
            Decided = decided,
            Awaiting = awaiting.Count,
            NextDeadline = awaiting.Select(p => p.Deadline).Where(d => d is not null).Min(),
            Runs = written,
        };
    }

    /// <summary>Takes one open probe whose process is gone (or that nobody owns): resumes, times out, or decides it.</summary>
    private async Task<ProbeState?> TakeAsync(StoredProbe stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await store.ClaimProbeAsync(stored.Token, ProcessOwner.Current, ProbeStates.Open, stored.Owner, cancellationToken))
        {
            return null;
        }

        var submissions = await store.SubmissionsAsync(stored.Token, cancellationToken);
        if (submissions.FirstOrDefault(s => s.FinishedAt is null) is { } halfDone)
        {
            return await DecideAsync(stored, ProbeState.Unknown, $"the process running it stopped while '{halfDone.Description}' was under way ({halfDone.StartedAt:yyyy-MM-dd HH:mm:ss} UTC): it may or may not have been sent, so it is not repeated; 'mshop collect --retry-unknown' walks it again", cancellationToken);
        }

        switch (stored.State)
        {
            case ProbeState.Planned:
                return await DecideAsync(stored, ProbeState.Cancelled, "the run stopped before this probe started; nothing was sent", cancellationToken);
            case ProbeState.Running:
                return await DecideAsync(stored, ProbeState.Errored, "the process running it stopped between steps (killed or crashed); its browser steps cannot be repeated without submitting again. What it did is kept above", cancellationToken);
        }

        var (run, suite, problem) = await RunAsync(stored.RunId, cancellationToken);
        var probe = suite is null ? null : Replan(suite, stored);
        if (probe is null)
        {
            return await DecideAsync(stored, ProbeState.Errored, problem ?? $"its scenario '{stored.Scenario}' or target '{stored.TargetId}' is not in the run's suite", cancellationToken);
        }

        var (probeStore, probeLog) = (RedactingStore.Over(store, probe.Redactor), RedactingSink.Over(log, probe.Redactor));
        var runner = new ProbeRunner(BrowserAsync, mailbox, parts.CreateSender(settings, run.Directory, probeLog), probeStore, Runner(run), time, probeLog, parts.CreateWebPoster());
        var outcome = await runner.ResumeAsync(probe, stored, now, cancellationToken);
        return await Settle.ProbeAsync(probeStore, probe, outcome, CheckerOf(run), probeLog, CancellationToken.None);
    }

    /// <summary><c>--retry-unknown</c>: the user asks for a probe whose submission may have gone out to be walked again from the start.</summary>
    private async Task<ProbeState?> RetryAsync(StoredProbe stored, CancellationToken cancellationToken)
    {
        if (!await store.ClaimProbeAsync(stored.Token, ProcessOwner.Current, [ProbeState.Unknown], stored.Owner, cancellationToken))
        {
            return null;
        }

        var (run, suite, problem) = await RunAsync(stored.RunId, cancellationToken);
        if ((suite is null ? null : Replan(suite, stored)) is not { } probe)
        {
            log.Warning("Probe {Probe} cannot be retried: {Reason}", stored.ProbeId, problem);
            await store.UpdateProbeAsync(new ProbeUpdate(stored.Token) { ClearOwner = true }, CancellationToken.None);
            return null;
        }

        log.Information("Probe {Probe} is walked again from the start (--retry-unknown)", stored.ProbeId);
        await store.UpdateProbeAsync(new ProbeUpdate(stored.Token) { State = ProbeState.Planned, CheckpointJson = new ProbeCheckpoint().ToJson(), StateReason = "retried after unknown" }, CancellationToken.None);
        var (probeStore, probeLog) = (RedactingStore.Over(store, probe.Redactor), RedactingSink.Over(log, probe.Redactor));
        var runner = new ProbeRunner(BrowserAsync, mailbox, parts.CreateSender(settings, run.Directory, probeLog), probeStore, Runner(run) with { WaitInProcess = settings.Wait }, time, probeLog, parts.CreateWebPoster());
        var outcome = await runner.RunAsync(probe, cancellationToken);
        return await Settle.ProbeAsync(probeStore, probe, outcome, CheckerOf(run), probeLog, CancellationToken.None);
    }

    private async Task<ProbeState> DecideAsync(StoredProbe stored, ProbeState state, string reason, CancellationToken cancellationToken)
    {
        var redactor = await _secrets.OfRunAsync(stored.RunId, cancellationToken);
        RedactingSink.Over(log, redactor).Warning("Probe {Probe} ({Token}) is {State}: {Reason}", stored.ProbeId, stored.Token, state.Word(), reason);
        await RedactingStore.Over(store, redactor).UpdateProbeAsync(new ProbeUpdate(stored.Token) { State = state, StateReason = reason, FinishedAt = time.GetUtcNow(), ClearOwner = true, ClearDeadline = true }, cancellationToken);
        return state;
    }

    /// <summary>The console log, with the secrets of run <paramref name="runId"/> masked.</summary>
    private async Task<ILogger> LogOfAsync(string runId) => RedactingSink.Over(log, await _secrets.OfRunAsync(runId, CancellationToken.None));

    private RunnerOptions Runner(StoredRun run)
    {
        var stored = StoreJson.Settings(run.SettingsJson);
        return new RunnerOptions
        {
            OutputDirectory = run.Directory,
            StepTimeout = stored is null ? settings.StepTimeout : TimeSpan.FromSeconds(stored.StepTimeoutSeconds),
            FailureScreenshotsOnly = stored?.FailureScreenshotsOnly ?? settings.FailureScreenshotsOnly,
            WaitInProcess = TimeSpan.Zero,
        };
    }

    /// <summary>
    /// The message checker of a run: the checks it was started with (its stored settings), not this process's, so the
    /// mail collected later is checked the way the run checked its first.
    /// </summary>
    private Judging.Quality.IMessageChecker? CheckerOf(StoredRun run)
    {
        if (!_checkers.TryGetValue(run.Id, out var checker))
        {
            var checks = StoreJson.Settings(run.SettingsJson) is { } stored ? RunSettings.ChecksOf(stored) : settings.Checks;
            _checkers[run.Id] = checker = parts.CreateMessageChecker(settings with { Checks = checks }, log);
        }

        return checker;
    }

    /// <summary>The run and its suite as it was loaded when the run began (the files may have changed since).</summary>
    private async Task<(StoredRun Run, Suite? Suite, string? Problem)> RunAsync(string runId, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(runId, out var entry))
        {
            var run = await store.FindRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"run {runId} is not in the store");
            var loaded = SuiteLoader.Load(StoreJson.Sources(run.SourcesJson));
            entry = loaded.Succeeded
                ? (run, loaded.Suite, null)
                : (run, null, $"the run's suite no longer loads: {string.Join("; ", loaded.Diagnostics.Take(3))}");
            _runs[runId] = entry;
            if (loaded.Suite is { } suite)
            {
                _secrets.Add(runId, new Redactor(suite.Secrets));
            }
        }

        return entry;
    }

    /// <summary>
    /// The planned probe again, from its suite and what the store kept of it (token, address, URL). A URL the store
    /// keeps masked is the suite's own: its secret comes from the environment again.
    /// </summary>
    public static Probe? Replan(Suite suite, StoredProbe stored)
    {
        var scenario = suite.Scenarios.FirstOrDefault(s => s.Name == stored.Scenario);
        if (scenario is null || !suite.Targets.TryGetValue(stored.TargetId, out var target) || !suite.Personas.TryGetValue(stored.Persona, out var persona))
        {
            return null;
        }

        var question = stored.QuestionId is null ? null : scenario.Questions.FirstOrDefault(q => q.Id == stored.QuestionId);
        var redactor = new Redactor(suite.Secrets);
        return new Probe
        {
            Id = stored.ProbeId,
            Sample = Samples.Of(stored.ProbeId),
            Scenario = scenario,
            Target = target,
            Persona = persona,
            Question = question,
            Journey = JourneyPlan.For(scenario, target),
            Token = stored.Token,
            Email = stored.Email,
            TargetUrl = stored.TargetUrl == redactor.Redact(target.Url) ? target.Url : stored.TargetUrl,
            Redactor = redactor,
        };
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        await _launching.WaitAsync(cancellationToken);
        try
        {
            return _browser ??= await parts.LaunchBrowserAsync(settings, Path.GetTempPath(), log, cancellationToken);
        }
        finally
        {
            _launching.Release();
        }
    }

    /// <summary>Renders a run's reports again from the store, in the formats the run chose; returns its folder.</summary>
    private async Task<string> RenderAsync(string runId, CancellationToken cancellationToken)
    {
        var (run, suite, _) = await RunAsync(runId, cancellationToken);
        var result = await StoredRuns.LoadAsync(store, runId, cancellationToken) ?? throw new InvalidOperationException($"run {runId} is not in the store");
        var names = StoreJson.Settings(run.SettingsJson)?.Reports ?? [];
        var writers = names.Select(ReportWriters.ByName).OfType<IReportWriter>().ToList();
        var redactor = suite is null ? await _secrets.OfRunAsync(runId, cancellationToken) : new Redactor(suite.Secrets);
        await ReportWriters.WriteAllAsync(result, run.Directory, writers.Count > 0 ? writers : ReportWriters.All, redactor, cancellationToken);
        log.Information("Run {Run}: reports written again in {Directory}", runId, run.Directory);
        return run.Directory;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        foreach (var checker in _checkers.Values.OfType<IDisposable>())
        {
            checker.Dispose();
        }

        _launching.Dispose();
    }
}
