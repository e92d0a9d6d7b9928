using Microsoft.Data.Sqlite;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.Storage.Tests;

/// <summary>Every <see cref="IStore"/> method against a real SQLite file.</summary>
public sealed class SqliteStoreTests
{
    private TempFolder _folder = null!;
    private SqliteStore _store = null!;

    private static CancellationToken None => CancellationToken.None;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        _store = await SqliteStore.OpenAsync(_folder.File("nested/store.db"), None);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    // Runs

    [Test]
    public async Task CreateRunAsync_NewRun_FindRunAsyncReturnsItAsWritten()
    {
        var run = Some.Run("r1", Some.Start) with { Workspace = null, SkippedJson = """[{"probe":"x"}]""" };

        await _store.CreateRunAsync(run, None);

        Assert.That(await _store.FindRunAsync("r1", None), Is.EqualTo(run));
    }

    [Test]
    public async Task FindRunAsync_UnknownId_ReturnsNull()
    {
        Assert.That(await _store.FindRunAsync("nope", None), Is.Null);
        Assert.That(await _store.FindRunAsync("last", None), Is.Null);
    }

    [Test]
    public async Task FindRunAsync_Last_ReturnsTheNewestRun()
    {
        await _store.CreateRunAsync(Some.Run("old", Some.Start), None);
        await _store.CreateRunAsync(Some.Run("new", Some.Start.AddHours(1)), None);
        await _store.CreateRunAsync(Some.Run("middle", Some.Start.AddMinutes(30)), None);

        Assert.That((await _store.FindRunAsync("last", None))?.Id, Is.EqualTo("new"));
    }

