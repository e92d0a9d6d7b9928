using Microsoft.Extensions.Time.Testing;
using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;
using Serilog.Core;

namespace MysteryShopper.Tests.Pipeline;

/// <summary>
/// The probe runner's and the collector's durable logic, on the real SQLite store with a fake browser, mailbox and
/// clock: parking, deadlines, resuming in a later process, and the never-twice rule. Milliseconds, no Chromium.
/// </summary>
public sealed class DurabilityTests
{
    private const string Journey = """
        name: ask
        targets: [rival]
        journey:
          - goto: "{target.url}/contact"
          - click: { role: button, name: "Send", submit: true }
          - mark: asked
          - expect_email: { as: answer, within: 2d }
          - click_email_link: { email: answer, text: "confirm" }
        measure:
          first_reply: answer.received - asked
        """;

    private string _folder = null!;
    private FakeTimeProvider _time = null!;
    private FakeBrowser _browser = null!;
    private FakeMailbox _mailbox = null!;
    private FakeSender _sender = null!;
    private SqliteStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("mshop-durable-").FullName;
        _time = new FakeTimeProvider(Some.Start);
        _browser = new FakeBrowser();
        _sender = new FakeSender(_time);
        _store = await SqliteStore.OpenAsync(Path.Combine(_folder, "store.db"), CancellationToken.None);
        _mailbox = new FakeMailbox(_time, new StoreMailJournal(_store));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _store.DisposeAsync();
        await _browser.DisposeAsync();
        await _mailbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Run_WaitBeyondThisProcess_ParksWithDeadlineCheckpointAndCookies()
    {
        var probe = await PlanAsync();

        var outcome = await Runner(wait: TimeSpan.FromMinutes(2)).RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Parked));
        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        Assert.That(stored.State, Is.EqualTo(ProbeState.Awaiting));
        Assert.That(stored.Owner, Is.Null, "a parked probe belongs to nobody: any later process may take it");
        Assert.That(stored.Deadline, Is.EqualTo(StepStart(outcome.Record, "expect_email") + TimeSpan.FromDays(2)));
        Assert.That(stored.StorageState, Is.EqualTo("cookies-of-session-1"));
        Assert.That(ProbeCheckpoint.FromJson(stored.CheckpointJson)!.ResumeStep, Is.EqualTo(3), "it resumes at the expect_email step");
        Assert.That(_time.GetUtcNow() - Some.Start, Is.EqualTo(TimeSpan.FromMinutes(2)), "it waited --wait in this process first");
        var submissions = await _store.SubmissionsAsync(probe.Token, CancellationToken.None);
        Assert.That(submissions.Single().FinishedAt, Is.Not.Null, "the submission is recorded as begun and ended");
    }

    [Test]
    public async Task Settle_ParkedProbe_StaysAwaitingWithWhatIsMeasuredSoFarAndNoExpectationChecked()
    {
        var probe = await PlanAsync();
        var outcome = await Runner(wait: TimeSpan.Zero).RunAsync(probe, CancellationToken.None);

        var state = await Settle.ProbeAsync(_store, probe, outcome, Logger.None, CancellationToken.None);

        Assert.That(state, Is.EqualTo(ProbeState.Awaiting));
        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        Assert.That(stored.State, Is.EqualTo(ProbeState.Awaiting));
        var verdict = StoreJson.Verdict(stored.VerdictJson)!;
        Assert.That(verdict.Passed, Is.False);
        Assert.That(verdict.Expectations, Is.Empty, "nothing is decided while the reply may still come");
        Assert.That(verdict.Metric("fields_filled"), Is.Not.Null);
    }

    [Test]
    public async Task Run_MailWithinTheWait_CompletesInThisProcess()
    {
        var probe = await PlanAsync();
        _mailbox.Schedule(Reply(probe, Some.Start.AddSeconds(40)));

        var outcome = await Runner(wait: TimeSpan.FromMinutes(2)).RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Completed));
        Assert.That(outcome.Record.Failure, Is.Null);
        Assert.That(_browser.Steps, Does.Contain("open:https://rival.example/confirm?t=1"));
        Assert.That(await Settle.ProbeAsync(_store, probe, outcome, Logger.None, CancellationToken.None), Is.EqualTo(ProbeState.Passed));
    }

    [Test]
    public async Task Resume_MailStoredWhileNothingRan_CompletesFromTheMailsReceiveTimeNotWhenCollected()
    {
        var probe = await PlanAsync();
        await Runner(wait: TimeSpan.Zero).RunAsync(probe, CancellationToken.None);
        var receivedAt = _time.GetUtcNow() + TimeSpan.FromHours(20);
        await StoreAsync(Reply(probe, receivedAt));
        _time.Advance(TimeSpan.FromHours(26));

        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        var outcome = await Runner(wait: TimeSpan.Zero).ResumeAsync(probe, stored, _time.GetUtcNow(), CancellationToken.None);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Completed));
        Assert.That(outcome.Record.Failure, Is.Null, outcome.Record.Failure?.Reason);
        var received = outcome.Record.Observations.Single(o => o.Kind == ObservationKind.EmailReceived && o.Name == "answer");
        Assert.That(received.At, Is.EqualTo(receivedAt));
        var verdict = Judge.Evaluate(probe.Scenario, probe.Target, outcome.Record);
        Assert.That(verdict.Metric("first_reply")!.Value, Is.EqualTo(TimeSpan.FromHours(20).TotalSeconds).Within(1));
        Assert.That(_browser.OpenedWith.Last(), Is.EqualTo("cookies-of-session-1"), "the link is opened in a fresh context with the cookies kept when the probe parked");
        Assert.That(_browser.Submits, Is.EqualTo(1), "the form is never submitted again by a resume");
    }

    [Test]
    public async Task Resume_BeforeTheDeadlineWithoutMail_StaysAwaitingAndOpensNoBrowser()
    {
        var probe = await PlanAsync();
        await Runner(wait: TimeSpan.Zero).RunAsync(probe, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(5));
        var opened = _browser.OpenedWith.Count;

        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        var outcome = await Runner(wait: TimeSpan.Zero).ResumeAsync(probe, stored, _time.GetUtcNow(), CancellationToken.None);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Parked));
        Assert.That(outcome.Deadline, Is.EqualTo(stored.Deadline));
        Assert.That(_browser.OpenedWith, Has.Count.EqualTo(opened));
        Assert.That((await _store.FindProbeAsync(probe.Token, CancellationToken.None))!.State, Is.EqualTo(ProbeState.Awaiting));
    }

    [Test]
    public async Task Resume_PastTheDeadlineWithoutMail_TimesOut()
    {
        var probe = await PlanAsync();
        await Runner(wait: TimeSpan.Zero).RunAsync(probe, CancellationToken.None);
        await StoreAsync(Reply(probe, _time.GetUtcNow() + TimeSpan.FromDays(3)));
        _time.Advance(TimeSpan.FromDays(4));

        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        var outcome = await Runner(wait: TimeSpan.Zero).ResumeAsync(probe, stored, _time.GetUtcNow(), CancellationToken.None);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Completed));
        Assert.That(outcome.TimedOut, Is.True, "a reply after the deadline does not count");
        Assert.That(outcome.Record.Failure!.Reason, Does.Contain("within 2 d"));
        Assert.That(await Settle.ProbeAsync(_store, probe, outcome, Logger.None, CancellationToken.None), Is.EqualTo(ProbeState.TimedOut));
    }

    [Test]
    public async Task Run_StoppedWhileASubmissionIsUnderWay_IsUnknownNeverCancelled()
    {
        var probe = await PlanAsync();
        using var stop = new CancellationTokenSource();
        _browser.OnSubmit = stop.Cancel;

        var outcome = await Runner(wait: TimeSpan.Zero).RunAsync(probe, stop.Token);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Unknown));
        Assert.That(outcome.Reason, Does.Contain("may or may not have been sent"));
        var submission = (await _store.SubmissionsAsync(probe.Token, CancellationToken.None)).Single();
        Assert.That(submission.FinishedAt, Is.Null);
    }

    [Test]
    public async Task Run_StoppedAtAWait_StaysAwaitingForCollect()
    {
        var probe = await PlanAsync();
        using var stop = new CancellationTokenSource();
        _mailbox.Schedule(Reply(probe, Some.Start.AddDays(10)));
        var mailbox = new StoppingMailbox(_mailbox, stop);

        var outcome = await new ProbeRunner(_ => Task.FromResult<IBrowser>(_browser), mailbox, _sender, _store, Options(TimeSpan.FromHours(1)), _time, Logger.None).RunAsync(probe, stop.Token);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Parked));
        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        Assert.That(stored.State, Is.EqualTo(ProbeState.Awaiting));
        Assert.That(stored.Owner, Is.Null);
    }

    [Test]
    public async Task Collect_HalfDoneSubmissionOfADeadProcess_IsUnknownAndNeverRepeated()
    {
        var probe = await PlanAsync();
        await _store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = ProbeState.Running, Owner = DeadOwner, StartedAt = Some.Start }, CancellationToken.None);
        await _store.BeginSubmissionAsync(probe.Token, 1, "click button \"Send\"", Some.Start, CancellationToken.None);

        var result = await CollectAsync();

        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        Assert.That(stored.State, Is.EqualTo(ProbeState.Unknown));
        Assert.That(stored.StateReason, Does.Contain("may or may not have been sent").And.Contain("--retry-unknown"));
        Assert.That(result.Decided[ProbeState.Unknown], Is.EqualTo(1));
        Assert.That(_browser.Steps, Is.Empty, "nothing is walked again");
    }

    [Test]
    public async Task Collect_ProbeParkedByADeadProcess_IsResumedOnceEvenWithTwoCollectors()
    {
        var probe = await PlanAsync();
        await Runner(wait: TimeSpan.Zero).RunAsync(probe, CancellationToken.None);
        await _store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { Owner = DeadOwner }, CancellationToken.None);
        await StoreAsync(Reply(probe, _time.GetUtcNow() + TimeSpan.FromHours(3)));
        _time.Advance(TimeSpan.FromHours(4));

        var results = await Task.WhenAll(CollectAsync(), CollectAsync());

        Assert.That(results.Sum(r => r.Decided.GetValueOrDefault(ProbeState.Passed)), Is.EqualTo(1));
        Assert.That((await _store.FindProbeAsync(probe.Token, CancellationToken.None))!.State, Is.EqualTo(ProbeState.Passed));
        Assert.That(_browser.Steps.Count(s => s.StartsWith("open:", StringComparison.Ordinal)), Is.EqualTo(1), "the link is opened once");
    }

    [Test]
    public async Task Collect_PlannedProbeOfADeadRun_IsCancelledAndRunningOneErrored()
    {
        var planned = await PlanAsync();
        var running = await PlanAsync();
        await _store.UpdateProbeAsync(new ProbeUpdate(planned.Token) { Owner = DeadOwner }, CancellationToken.None);
        await _store.UpdateProbeAsync(new ProbeUpdate(running.Token) { State = ProbeState.Running, Owner = DeadOwner }, CancellationToken.None);

        await CollectAsync();

        Assert.That((await _store.FindProbeAsync(planned.Token, CancellationToken.None))!.State, Is.EqualTo(ProbeState.Cancelled));
        var errored = (await _store.FindProbeAsync(running.Token, CancellationToken.None))!;
        Assert.That(errored.State, Is.EqualTo(ProbeState.Errored));
        Assert.That(errored.StateReason, Does.Contain("stopped between steps"));
    }

    [Test]
    public async Task Collect_ProbeOwnedByALiveProcess_IsLeftAlone()
    {
        var probe = await PlanAsync();
        await _store.UpdateProbeAsync(new ProbeUpdate(probe.Token) { State = ProbeState.Awaiting, Owner = ProcessOwner.Current }, CancellationToken.None);

        var result = await CollectAsync();

        Assert.That(result.Decided, Is.Empty);
        Assert.That((await _store.FindProbeAsync(probe.Token, CancellationToken.None))!.Owner, Is.EqualTo(ProcessOwner.Current));
    }

    [Test]
    public async Task Run_RunFolderCannotRecord_StopsBeforeTheSubmissionAndSendsNothing()
    {
        var probe = await PlanAsync();
        var evidence = new EvidenceFolder(_folder, freeSpace: _ => 100 * 1024);
        var runner = new ProbeRunner(_ => Task.FromResult<IBrowser>(_browser), _mailbox, _sender, _store, Options(TimeSpan.Zero) with { Evidence = evidence }, _time, Logger.None);

        var outcome = await runner.RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Cancelled));
        Assert.That(outcome.Reason, Does.StartWith("stopped before click").And.Contain("can no longer record its evidence (only 100 KiB is free"));
        Assert.That(_browser.Submits, Is.Zero, "nothing is submitted that could not be recorded");
        Assert.That(_browser.Steps, Has.Some.StartsWith("goto"), "the steps before it ran");
        Assert.That(await _store.SubmissionsAsync(probe.Token, CancellationToken.None), Is.Empty);
        Assert.That(await Settle.ProbeAsync(_store, probe, outcome, Logger.None, CancellationToken.None), Is.EqualTo(ProbeState.Cancelled));
    }

    private static readonly string DeadOwner = $"{Environment.MachineName}:999999:1";

    private static DateTimeOffset StepStart(ProbeRecord record, string keyword) =>
        record.Observations.First(o => o.Kind == ObservationKind.StepStarted && o.Name == keyword).At;

    private RunnerOptions Options(TimeSpan wait) => new() { OutputDirectory = _folder, WaitInProcess = wait };

    private ProbeRunner Runner(TimeSpan wait) =>
        new(_ => Task.FromResult<IBrowser>(_browser), _mailbox, _sender, _store, Options(wait), _time, Logger.None);

    private async Task<CollectResult> CollectAsync()
    {
        await using var collector = new Collector(_store, _mailbox, new FakeParts(_browser, _mailbox, _sender), new RunSettings(), _time, Logger.None);
        return await collector.PassAsync(CancellationToken.None);
    }

    /// <summary>Plans one probe of <see cref="Journey"/> against a plain site and reserves it in the store, as a run does.</summary>
    private async Task<Probe> PlanAsync()
    {
        var files = new List<SourceFile>
        {
            new("targets.yaml", """
                targets:
                  rival: { name: Rival, role: competitor, url: "https://rival.example", domains: [rival.example] }
                """),
            new("personas.yaml", "personas: { default: { name: Sam Shopper } }"),
            new("ask.yaml", Journey),
        };
        var loaded = SuiteLoader.Load(files);
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join("\n", loaded.Diagnostics));
        var probe = Planner.Plan(loaded.Suite!, AddressPattern.Default, t => t.Url, PlanFilter.All).Single();
        var runId = $"run-{probe.Token}";
        await _store.CreateRunAsync(
            new StoredRun
            {
                Id = runId,
                Suite = "ask",
                Directory = _folder,
                StartedAt = _time.GetUtcNow(),
                SourcesJson = StoreJson.Sources(files),
                SettingsJson = StoreJson.Settings(new StoredSettings { AddressPattern = AddressPattern.Default.Pattern }),
            },
            CancellationToken.None);
        await _store.ReserveProbesAsync(
            _time.GetUtcNow() - TimeSpan.FromDays(1),
            _ => [new PlannedProbe(probe, null)],
            p => new StoredProbe
            {
                Token = p.Probe.Token,
                RunId = runId,
                ProbeId = p.Probe.Id,
                Ordinal = 0,
                PlannedAt = _time.GetUtcNow(),
                Scenario = p.Probe.Scenario.Name,
                ScenarioFile = p.Probe.Scenario.File,
                TargetId = p.Probe.Target.Id,
                TargetName = p.Probe.Target.Name,
                TargetRole = "competitor",
                TargetUrl = p.Probe.TargetUrl,
                Persona = p.Probe.Persona.Id,
                FirstName = p.Probe.Persona.FirstName,
                Email = p.Probe.Email,
                State = ProbeState.Planned,
            },
            CancellationToken.None);
        return probe;
    }

    private static ReceivedEmail Reply(Probe probe, DateTimeOffset receivedAt) => new()
    {
        Id = $"<reply-{probe.Token}-{receivedAt.Ticks}@rival.example>",
        From = "Rival Support <support@rival.example>",
        To = [probe.Email],
        Subject = "Re: your question",
        Text = "Hi Sam, yes we do. Please confirm.",
        Links = [new EmailLink("confirm", "https://rival.example/confirm?t=1")],
        ReceivedAt = receivedAt,
        SeenAt = receivedAt,
        Token = probe.Token,
    };

    /// <summary>Stores a message as a mailbox does when it reads it (here: while no process of the probe runs).</summary>
    private Task<(ReceivedEmail Email, bool IsNew)> StoreAsync(ReceivedEmail email) =>
        new StoreMailJournal(_store).KeepAsync(new IncomingMessage(email, "raw"u8.ToArray(), "fake", email.Id), CancellationToken.None);

    /// <summary>A fake mailbox that stops the run (as Ctrl-C would) as soon as a step starts waiting.</summary>
    private sealed class StoppingMailbox(FakeMailbox inner, CancellationTokenSource stop) : IMailbox
    {
        public async Task<ReceivedEmail?> WaitForAsync(string token, Func<ReceivedEmail, bool> match, TimeSpan within, CancellationToken cancellationToken)
        {
            await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return await inner.WaitForAsync(token, match, within, cancellationToken);
        }

        public IReadOnlyList<ReceivedEmail> ReceivedFor(string token) => inner.ReceivedFor(token);

        public void RegisterSent(string token, string messageId) => inner.RegisterSent(token, messageId);

        public void RegisterProbe(string token, IReadOnlyList<string> domains, DateTimeOffset since) => inner.RegisterProbe(token, domains, since);
    }
}
