using System.Diagnostics;
using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Planning;
using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Execution;

public sealed record RunnerOptions
{
    /// <summary>How long a browser step may take unless it says otherwise.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The run's folder; screenshots go to its <c>screenshots/</c>, traces to <c>traces/</c>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Run every step up to the first submitting one, and send nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Screenshots of failures (and at <c>screenshot</c> steps) only: none at marks or at the end of a passing probe,
    /// for large suites where that evidence costs more time and disk than it is worth.
    /// </summary>
    public bool FailureScreenshotsOnly { get; init; }

    /// <summary>
    /// The picture at the end of a passing probe: the full page as a PNG by default. On a quiet machine it cost 1.8 % of a
    /// probe's CPU against none, and a viewport JPEG 7.2 % (BENCHMARKS.md, "Evidence": Chromium's JPEG encoding is no
    /// cheaper than its PNG for a short page); <see cref="ScreenshotKind.Viewport"/> keeps a long page's picture small.
    /// </summary>
    public ScreenshotKind EndScreenshot { get; init; } = ScreenshotKind.FullPage;

    /// <summary>
    /// How long a probe may wait in this process for the mail its steps expect, from its first wait (<c>--wait</c>).
    /// A wait whose deadline lies beyond it parks the probe: it is left <c>awaiting</c> for <c>collect</c>.
    /// </summary>
    public TimeSpan WaitInProcess { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>This process, as it owns probes in the store (<see cref="ProcessOwner"/>).</summary>
    public string Owner { get; init; } = ProcessOwner.Current;

    /// <summary>The run folder as the whole run shares it: evidence is written through it, and it stops submissions when the folder cannot be written.</summary>
    public EvidenceFolder? Evidence { get; init; }
}

/// <summary>How a walk of a probe's journey ended, for the pipeline to judge and store.</summary>
public enum ProbeEnd
{
    /// <summary>The journey finished, or stopped at a failed step: judging decides passed, failed or timed out.</summary>
    Completed,

    /// <summary>A step waits for mail beyond this process's wait: the probe is left awaiting until its deadline.</summary>
    Parked,

    /// <summary>Something unexpected stopped the probe (the probe boundary caught it).</summary>
    Errored,

    /// <summary>Ctrl-C or SIGTERM stopped the probe between submissions.</summary>
    Cancelled,

    /// <summary>Stopped while a submission was under way: it may or may not have gone out.</summary>
    Unknown,
}

/// <summary>What a walk came to: the record so far, how it ended, and (parked) until when the probe waits.</summary>
public sealed record ProbeOutcome(ProbeRecord Record, ProbeEnd End, DateTimeOffset? Deadline = null, string? Reason = null)
{
    /// <summary>The journey failed because mail did not come before a deadline.</summary>
    public bool TimedOut { get; init; }
}

/// <summary>
/// Walks one probe's journey: browser steps through its <see cref="IBrowserSession"/>, email steps through the
/// <see cref="IMailbox"/> and <see cref="IMailSender"/>, and records every step as observations, stored at every step
/// boundary. A submitting step is stored as begun before it acts and as ended after, so a crash in between is seen
/// and never repeated. A step that waits for mail longer than this process waits parks the probe with its deadline,
/// what it has gathered and the browser's cookies; <see cref="ResumeAsync"/> goes on from there in any later process.
/// A failure stops the journey (unless the step is optional) and is recorded, never thrown: one target's failure
/// never sinks the run. RFC 8058 one-click unsubscribes are posted through <c>web</c>; without one (null) an
/// <c>unsubscribe</c> takes the mail's next way out.
/// </summary>
public sealed class ProbeRunner(Func<CancellationToken, Task<IBrowser>> browser, IMailbox mailbox, IMailSender sender, IStore store, RunnerOptions options, TimeProvider time, ILogger log, IWebPoster? web = null)
{
    /// <summary>Parks the journey: not a pass, not a failure.</summary>
    private static readonly StepOutcome ParkedOutcome = new(false, "parked");

    private readonly EvidenceFolder _evidence = options.Evidence ?? new EvidenceFolder(options.OutputDirectory);

