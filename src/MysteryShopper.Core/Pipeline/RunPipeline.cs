using System.Globalization;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using MysteryShopper.Redaction;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using Serilog;
using Serilog.Core;
using Serilog.Formatting.Compact;

namespace MysteryShopper.Pipeline;

/// <summary>The outcome of a run: its results (as stored), where its reports are, and whether it was stopped.</summary>
public sealed record RunOutcome(RunResult Result, string Directory, IReadOnlyList<string> Reports)
{
    /// <summary>Ctrl-C or SIGTERM stopped the run; what finished is stored and reported.</summary>
    public bool Stopped { get; init; }

    /// <summary>Why the run folder could not be written (a full disk, a failing write): the run stopped submitting; null when it could.</summary>
    public string? CannotRecord { get; init; }

    /// <summary>Why a <c>--baseline</c> that was asked for compared nothing (no earlier run for <c>last</c>); null otherwise.</summary>
    public string? BaselineNote { get; init; }

    /// <summary>The run's secrets: whatever shows the outcome (the console summary) masks them too.</summary>
    public Redactor Redactor { get; init; } = Redactor.None;
}

/// <summary>
/// The one pipeline every command uses: plan (atomically under the politeness limits the store counts), run the
/// probes (each stored at every step boundary; a wait beyond <see cref="RunSettings.Wait"/> parks it), judge, store,
/// and render the reports from the store. Everything it starts it stops; the suite's secrets reach no output (the log,
/// the store, the reports, traces and HARs) but masked by the one <see cref="Redactor"/>.
/// Cancelling it (Ctrl-C, SIGTERM) stops cleanly: finished probes are judged and reported, probes at a wait stay
/// awaiting for <c>collect</c>, the rest are cancelled (or unknown, when a submission was under way).
/// </summary>
public static class RunPipeline
{
    public static async Task<RunOutcome> RunAsync(Suite suite, IReadOnlyList<SourceFile> sources, RunSettings settings, IRunParts parts, ILogger console, TimeProvider time, CancellationToken cancellationToken)
    {
        var workspace = settings.WorkspaceFolder is { } folder ? new Workspace(folder) : Workspace.Of(suite);
        var started = time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"{started:yyyyMMdd-HHmmss}-{Planner.NewToken()[..4]}");
        var directory = RunFolder.Create(workspace.ReportsFolder(settings), runId, settings.OutputRootFrom);
        var evidence = new EvidenceFolder(directory);
        var redactor = new Redactor(suite.Secrets);

        await using var store = RedactingStore.Over(await parts.OpenStoreAsync(workspace.StorePath(settings), cancellationToken), redactor);
        await using var sinks = RunLog(console, directory, evidence);
        await using var fileLog = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .Enrich.WithProperty("Run", runId)
            .WriteTo.Sink(new RedactingSink(sinks, redactor))
            .CreateLogger();
        var log = fileLog.ForContext(Constants.SourceContextPropertyName, "mshop");
        log.Information("Run {Run} writes to {Directory}; store {Store}", runId, directory, store.Location);

        // An unknown --baseline is found before anything is started, reserved or submitted.
        var suiteName = string.Join(", ", suite.Scenarios.Select(s => s.Name));
        var baseline = settings.Baseline is { } given ? await Baselines.FindAsync(store, given, suiteName, started, runId, cancellationToken) : null;

        await using var demo = await parts.StartDemoAsync(suite, settings, workspace.Folder, workspace.Maildir(settings), log, cancellationToken);
        settings = demo?.Over(settings) ?? settings;
        var maildir = workspace.Maildir(settings);

        // The mailbox and the sender are checked before anything is reserved or submitted: a run that could not receive
        // the answers (or send its questions) asks nobody anything.
        var secrets = new RunSecrets(store);
        secrets.Add(runId, redactor);
        await using var mailbox = await parts.OpenMailboxAsync(settings, maildir, new StoreMailJournal(store, secrets), log, cancellationToken);
        var sender = parts.CreateSender(settings, directory, log);
        var checker = parts.CreateMessageChecker(settings, log);
        using var checkerLifetime = checker as IDisposable;
        await sender.CheckAsync(cancellationToken);

