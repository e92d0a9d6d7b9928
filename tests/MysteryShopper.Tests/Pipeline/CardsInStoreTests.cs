using System.Text;
using Microsoft.Extensions.Time.Testing;
using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;
using Serilog.Core;

namespace MysteryShopper.Tests.Pipeline;

/// <summary>
/// Every stored message gets a card in the stored verdict, judged from its raw MIME; the checks made outside it are
/// made once and kept; and a stored run is judged again with another rubric from the store alone (no mailbox). Real
/// SQLite store, fake browser and mailbox (as in <see cref="DurabilityTests"/>).
/// </summary>
public sealed class CardsInStoreTests
{
    private const string Journey = """
        name: ask
        targets: [rival]
        questions:
          - text: "Do you offer an annual plan?"
            must_cover: [annual]
        journey:
          - goto: "{target.url}/contact"
          - click: { role: button, name: "Send", submit: true }
          - mark: asked
          - expect_email: { as: answer, within: 2d }
        judge:
          answer: { rubric: default, covers: question }
        expect:
          answer.quality: ">= 0"
        """;

    private string _folder = null!;
    private FakeTimeProvider _time = null!;
    private FakeBrowser _browser = null!;
    private FakeMailbox _mailbox = null!;
    private SqliteStore _store = null!;
    private List<SourceFile> _files = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("mshop-cards-").FullName;
        _time = new FakeTimeProvider(Some.Start);
        _browser = new FakeBrowser();
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
    public async Task Settle_StoredMessages_EachHasACardJudgedFromItsRawMimeAndCheckedOnce()
    {
        var (probe, outcome) = await AnsweredAsync();
        var checker = new CountingChecker();

        await Settle.ProbeAsync(_store, probe, outcome, checker, Logger.None, CancellationToken.None);
        await Settle.ProbeAsync(_store, probe, outcome, checker, Logger.None, CancellationToken.None);

        var verdict = StoreJson.Verdict((await _store.FindProbeAsync(probe.Token, CancellationToken.None))!.VerdictJson)!;
        var stored = await _store.MessagesOfProbeAsync(probe.Token, CancellationToken.None);
        Assert.That(verdict.Cards.Select(c => c.Id), Is.EquivalentTo(stored.Select(m => StoreJson.Email(m).Id)));
        var answer = verdict.Cards.Single(c => c.As == "answer");
        Assert.That(answer.Card.Kind, Is.EqualTo(MessageKind.Human));
        Assert.That(answer.Card.Answered, Is.EqualTo(Answer.Full));
        // Only the raw message has Authentication-Results; the reading does not keep it.
        Assert.That(answer.Card.Parts.Single(p => p.Name == Parts.Deliverability).Evidence, Has.Some.Contains("spf"));
        Assert.That(answer.Checks!.SpamScore, Is.EqualTo(1.5), "the checks are kept with the card");
        Assert.That(checker.Calls, Is.EqualTo(stored.Count), "each message is checked once, however often it is judged");
        Assert.That(verdict.Metric("answer.quality")!.Value, Is.EqualTo(answer.Card.Score));
        Assert.That(verdict.Experience!.Score, Is.EqualTo(answer.Card.Score));
    }