    [Test]
    public async Task FinishRunAsync_StartedRun_SetsFinishedAt()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);

        await _store.FinishRunAsync("r1", Some.Start.AddMinutes(5), None);

        Assert.That((await _store.FindRunAsync("r1", None))?.FinishedAt, Is.EqualTo(Some.Start.AddMinutes(5)));
    }

    [Test]
    public async Task SetRunSkippedAsync_Run_KeepsTheJson()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);

        await _store.SetRunSkippedAsync("r1", """[{"id":"a/b/c","reason":"limit"}]""", None);

        Assert.That((await _store.FindRunAsync("r1", None))?.SkippedJson, Is.EqualTo("""[{"id":"a/b/c","reason":"limit"}]"""));
    }

    [Test]
    public async Task ListRunsAsync_SeveralRuns_NewestFirstWithProbesCountedByState()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await _store.CreateRunAsync(Some.Run("r2", Some.Start.AddDays(1)), None);
        await _store.CreateRunAsync(Some.Run("r3", Some.Start.AddDays(2)), None);
        await InsertProbesAsync(
            Some.Probe("r2", "a", 0, state: ProbeState.Passed),
            Some.Probe("r2", "b", 1, state: ProbeState.Passed),
            Some.Probe("r2", "c", 2, state: ProbeState.Awaiting),
            Some.Probe("r3", "d", 0, state: ProbeState.TimedOut));

        var runs = await _store.ListRunsAsync(2, None);

        Assert.That(runs.Select(r => r.Run.Id), Is.EqualTo(new[] { "r3", "r2" }));
        Assert.That(runs[1].Probes[ProbeState.Passed], Is.EqualTo(2));
        Assert.That(runs[1].Probes[ProbeState.Awaiting], Is.EqualTo(1));
        Assert.That(runs[1].Probes[ProbeState.Failed], Is.Zero, "every state is counted, zero included");
        Assert.That(runs[0].Probes[ProbeState.TimedOut], Is.EqualTo(1));
    }

    // Probes

    [Test]
    public async Task ReserveProbesAsync_EarlierProbes_DecideSeesThoseSinceAndOnlyGoingProbesAreStored()
    {
        await _store.CreateRunAsync(Some.Run("old", Some.Start), None);
        await InsertProbesAsync(
            Some.Probe("old", "too-old", 0, "rival-a", Some.Start.AddHours(-25)),
            Some.Probe("old", "recent", 1, "rival-b", Some.Start.AddHours(-1)));
        await _store.CreateRunAsync(Some.Run("new", Some.Start), None);
        IReadOnlyList<PastProbe>? seen = null;

        var decided = await _store.ReserveProbesAsync(
            Some.Start.AddDays(-1),
            past =>
            {
                seen = past;
                return [Some.Planned("go", "rival-a"), Some.Planned("held", "rival-b", "limit of 1 probe a day")];
            },
            Some.ToStored("new", Some.Start),
            None);

        Assert.That(seen, Is.EqualTo(new[] { new PastProbe("rival-b", Some.Start.AddHours(-1)) }));
        Assert.That(decided.Select(p => p.Probe.Token), Is.EqualTo(new[] { "go", "held" }));
        Assert.That((await _store.ProbesOfRunAsync("new", None)).Select(p => p.Token), Is.EqualTo(new[] { "go" }));
    }

    [Test]
    public async Task FindProbeAsync_StoredProbe_ReturnsItAsWritten()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        var probe = Some.Probe("r1", "t1") with
        {
            QuestionId = null,
            QuestionText = null,
            StateReason = "waiting",
            StartedAt = Some.Start.AddSeconds(1),
            FinishedAt = Some.Start.AddSeconds(2),
            Deadline = Some.Start.AddDays(3),
            CheckpointJson = """{"step":4}""",
            StorageState = """{"cookies":[]}""",
            Owner = "host:1:2",
            State = ProbeState.TimedOut,
        };
        await InsertProbesAsync(probe);

        Assert.That(await _store.FindProbeAsync("t1", None), Is.EqualTo(probe));
        Assert.That(await _store.FindProbeAsync("t2", None), Is.Null);
    }

    [Test]
    public async Task ProbesOfRunAsync_ProbesInsertedOutOfOrder_ReturnsThemInPlanOrder()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await _store.CreateRunAsync(Some.Run("r2", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "c", 2), Some.Probe("r1", "a", 0), Some.Probe("r2", "x", 1), Some.Probe("r1", "b", 1));

        Assert.That((await _store.ProbesOfRunAsync("r1", None)).Select(p => p.Token), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task ProbesInStateAsync_ProbesOfSeveralRuns_ReturnsThoseInTheStatesOldestFirst()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await _store.CreateRunAsync(Some.Run("r2", Some.Start), None);
        await InsertProbesAsync(
            Some.Probe("r2", "new-awaiting", 0, plannedAt: Some.Start.AddDays(1), state: ProbeState.Awaiting),
            Some.Probe("r1", "old-running", 0, plannedAt: Some.Start, state: ProbeState.Running),
            Some.Probe("r1", "passed", 1, plannedAt: Some.Start, state: ProbeState.Passed));

        var open = await _store.ProbesInStateAsync(ProbeStates.Open, None);

        Assert.That(open.Select(p => p.Token), Is.EqualTo(new[] { "old-running", "new-awaiting" }));
        Assert.That(await _store.ProbesInStateAsync([], None), Is.Empty);
    }

    [Test]
    public async Task ClaimProbeAsync_UnownedProbeInState_SucceedsOnceAndSetsOwner()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1", state: ProbeState.Awaiting));

        Assert.That(await _store.ClaimProbeAsync("t1", "me", [ProbeState.Awaiting], null, None), Is.True);
        Assert.That(await _store.ClaimProbeAsync("t1", "other", [ProbeState.Awaiting], null, None), Is.False, "owned by someone else now");
        Assert.That((await _store.FindProbeAsync("t1", None))?.Owner, Is.EqualTo("me"));
    }

    [Test]
    public async Task ClaimProbeAsync_OwnedByExpectedOwner_TakesItOver()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1", state: ProbeState.Running) with { Owner = "dead-process" });

        Assert.That(await _store.ClaimProbeAsync("t1", "me", [ProbeState.Running], "someone-else", None), Is.False);
        Assert.That(await _store.ClaimProbeAsync("t1", "me", [ProbeState.Running], "dead-process", None), Is.True);
        Assert.That((await _store.FindProbeAsync("t1", None))?.Owner, Is.EqualTo("me"));
    }

    [Test]
    public async Task ClaimProbeAsync_StateNotInFrom_Fails()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1", state: ProbeState.Passed));

        Assert.That(await _store.ClaimProbeAsync("t1", "me", ProbeStates.Open, null, None), Is.False);
        Assert.That(await _store.ClaimProbeAsync("missing", "me", ProbeStates.Open, null, None), Is.False);
    }

    [Test]
    public async Task UpdateProbeAsync_SomeFieldsSet_OnlyThoseChange()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        var probe = Some.Probe("r1", "t1") with { Owner = "me", StateReason = "before", CheckpointJson = "{}", Deadline = Some.Start.AddDays(1) };
        await InsertProbesAsync(probe);

        await _store.UpdateProbeAsync(new ProbeUpdate("t1") { State = ProbeState.Awaiting, StartedAt = Some.Start.AddMinutes(1), StorageState = "{\"cookies\":[]}" }, None);

        Assert.That(await _store.FindProbeAsync("t1", None), Is.EqualTo(probe with
        {
            State = ProbeState.Awaiting,
            StartedAt = Some.Start.AddMinutes(1),
            StorageState = "{\"cookies\":[]}",
        }));
    }

    [Test]
    public async Task UpdateProbeAsync_ClearOwnerAndDeadline_SetsThemNull()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1") with { Owner = "me", Deadline = Some.Start.AddDays(1) });

        await _store.UpdateProbeAsync(new ProbeUpdate("t1") { State = ProbeState.TimedOut, FinishedAt = Some.Start.AddDays(1), StateReason = "no reply", ClearOwner = true, ClearDeadline = true }, None);

        var stored = await _store.FindProbeAsync("t1", None);
        Assert.That(stored?.Owner, Is.Null);
        Assert.That(stored?.Deadline, Is.Null);
        Assert.That(stored?.State, Is.EqualTo(ProbeState.TimedOut));
        Assert.That(stored?.StateReason, Is.EqualTo("no reply"));
        Assert.That(stored?.FinishedAt, Is.EqualTo(Some.Start.AddDays(1)));
    }

    // What a probe did

    [Test]
    public async Task OfRunAsync_TwoRuns_EachProbesObservationsAndMessagesOfThatRunOnly()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await _store.CreateRunAsync(Some.Run("r2", Some.Start.AddHours(1)), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"), Some.Probe("r1", "t2", 1), Some.Probe("r2", "t3"));
        await _store.AppendObservationsAsync("t1", [new Observation(ObservationKind.StepPassed, Some.Start.AddSeconds(2)) { Step = 1 }, new Observation(ObservationKind.ProbeStarted, Some.Start)], None);
        await _store.AppendObservationsAsync("t3", [new Observation(ObservationKind.ProbeStarted, Some.Start)], None);
        await _store.AddMessageAsync(Some.Message("<late@x>", "t1", Some.Start.AddMinutes(9)), None);
        await _store.AddMessageAsync(Some.Message("<early@x>", "t1", Some.Start.AddMinutes(1)), None);
        await _store.AddMessageAsync(Some.Message("<other@x>", "t3", Some.Start.AddMinutes(1)), None);
        await _store.AddMessageAsync(Some.Message("<nobody@x>", null, Some.Start.AddMinutes(1)), None);

        var observations = await _store.ObservationsOfRunAsync("r1", None);
        var messages = await _store.MessagesOfRunAsync("r1", None);

        Assert.That(observations.Keys, Is.EquivalentTo(new[] { "t1" }), "t2 has none; t3 is another run's");
        Assert.That(observations["t1"], Is.EqualTo(await _store.ObservationsAsync("t1", None)), "the same observations, in the same order, as one probe's read");
        Assert.That(messages.Keys, Is.EquivalentTo(new[] { "t1" }));
        Assert.That(messages["t1"].Select(m => m.Key), Is.EqualTo(new[] { "<early@x>", "<late@x>" }));
        Assert.That(messages["t1"].Select(m => m.Raw.Length), Is.EqualTo((await _store.MessagesOfProbeAsync("t1", None)).Select(m => m.Raw.Length)));
    }

    [Test]
    public async Task ObservationsAsync_AppendedInTwoBatches_ReturnsThemInTimeOrderStableByAppendOrder()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));
        var timing = new Observation(ObservationKind.PageTiming, Some.Start.AddSeconds(2))
        {
            Step = 0,
            Name = "goto",
            Detail = "https://rival-a.example/contact",
            Line = 12,
            Value = 1.5,
            Numbers = new Dictionary<string, double> { ["ttfb_ms"] = 120.5, ["cls"] = 0.01 },
        };
        await _store.AppendObservationsAsync("t1", [new Observation(ObservationKind.ProbeStarted, Some.Start), timing], None);
        await _store.AppendObservationsAsync(
            "t1",
            [
                new Observation(ObservationKind.StepStarted, Some.Start.AddSeconds(1)) { Step = 1 },
                new Observation(ObservationKind.StepPassed, Some.Start.AddSeconds(2)) { Step = 1 },
            ],
            None);

        var observations = await _store.ObservationsAsync("t1", None);

        Assert.That(observations.Select(o => o.Kind), Is.EqualTo(new[]
        {
            ObservationKind.ProbeStarted, ObservationKind.StepStarted, ObservationKind.PageTiming, ObservationKind.StepPassed,
        }));
        Assert.That(observations[2] with { Numbers = null }, Is.EqualTo(timing with { Numbers = null }));
        Assert.That(observations[2].Numbers, Is.EquivalentTo(timing.Numbers));
        Assert.That(observations[0].Numbers, Is.Null);
        Assert.That(await _store.ObservationsAsync("other", None), Is.Empty);
    }

    [Test]
    public async Task EndSubmissionAsync_BegunSubmissions_OnlyTheEndedOneHasAnEnd()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));

        await _store.BeginSubmissionAsync("t1", 3, "click Send", Some.Start, None);
        await _store.EndSubmissionAsync("t1", 3, Some.Start.AddSeconds(2), None);
        await _store.BeginSubmissionAsync("t1", 5, "send_email support", Some.Start.AddSeconds(3), None);

        Assert.That(await _store.SubmissionsAsync("t1", None), Is.EqualTo(new[]
        {
            new Submission("t1", 3, "click Send", Some.Start, Some.Start.AddSeconds(2)),
            new Submission("t1", 5, "send_email support", Some.Start.AddSeconds(3), null),
        }));
    }

    [Test]
    public async Task BeginSubmissionAsync_StepBegunAgain_StartsAFreshRecord()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));
        await _store.BeginSubmissionAsync("t1", 3, "click Send", Some.Start, None);
        await _store.EndSubmissionAsync("t1", 3, Some.Start.AddSeconds(2), None);

        await _store.BeginSubmissionAsync("t1", 3, "click Send", Some.Start.AddHours(1), None);

        Assert.That(await _store.SubmissionsAsync("t1", None), Is.EqualTo(new[] { new Submission("t1", 3, "click Send", Some.Start.AddHours(1), null) }));
    }

    [Test]
    public async Task AddArtifactAsync_SamePathTwice_KeepsOneInAddedOrder()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));

        await _store.AddArtifactAsync("t1", "screenshot", "shots/b.png", None);
        await _store.AddArtifactAsync("t1", "trace", "traces/t1.zip", None);
        await _store.AddArtifactAsync("t1", "screenshot", "shots/b.png", None);
        await _store.AddArtifactAsync("t1", "screenshot", "shots/a.png", None);

        Assert.That(await _store.ArtifactsAsync("t1", None), Is.EqualTo(new[]
        {
            new Artifact("t1", "screenshot", "shots/b.png"),
            new Artifact("t1", "trace", "traces/t1.zip"),
            new Artifact("t1", "screenshot", "shots/a.png"),
        }));
    }

    // Mail

    [Test]
    public async Task SentMessageIdsAsync_SentByTheGivenProbes_MapsBareIdsToTokens()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"), Some.Probe("r1", "t2", 1), Some.Probe("r1", "t3", 2));

        await _store.AddSentAsync(new SentMessage("t1", "<q1@inbox.test>", "support@rival-a.example", Some.Start, [1, 2, 3]), None);
        await _store.AddSentAsync(new SentMessage("t2", "q2@inbox.test", "support@rival-b.example", Some.Start, null), None);
        await _store.AddSentAsync(new SentMessage("t3", "q3@inbox.test", "support@rival-c.example", Some.Start, null), None);
        await _store.AddSentAsync(new SentMessage("t1", "<q1@inbox.test>", "support@rival-a.example", Some.Start, [1, 2, 3]), None);

        var ids = await _store.SentMessageIdsAsync(["t1", "t2"], None);

        Assert.That(ids, Is.EquivalentTo(new Dictionary<string, string> { ["q1@inbox.test"] = "t1", ["q2@inbox.test"] = "t2" }));
        Assert.That(await _store.SentMessageIdsAsync([], None), Is.Empty);
    }

    [Test]
    public async Task AddMessageAsync_NewKey_StoresItAsNew()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));
        var message = Some.Message("m1", "t1", Some.Start);

        var added = await _store.AddMessageAsync(message, None);

        Assert.That(added.IsNew, Is.True);
        Assert.That(added.Stored, Is.EqualTo(message));
        var stored = (await _store.MessagesOfProbeAsync("t1", None)).Single();
        Assert.That(stored with { Raw = [] }, Is.EqualTo(message with { Raw = [] }));
        Assert.That(stored.Raw, Is.EqualTo(message.Raw));
    }

    [Test]
    public async Task AddMessageAsync_TokenOfNoProbeHere_IsKeptUnattributed()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));

        // A plus-address of another workspace sharing the mailbox, or a stray one: kept, never refused.
        var added = await _store.AddMessageAsync(Some.Message("m1", "elsewhere", Some.Start), None);

        Assert.That(added.IsNew, Is.True);
        Assert.That(added.Stored.Token, Is.Null);
        Assert.That((await _store.UnattributedAsync(Some.Start.AddMinutes(-1), Some.Start.AddMinutes(1), None)).Single().Key, Is.EqualTo("m1"));
        Assert.That(await _store.AttributeMessageAsync("m1", "elsewhere", None), Is.False, "nor attributed later to a probe the store does not have");
    }

    [Test]
    public async Task AddMessageAsync_KeyStoredBefore_ReturnsTheFirstWritersRow()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"), Some.Probe("r1", "t2", 1));
        await _store.AddMessageAsync(Some.Message("m1", "t1", Some.Start), None);

        var again = await _store.AddMessageAsync(Some.Message("m1", "t2", Some.Start.AddMinutes(1)), None);

        Assert.That(again.IsNew, Is.False);
        Assert.That(again.Stored.Token, Is.EqualTo("t1"));
        Assert.That(again.Stored.ReceivedAt, Is.EqualTo(Some.Start));
        Assert.That(await _store.MessagesOfProbeAsync("t2", None), Is.Empty);
    }

    [Test]
    public async Task MessagesOfProbeAsync_SeveralMessages_OldestFirst()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));
        await _store.AddMessageAsync(Some.Message("late", "t1", Some.Start.AddHours(2)), None);
        await _store.AddMessageAsync(Some.Message("early", "t1", Some.Start.AddHours(1)), None);
        await _store.AddMessageAsync(Some.Message("nobodys", null, Some.Start), None);

        Assert.That((await _store.MessagesOfProbeAsync("t1", None)).Select(m => m.Key), Is.EqualTo(new[] { "early", "late" }));
    }

    [Test]
    public async Task UnattributedAsync_Window_ReturnsUnclaimedMessagesReceivedWithinItInclusive()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));
        await _store.AddMessageAsync(Some.Message("before", null, Some.Start.AddTicks(-1)), None);
        await _store.AddMessageAsync(Some.Message("at-start", null, Some.Start), None);
        await _store.AddMessageAsync(Some.Message("claimed", "t1", Some.Start.AddMinutes(1)), None);
        await _store.AddMessageAsync(Some.Message("at-end", null, Some.Start.AddHours(1)), None);
        await _store.AddMessageAsync(Some.Message("after", null, Some.Start.AddHours(1).AddTicks(1)), None);

        var unattributed = await _store.UnattributedAsync(Some.Start, Some.Start.AddHours(1), None);

        Assert.That(unattributed.Select(m => m.Key), Is.EqualTo(new[] { "at-start", "at-end" }));
    }

    [Test]
    public async Task AttributeMessageAsync_UnattributedMessage_AttributesOnlyOnce()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"), Some.Probe("r1", "t2", 1));
        await _store.AddMessageAsync(Some.Message("m1", null, Some.Start), None);

        Assert.That(await _store.AttributeMessageAsync("m1", "t1", None), Is.True);
        Assert.That(await _store.AttributeMessageAsync("m1", "t2", None), Is.False);
        Assert.That(await _store.AttributeMessageAsync("missing", "t2", None), Is.False);
        Assert.That((await _store.MessagesOfProbeAsync("t1", None)).Select(m => m.Key), Is.EqualTo(new[] { "m1" }));
    }

    [Test]
    public async Task MessageSourcesAsync_TwoMailboxes_ReturnsTheSourcesOfOne()
    {
        await _store.AddMessageAsync(Some.Message("m1", null, Some.Start), None);
        await _store.AddMessageAsync(Some.Message("m2", null, Some.Start) with { Mailbox = "imap://other/INBOX", Source = "17" }, None);

        Assert.That(await _store.MessageSourcesAsync("maildir:/work/shop/.mshop/mail", None), Is.EquivalentTo(new[] { "m1.eml" }));
        Assert.That(await _store.MessageSourcesAsync("imap://other/INBOX", None), Is.EquivalentTo(new[] { "17" }));
        Assert.That(await _store.MessageSourcesAsync("imap://none/INBOX", None), Is.Empty);
    }

    [Test]
    public async Task SetMailboxPositionAsync_Twice_MailboxPositionAsyncReturnsTheLatest()
    {
        Assert.That(await _store.MailboxPositionAsync("imap://h/INBOX", None), Is.Null);

        await _store.SetMailboxPositionAsync(new MailboxPosition("imap://h/INBOX", 7, 100, Some.Start), None);
        await _store.SetMailboxPositionAsync(new MailboxPosition("imap://h/INBOX", 7, 120, Some.Start.AddMinutes(1)), None);
        await _store.SetMailboxPositionAsync(new MailboxPosition("imap://h/Junk", 3, 5, Some.Start), None);

        Assert.That(await _store.MailboxPositionAsync("imap://h/INBOX", None), Is.EqualTo(new MailboxPosition("imap://h/INBOX", 7, 120, Some.Start.AddMinutes(1))));
    }

    // Judging

    [Test]
    public async Task SaveVerdictAsync_Twice_ReplacesVerdictAndMetrics()
    {
        await _store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await InsertProbesAsync(Some.Probe("r1", "t1"));

        await _store.SaveVerdictAsync("t1", """{"passed":false}""", [new StoredMetric("first_reply_seconds", 10, true), new StoredMetric("old", 1, false)], None);
        await _store.SaveVerdictAsync("t1", """{"passed":true}""", [new StoredMetric("first_reply_seconds", 3600, true), new StoredMetric("quality.score", null, false)], None);

        Assert.That((await _store.FindProbeAsync("t1", None))?.VerdictJson, Is.EqualTo("""{"passed":true}"""));
        Assert.That(await _store.MetricsAsync("t1", None), Is.EqualTo(new[]
        {
            new StoredMetric("first_reply_seconds", 3600, true),
            new StoredMetric("quality.score", null, false),
        }));
    }

    // Upkeep

    [Test]
    public async Task PruneAsync_OldRuns_RemovesThemWithAllTheirRowsAndKeepsAwaitingOnes()
    {
        await _store.CreateRunAsync(Some.Run("old", Some.Start), None);
        await _store.CreateRunAsync(Some.Run("old-awaiting", Some.Start.AddMinutes(1)), None);
        await _store.CreateRunAsync(Some.Run("new", Some.Start.AddDays(10)), None);
        await InsertProbesAsync(
            Some.Probe("old", "o1", state: ProbeState.Passed),
            Some.Probe("old-awaiting", "w1", state: ProbeState.Awaiting),
            Some.Probe("new", "n1", state: ProbeState.Passed));
        await FillProbeAsync("o1");
        await FillProbeAsync("n1");
        await _store.AddMessageAsync(Some.Message("unclaimed", null, Some.Start), None);

        var removed = await _store.PruneAsync(Some.Start.AddDays(1), force: false, None);

        Assert.That(removed.Select(r => r.Id), Is.EqualTo(new[] { "old" }));
        Assert.That(await _store.FindRunAsync("old", None), Is.Null);
        Assert.That(await _store.FindProbeAsync("o1", None), Is.Null);
        Assert.That(await CountRowsAsync("o1"), Is.Zero, "observations, submissions, artifacts, sent, messages, metrics");
        Assert.That(await CountRowsAsync("n1"), Is.EqualTo(7), "a newer run keeps everything");
        Assert.That(await _store.FindProbeAsync("w1", None), Is.Not.Null);
        Assert.That(await _store.UnattributedAsync(Some.Start, Some.Start, None), Has.Count.EqualTo(1), "mail no probe claimed is not a run's");
        Assert.That(await _store.MessageSourcesAsync("maildir:/work/shop/.mshop/mail", None), Does.Contain("reply-o1.eml"), "a pruned message stays known, so the Maildir is not read again as new");
        var pruned = await _store.UnattributedAsync(Some.Start.AddDays(20), Some.Start.AddDays(20), None);
        Assert.That(pruned.Where(m => m.Key.EndsWith("-o1", StringComparison.Ordinal)).Select(m => m.Raw.Length), Is.EqualTo(new[] { 0, 0 }), "its raw MIME is gone");
        Assert.That((await _store.UnattributedAsync(Some.Start, Some.Start, None)).Single().Raw, Is.Empty, "and that of unclaimed mail from before the cut");
    }

    [Test]
    public async Task PruneAsync_Force_RemovesRunsWithAwaitingProbesToo()
    {
        await _store.CreateRunAsync(Some.Run("old-awaiting", Some.Start), None);
        await InsertProbesAsync(Some.Probe("old-awaiting", "w1", state: ProbeState.Awaiting));

        var removed = await _store.PruneAsync(Some.Start.AddDays(1), force: true, None);

        Assert.That(removed.Select(r => r.Id), Is.EqualTo(new[] { "old-awaiting" }));
        Assert.That(await _store.FindProbeAsync("w1", None), Is.Null);
    }

    // Storage format

    [Test]
    public async Task CreateRunAsync_TimestampWithOffset_IsStoredAsFixedWidthUtcText()
    {
        await _store.CreateRunAsync(Some.Run("r1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(7)), None);

        await using var connection = new SqliteConnection($"Data Source={_store.Location}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT started_at, typeof(started_at) FROM runs";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.That(reader.GetString(0), Is.EqualTo("2026-01-02T01:04:05.0000007Z"));
        Assert.That(reader.GetString(1), Is.EqualTo("text"));
    }

    [Test]
    public void Location_OpenedStore_IsTheFullPath()
    {
        Assert.That(_store.Location, Is.EqualTo(_folder.File("nested/store.db")));
    }

    private Task<IReadOnlyList<PlannedProbe>> InsertProbesAsync(params StoredProbe[] probes) =>
        _store.ReserveProbesAsync(
            DateTimeOffset.MinValue,
            _ => probes.Select(p => Some.Planned(p.Token, p.TargetId)).ToList(),
            planned => probes.Single(p => p.Token == planned.Probe.Token),
            None);

    private async Task FillProbeAsync(string token)
    {
        await _store.AppendObservationsAsync(token, [new Observation(ObservationKind.ProbeStarted, Some.Start)], None);
        await _store.BeginSubmissionAsync(token, 1, "click", Some.Start, None);
        await _store.AddArtifactAsync(token, "screenshot", $"{token}.png", None);
        await _store.AddSentAsync(new SentMessage(token, $"{token}@inbox.test", "support@x.example", Some.Start, null), None);
        await _store.AddMessageAsync(Some.Message($"reply-{token}", null, Some.Start.AddDays(20)), None);
        await _store.AttributeMessageAsync($"reply-{token}", token, None);
        await _store.AddMessageAsync(Some.Message($"direct-{token}", token, Some.Start.AddDays(20)), None);
        await _store.SaveVerdictAsync(token, "{}", [new StoredMetric("m", 1, false)], None);
    }

    private async Task<long> CountRowsAsync(string token)
    {
        await using var connection = new SqliteConnection($"Data Source={_store.Location}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT (SELECT COUNT(*) FROM observations WHERE token = $t) + (SELECT COUNT(*) FROM submissions WHERE token = $t)
                 + (SELECT COUNT(*) FROM artifacts WHERE token = $t) + (SELECT COUNT(*) FROM sent_messages WHERE token = $t)
                 + (SELECT COUNT(*) FROM messages WHERE token = $t) + (SELECT COUNT(*) FROM metrics WHERE token = $t)
            """;
        command.Parameters.AddWithValue("$t", token);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