    /// <summary>Walks a planned probe from its first step.</summary>
    public async Task<ProbeOutcome> RunAsync(Probe probe, CancellationToken cancellationToken)
    {
        var walk = new Walk(probe, new Journal(time));
        var startedAt = walk.Journal.Add(ObservationKind.ProbeStarted, detail: probe.Email).At;
        walk.StartedAt = startedAt;
        mailbox.RegisterProbe(probe.Token, probe.Target.Domains, startedAt);
        await store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = ProbeState.Running, StartedAt = startedAt, Owner = options.Owner }, CancellationToken.None);
        log.Information("Probe {Probe} started ({Email})", probe.Id, probe.Email);
        return await WalkAsync(walk, 0, opensBrowser: true, cancellationToken);
    }

    /// <summary>
    /// Goes on with a parked probe (or one whose process died at a wait) from the step it waits at: the mail it waits
    /// for may be stored already, its deadline may have passed, or it waits on. Opens a browser only when a step after
    /// the wait needs one, with the cookies kept when it parked. The caller has claimed the probe.
    /// </summary>
    /// <param name="probe">The probe as planned, with its stored token and URL.</param>
    /// <param name="stored">The probe as stored: its checkpoint, deadline, storage state and times.</param>
    /// <param name="waitUntil">How long this process may wait for mail in a step (collect: now; watch: a little).</param>
    /// <param name="cancellationToken">Stops the walk (the probe stays awaiting).</param>
    public async Task<ProbeOutcome> ResumeAsync(Probe probe, StoredProbe stored, DateTimeOffset waitUntil, CancellationToken cancellationToken)
    {
        var checkpoint = ProbeCheckpoint.FromJson(stored.CheckpointJson)
            ?? throw new InvalidOperationException($"probe {stored.ProbeId} ({stored.Token}) has no checkpoint to resume from");
        var walk = new Walk(probe, new Journal(time));
        walk.Journal.Load(await store.ObservationsAsync(probe.Token, cancellationToken));
        walk.StartedAt = stored.StartedAt ?? stored.PlannedAt;
        walk.WaitUntil = waitUntil;
        walk.Restore(checkpoint, await EmailsAsync(probe.Token, cancellationToken));
        walk.StorageState = stored.StorageState;
        walk.Resuming = true;
        mailbox.RegisterProbe(probe.Token, probe.Target.Domains, walk.StartedAt);
        await store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { Owner = options.Owner }, CancellationToken.None);
        log.Information("Probe {Probe} resumed at step {Step}", probe.Id, checkpoint.ResumeStep + 1);
        return await WalkAsync(walk, checkpoint.ResumeStep, opensBrowser: false, cancellationToken);
    }

    private async Task<ProbeOutcome> WalkAsync(Walk walk, int from, bool opensBrowser, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        var end = ProbeEnd.Completed;
        string? reason = null;
        try
        {
            if (opensBrowser)
            {
                await SessionAsync(walk, cancellationToken);
            }

            for (var i = from; i < probe.Journey.Count && !walk.Halted; i++)
            {
                walk.TopStep = i;
                await RunOneAsync(probe.Journey[i], [], walk, topLevel: true, cancellationToken);
            }

            if (walk.ParkedUntil is not null)
            {
                end = ProbeEnd.Parked;
            }
            else if (walk.CannotRecord is not null)
            {
                (end, reason) = (ProbeEnd.Cancelled, walk.CannotRecord);
            }
            else if (walk.Failure is not null)
            {
                if (walk.Session is not null)
                {
                    await KeepEvidenceAsync(walk.Session, walk, cancellationToken);
                }
            }
            else if (!options.FailureScreenshotsOnly && walk.Session is not null)
            {
                await ScreenshotAsync(walk.Session, probe, "end", walk, options.EndScreenshot, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: a submission under way may have gone out; a wait stays a wait.
            (end, reason) = walk.SubmissionUnderWay is { } submitting
                ? (ProbeEnd.Unknown, $"stopped while '{submitting}' was under way: it may or may not have been sent, so it is not repeated")
                : walk.AwaitingFrom is not null ? (ProbeEnd.Parked, null) : (ProbeEnd.Cancelled, "stopped (Ctrl-C or SIGTERM) before the journey finished");
            if (end == ProbeEnd.Parked)
            {
                walk.ParkedUntil = walk.AwaitingDeadline;
            }

            log.Warning("Probe {Probe} stopped: {Outcome}", probe.Id, end);
        }
        catch (Exception e)
        {
            // The probe boundary: anything unexpected is this probe's failure, not the run's.
            end = walk.SubmissionUnderWay is null ? ProbeEnd.Errored : ProbeEnd.Unknown;
            reason = $"the probe could not run: {e.Message}";
            walk.Failure = new StepFailure(-1, "probe", probe.Scenario.File, 1, 1, reason);
            walk.Journal.Add(ObservationKind.StepFailed, detail: walk.Failure.Reason);
            log.Error(e, "Probe {Probe} could not run", probe.Id);
        }
        finally
        {
            if (walk.Session is not null)
            {
                await walk.Session.DisposeAsync();
            }
        }

        // Mail no step waited for is still what the shopper got: every email becomes an observation.
        var emails = await EmailsAsync(probe.Token, CancellationToken.None);
        if (end != ProbeEnd.Parked)
        {
            foreach (var email in emails.Where(e => !walk.Named.Values.Any(n => n.Id == e.Id)))
            {
                walk.Journal.Add(ObservationKind.EmailReceived, detail: email.Subject, at: email.ReceivedAt);
            }

            walk.Journal.Add(ObservationKind.ProbeFinished);
        }

        var finishedAt = time.GetUtcNow();
        await FlushAsync(walk, CancellationToken.None);
        var checkpoint = walk.Checkpoint();
        await store.UpdateProbeAsync(
            new ProbeUpdate(probe.Token)
            {
                CheckpointJson = checkpoint.ToJson(),
                FinishedAt = end == ProbeEnd.Parked ? null : finishedAt,
                Deadline = walk.ParkedUntil,
                StorageState = walk.StorageState,
                State = end == ProbeEnd.Parked ? ProbeState.Awaiting : null,
                ClearOwner = end == ProbeEnd.Parked,
            },
            CancellationToken.None);
        if (end == ProbeEnd.Parked)
        {
            log.Information("Probe {Probe} awaits mail until {Deadline}", probe.Id, walk.ParkedUntil);
        }
        else
        {
            log.Information("Probe {Probe} finished: {Outcome}", probe.Id, walk.Failure is null ? "journey completed" : "journey failed");
        }

        var record = ProbeRecords.Build(probe, walk.StartedAt, end == ProbeEnd.Parked ? null : finishedAt, walk.Journal.Observations, emails, checkpoint);
        return new ProbeOutcome(record, end, walk.ParkedUntil, reason ?? walk.Failure?.Reason) { TimedOut = walk.TimedOut };
    }

    private async Task<IBrowserSession> SessionAsync(Walk walk, CancellationToken cancellationToken)
    {
        if (walk.Session is null)
        {
            var opened = await browser(cancellationToken);
            walk.Session = await opened.OpenAsync(walk.Probe, walk.Journal, walk.StorageState, cancellationToken);
        }

        return walk.Session;
    }

    /// <summary>Every email of the probe: what this process's mailbox attributed, and what the store holds (read by any process).</summary>
    private async Task<IReadOnlyList<ReceivedEmail>> EmailsAsync(string token, CancellationToken cancellationToken)
    {
        var stored = (await store.MessagesOfProbeAsync(token, cancellationToken)).Select(StoreJson.Email).ToList();
        var known = stored.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var claimed in mailbox.ReceivedFor(token).Where(e => !known.Contains(e.Id)))
        {
            // Claimed here by a waiting step's rules (a reply without the token, from the target's domain): the store
            // learns it too, so reports and later processes see the same attribution. First claim wins.
            if (await store.AttributeMessageAsync(claimed.Id, token, cancellationToken))
            {
                stored.Add(claimed);
            }
        }

        return [.. stored.OrderBy(e => e.ReceivedAt)];
    }

    private async Task FlushAsync(Walk walk, CancellationToken cancellationToken)
    {
        var fresh = walk.Journal.TakeUnstored();
        if (fresh.Count > 0)
        {
            await store.AppendObservationsAsync(walk.Probe.Token, fresh, cancellationToken);
        }
    }

    private async Task RunOneAsync(Step step, IReadOnlyList<LocatorSpec> frames, Walk walk, bool topLevel, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        if (step.Submit && options.DryRun)
        {
            walk.DryRunStoppedBefore = step.Describe();
            walk.Journal.Add(ObservationKind.DryRunStopped, detail: $"would {step.Describe()}", line: step.Place.Line);
            log.Information("Probe {Probe}: dry run stops before {Step}", probe.Id, step.Describe());
            await ScreenshotAsync(await SessionAsync(walk, cancellationToken), probe, "dry-run", walk, ScreenshotKind.FullPage, cancellationToken);
            return;
        }

        var submits = step.Submit || step.Type.SendsMail;
        if (submits && !walk.Resuming && _evidence.CanSubmit() is { } problem)
        {
            // What a company does after a submission must be recorded: a run that cannot record asks nothing more.
            walk.CannotRecord = $"stopped before {step.Describe()}: the run can no longer record its evidence ({problem}); nothing more was submitted";
            walk.Journal.Add(ObservationKind.StepSkipped, name: step.Keyword, detail: walk.CannotRecord, line: step.Place.Line);
            log.Error("Probe {Probe} stopped before {Step}: the run can no longer record its evidence ({Problem})", probe.Id, step.Describe(), problem);
            return;
        }

        int index;
        DateTimeOffset startedAt;
        if (walk.Resuming)
        {
            // The waiting step's start was recorded before the probe parked.
            walk.Resuming = false;
            index = walk.StepIndex - 1;
            startedAt = walk.AwaitingFrom ?? time.GetUtcNow();
        }
        else
        {
            if (step.Submit && !step.Type.SendsMail)
            {
                await (await SessionAsync(walk, cancellationToken)).InspectFormAsync(cancellationToken);
            }

            index = walk.StepIndex++;
            startedAt = walk.Journal.Add(ObservationKind.StepStarted, index, step.Keyword, step.Describe(), step.Place.Line).At;
        }

        if (submits)
        {
            // Begun before it acts: a crash from here until it ends leaves the probe unknown, never submitted twice.
            await FlushAsync(walk, cancellationToken);
            await store.BeginSubmissionAsync(probe.Token, index, step.Describe(), time.GetUtcNow(), CancellationToken.None);
            walk.SubmissionUnderWay = step.Describe();
        }

        var outcome = await RunStepAsync(step, frames, walk, topLevel, startedAt, cancellationToken);
        if (submits)
        {
            await store.EndSubmissionAsync(probe.Token, index, time.GetUtcNow(), CancellationToken.None);
            walk.SubmissionUnderWay = null;
        }

        if (ReferenceEquals(outcome, ParkedOutcome))
        {
            return;
        }

        if (outcome.Passed)
        {
            var passed = walk.Journal.Add(ObservationKind.StepPassed, index, step.Keyword, null, step.Place.Line);
            TimeSubmit(step, walk, startedAt, passed.At);
        }
        else if (step.Optional)
        {
            walk.Journal.Add(ObservationKind.StepSkipped, index, step.Keyword, outcome.Reason, step.Place.Line);
            log.Information("Probe {Probe}: optional step {Step} skipped: {Reason}", probe.Id, step.Describe(), outcome.Reason);
        }
        else
        {
            walk.Journal.Add(ObservationKind.StepFailed, index, step.Keyword, outcome.Reason, step.Place.Line);
            walk.Failure ??= new StepFailure(index, step.Describe(), step.Place.File, step.Place.Line, step.Place.Column, outcome.Reason ?? "failed");
            log.Warning("Probe {Probe} failed at {Step} ({File}:{Line}): {Reason}", probe.Id, step.Describe(), step.Place.File, step.Place.Line, outcome.Reason);
        }

        await FlushAsync(walk, cancellationToken);
    }

    private async Task<StepOutcome> RunFrameAsync(FrameStep frame, IReadOnlyList<LocatorSpec> frames, Walk walk, CancellationToken cancellationToken)
    {
        var failure = walk.Failure;
        foreach (var inner in frame.Steps)
        {
            if (walk.Halted)
            {
                break;
            }

            await RunOneAsync(inner, [.. frames, frame.Frame], walk, topLevel: false, cancellationToken);
        }

        if (walk.Failure is null || walk.Failure == failure)
        {
            return StepOutcome.Success;
        }

        // The inner step's failure is the journey's; an optional frame forgives it.
        var reason = walk.Failure.Reason;
        if (frame.Optional)
        {
            walk.Failure = failure;
        }

        return StepOutcome.Failure($"a step inside the frame failed: {reason}");
    }

    private async Task<StepOutcome> RunStepAsync(Step step, IReadOnlyList<LocatorSpec> frames, Walk walk, bool topLevel, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        var timeout = step.Timeout ?? options.StepTimeout;
        if (step.Type.Runner == StepRunner.Browser)
        {
            return await RunInBrowserAsync(step, frames, walk, timeout, cancellationToken);
        }

        switch (step)
        {
            case FrameStep frame:
                return await RunFrameAsync(frame, frames, walk, cancellationToken);

            case MarkStep mark:
                walk.Journal.Add(ObservationKind.Mark, name: mark.Name);
                if (!options.FailureScreenshotsOnly && walk.Session is not null)
                {
                    await ScreenshotAsync(walk.Session, probe, mark.Name, walk, ScreenshotKind.FullPage, cancellationToken);
                }

                return StepOutcome.Success;

            case WaitStep wait:
                await Task.Delay(wait.For, time, cancellationToken);
                return StepOutcome.Success;

            case ScreenshotStep shot:
                return await ScreenshotAsync(await SessionAsync(walk, cancellationToken), probe, shot.Name, walk, ScreenshotKind.FullPage, cancellationToken)
                    ? StepOutcome.Success
                    : StepOutcome.Failure("the page could not be captured");

            case SendEmailStep send:
                return await SendAsync(send, walk, cancellationToken);

            case ExpectEmailStep expect:
                return await ExpectEmailAsync(expect, walk, topLevel, startedAt, cancellationToken);

            case ClickEmailLinkStep click:
                return await ClickLinkAsync(click, walk, timeout, cancellationToken);

            case CollectEmailsStep collect:
                return await CollectAsync(collect, walk, topLevel, startedAt, cancellationToken);

            case ReplyStep reply:
                return await ReplyAsync(reply, walk, cancellationToken);

            case UnsubscribeStep unsubscribe:
                return await UnsubscribeAsync(unsubscribe, walk, timeout, cancellationToken);

            case ExpectNoEmailStep none:
                return await ExpectNoEmailAsync(none, walk, topLevel, startedAt, cancellationToken);

            default:
                // Each step the probe runner carries out has its case above: one without is a bug, never a browser step.
                throw new UnreachableException($"the probe runner has no case for '{step.Keyword}' steps");
        }
    }

    private async Task<StepOutcome> RunInBrowserAsync(Step step, IReadOnlyList<LocatorSpec> frames, Walk walk, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var outcome = await (await SessionAsync(walk, cancellationToken)).RunAsync(step, new StepContext(walk.Values, timeout, frames), cancellationToken);
        if (outcome.Passed && step is ExtractStep extract && outcome.Value is not null)
        {
            walk.Values[Template.VarsPrefix + extract.As] = outcome.Value;
            walk.Journal.Add(ObservationKind.Extracted, name: extract.As, detail: outcome.Value);
        }

        return outcome;
    }

    private async Task<StepOutcome> ExpectEmailAsync(ExpectEmailStep expect, Walk walk, bool topLevel, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        var deadline = startedAt + expect.Within;
        bool Accepts(ReceivedEmail m) => Matches(expect, m, probe.Redactor) && m.ReceivedAt <= deadline;
        var emails = await EmailsAsync(probe.Token, cancellationToken);
        var email = emails.FirstOrDefault(Accepts);
        if (email is null && time.GetUtcNow() < deadline)
        {
            // Parkable only at the journey's top level: a frame cannot be re-entered in a later process.
            // This process's wait counts from the probe's first wait for mail, not from its start.
            walk.WaitUntil ??= startedAt + options.WaitInProcess;
            var until = topLevel ? Min(deadline, walk.WaitUntil.Value) : deadline;
            await AwaitAsync(walk, startedAt, deadline, cancellationToken);
            // With the wait here used up, still a last look: mail already delivered is read, not left for collect.
            var now = time.GetUtcNow();
            email = await mailbox.WaitForAsync(probe.Token, Accepts, until > now ? until - now : TimeSpan.Zero, cancellationToken);
            if (email is null)
            {
                // Another process may have stored it meanwhile.
                emails = await EmailsAsync(probe.Token, cancellationToken);
                email = emails.FirstOrDefault(Accepts);
            }
            if (email is null && until < deadline)
            {
                walk.ParkedUntil = deadline;
                return ParkedOutcome;
            }

            await store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = ProbeState.Running, ClearDeadline = true }, CancellationToken.None);
            walk.AwaitingFrom = null;
        }

        if (email is null)
        {
            walk.TimedOut = true;
            return StepOutcome.Failure(DescribeMissing(expect, probe, emails));
        }

        walk.Named[expect.As] = email;
        walk.Journal.Add(ObservationKind.EmailReceived, name: expect.As, detail: email.Subject, at: email.ReceivedAt);
        log.Information("Probe {Probe} got email {As} \"{Subject}\" from {From}", probe.Id, expect.As, email.Subject, email.From);
        return StepOutcome.Success;
    }

    private async Task<StepOutcome> CollectAsync(CollectEmailsStep collect, Walk walk, bool topLevel, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        var deadline = startedAt + collect.For;
        var now = time.GetUtcNow();
        if (now < deadline)
        {
            // This process's wait counts from the probe's first wait for mail, not from its start.
            walk.WaitUntil ??= startedAt + options.WaitInProcess;
            var until = topLevel ? Min(deadline, walk.WaitUntil.Value) : deadline;
            await AwaitAsync(walk, startedAt, deadline, cancellationToken);
            if (until > now)
            {
                await Task.Delay(until - now, time, cancellationToken);
            }

            if (until < deadline)
            {
                walk.ParkedUntil = deadline;
                return ParkedOutcome;
            }

            await store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = ProbeState.Running, ClearDeadline = true }, CancellationToken.None);
            walk.AwaitingFrom = null;
        }

        var collected = (await EmailsAsync(probe.Token, cancellationToken)).Where(e => e.ReceivedAt >= startedAt && e.ReceivedAt <= deadline).ToList();
        walk.Journal.Add(ObservationKind.EmailsCollected, name: collect.As, detail: string.Join("; ", collected.Select(e => e.Subject)), value: collected.Count);
        return StepOutcome.Success;
    }

    /// <summary>
    /// A step starts waiting for mail: the probe is stored as awaiting with its deadline, what it has gathered and the
    /// browser's cookies, so that a crash during the wait loses nothing and any later process can go on from here.
    /// </summary>
    private async Task AwaitAsync(Walk walk, DateTimeOffset startedAt, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        walk.AwaitingFrom = startedAt;
        walk.AwaitingDeadline = deadline;
        if (walk.Session is not null)
        {
            walk.StorageState = await walk.Session.StorageStateAsync(cancellationToken) ?? walk.StorageState;
        }

        await FlushAsync(walk, cancellationToken);
        await store.UpdateProbeAsync(
            new ProbeUpdate(walk.Probe.Token)
            {
                State = ProbeState.Awaiting,
                Deadline = deadline,
                CheckpointJson = walk.Checkpoint().ToJson(),
                StorageState = walk.StorageState,
            },
            CancellationToken.None);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>From a submitting step to the first confirmation (an expect step passing) after it: the site's response time.</summary>
    private static void TimeSubmit(Step step, Walk walk, DateTimeOffset stepStarted, DateTimeOffset now)
    {
        if (step.Submit && !step.Type.SendsMail)
        {
            walk.SubmittedAt = stepStarted;
            walk.SubmitStep = step.Describe();
        }
        else if (walk.SubmittedAt is { } submitted && step.Type.Confirms)
        {
            walk.Journal.Add(ObservationKind.SubmitResponse, name: step.Keyword, detail: $"{walk.SubmitStep} → {step.Describe()}", value: (now - submitted).TotalSeconds, at: now);
            walk.SubmittedAt = null;
        }
    }

    /// <summary>A failed probe keeps a screenshot and its trace, and the failure names both.</summary>
    private async Task KeepEvidenceAsync(IBrowserSession session, Walk walk, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        string? screenshot = null;
        if (await ScreenshotAsync(session, probe, "failure", walk, ScreenshotKind.FullPage, cancellationToken))
        {
            screenshot = walk.Screenshots[^1];
        }

        var trace = $"traces/{FileStem(probe)}.zip";
        var saved = await session.SaveTraceAsync(Path.Combine(options.OutputDirectory, trace), cancellationToken);
        if (saved)
        {
            walk.Journal.Add(ObservationKind.TraceSaved, detail: trace);
            await store.AddArtifactAsync(probe.Token, "trace", trace, CancellationToken.None);
        }

        walk.Failure = walk.Failure! with { Screenshot = screenshot, Trace = saved ? trace : null };
    }

    private async Task<StepOutcome> SendAsync(SendEmailStep send, Walk walk, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        var to = send.To.Render(walk.Values);
        if (!to.Contains('@', StringComparison.Ordinal))
        {
            if (!probe.Target.Emails.TryGetValue(to, out var named))
            {
                var known = probe.Target.Emails.Count == 0 ? "it has none: add emails: { support: ... } to the target" : $"it has: {string.Join(", ", probe.Target.Emails.Keys)}";
                return StepOutcome.Failure($"target '{probe.Target.Id}' has no '{to}' address ({known})");
            }

            to = named;
        }

        var email = new OutgoingEmail(probe.Email, probe.Persona.Name, to, send.Subject.Render(walk.Values), send.Body.Render(walk.Values), send.Html?.Render(walk.Values));
        var (_, failure) = await DeliverAsync(email, send.As, walk, cancellationToken);
        return failure is null ? StepOutcome.Success : StepOutcome.Failure(failure);
    }

    /// <summary>
    /// Sends a probe's email and makes it the probe's: the mailbox and the store learn its Message-ID (answers to it are
    /// the probe's), and an observation names it (<c>NAME.sent</c>). When it could not be sent: why, and no email.
    /// </summary>
    private async Task<(SentEmail? Sent, string? Failure)> DeliverAsync(OutgoingEmail email, string? name, Walk walk, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        SentEmail sent;
        try
        {
            sent = await sender.SendAsync(email, cancellationToken);
        }
        catch (MailSendException e)
        {
            return (null, e.Message);
        }

        mailbox.RegisterSent(probe.Token, sent.MessageId);
        await store.AddSentAsync(new SentMessage(probe.Token, sent.MessageId.Trim().Trim('<', '>'), email.To, sent.SentAt, null), CancellationToken.None);
        walk.Journal.Add(ObservationKind.EmailSent, name: name, detail: $"{email.To} {sent.MessageId}", at: sent.SentAt);
        log.Information("Probe {Probe} sent email to {To} ({MessageId})", probe.Id, email.To, sent.MessageId);
        return (sent, null);
    }

    private async Task<StepOutcome> ClickLinkAsync(ClickEmailLinkStep click, Walk walk, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        if (!walk.Named.TryGetValue(click.Email, out var source))
        {
            return StepOutcome.Failure($"email '{click.Email}' was not received, so there is no link to click");
        }

        var link = source.Links.FirstOrDefault(l => LinkMatches(click, l));
        if (link is null)
        {
            return StepOutcome.Failure($"email '{click.Email}' (\"{source.Subject}\") has no link" + LinkCriteria(click)
                + $"; its links: {(source.Links.Count == 0 ? "none" : string.Join(", ", source.Links.Select(l => $"\"{l.Text}\"")))}");
        }

        if (!LinkPolicy.MayFollow(link.Url, probe))
        {
            return StepOutcome.Failure($"the link {link.Url} leads outside {LinkPolicy.Site(probe)}; not followed");
        }

        var session = await SessionAsync(walk, cancellationToken);

        // The click is the moment the link is opened, not when its page has finished loading. The session opens it
        // once (a link may count or confirm something) and stops any hop of its redirects that leaves the site.
        var clickedAt = time.GetUtcNow();
        var opened = await session.OpenAsync(link.Url, timeout, allowItsHost: false, cancellationToken);
        if (opened.Passed)
        {
            walk.Journal.Add(ObservationKind.EmailLinkClicked, name: click.Email, detail: link.Url, at: clickedAt);
        }

        return opened;
    }

    private async Task<StepOutcome> ReplyAsync(ReplyStep reply, Walk walk, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        if (!walk.Named.TryGetValue(reply.Email, out var original))
        {
            return StepOutcome.Failure($"email '{reply.Email}' was not received, so there is nothing to reply to");
        }

        if (Replies.AddressOf(original) is not { } to)
        {
            return StepOutcome.Failure($"email '{reply.Email}' (\"{original.Subject}\") names no address to reply to (From: {original.From}, no Reply-To)");
        }

        var (inReplyTo, references) = Replies.Thread(original);
        var email = new OutgoingEmail(
            probe.Email,
            probe.Persona.Name,
            to,
            reply.Subject?.Render(walk.Values) ?? Replies.Subject(original.Subject),
            Replies.Body(reply.Body.Render(walk.Values), original, reply.Quote),
            Replies.Html(reply.Html?.Render(walk.Values), original, reply.Quote))
        {
            InReplyTo = inReplyTo,
            References = references,
        };
        var (_, failure) = await DeliverAsync(email, reply.As, walk, cancellationToken);
        return failure is null ? StepOutcome.Success : StepOutcome.Failure(failure);
    }

    /// <summary>
    /// Takes the way out an email offers, in the order a careful mail client would: RFC 8058 one-click POST, the
    /// List-Unsubscribe web link (its host allowed, as the mail names it), its mailto, then an unsubscribe link in the
    /// body on the target's site. What was done is a mark named <see cref="UnsubscribeStep.As"/>, with the method, URL
    /// and answer; what was tried and failed is in the reason when nothing worked.
    /// </summary>
    private async Task<StepOutcome> UnsubscribeAsync(UnsubscribeStep step, Walk walk, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        if (!walk.Named.TryGetValue(step.Email, out var email))
        {
            return StepOutcome.Failure($"email '{step.Email}' was not received, so there is nothing to unsubscribe from");
        }

        var listUnsubscribe = email.Headers.TryGetValue("List-Unsubscribe", out var header) ? new[] { header } : [];
        var post = email.Headers.TryGetValue("List-Unsubscribe-Post", out var postHeader) ? new[] { postHeader } : [];
        var uris = OneClickUnsubscribe.Uris(listUnsubscribe);
        var tried = new List<string>();
        StepOutcome Done(string detail, DateTimeOffset at)
        {
            walk.Journal.Add(ObservationKind.Mark, name: step.As, detail: $"'{step.Email}' by {detail}", at: at);
            log.Information("Probe {Probe} unsubscribed from {Email}: {Detail}", probe.Id, step.Email, detail);
            return StepOutcome.Success;
        }

        if (OneClickUnsubscribe.Offer(listUnsubscribe, post) is { } oneClick && Uri.TryCreate(oneClick, UriKind.Absolute, out var target))
        {
            if (web is null)
            {
                tried.Add($"one-click POST to {oneClick}: this run has no web client to post with");
            }
            else
            {
                var at = time.GetUtcNow();
                var answer = await web.PostFormAsync(target, [new("List-Unsubscribe", "One-Click")], timeout, cancellationToken);
                if (answer.Succeeded)
                {
                    return Done($"one-click POST, {answer}: {oneClick}", at);
                }

                tried.Add($"one-click POST {oneClick} answered {answer}");
            }
        }

        // The mail's own List-Unsubscribe link may be off the target's domains: the mail names it as its way out.
        if (uris.FirstOrDefault(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || u.StartsWith("http:", StringComparison.OrdinalIgnoreCase)) is { } link)
        {
            var at = time.GetUtcNow();
            var opened = await (await SessionAsync(walk, cancellationToken)).OpenAsync(link, timeout, allowItsHost: true, cancellationToken);
            if (opened.Passed)
            {
                return Done($"its List-Unsubscribe link, opened in the browser: {link}", at);
            }

            tried.Add($"opening the List-Unsubscribe link failed: {opened.Reason}");
        }

        if (uris.Select(Mailto.TryParse).FirstOrDefault(m => m is not null) is { } mailto)
        {
            var request = new OutgoingEmail(probe.Email, probe.Persona.Name, mailto.To, mailto.Subject ?? "unsubscribe", mailto.Body ?? "unsubscribe", null);
            var (sent, failure) = await DeliverAsync(request, null, walk, cancellationToken);
            if (sent is not null)
            {
                return Done($"its List-Unsubscribe mail, sent to {mailto.To} (\"{request.Subject}\")", sent.SentAt);
            }

            tried.Add($"the List-Unsubscribe mail to {mailto.To} could not be sent: {failure}");
        }

        var bodyLinks = email.Links.Where(l => OneClickUnsubscribe.SaysUnsubscribe(l.Text) || OneClickUnsubscribe.SaysUnsubscribe(l.Url)).ToList();
        if (bodyLinks.FirstOrDefault(l => LinkPolicy.MayFollow(l.Url, probe)) is { } own)
        {
            var at = time.GetUtcNow();
            var opened = await (await SessionAsync(walk, cancellationToken)).OpenAsync(own.Url, timeout, allowItsHost: false, cancellationToken);
            if (opened.Passed)
            {
                return Done($"its body's unsubscribe link, opened in the browser: {own.Url}", at);
            }

            tried.Add($"opening the body's unsubscribe link failed: {opened.Reason}");
        }
        else if (bodyLinks.Count > 0)
        {
            tried.Add($"the body's unsubscribe link {bodyLinks[0].Url} leads outside {LinkPolicy.Site(probe)}; not followed");
        }

        return StepOutcome.Failure(tried.Count == 0
            ? $"email '{step.Email}' (\"{email.Subject}\") offers no way to unsubscribe: no List-Unsubscribe header and no unsubscribe link in its body"
            : $"could not unsubscribe from email '{step.Email}' (\"{email.Subject}\"): {string.Join("; ", tried)}");
    }

    /// <summary>
    /// No email (matching the filters) may be received in (moment, moment + for]: it fails at the first that is, naming
    /// it. A window longer than this process waits parks the probe like a long expect_email; a resumed probe finds its
    /// moment in the stored observations and the mail in the store.
    /// </summary>
    private async Task<StepOutcome> ExpectNoEmailAsync(ExpectNoEmailStep none, Walk walk, bool topLevel, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var probe = walk.Probe;
        if (Judging.Judge.When(none.After, walk.StartedAt, walk.Journal.Observations, name => walk.Named.TryGetValue(name, out var email) ? email.ReceivedAt : null) is not { } from)
        {
            return StepOutcome.Failure($"'{none.After}' has no moment in this probe (the step that defines it did not pass), so there is no window to watch");
        }

        var deadline = from + none.For;
        bool Counts(ReceivedEmail e) =>
            e.ReceivedAt > from && e.ReceivedAt <= deadline
            && (none.From is null || Contains(e.From, none.From, probe.Redactor))
            && (none.Subject is null || Contains(e.Subject, none.Subject, probe.Redactor));
        ReceivedEmail? First(IReadOnlyList<ReceivedEmail> emails) => emails.Where(Counts).OrderBy(e => e.ReceivedAt).FirstOrDefault();

        var arrived = First(await EmailsAsync(probe.Token, cancellationToken));
        if (arrived is null && time.GetUtcNow() < deadline)
        {
            walk.WaitUntil ??= startedAt + options.WaitInProcess;
            var until = topLevel ? Min(deadline, walk.WaitUntil.Value) : deadline;
            await AwaitAsync(walk, startedAt, deadline, cancellationToken);
            var now = time.GetUtcNow();
            arrived = await mailbox.WaitForAsync(probe.Token, Counts, until > now ? until - now : TimeSpan.Zero, cancellationToken)
                ?? First(await EmailsAsync(probe.Token, cancellationToken));
            if (arrived is null && until < deadline)
            {
                walk.ParkedUntil = deadline;
                return ParkedOutcome;
            }

            await store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = ProbeState.Running, ClearDeadline = true }, CancellationToken.None);
            walk.AwaitingFrom = null;
        }

        if (arrived is not null)
        {
            // The email itself becomes an observation when the walk ends, with every email no step named.
            return StepOutcome.Failure($"\"{arrived.Subject}\" from {arrived.From} arrived {Duration.Format(arrived.ReceivedAt - from)} after '{none.After}' (expected none for {Duration.Format(none.For)})");
        }

        return StepOutcome.Success;
    }

    private static bool Matches(ExpectEmailStep expect, ReceivedEmail email, Redactor redactor) =>
        (expect.Subject is null || Contains(email.Subject, expect.Subject, redactor))
        && (expect.From is null || Contains(email.From, expect.From, redactor))
        && (expect.Body is null || Contains(email.Text, expect.Body, redactor))
        && IsKind(email, expect.Kind);

    /// <summary>
    /// Whether the email is of the kind a step asks for, by the card's kind (content wins over headers). A reading kept
    /// before kinds were stored has none: then the headers alone decide, as they did.
    /// </summary>
    public static bool IsKind(ReceivedEmail email, EmailKind kind) => (kind, email.Kind) switch
    {
        (EmailKind.Any, _) => true,
        (EmailKind.Auto, { } card) => card == MessageKind.Auto,
        (EmailKind.Human, { } card) => card == MessageKind.Human,
        (EmailKind.Marketing, { } card) => card == MessageKind.Marketing,
        (EmailKind.Auto, null) => AutoReply.IsAutomated(email),
        (EmailKind.Human, null) => !AutoReply.IsAutomated(email),
        (EmailKind.Marketing, null) => email.Headers.ContainsKey("List-Unsubscribe") || email.Headers.ContainsKey("List-Id"),
        _ => false,
    };

    /// <summary>Whether <paramref name="text"/> holds <paramref name="part"/>, also when the store keeps both with a secret masked.</summary>
    private static bool Contains(string text, string part, Redactor redactor) =>
        text.Contains(part, StringComparison.OrdinalIgnoreCase)
        || (!redactor.IsEmpty && redactor.Redact(text).Contains(redactor.Redact(part), StringComparison.OrdinalIgnoreCase));

    private static string DescribeMissing(ExpectEmailStep expect, Probe probe, IReadOnlyList<ReceivedEmail> others)
    {
        var rules = new List<string>();
        if (expect.Kind != EmailKind.Any)
        {
            rules.Add(expect.Kind switch { EmailKind.Auto => "automatic", EmailKind.Marketing => "marketing", _ => "from a person" });
        }

        if (expect.From is not null)
        {
            rules.Add($"from \"{expect.From}\"");
        }

        if (expect.Subject is not null)
        {
            rules.Add($"with \"{expect.Subject}\" in the subject");
        }

        if (expect.Body is not null)
        {
            rules.Add($"with \"{expect.Body}\" in the body");
        }

        var seen = others.Count == 0 ? "no email at all arrived for this probe" : $"{others.Count} other email(s) arrived: {string.Join("; ", others.Select(o => $"\"{o.Subject}\""))}";
        var described = rules.Count == 0 ? "" : " " + string.Join(" ", rules);
        return $"no email{described} arrived at {probe.Email} within {Duration.Format(expect.Within)} ({seen})";
    }

    private static bool LinkMatches(ClickEmailLinkStep click, EmailLink link) =>
        (click.Text is null || link.Text.Contains(click.Text, StringComparison.OrdinalIgnoreCase))
        && (click.Url is null || link.Url.Contains(click.Url, StringComparison.OrdinalIgnoreCase))
        && (click.Pattern is null || System.Text.RegularExpressions.Regex.IsMatch(link.Url, click.Pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)));

    private static string LinkCriteria(ClickEmailLinkStep click) =>
        (click.Text is null ? "" : $" with text \"{click.Text}\"") + (click.Url is null ? "" : $" to a URL containing \"{click.Url}\"")
        + (click.Pattern is null ? "" : $" to a URL matching /{click.Pattern}/");


    /// <summary>A probe's evidence file names; repeated samples add their number, so no sample overwrites another's.</summary>
    private static string FileStem(Probe probe) =>
        $"{Safe(probe.Scenario.Name)}--{Safe(probe.Target.Id)}" + (probe.Question is null ? "" : $"--{Safe(probe.Question.Id)}")
        + (probe.Sample == 1 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"--{probe.Sample}"));

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private async Task<bool> ScreenshotAsync(IBrowserSession session, Probe probe, string moment, Walk walk, ScreenshotKind kind, CancellationToken cancellationToken)
    {
        var relative = Path.Combine("screenshots", $"{FileStem(probe)}--{Safe(moment)}{kind.Extension()}");
        var started = time.GetUtcNow();
        var timer = time.GetTimestamp();
        if (await session.ScreenshotAsync(kind, cancellationToken) is not { } png)
        {
            return false;
        }

        if (!await _evidence.WriteAsync(relative, png, cancellationToken))
        {
            log.Warning("Screenshot {Path} could not be written: {Problem}", relative, _evidence.Problem);
            return false;
        }

        // The time spent is kept, so measures between two marks can leave the bot's own evidence-taking out.
        walk.Screenshots.Add(relative.Replace('\\', '/'));
        walk.Journal.Add(ObservationKind.Screenshot, name: moment, detail: relative, at: started, value: time.GetElapsedTime(timer).TotalSeconds);
        await store.AddArtifactAsync(probe.Token, "screenshot", walk.Screenshots[^1], CancellationToken.None);
        return true;
    }

    /// <summary>What one probe has gathered so far; confined to the probe's own task.</summary>
    private sealed class Walk(Probe probe, Journal journal)
    {
        public Probe Probe { get; } = probe;
        public Journal Journal { get; } = journal;
        public Dictionary<string, string> Values { get; } = new(probe.Values, StringComparer.Ordinal);
        public Dictionary<string, ReceivedEmail> Named { get; } = new(StringComparer.Ordinal);
        public List<string> Screenshots { get; } = [];
        public StepFailure? Failure { get; set; }
        public string? DryRunStoppedBefore { get; set; }
        public DateTimeOffset? SubmittedAt { get; set; }
        public string? SubmitStep { get; set; }
        public int StepIndex { get; set; }
        public DateTimeOffset StartedAt { get; set; }

        /// <summary>Waits for mail in this process end here (set at the first wait); a later deadline parks the probe.</summary>
        public DateTimeOffset? WaitUntil { get; set; }

        /// <summary>The top-level journey step being walked: where a parked probe resumes.</summary>
        public int TopStep { get; set; }

        /// <summary>Set when the walk parks: the waiting step's deadline.</summary>
        public DateTimeOffset? ParkedUntil { get; set; }

        /// <summary>While a step waits for mail: when it began, and its deadline.</summary>
        public DateTimeOffset? AwaitingFrom { get; set; }
        public DateTimeOffset? AwaitingDeadline { get; set; }

        /// <summary>Set when the run folder cannot be written: why the walk stopped before its next submission.</summary>
        public string? CannotRecord { get; set; }

        /// <summary>No further step runs: the journey failed, a dry run reached its first submit, it parked, or it cannot record.</summary>
        public bool Halted => Failure is not null || DryRunStoppedBefore is not null || ParkedUntil is not null || CannotRecord is not null;

        /// <summary>The submitting step under way (begun, not ended), described.</summary>
        public string? SubmissionUnderWay { get; set; }
        public bool TimedOut { get; set; }

        /// <summary>True until the step a resumed probe waits at has run again.</summary>
        public bool Resuming { get; set; }
        public string? StorageState { get; set; }
        public IBrowserSession? Session { get; set; }

        public ProbeCheckpoint Checkpoint() => new()
        {
            ResumeStep = TopStep,
            StepIndex = StepIndex,
            AwaitingFrom = AwaitingFrom,
            Values = new Dictionary<string, string>(Values, StringComparer.Ordinal),
            Named = Named.ToDictionary(n => n.Key, n => n.Value.Id, StringComparer.Ordinal),
            Screenshots = [.. Screenshots],
            SubmittedAt = SubmittedAt,
            SubmitStep = SubmitStep,
            Failure = Failure,
            DryRunStoppedBefore = DryRunStoppedBefore,
        };

        public void Restore(ProbeCheckpoint checkpoint, IReadOnlyList<ReceivedEmail> emails)
        {
            TopStep = checkpoint.ResumeStep;
            StepIndex = checkpoint.StepIndex;
            AwaitingFrom = checkpoint.AwaitingFrom;
            foreach (var (key, value) in checkpoint.Values)
            {
                // The store keeps secrets masked: a planned value that was stored masked is the planned value.
                if (!Values.TryGetValue(key, out var planned) || value != Probe.Redactor.Redact(planned))
                {
                    Values[key] = value;
                }
            }

            foreach (var (name, id) in checkpoint.Named)
            {
                if (emails.FirstOrDefault(e => e.Id == id) is { } email)
                {
                    Named[name] = email;
                }
            }

            Screenshots.AddRange(checkpoint.Screenshots);
            SubmittedAt = checkpoint.SubmittedAt;
            SubmitStep = checkpoint.SubmitStep;
            Failure = checkpoint.Failure;
            DryRunStoppedBefore = checkpoint.DryRunStoppedBefore;
        }
    }

    /// <summary>The probe's observations in the order they were made; the browser adds its own from other threads.</summary>
    private sealed class Journal(TimeProvider time) : IProbeJournal
    {
        private readonly List<Observation> _observations = [];
        private readonly Lock _gate = new();
        private int _stored;

        public IReadOnlyList<Observation> Observations
        {
            get
            {
                // In time order: some observations are added after the fact (a screenshot once taken, page timings
                // when the session ends, emails found at the end) with the time they happened.
                lock (_gate)
                {
                    return [.. _observations.OrderBy(o => o.At)];
                }
            }
        }

        /// <summary>Observations stored by an earlier walk of the probe.</summary>
        public void Load(IReadOnlyList<Observation> stored)
        {
            lock (_gate)
            {
                _observations.AddRange(stored);
                _stored = _observations.Count;
            }
        }

        /// <summary>The observations added since the last call, to append to the store.</summary>
        public List<Observation> TakeUnstored()
        {
            lock (_gate)
            {
                var fresh = _observations.Skip(_stored).ToList();
                _stored = _observations.Count;
                return fresh;
            }
        }

        public void Add(Observation observation)
        {
            lock (_gate)
            {
                _observations.Add(observation);
            }
        }

        public Observation Add(ObservationKind kind, int? step = null, string? name = null, string? detail = null, int? line = null, DateTimeOffset? at = null, double? value = null)
        {
            var observation = new Observation(kind, at ?? time.GetUtcNow()) { Step = step, Name = name, Detail = detail, Line = line, Value = value };
            Add(observation);
            return observation;
        }
    }
}
