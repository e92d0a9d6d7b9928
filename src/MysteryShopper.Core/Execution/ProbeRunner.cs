using MysteryShopper.Judging;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
using Serilog;

namespace MysteryShopper.Execution;

public sealed record RunnerOptions
{
    /// <summary>How long a browser step may take unless it says otherwise.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The run's folder; screenshots go to its <c>screenshots/</c>.</summary>
    public required string OutputDirectory { get; init; }
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
        log.Information("Probe {Probe} started ({Email})", probe.Id, probe.Email);

        IBrowserSession? session = null;
        try
        {
            session = await browser.OpenAsync(probe, cancellationToken);
            await RunStepsAsync(probe.Journey, [], session, state, cancellationToken);
            await ScreenshotAsync(session, probe, state.Failure is null ? "end" : "failure", state, cancellationToken);
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
            if (state.Failure is not null)
            {
                return;
            }

            var index = state.StepIndex++;
            state.Journal.Add(ObservationKind.StepStarted, index, step.Keyword, step.Describe(), step.Place.Line);
            var outcome = step is FrameStep frame
                ? await RunFrameAsync(frame, frames, session, state, cancellationToken)
                : await RunStepAsync(step, frames, session, state, cancellationToken);
            if (outcome.Passed)
            {
                state.Journal.Add(ObservationKind.StepPassed, index, step.Keyword, null, step.Place.Line);
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

        var sent = await sender.SendAsync(
            new OutgoingEmail(probe.Email, probe.Persona.Name, to, send.Subject.Render(state.Values), send.Body.Render(state.Values), send.Html?.Render(state.Values)),
            cancellationToken);
        state.Journal.Add(ObservationKind.EmailSent, name: send.As, detail: $"{to} {sent.MessageId}", at: sent.SentAt);
        log.Information("Probe {Probe} sent email to {To} ({MessageId})", probe.Id, to, sent.MessageId);
        return StepOutcome.Success;
    }

    private static async Task<StepOutcome> ClickLinkAsync(ClickEmailLinkStep click, IBrowserSession session, ProbeState state, TimeSpan timeout, CancellationToken cancellationToken)
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

        var opened = await session.OpenAsync(link.Url, timeout, cancellationToken);
        if (opened.Passed)
        {
            state.Journal.Add(ObservationKind.EmailLinkClicked, name: click.Email, detail: link.Url);
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
        && (click.Url is null || link.Url.Contains(click.Url, StringComparison.OrdinalIgnoreCase));

    private static string LinkCriteria(ClickEmailLinkStep click) =>
        (click.Text is null ? "" : $" with text \"{click.Text}\"") + (click.Url is null ? "" : $" to a URL containing \"{click.Url}\"");

    private async Task<bool> ScreenshotAsync(IBrowserSession session, Probe probe, string moment, ProbeState state, CancellationToken cancellationToken)
    {
        var question = probe.Question is null ? "" : $"--{Safe(probe.Question.Id)}";
        var relative = Path.Combine("screenshots", $"{Safe(probe.Scenario.Name)}--{Safe(probe.Target.Id)}{question}--{Safe(moment)}.png");
        if (!await session.ScreenshotAsync(Path.Combine(options.OutputDirectory, relative), cancellationToken))
        {
            return false;
        }

        state.Screenshots.Add(relative.Replace('\\', '/'));
        state.Journal.Add(ObservationKind.Screenshot, name: moment, detail: relative);
        return true;
    }

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
        public int StepIndex { get; set; }
    }

    /// <summary>The probe's observations in the order they happened.</summary>
    private sealed class Journal(TimeProvider time)
    {
        private readonly List<Observation> _observations = [];

        public IReadOnlyList<Observation> Observations => _observations;

        public Observation Add(ObservationKind kind, int? step = null, string? name = null, string? detail = null, int? line = null, DateTimeOffset? at = null, double? value = null)
        {
            var observation = new Observation(kind, at ?? time.GetUtcNow()) { Step = step, Name = name, Detail = detail, Line = line, Value = value };
            _observations.Add(observation);
            return observation;
        }
    }
}
