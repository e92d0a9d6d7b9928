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
/// <see cref="IMailbox"/>, and records every step as observations. A failure stops the journey (unless the step is
/// optional) and is recorded, never thrown: one target's failure never sinks the run.
/// </summary>
public sealed class ProbeRunner(IBrowser browser, IMailbox mailbox, RunnerOptions options, TimeProvider time, ILogger log)
{
    public async Task<ProbeRecord> RunAsync(Probe probe, CancellationToken cancellationToken)
    {
        var journal = new Journal(time);
        var named = new Dictionary<string, ReceivedEmail>(StringComparer.Ordinal);
        var screenshots = new List<string>();
        var values = probe.Values;
        StepFailure? failure = null;
        var startedAt = journal.Add(ObservationKind.ProbeStarted, detail: probe.Email).At;
        log.Information("Probe {Probe} started ({Email})", probe.Id, probe.Email);

        IBrowserSession? session = null;
        try
        {
            session = await browser.OpenAsync(probe, cancellationToken);
            for (var index = 0; index < probe.Scenario.Journey.Count && failure is null; index++)
            {
                var step = probe.Scenario.Journey[index];
                journal.Add(ObservationKind.StepStarted, index, step.Keyword, step.Describe(), step.Place.Line);
                var outcome = await RunStepAsync(step, probe, session, named, journal, values, cancellationToken);
                if (outcome.Passed)
                {
                    journal.Add(ObservationKind.StepPassed, index, step.Keyword, null, step.Place.Line);
                }
                else if (step.Optional)
                {
                    journal.Add(ObservationKind.StepSkipped, index, step.Keyword, outcome.Reason, step.Place.Line);
                    log.Information("Probe {Probe}: optional step {Step} skipped: {Reason}", probe.Id, step.Describe(), outcome.Reason);
                }
                else
                {
                    journal.Add(ObservationKind.StepFailed, index, step.Keyword, outcome.Reason, step.Place.Line);
                    failure = new StepFailure(index, step.Describe(), step.Place.File, step.Place.Line, step.Place.Column, outcome.Reason ?? "failed");
                    log.Warning("Probe {Probe} failed at {Step} ({File}:{Line}): {Reason}", probe.Id, step.Describe(), step.Place.File, step.Place.Line, outcome.Reason);
                }
            }

            await ScreenshotAsync(session, probe, failure is null ? "end" : "failure", journal, screenshots, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The probe boundary: anything unexpected is this probe's failure, not the run's.
            failure = new StepFailure(-1, "probe", probe.Scenario.File, 1, 1, $"the probe could not run: {e.Message}");
            journal.Add(ObservationKind.StepFailed, detail: failure.Reason);
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
        foreach (var email in emails.Where(e => !named.Values.Any(n => n.Id == e.Id)))
        {
            journal.Add(ObservationKind.EmailReceived, detail: email.Subject, at: email.ReceivedAt);
        }

        var finishedAt = journal.Add(ObservationKind.ProbeFinished).At;
        log.Information("Probe {Probe} finished: {Outcome}", probe.Id, failure is null ? "journey completed" : "journey failed");
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
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            JourneyCompleted = failure is null,
            Failure = failure,
            Observations = journal.Observations,
            Emails = emails,
            NamedEmails = named.ToDictionary(n => n.Key, n => n.Value.Id, StringComparer.Ordinal),
            Screenshots = screenshots,
        };
    }

    private async Task<StepOutcome> RunStepAsync(
        Step step, Probe probe, IBrowserSession session, Dictionary<string, ReceivedEmail> named, Journal journal,
        IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var timeout = step.Timeout ?? options.StepTimeout;
        switch (step)
        {
            case MarkStep mark:
                journal.Add(ObservationKind.Mark, name: mark.Name);
                return StepOutcome.Success;

            case ExpectEmailStep expect:
                var email = await mailbox.WaitForAsync(probe.Token, m => Matches(expect, m), expect.Within, cancellationToken);
                if (email is null)
                {
                    return StepOutcome.Failure(DescribeMissing(expect, probe));
                }

                named[expect.As] = email;
                journal.Add(ObservationKind.EmailReceived, name: expect.As, detail: email.Subject, at: email.ReceivedAt);
                log.Information("Probe {Probe} got email {As} \"{Subject}\" from {From}", probe.Id, expect.As, email.Subject, email.From);
                return StepOutcome.Success;

            case ClickEmailLinkStep click:
                if (!named.TryGetValue(click.Email, out var source))
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
                    journal.Add(ObservationKind.EmailLinkClicked, name: click.Email, detail: link.Url);
                }

                return opened;

            default:
                return await session.RunAsync(step, values, timeout, cancellationToken);
        }
    }

    private static bool Matches(ExpectEmailStep expect, ReceivedEmail email) =>
        (expect.Subject is null || email.Subject.Contains(expect.Subject, StringComparison.OrdinalIgnoreCase))
        && (expect.From is null || email.From.Contains(expect.From, StringComparison.OrdinalIgnoreCase));

    private string DescribeMissing(ExpectEmailStep expect, Probe probe)
    {
        var rules = (expect.Subject, expect.From) switch
        {
            (null, null) => "",
            (not null, null) => $" with \"{expect.Subject}\" in the subject",
            (null, not null) => $" from \"{expect.From}\"",
            _ => $" from \"{expect.From}\" with \"{expect.Subject}\" in the subject",
        };
        var others = mailbox.ReceivedFor(probe.Token);
        var seen = others.Count == 0 ? "no email at all arrived for this probe" : $"{others.Count} other email(s) arrived: {string.Join("; ", others.Select(o => $"\"{o.Subject}\""))}";
        return $"no email{rules} arrived at {probe.Email} within {Duration.Format(expect.Within)} ({seen})";
    }

    private static bool LinkMatches(ClickEmailLinkStep click, EmailLink link) =>
        (click.Text is null || link.Text.Contains(click.Text, StringComparison.OrdinalIgnoreCase))
        && (click.Url is null || link.Url.Contains(click.Url, StringComparison.OrdinalIgnoreCase));

    private static string LinkCriteria(ClickEmailLinkStep click) =>
        (click.Text is null ? "" : $" with text \"{click.Text}\"") + (click.Url is null ? "" : $" to a URL containing \"{click.Url}\"");

    private async Task ScreenshotAsync(IBrowserSession session, Probe probe, string moment, Journal journal, List<string> screenshots, CancellationToken cancellationToken)
    {
        var relative = Path.Combine("screenshots", $"{Safe(probe.Scenario.Name)}--{Safe(probe.Target.Id)}--{moment}.png");
        if (await session.ScreenshotAsync(Path.Combine(options.OutputDirectory, relative), cancellationToken))
        {
            screenshots.Add(relative.Replace('\\', '/'));
            journal.Add(ObservationKind.Screenshot, name: moment, detail: relative);
        }
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    /// <summary>The probe's observations in the order they happened; thread-confined to the probe.</summary>
    private sealed class Journal(TimeProvider time)
    {
        private readonly List<Observation> _observations = [];

        public IReadOnlyList<Observation> Observations => _observations;

        public Observation Add(ObservationKind kind, int? step = null, string? name = null, string? detail = null, int? line = null, DateTimeOffset? at = null)
        {
            var observation = new Observation(kind, at ?? time.GetUtcNow()) { Step = step, Name = name, Detail = detail, Line = line };
            _observations.Add(observation);
            return observation;
        }
    }
}