    [Test]
    public async Task Rejudge_AnotherRubric_ChangesTheScoreFromTheStoreAlone()
    {
        var (probe, outcome) = await AnsweredAsync();
        await Settle.ProbeAsync(_store, probe, outcome, new CountingChecker(), Logger.None, CancellationToken.None);
        var before = StoreJson.Verdict((await _store.FindProbeAsync(probe.Token, CancellationToken.None))!.VerdictJson)!.Cards.Single(c => c.As == "answer");
        await _mailbox.DisposeAsync();
        var run = (await _store.FindRunAsync("last", CancellationToken.None))!;

        var (probes, problem) = await Rejudge.RunAsync(_store, run, Rubrics.Builtin(Rubrics.Marketing), Logger.None, CancellationToken.None);

        Assert.That(problem, Is.Null);
        var after = StoreJson.Verdict((await _store.FindProbeAsync(probe.Token, CancellationToken.None))!.VerdictJson)!.Cards.Single(c => c.As == "answer");
        Assert.That(after.Card.Rubric, Is.EqualTo(Rubrics.Marketing));
        Assert.That(after.Card.Score, Is.Not.EqualTo(before.Card.Score));
        Assert.That((after.Checks!.SpamScore, after.Checks.SpamRules), Is.EqualTo((before.Checks!.SpamScore, before.Checks.SpamRules)), "the kept checks are reused, not made again");
        var changed = probes!.Single();
        Assert.That(changed.Cards.Single(c => c.Label == "answer"), Is.EqualTo(new RejudgedCard("answer", before.Card.Score, after.Card.Score)));
        Assert.That(changed.Before!.Score, Is.EqualTo(before.Card.Score));
        Assert.That(changed.After!.Score, Is.EqualTo(after.Card.Score));
    }

    [Test]
    public async Task Rejudge_SameRubric_ChangesNothing()
    {
        var (probe, outcome) = await AnsweredAsync();
        await Settle.ProbeAsync(_store, probe, outcome, null, Logger.None, CancellationToken.None);
        var run = (await _store.FindRunAsync("last", CancellationToken.None))!;

        var (probes, _) = await Rejudge.RunAsync(_store, run, null, Logger.None, CancellationToken.None);

        Assert.That(probes!.Single().Cards.Select(c => c.Before), Is.EqualTo(probes!.Single().Cards.Select(c => (double?)c.After)));
        Assert.That(probes!.Single().StateAfter, Is.EqualTo("passed"));
    }

    [Test]
    public async Task CardLateMail_MessageAfterTheProbeWasDecided_GetsItsCard_AndTheVerdictStands()
    {
        var (probe, outcome) = await AnsweredAsync();
        await Settle.ProbeAsync(_store, probe, outcome, new CountingChecker(), Logger.None, CancellationToken.None);
        var decided = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        var before = StoreJson.Verdict(decided.VerdictJson)!;
        var late = new ReceivedEmail
        {
            Id = $"late-{probe.Token}@rival.example",
            From = "Rival <news@rival.example>",
            To = [probe.Email],
            Subject = "Still thinking it over?",
            Text = "Hi Sam, our offer ends Friday. Book a call today!",
            Links = [],
            ReceivedAt = _time.GetUtcNow(),
            SeenAt = _time.GetUtcNow(),
            Token = probe.Token,
        };
        var raw = Encoding.UTF8.GetBytes($"From: Rival <news@rival.example>\r\nTo: {probe.Email}\r\nSubject: {late.Subject}\r\nMessage-ID: <{late.Id}>\r\n\r\n{late.Text}\r\n");
        await new StoreMailJournal(_store).KeepAsync(new IncomingMessage(late, raw, "fake", late.Id), CancellationToken.None);
        var checker = new CountingChecker();

        await Rejudge.CardLateMailAsync(_store, decided.RunId, SuiteLoader.Load(_files).Suite!, checker, Logger.None, CancellationToken.None);
        await Rejudge.CardLateMailAsync(_store, decided.RunId, SuiteLoader.Load(_files).Suite!, checker, Logger.None, CancellationToken.None);

        var after = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        var verdict = StoreJson.Verdict(after.VerdictJson)!;
        Assert.That(verdict.Cards.Select(c => c.Id), Is.EqualTo(before.Cards.Select(c => c.Id).Append(late.Id)));
        Assert.That(verdict.Cards[^1].Card.Parts, Is.Not.Empty);
        Assert.That((after.State, verdict.Passed, verdict.Metric("emails_received")!.Value), Is.EqualTo((decided.State, before.Passed, before.Metric("emails_received")!.Value)), "the verdict the probe was decided on stands");
        Assert.That(checker.Calls, Is.EqualTo(1), "only the late message is checked, once");
    }

