using MysteryShopper.Execution;
using MysteryShopper.Planning;

namespace MysteryShopper.Storage;

/// <summary>
/// Where everything a run learns is kept, so a probe can wait days for a reply and survive a crash: runs, probes
/// (plan, token, state, deadline), submissions, observations (append-only), sent and received messages (raw MIME),
/// artifacts, verdicts and each mailbox's read position. One SQLite file per workspace by default; the statements are
/// portable so a PostgreSQL store can share them. Every method is safe to call from several threads and from several
/// processes over one store: writes that decide something (claiming a probe, storing a message, reserving probes
/// under politeness limits) are atomic in the store.
/// </summary>
/// <remarks>Failures that mean the store cannot be used throw <see cref="StoreException"/> (exit code 3).</remarks>
public interface IStore : IAsyncDisposable
{
    /// <summary>Where the store is, for messages (a file path, or a server without its password).</summary>
    string Location { get; }

    // Runs

    Task CreateRunAsync(StoredRun run, CancellationToken cancellationToken);

    /// <summary>Records that a run's own process is done with it (its awaiting probes may still be completed later).</summary>
    Task FinishRunAsync(string runId, DateTimeOffset finishedAt, CancellationToken cancellationToken);

    /// <summary>A run by id, or the newest with <c>last</c>; null when there is none.</summary>
    Task<StoredRun?> FindRunAsync(string idOrLast, CancellationToken cancellationToken);

    /// <summary>Keeps the probes the plan held back (politeness limits) with the run, as JSON of <c>SkippedProbe</c>s.</summary>
    Task SetRunSkippedAsync(string runId, string skippedJson, CancellationToken cancellationToken);