        // So is the browser, before any probe is reserved: a run that cannot browse takes none of a target's allowed probes.
        // A shard plans the whole suite, so that politeness limits and probe order are decided as for an unsharded run,
        // then makes only its part (Shard.Take).
        var plan = Planner.Plan(suite, settings.Addresses, t => t.DemoCompanyId is { } id && demo is not null ? demo.UrlOf(id) : t.Url, settings.Filter, settings.Samples);
        var shard = settings.Shard ?? Shard.All;
        await using var browser = shard.Take(plan, p => p.Id).Count > 0 ? await parts.LaunchBrowserAsync(settings, directory, log, cancellationToken) : null;
        await store.CreateRunAsync(
            new StoredRun
            {
                Id = runId,
                Suite = suiteName,
                Workspace = workspace.Folder,
                Directory = directory,
                StartedAt = started,
                SourcesJson = StoreJson.Sources(sources),
                SettingsJson = StoreJson.Settings(Stored(settings) with
                {
                    Shard = settings.Shard is { } part ? new StoredShard(part.Index, part.Count, Shard.Fingerprint(plan.Select(p => p.Id))) : null,
                }),
            },
            cancellationToken);

        var ordinals = plan.Select((p, i) => (p.Token, i)).ToDictionary(p => p.Token, p => p.i, StringComparer.Ordinal);
        var planned = await store.ReserveProbesAsync(
            started - Politeness.Window(suite),
            history => shard.Take(Politeness.Apply(plan, history, started), p => p.Probe.Id),
            p => ProbeRecords.Stored(p.Probe, runId, ordinals[p.Probe.Token], started) with { Owner = ProcessOwner.Current },
            cancellationToken);
        var skipped = planned.Where(p => !p.Runs).Select(p => new SkippedProbe(p.Probe.Id, p.Probe.Scenario.Name, p.Probe.Target.Id, p.SkipReason!)).ToList();
        await store.SetRunSkippedAsync(runId, StoreJson.Skipped(skipped), cancellationToken);
        foreach (var skip in skipped)
        {
            log.Warning("Probe {Probe} skipped: {Reason}", skip.ProbeId, skip.Reason);
        }

        var probes = planned.Where(p => p.Runs).Select(p => p.Probe).ToList();
        foreach (var p in planned)
        {
            settings.Progress?.Report(Progress(p.Probe, p.Runs ? ProgressState.Planned : ProgressState.Skipped) with { Reason = p.SkipReason });
        }

        if (probes.Count > 0 && browser is not null)
        {
            log.Information("{Count} probe(s), {Parallel} at a time; each waits up to {Wait} here for its mail", probes.Count, settings.Parallel, Duration.Format(settings.Wait));
            var runner = new ProbeRunner(_ => Task.FromResult<IBrowser>(browser), mailbox, sender, store, Runner(settings, directory) with { Evidence = evidence }, time, log, parts.CreateWebPoster());
            await ForEachAsync(probes, settings.Parallel, async probe =>
            {
                if (evidence.CanSubmit() is not null)
                {
                    // Left planned, so cancelled below with the reason: it sent nothing.
                    return;
                }

                settings.Progress?.Report(Progress(probe, ProgressState.Running));
                var outcome = await runner.RunAsync(probe, cancellationToken);
                var state = await Settle.ProbeAsync(store, probe, outcome, checker, log, CancellationToken.None);
                settings.Progress?.Report(Progress(probe, ProbeProgress.Of(state)) with { Reason = outcome.Record.Failure?.Reason ?? outcome.Reason });
            }, cancellationToken);
        }

