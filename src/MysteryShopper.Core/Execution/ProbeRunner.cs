using MysteryShopper.Judging;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
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
}

/// <summary>
/// Walks one probe's journey: browser steps through its <see cref="IBrowserSession"/>, email steps through the
/// <see cref="IMailbox"/> and <see cref="IMailSender"/>, and records every step as observations. A failure stops the
/// journey (unless the step is optional) and is recorded, never thrown: one target's failure never sinks the run.
/// </summary>
public sealed class ProbeRunner(IBrowser browser, IMailbox mailbox, IMailSender sender, RunnerOptions options, TimeProvider time, ILogger log)
{
    public async Task<ProbeRecord> RunAsync(Probe probe, CancellationToken cancellationToken)
    {
        var state = new ProbeState(probe, new Journal(time));
        var startedAt = state.Journal.Add(ObservationKind.ProbeStarted, detail: probe.Email).At;
        mailbox.RegisterProbe(probe.Token, probe.Target.Domains, startedAt);
        log.Information("Probe {Probe} started ({Email})", probe.Id, probe.Email);

        IBrowserSession? session = null;
        try
        {
            session = await browser.OpenAsync(probe, state.Journal, cancellationToken);
            await RunStepsAsync(probe.Journey, [], session, state, cancellationToken);
            if (state.Failure is not null)
            {
                await KeepEvidenceAsync(session, state, cancellationToken);
            }
            else if (!options.FailureScreenshotsOnly)
            {
                await ScreenshotAsync(session, probe, "end", state, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The probe boundary: anything unexpected is this probe's failure, not the run's.
            state.Failure = new StepFailure(-1, "probe", probe.Scenario.File, 1, 1, $"the probe could not run: {e.Message}");
            state.Journal.Add(ObservationKind.StepFailed, detail: state.Failure.Reason);
            log.Error(e, "Probe {Probe} could not run", probe.Id);
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }

        // Mail no step waited for is still what the shopper got: every email becomes an observation.
        var emails = mailbox.ReceivedFor(probe.Token);
        foreach (var email in emails.Where(e => !state.Named.Values.Any(n => n.Id == e.Id)))
        {
            state.Journal.Add(ObservationKind.EmailReceived, detail: email.Subject, at: email.ReceivedAt);
        }

        var finishedAt = state.Journal.Add(ObservationKind.ProbeFinished).At;
        log.Information("Probe {Probe} finished: {Outcome}", probe.Id, state.Failure is null ? "journey completed" : "journey failed");
        return new ProbeRecord
        {
            ProbeId = probe.Id,
            Scenario = probe.Scenario.Name,
            ScenarioFile = probe.Scenario.File,
            TargetId = probe.Target.Id,
            TargetName = probe.Target.Name,
            TargetRole = probe.Target.Role.ToString().ToLowerInvariant(),
            TargetUrl = probe.TargetUrl,
            Persona = probe.Persona.Id,
            FirstName = probe.Persona.FirstName,
            Email = probe.Email,
            Token = probe.Token,
            QuestionId = probe.Question?.Id,
            QuestionText = probe.Question?.Text,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            JourneyCompleted = state.Failure is null,
            DryRunStoppedBefore = state.DryRunStoppedBefore,
            Failure = state.Failure,
            Observations = state.Journal.Observations,
            Emails = emails,
            NamedEmails = state.Named.ToDictionary(n => n.Key, n => n.Value.Id, StringComparer.Ordinal),
            Screenshots = state.Screenshots,
        };
    }

    private async Task RunStepsAsync(IReadOnlyList<Step> steps, IReadOnlyList<LocatorSpec> frames, IBrowserSession session, ProbeState state, CancellationToken cancellationToken)
    {
        var probe = state.Probe;
        foreach (var step in steps)
        {
            if (state.Failure is not null || state.DryRunStoppedBefore is not null)
            {
                return;
            }

            if (step.Submit && options.DryRun)
            {
                state.DryRunStoppedBefore = step.Describe();
                state.Journal.Add(ObservationKind.DryRunStopped, detail: $"would {step.Describe()}", line: step.Place.Line);
                log.Information("Probe {Probe}: dry run stops before {Step}", probe.Id, step.Describe());
                await ScreenshotAsync(session, probe, "dry-run", state, cancellationToken);
                return;
            }

            if (step.Submit && step is not SendEmailStep)
            {
                await session.InspectFormAsync(cancellationToken);
            }

            var index = state.StepIndex++;
            var started = state.Journal.Add(ObservationKind.StepStarted, index, step.Keyword, step.Describe(), step.Place.Line);
            var outcome = step is FrameStep frame
                ? await RunFrameAsync(frame, frames, session, state, cancellationToken)
                : await RunStepAsync(step, frames, session, state, cancellationToken);
            if (outcome.Passed)
            {
                var passed = state.Journal.Add(ObservationKind.StepPassed, index, step.Keyword, null, step.Place.Line);
                TimeSubmit(step, state, started.At, passed.At);
            }
            else if (step.Optional)
            {
                state.Journal.Add(ObservationKind.StepSkipped, index, step.Keyword, outcome.Reason, step.Place.Line);
                log.Information("Probe {Probe}: optional step {Step} skipped: {Reason}", probe.Id, step.Describe(), outcome.Reason);
            }
            else
            {
                state.Journal.Add(ObservationKind.StepFailed, index, step.Keyword, outcome.Reason, step.Place.Line);
                state.Failure ??= new StepFailure(index, step.Describe(), step.Place.File, step.Place.Line, step.Place.Column, outcome.Reason ?? "failed");
                log.Warning("Probe {Probe} failed at {Step} ({File}:{Line}): {Reason}", probe.Id, step.Describe(), step.Place.File, step.Place.Line, outcome.Reason);
            }
        }
    }

    private async Task<StepOutcome> RunFrameAsync(FrameStep frame, IReadOnlyList<LocatorSpec> frames, IBrowserSession session, ProbeState state, CancellationToken cancellationToken)
    {
        var failure = state.Failure;
        await RunStepsAsync(frame.Steps, [.. frames, frame.Frame], session, state, cancellationToken);
        if (state.Failure is null || state.Failure == failure)
        {
            return StepOutcome.Success;
        }

        // The inner step's failure is the journey's; an optional frame forgives it.
        var reason = state.Failure.Reason;
        if (frame.Optional)
        {
            state.Failure = failure;
        }

        return StepOutcome.Failure($"a step inside the frame failed: {reason}");
    }

    private async Task<StepOutcome> RunStepAsync(Step step, IReadOnlyList<LocatorSpec> frames, IBrowserSession session, ProbeState state, CancellationToken cancellationToken)
    {
        var probe = state.Probe;
        var timeout = step.Timeout ?? options.StepTimeout;
        switch (step)
        {
            case MarkStep mark:
                state.Journal.Add(ObservationKind.Mark, name: mark.Name);
                if (!options.FailureScreenshotsOnly)
                {
                    await ScreenshotAsync(session, probe, mark.Name, state, cancellationToken);
                }

                return StepOutcome.Success;

            case WaitStep wait:
                await Task.Delay(wait.For, time, cancellationToken);
                return StepOutcome.Success;

            case ScreenshotStep shot:
                return await ScreenshotAsync(session, probe, shot.Name, state, cancellationToken)
                    ? StepOutcome.Success
                    : StepOutcome.Failure("the page could not be captured");

            case SendEmailStep send:
                return await SendAsync(send, state, cancellationToken);

            case ExpectEmailStep expect:
                var email = await mailbox.WaitForAsync(probe.Token, m => Matches(expect, m), expect.Within, cancellationToken);
                if (email is null)
                {
                    return StepOutcome.Failure(DescribeMissing(expect, probe));
                }

                state.Named[expect.As] = email;
                state.Journal.Add(ObservationKind.EmailReceived, name: expect.As, detail: email.Subject, at: email.ReceivedAt);
                log.Information("Probe {Probe} got email {As} \"{Subject}\" from {From}", probe.Id, expect.As, email.Subject, email.From);
                return StepOutcome.Success;

            case ClickEmailLinkStep click:
                return await ClickLinkAsync(click, session, state, timeout, cancellationToken);

            case CollectEmailsStep collect:
                var from = time.GetUtcNow();
                await Task.Delay(collect.For, time, cancellationToken);
                var collected = mailbox.ReceivedFor(probe.Token).Where(e => e.ReceivedAt >= from && e.ReceivedAt <= from + collect.For).ToList();
                state.Journal.Add(ObservationKind.EmailsCollected, name: collect.As, detail: string.Join("; ", collected.Select(e => e.Subject)), value: collected.Count);
                return StepOutcome.Success;

            default:
                var outcome = await session.RunAsync(step, new StepContext(state.Values, timeout, frames), cancellationToken);
                if (outcome.Passed && step is ExtractStep extract && outcome.Value is not null)
                {
                    state.Values[Template.VarsPrefix + extract.As] = outcome.Value;
                    state.Journal.Add(ObservationKind.Extracted, name: extract.As, detail: outcome.Value);
                }

                return outcome;
        }
    }

    /// <summary>From a submitting step to the first confirmation (an expect step passing) after it: the site's response time.</summary>
    private static void TimeSubmit(Step step, ProbeState state, DateTimeOffset stepStarted, DateTimeOffset now)
    {
        if (step.Submit && step is not SendEmailStep)
        {
            state.SubmittedAt = stepStarted;
            state.SubmitStep = step.Describe();
        }
        else if (state.SubmittedAt is { } submitted && step is ExpectTextStep or ExpectUrlStep or ExpectVisibleStep)
        {
            state.Journal.Add(ObservationKind.SubmitResponse, name: step.Keyword, detail: $"{state.SubmitStep} → {step.Describe()}", value: (now - submitted).TotalSeconds, at: now);
            state.SubmittedAt = null;
        }
    }

    /// <summary>A failed probe keeps a screenshot and its trace, and the failure names both.</summary>
    private async Task KeepEvidenceAsync(IBrowserSession session, ProbeState state, CancellationToken cancellationToken)
    {
        var probe = state.Probe;
        string? screenshot = null;
        if (await ScreenshotAsync(session, probe, "failure", state, cancellationToken))
        {
            screenshot = state.Screenshots[^1];
        }

        var trace = $"traces/{FileStem(probe)}.zip";
        var saved = await session.SaveTraceAsync(Path.Combine(options.OutputDirectory, trace), cancellationToken);
        if (saved)
        {
            state.Journal.Add(ObservationKind.TraceSaved, detail: trace);
        }

        state.Failure = state.Failure! with { Screenshot = screenshot, Trace = saved ? trace : null };
    }

    private async Task<StepOutcome> SendAsync(SendEmailStep send, ProbeState state, CancellationToken cancellationToken)
    {
        var probe = state.Probe;
        var to = send.To.Render(state.Values);
        if (!to.Contains('@', StringComparison.Ordinal))
        {
            if (!probe.Target.Emails.TryGetValue(to, out var named))
            {
                var known = probe.Target.Emails.Count == 0 ? "it has none: add emails: { support: ... } to the target" : $"it has: {string.Join(", ", probe.Target.Emails.Keys)}";
                return StepOutcome.Failure($"target '{probe.Target.Id}' has no '{to}' address ({known})");
            }

            to = named;
        }

        SentEmail sent;
        try
        {
            sent = await sender.SendAsync(
                new OutgoingEmail(probe.Email, probe.Persona.Name, to, send.Subject.Render(state.Values), send.Body.Render(state.Values), send.Html?.Render(state.Values)),
                cancellationToken);
        }
        catch (MailSendException e)
        {
            return StepOutcome.Failure(e.Message);
        }

        mailbox.RegisterSent(probe.Token, sent.MessageId);
        state.Journal.Add(ObservationKind.EmailSent, name: send.As, detail: $"{to} {sent.MessageId}", at: sent.SentAt);
        log.Information("Probe {Probe} sent email to {To} ({MessageId})", probe.Id, to, sent.MessageId);
        return StepOutcome.Success;
    }

    private async Task<StepOutcome> ClickLinkAsync(ClickEmailLinkStep click, IBrowserSession session, ProbeState state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = state.Probe;
        if (!state.Named.TryGetValue(click.Email, out var source))
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
            return StepOutcome.Failure($"the link {link.Url} leads outside {probe.Target.Name}'s own domains, so it is not followed");
        }

        // The click is the moment the link is opened, not when its page has finished loading.
        var clickedAt = time.GetUtcNow();
        var opened = await session.OpenAsync(link.Url, timeout, cancellationToken);
        if (opened.Passed)
        {
            state.Journal.Add(ObservationKind.EmailLinkClicked, name: click.Email, detail: link.Url, at: clickedAt);
        }

        return opened;
    }

    private static bool Matches(ExpectEmailStep expect, ReceivedEmail email) =>
        (expect.Subject is null || email.Subject.Contains(expect.Subject, StringComparison.OrdinalIgnoreCase))
        && (expect.From is null || email.From.Contains(expect.From, StringComparison.OrdinalIgnoreCase))
        && (expect.Body is null || email.Text.Contains(expect.Body, StringComparison.OrdinalIgnoreCase))
        && expect.Kind switch
        {
            EmailKind.Auto => AutoReply.IsAutomated(email),
            EmailKind.Human => !AutoReply.IsAutomated(email),
            _ => true,
        };

    private string DescribeMissing(ExpectEmailStep expect, Probe probe)
    {
        var rules = new List<string>();
        if (expect.Kind != EmailKind.Any)
        {
            rules.Add(expect.Kind == EmailKind.Auto ? "automatic" : "from a person");
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

        var others = mailbox.ReceivedFor(probe.Token);
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

    private async Task<bool> ScreenshotAsync(IBrowserSession session, Probe probe, string moment, ProbeState state, CancellationToken cancellationToken)
    {
        var relative = Path.Combine("screenshots", $"{FileStem(probe)}--{Safe(moment)}.png");
        var started = time.GetUtcNow();
        var timer = time.GetTimestamp();
        if (!await session.ScreenshotAsync(Path.Combine(options.OutputDirectory, relative), cancellationToken))
        {
            return false;
        }

        // The time spent is kept, so measures between two marks can leave the bot's own evidence-taking out.
        state.Screenshots.Add(relative.Replace('\\', '/'));
        state.Journal.Add(ObservationKind.Screenshot, name: moment, detail: relative, at: started, value: time.GetElapsedTime(timer).TotalSeconds);
        return true;
    }

    private static string FileStem(Probe probe) =>
        $"{Safe(probe.Scenario.Name)}--{Safe(probe.Target.Id)}" + (probe.Question is null ? "" : $"--{Safe(probe.Question.Id)}");

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    /// <summary>What one probe has gathered so far; confined to the probe's own task.</summary>
    private sealed class ProbeState(Probe probe, Journal journal)
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
    }

    /// <summary>The probe's observations in the order they were made; the browser adds its own from other threads.</summary>
    private sealed class Journal(TimeProvider time) : IProbeJournal
    {
        private readonly List<Observation> _observations = [];
        private readonly Lock _gate = new();

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