    /// <summary>The newest runs first, each with its probes counted by state.</summary>
    Task<IReadOnlyList<RunSummary>> ListRunsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Finished runs of one suite (the same <see cref="StoredRun.Suite"/>) started before <paramref name="before"/>,
    /// newest first, at most <paramref name="limit"/>: what <c>--baseline last</c> and trends compare with.
    /// </summary>
    Task<IReadOnlyList<StoredRun>> EarlierRunsAsync(string suite, DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>Names a run (<c>mshop tag RUN NAME</c>); a name already used moves to this run.</summary>
    /// <returns>The run the name marked before, or null when it is new (or already marked this run).</returns>
    Task<string?> TagRunAsync(string name, string runId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every tag, by name.</summary>
    Task<IReadOnlyList<RunTag>> TagsAsync(CancellationToken cancellationToken);

    // Probes

    /// <summary>
    /// Plans atomically under politeness limits: within one write transaction (no other process can reserve in
    /// between) the probes planned since <paramref name="since"/> (any run, as <see cref="PastProbe"/> with their
    /// <see cref="StoredProbe.PlannedAt"/>) are read, <paramref name="decide"/>
    /// chooses from them which of this run's probes go ahead, and those are inserted as <see cref="ProbeState.Planned"/>.
    /// Two runs started together on one workspace therefore never both take a target's last allowed probe.
    /// </summary>
    /// <returns>What <paramref name="decide"/> returned.</returns>
    Task<IReadOnlyList<PlannedProbe>> ReserveProbesAsync(
        DateTimeOffset since,
        Func<IReadOnlyList<PastProbe>, IReadOnlyList<PlannedProbe>> decide,
        Func<PlannedProbe, StoredProbe> toStored,
        CancellationToken cancellationToken);

    /// <summary>The probes planned since <paramref name="since"/> (any run), for politeness limits: what <c>mshop plan</c> shows.</summary>
    Task<IReadOnlyList<PastProbe>> HistoryAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts probes exactly as given (state, times, verdict and all), with no politeness decision: a merge of shards
    /// (<c>mshop merge</c>) and a shard's export, whose runs already applied the limits when they reserved them.
    /// </summary>
    Task ImportProbesAsync(IReadOnlyList<StoredProbe> probes, CancellationToken cancellationToken);

    /// <summary>A probe by its token, or null.</summary>
    Task<StoredProbe?> FindProbeAsync(string token, CancellationToken cancellationToken);

    /// <summary>The probes of one run, in plan order.</summary>
    Task<IReadOnlyList<StoredProbe>> ProbesOfRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Every probe in one of <paramref name="states"/> (any run), oldest first.</summary>
    Task<IReadOnlyList<StoredProbe>> ProbesInStateAsync(IReadOnlyCollection<ProbeState> states, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a probe for this process: succeeds only when the probe is in one of <paramref name="from"/> and is owned
    /// by nobody or by <paramref name="expectedOwner"/>. Atomic: of two processes claiming one probe, one wins.
    /// </summary>
    Task<bool> ClaimProbeAsync(string token, string owner, IReadOnlyCollection<ProbeState> from, string? expectedOwner, CancellationToken cancellationToken);

    /// <summary>Writes a probe's state and what goes with it (only the fields the update sets).</summary>
    Task UpdateProbeAsync(ProbeUpdate update, CancellationToken cancellationToken);

    // What a probe did

    /// <summary>Appends observations (never changed afterwards), in the order given.</summary>
    Task AppendObservationsAsync(string token, IReadOnlyList<Observation> observations, CancellationToken cancellationToken);

    /// <summary>A probe's observations, in time order.</summary>
    Task<IReadOnlyList<Observation>> ObservationsAsync(string token, CancellationToken cancellationToken);

    /// <summary>The observations of every probe of a run, by token, each probe's in order: one read where a report needs them all.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<Observation>>> ObservationsOfRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Recorded before a submitting step acts: a started submission without an end means it may have gone out.</summary>
    Task BeginSubmissionAsync(string token, int step, string description, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Recorded after a submitting step acted (whatever its outcome).</summary>
    Task EndSubmissionAsync(string token, int step, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<Submission>> SubmissionsAsync(string token, CancellationToken cancellationToken);

    Task AddArtifactAsync(string token, string kind, string path, CancellationToken cancellationToken);

    Task<IReadOnlyList<Artifact>> ArtifactsAsync(string token, CancellationToken cancellationToken);

    // Mail

    /// <summary>Remembers a message a probe sent (replies to it are the probe's), with its raw MIME when there is one.</summary>
    Task AddSentAsync(SentMessage message, CancellationToken cancellationToken);

    /// <summary>The messages a probe sent, with their raw MIME, oldest first (what a shard's export carries).</summary>
    Task<IReadOnlyList<SentMessage>> SentMessagesAsync(string token, CancellationToken cancellationToken);

    /// <summary>Message-IDs (without angle brackets) sent by the given probes, mapped to the probe's token.</summary>
    Task<IReadOnlyDictionary<string, string>> SentMessageIdsAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a received message once: the first writer of a <see cref="StoredMessage.Key"/> wins, and everyone gets
    /// back the stored row (with the probe it was attributed to by whoever stored it first).
    /// </summary>
    Task<MessageAdded> AddMessageAsync(StoredMessage message, CancellationToken cancellationToken);

    /// <summary>The messages attributed to a probe, oldest first.</summary>
    Task<IReadOnlyList<StoredMessage>> MessagesOfProbeAsync(string token, CancellationToken cancellationToken);

    /// <summary>The messages of every probe of a run, by token, each probe's in the order they were received: one read where a report needs them all.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<StoredMessage>>> MessagesOfRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Messages no probe claimed that were received in [from, to].</summary>
    Task<IReadOnlyList<StoredMessage>> UnattributedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Attributes a stored, so far unattributed message to a probe; false when someone attributed it first.</summary>
    Task<bool> AttributeMessageAsync(string key, string token, CancellationToken cancellationToken);

    /// <summary>The keys of messages already stored from one mailbox (e.g. Maildir file names), for a scan.</summary>
    Task<IReadOnlySet<string>> MessageSourcesAsync(string mailbox, CancellationToken cancellationToken);

    Task<MailboxPosition?> MailboxPositionAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>Moves a mailbox's read position; only ever called after the messages before it are stored.</summary>
    Task SetMailboxPositionAsync(MailboxPosition position, CancellationToken cancellationToken);

    // Judging

    /// <summary>Replaces a probe's verdict (metrics and expectations), as JSON the store keeps as it is.</summary>
    Task SaveVerdictAsync(string token, string verdictJson, IReadOnlyList<StoredMetric> metrics, CancellationToken cancellationToken);

    // Upkeep

    /// <summary>
    /// Removes runs started before <paramref name="olderThan"/>, with their probes, mail and artifact rows; with
    /// <paramref name="force"/> also runs that still have awaiting probes.
    /// </summary>
    /// <returns>The removed runs (their folders are for the caller to delete).</returns>
    Task<IReadOnlyList<StoredRun>> PruneAsync(DateTimeOffset olderThan, bool force, CancellationToken cancellationToken);
}

/// <summary>A probe's life, stored at every step boundary.</summary>
public enum ProbeState
{
    Planned,
    Running,
    Awaiting,
    Passed,
    Failed,
    TimedOut,
    Errored,
    Cancelled,

    /// <summary>A crash left a submission half-done: it may or may not have gone out, so it is never repeated on its own.</summary>
    Unknown,
}

public static class ProbeStates
{
    /// <summary>States a probe never leaves (short of the user asking, as with <c>--retry-unknown</c>).</summary>
    public static readonly IReadOnlyCollection<ProbeState> Final =
        [ProbeState.Passed, ProbeState.Failed, ProbeState.TimedOut, ProbeState.Errored, ProbeState.Cancelled, ProbeState.Unknown];

    /// <summary>States in which a probe still has work: the runner or <c>collect</c> may take it.</summary>
    public static readonly IReadOnlyCollection<ProbeState> Open = [ProbeState.Planned, ProbeState.Running, ProbeState.Awaiting];

    public static bool IsFinal(this ProbeState state) => Final.Contains(state);

    /// <summary>The word stored and shown: <c>timed_out</c>, <c>awaiting</c>…</summary>
    public static string Word(this ProbeState state) => state switch
    {
        ProbeState.TimedOut => "timed_out",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static ProbeState Parse(string word) => word switch
    {
        "timed_out" => ProbeState.TimedOut,
        _ => Enum.Parse<ProbeState>(word, ignoreCase: true),
    };
}

/// <summary>One run: one invocation over a suite. <see cref="SourcesJson"/> is the suite as it was loaded, so a later
/// <c>collect</c> resumes the journeys that were planned, whatever has changed in the files since.</summary>
public sealed record StoredRun
{
    public required string Id { get; init; }

    /// <summary>The scenario names, comma-separated: what <c>mshop runs</c> shows.</summary>
    public required string Suite { get; init; }

    /// <summary>The workspace folder (where mshop.yaml is), or null for a suite of loose files.</summary>
    public string? Workspace { get; init; }

    /// <summary>The run's folder: reports, screenshots, traces.</summary>
    public required string Directory { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The suite's files as loaded (path and text), as JSON: <c>[{"path":…,"text":…}]</c>.</summary>
    public required string SourcesJson { get; init; }

    /// <summary>The run's settings that a resume needs (address pattern, report formats, evidence options), as JSON.</summary>
    public required string SettingsJson { get; init; }

    /// <summary>The probes the plan held back, as JSON (an array of <c>SkippedProbe</c>); <c>[]</c> when none.</summary>
    public string SkippedJson { get; init; } = "[]";
}

/// <summary>A name for a run (<c>mshop tag RUN NAME</c>), e.g. <c>release-4.2</c>, that <c>--baseline NAME</c> takes.</summary>
public sealed record RunTag(string Name, string RunId, DateTimeOffset TaggedAt);

/// <summary>A run and how its probes stand, for <c>mshop runs</c>.</summary>
public sealed record RunSummary(StoredRun Run, IReadOnlyDictionary<ProbeState, int> Probes);

/// <summary>A probe as stored: its plan, its identity, where it stands, and what it has gathered so far.</summary>
public sealed record StoredProbe
{
    /// <summary>Unique to this execution; names its mailbox; the store's key for it.</summary>
    public required string Token { get; init; }
    public required string RunId { get; init; }

    /// <summary>The stable id, <c>scenario/target/persona[/question]</c>, the same in every run.</summary>
    public required string ProbeId { get; init; }

    /// <summary>Its place in the run's plan.</summary>
    public required int Ordinal { get; init; }

    /// <summary>When it was planned (reserved): politeness limits count probes from this time.</summary>
    public required DateTimeOffset PlannedAt { get; init; }
    public required string Scenario { get; init; }
    public required string ScenarioFile { get; init; }
    public required string TargetId { get; init; }
    public required string TargetName { get; init; }
    public required string TargetRole { get; init; }
    public required string TargetUrl { get; init; }
    public required string Persona { get; init; }
    public required string FirstName { get; init; }
    public required string Email { get; init; }
    public string? QuestionId { get; init; }
    public string? QuestionText { get; init; }
    public required ProbeState State { get; init; }

    /// <summary>Why it is in its state, in words (a failure, a timeout, what an unknown probe left half-done).</summary>
    public string? StateReason { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When an awaiting probe stops waiting.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Where a parked journey resumes and what it has gathered (see <c>ProbeCheckpoint</c>), as JSON.</summary>
    public string? CheckpointJson { get; init; }

    /// <summary>The browser context's cookies and local storage when the probe parked (Playwright storage state JSON).</summary>
    public string? StorageState { get; init; }

    /// <summary>The process that has the probe now (<c>host:pid:start</c>), null when nobody does.</summary>
    public string? Owner { get; init; }

    /// <summary>The verdict (metrics, expectations) as JSON, once judged.</summary>
    public string? VerdictJson { get; init; }
}

/// <summary>A change to a stored probe: null members are left as they are, except where <c>Clear*</c> says.</summary>
public sealed record ProbeUpdate(string Token)
{
    public ProbeState? State { get; init; }
    public string? StateReason { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public string? CheckpointJson { get; init; }
    public string? StorageState { get; init; }
    public string? Owner { get; init; }

    /// <summary>Sets <see cref="StoredProbe.Owner"/> to null (the process lets the probe go).</summary>
    public bool ClearOwner { get; init; }

    /// <summary>Sets <see cref="StoredProbe.Deadline"/> to null (the probe no longer waits).</summary>
    public bool ClearDeadline { get; init; }
}

/// <summary>A submitting step's record: begun before it acted, ended after. Begun without an end: it may have gone out.</summary>
public sealed record Submission(string Token, int Step, string Description, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

public sealed record Artifact(string Token, string Kind, string Path);

/// <summary>A message a probe sent.</summary>
public sealed record SentMessage(string Token, string MessageId, string To, DateTimeOffset SentAt, byte[]? Raw);

/// <summary>A received message as stored: its raw MIME and the bot's reading of it.</summary>
public sealed record StoredMessage
{
    /// <summary>Identity for duplicates: the Message-ID, or a hash of the content when it has none.</summary>
    public required string Key { get; init; }

    /// <summary>The mailbox it was read from (e.g. <c>imap://host:port/user/INBOX</c> or a Maildir path).</summary>
    public required string Mailbox { get; init; }

    /// <summary>Where in that mailbox (a UID, a file name).</summary>
    public required string Source { get; init; }

    /// <summary>The probe it belongs to, or null when no probe claims it.</summary>
    public string? Token { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset SeenAt { get; init; }

    /// <summary>The reading of it (<see cref="ReceivedEmail"/>) as JSON.</summary>
    public required string EmailJson { get; init; }

    /// <summary>The message as received (may be empty when it could not be read at all).</summary>
    public required byte[] Raw { get; init; }
}

/// <summary>What <see cref="IStore.AddMessageAsync"/> did: stored it now, or found it already stored (and as what).</summary>
public sealed record MessageAdded(bool IsNew, StoredMessage Stored);

/// <summary>How far a mailbox folder has been read. A changed <see cref="UidValidity"/> means the positions are void.</summary>
public sealed record MailboxPosition(string Mailbox, long UidValidity, long NextUid, DateTimeOffset UpdatedAt);

/// <summary>One metric of a judged probe, kept as a row so history can be queried.</summary>
public sealed record StoredMetric(string Name, double? Value, bool IsDuration);

/// <summary>The store cannot be used; the message says what and what to do (exit code 3).</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static StoreException NewerThanProgram(string location, int storeVersion, int programVersion) => new(
        $"the store {location} was written by a newer mshop (store schema version {storeVersion}; this mshop knows up to {programVersion}); it is left untouched. Use a newer mshop, or point store: in mshop.yaml elsewhere");

    public static StoreException Corrupt(string location, string detail, Exception? inner = null) => new(
        $"the store {location} is damaged ({detail}); it is left untouched. Restore it from a backup, or move it away to start a new one", inner);

    public static StoreException ReadOnly(string location, Exception? inner = null) => new(
        $"the store {location} cannot be written (read-only file or folder); nothing was changed. Make it writable, or point store: in mshop.yaml elsewhere", inner);

    public static StoreException Full(string location, Exception? inner = null) => new(
        $"the disk holding the store {location} is full; what was stored before is kept. Free some space and run 'mshop collect' to go on", inner);

    public static StoreException Unavailable(string location, string detail, Exception? inner = null) => new(
        $"the store {location} cannot be opened: {detail}", inner);
}