        // Probes the stop came before never started: nothing of theirs went out.
        var notStarted = evidence.Problem is { } problem
            ? $"not started: the run can no longer record its evidence ({problem}); nothing was sent"
            : "the run was stopped before this probe started; nothing was sent";
        foreach (var probe in await store.ProbesOfRunAsync(runId, CancellationToken.None))
        {
            if (probe.State == ProbeState.Planned)
            {
                await store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = ProbeState.Cancelled, StateReason = notStarted }, CancellationToken.None);
                if (probes.FirstOrDefault(p => p.Token == probe.Token) is { } stopped)
                {
                    settings.Progress?.Report(Progress(stopped, ProgressState.Stopped) with { Reason = notStarted });
                }
            }
        }

        await Rejudge.CardLateMailAsync(store, runId, suite, checker, log, CancellationToken.None);
        await store.FinishRunAsync(runId, time.GetUtcNow(), CancellationToken.None);
        var result = await StoredRuns.LoadAsync(store, runId, CancellationToken.None) ?? throw new InvalidOperationException($"run {runId} was not stored");
        result = result with { Unattributed = [.. result.Unattributed.Concat(mailbox.Unattributed).DistinctBy(e => e.Id)] };
        if (settings.Shard is not null)
        {
            try
            {
                await RunExport.WriteAsync(store, runId, parts.OpenStoreAsync, directory, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreException)
            {
                // A shard without its export cannot be merged: the run fails as one that could not record its evidence.
                evidence.Failed(Path.Combine(directory, RunExport.FileName), e);
                log.Error("The shard's export {File} could not be written: {Reason}", Path.Combine(directory, RunExport.FileName), e.Message);
            }
        }

        result = await Baselines.AttachAsync(store, result, suiteName, baseline, settings.Trend, settings.Regression, CancellationToken.None);
        IReadOnlyList<string> written = [];
        try
        {
            written = await ReportWriters.WriteAllAsync(result, directory, settings.Reports, redactor, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Everything is in the store: the reports can be written again from it elsewhere.
            evidence.Failed(directory, e);
            log.Error("The reports could not be written to {Directory}: {Reason}; 'mshop report {Run} --out FOLDER' writes them from the store", directory, e.Message, runId);
        }

        return new RunOutcome(result, directory, written)
        {
            Stopped = cancellationToken.IsCancellationRequested,
            CannotRecord = evidence.Problem,
            Redactor = redactor,
            BaselineNote = settings.Baseline is not null && baseline is null ? "--baseline last: no earlier finished run of this suite in the store, so nothing was compared (the next run compares with this one)" : null,
        };
    }

    private static ProbeProgress Progress(Planning.Probe probe, ProgressState state) =>
        new(probe.Id, probe.Scenario.Name, probe.Target.Id, probe.Target.Name, state) { Token = probe.Token };

    /// <summary>
    /// The console, plus the run's own structured log file. A log file that cannot be written (a full disk) never
    /// stops the run by itself: the failure goes to <paramref name="evidence"/>, and the run submits nothing more.
    /// </summary>
    public static Logger RunLog(ILogger console, string directory, EvidenceFolder? evidence = null) => new LoggerConfiguration()
        .MinimumLevel.Debug()
        .WriteTo.Logger(console)
        .WriteTo.Fallible(to => to.File(new CompactJsonFormatter(), Path.Combine(directory, "log.clef")), new LogFailures(Path.Combine(directory, "log.clef"), evidence))
        .CreateLogger();

    /// <summary>Tells the run folder that its log could not be written.</summary>
    private sealed class LogFailures(string path, EvidenceFolder? evidence) : ILoggingFailureListener
    {
        public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<Serilog.Events.LogEvent>? events, Exception? exception) =>
            evidence?.Failed(path, exception ?? new IOException(message));
    }

    /// <summary>Runs <paramref name="work"/> for each item, <paramref name="parallel"/> at a time; after a stop, starts no more.</summary>
    public static async Task ForEachAsync<T>(IReadOnlyList<T> items, int parallel, Func<T, Task> work, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, parallel));
        var running = new List<Task>();
        foreach (var item in items)
        {
            try
            {
                await slots.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            running.Add(Task.Run(async () =>
            {
                try
                {
                    await work(item);
                }
                finally
                {
                    slots.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(running);
    }

    public static RunnerOptions Runner(RunSettings settings, string directory) => new()
    {
        OutputDirectory = directory,
        StepTimeout = settings.StepTimeout,
        DryRun = settings.DryRun,
        FailureScreenshotsOnly = settings.FailureScreenshotsOnly,
        EndScreenshot = settings.EndScreenshot,
        WaitInProcess = settings.Wait,
    };

    private static StoredSettings Stored(RunSettings settings) => new()
    {
        AddressPattern = settings.Addresses.Pattern,
        Reports = settings.Reports.Select(r => ReportWriters.NameOf(r)).ToList(),
        Trace = settings.Trace,
        FailureScreenshotsOnly = settings.FailureScreenshotsOnly,
        StepTimeoutSeconds = settings.StepTimeout.TotalSeconds,
        DryRun = settings.DryRun,
        CheckLinks = settings.Checks.Links,
        CheckDkim = settings.Checks.Dkim,
        Spamd = settings.Checks.Spamd?.ToString(),
    };
}