    /// <summary>A probe planned and walked, with its answer stored (raw MIME) while it waited, then resumed to the end.</summary>
    private async Task<(Probe Probe, ProbeOutcome Outcome)> AnsweredAsync()
    {
        var probe = await PlanAsync();
        await Runner().RunAsync(probe, CancellationToken.None);
        var receivedAt = _time.GetUtcNow() + TimeSpan.FromHours(3);
        var reply = new ReceivedEmail
        {
            Id = $"reply-{probe.Token}@rival.example",
            From = "Emma Clarke <emma@rival.example>",
            To = [probe.Email],
            Subject = "Re: your question",
            Text = "Hi Sam,\n\nYes, we offer an annual plan at $100 per seat.\n\nBest,\nEmma",
            Links = [],
            ReceivedAt = receivedAt,
            SeenAt = receivedAt,
            Token = probe.Token,
        };
        var raw = Encoding.UTF8.GetBytes(
            "Authentication-Results: mx.inbox.test; spf=pass smtp.mailfrom=rival.example; dkim=pass header.d=rival.example; dmarc=pass\r\n" +
            $"From: Emma Clarke <emma@rival.example>\r\nTo: {probe.Email}\r\nSubject: Re: your question\r\nMessage-ID: <{reply.Id}>\r\n" +
            "Date: Mon, 23 Nov 2026 12:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
            "Hi Sam,\r\n\r\nYes, we offer an annual plan at $100 per seat.\r\n\r\nBest,\r\nEmma\r\n");
        await new StoreMailJournal(_store).KeepAsync(new IncomingMessage(reply, raw, "fake", reply.Id), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(4));
        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        var outcome = await Runner().ResumeAsync(probe, stored, _time.GetUtcNow(), CancellationToken.None);
        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Completed), outcome.Record.Failure?.Reason);
        return (probe, outcome);
    }

    private ProbeRunner Runner() =>
        new(_ => Task.FromResult<IBrowser>(_browser), _mailbox, new FakeSender(_time), _store, new RunnerOptions { OutputDirectory = _folder, WaitInProcess = TimeSpan.Zero }, _time, Logger.None);

    private async Task<Probe> PlanAsync()
    {
        _files =
        [
            new("targets.yaml", """
                targets:
                  rival: { name: Rival, role: competitor, url: "https://rival.example", domains: [rival.example] }
                """),
            new("personas.yaml", "personas: { default: { name: Sam Shopper } }"),
            new("ask.yaml", Journey),
        ];
        var loaded = SuiteLoader.Load(_files);
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
                SourcesJson = StoreJson.Sources(_files),
                SettingsJson = StoreJson.Settings(new StoredSettings { AddressPattern = AddressPattern.Default.Pattern }),
            },
            CancellationToken.None);
        await _store.ReserveProbesAsync(
            _time.GetUtcNow() - TimeSpan.FromDays(1),
            _ => [new PlannedProbe(probe, null)],
            p => ProbeRecords.Stored(p.Probe, runId, 0, _time.GetUtcNow()),
            CancellationToken.None);
        return probe;
    }

    /// <summary>
    /// Stands in for the real checker (DKIM from DNS, spamd), which needs the network: it answers a fixed spam score and
    /// counts how often it is asked.
    /// </summary>
    private sealed class CountingChecker : IMessageChecker
    {
        public int Calls { get; private set; }

        public Task<DeliveryChecks> CheckAsync(Letter letter, byte[]? raw, IReadOnlyList<string> ownDomains, CancellationToken cancellationToken)
        {
            Calls++;
            Assert.That(raw, Is.Not.Null, "the raw message is handed to the checks");
            Assert.That(ownDomains, Does.Contain("rival.example"));
            return Task.FromResult(new DeliveryChecks { SpamScore = 1.5, SpamRules = ["TEST_RULE"] });
        }
    }
}
