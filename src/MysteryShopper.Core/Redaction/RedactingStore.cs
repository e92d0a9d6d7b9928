using MysteryShopper.Execution;
using MysteryShopper.Planning;
using MysteryShopper.Storage;

namespace MysteryShopper.Redaction;

/// <summary>
/// A store that never holds a secret: every text it is given to keep passes through the redactor first (reasons,
/// observations, submissions, checkpoints, cookies, verdicts, skipped probes, sent messages' addresses, received
/// messages as <see cref="Message"/> redacts them). What identifies a row or is read back to go on (tokens, ids,
/// scenario and target ids, paths, the suite's source files, which hold <c>${env:NAME}</c> and not its value) is kept
/// as given. Reads pass through. The store is shared by a team: nothing in it needs the secret to be useful.
/// </summary>
public sealed class RedactingStore : IStore
{
    private readonly IStore _inner;
    private readonly Redactor _redactor;

    private RedactingStore(IStore inner, Redactor redactor)
    {
        _inner = inner;
        _redactor = redactor;
    }

    /// <summary><paramref name="store"/> through <paramref name="redactor"/>; disposing it disposes <paramref name="store"/>.</summary>
    public static IStore Over(IStore store, Redactor redactor) => redactor.IsEmpty ? store : new RedactingStore(store, redactor);

    /// <summary>
    /// A received message as the store may keep it: its reading redacted; its raw MIME redacted as bytes, or not kept
    /// at all when its reading showed a secret (a quoted-printable or wrapped base64 body can hide one from a byte search).
    /// </summary>
    public static StoredMessage Message(StoredMessage message, Redactor redactor)
    {
        var reading = redactor.RedactJson(message.EmailJson);
        return ReferenceEquals(reading, message.EmailJson)
            ? message with { Raw = redactor.Redact(message.Raw) }
            : message with { EmailJson = reading, Raw = [] };
    }

    public string Location => _inner.Location;

    public Task CreateRunAsync(StoredRun run, CancellationToken cancellationToken) =>
        _inner.CreateRunAsync(run with { Suite = _redactor.Redact(run.Suite), SkippedJson = _redactor.RedactJson(run.SkippedJson) }, cancellationToken);

    public Task FinishRunAsync(string runId, DateTimeOffset finishedAt, CancellationToken cancellationToken) =>
        _inner.FinishRunAsync(runId, finishedAt, cancellationToken);

    public Task<StoredRun?> FindRunAsync(string idOrLast, CancellationToken cancellationToken) => _inner.FindRunAsync(idOrLast, cancellationToken);

    public Task SetRunSkippedAsync(string runId, string skippedJson, CancellationToken cancellationToken) =>
        _inner.SetRunSkippedAsync(runId, _redactor.RedactJson(skippedJson), cancellationToken);

    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(int limit, CancellationToken cancellationToken) => _inner.ListRunsAsync(limit, cancellationToken);

    public Task<IReadOnlyList<StoredRun>> EarlierRunsAsync(string suite, DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        _inner.EarlierRunsAsync(suite, before, limit, cancellationToken);

    public Task<string?> TagRunAsync(string name, string runId, DateTimeOffset at, CancellationToken cancellationToken) => _inner.TagRunAsync(name, runId, at, cancellationToken);

    public Task<IReadOnlyList<RunTag>> TagsAsync(CancellationToken cancellationToken) => _inner.TagsAsync(cancellationToken);

    public Task<IReadOnlyList<PlannedProbe>> ReserveProbesAsync(
        DateTimeOffset since,
        Func<IReadOnlyList<PastProbe>, IReadOnlyList<PlannedProbe>> decide,
        Func<PlannedProbe, StoredProbe> toStored,
        CancellationToken cancellationToken) =>
        _inner.ReserveProbesAsync(since, decide, p => Probe(toStored(p)), cancellationToken);

    public Task<IReadOnlyList<PastProbe>> HistoryAsync(DateTimeOffset since, CancellationToken cancellationToken) => _inner.HistoryAsync(since, cancellationToken);

    public Task ImportProbesAsync(IReadOnlyList<StoredProbe> probes, CancellationToken cancellationToken) =>
        _inner.ImportProbesAsync(probes.Select(Probe).ToList(), cancellationToken);

    public Task<StoredProbe?> FindProbeAsync(string token, CancellationToken cancellationToken) => _inner.FindProbeAsync(token, cancellationToken);

    public Task<IReadOnlyList<StoredProbe>> ProbesOfRunAsync(string runId, CancellationToken cancellationToken) => _inner.ProbesOfRunAsync(runId, cancellationToken);

    public Task<IReadOnlyList<StoredProbe>> ProbesInStateAsync(IReadOnlyCollection<ProbeState> states, CancellationToken cancellationToken) =>
        _inner.ProbesInStateAsync(states, cancellationToken);

    public Task<bool> ClaimProbeAsync(string token, string owner, IReadOnlyCollection<ProbeState> from, string? expectedOwner, CancellationToken cancellationToken) =>
        _inner.ClaimProbeAsync(token, owner, from, expectedOwner, cancellationToken);

    public Task UpdateProbeAsync(ProbeUpdate update, CancellationToken cancellationToken) =>
        _inner.UpdateProbeAsync(
            update with
            {
                StateReason = Text(update.StateReason),
                CheckpointJson = Json(update.CheckpointJson),
                StorageState = Json(update.StorageState),
            },
            cancellationToken);

    public Task AppendObservationsAsync(string token, IReadOnlyList<Observation> observations, CancellationToken cancellationToken) =>
        _inner.AppendObservationsAsync(token, [.. observations.Select(o => o with { Name = Text(o.Name), Detail = Text(o.Detail) })], cancellationToken);

    public Task<IReadOnlyList<Observation>> ObservationsAsync(string token, CancellationToken cancellationToken) => _inner.ObservationsAsync(token, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Observation>>> ObservationsOfRunAsync(string runId, CancellationToken cancellationToken) => _inner.ObservationsOfRunAsync(runId, cancellationToken);

    public Task BeginSubmissionAsync(string token, int step, string description, DateTimeOffset at, CancellationToken cancellationToken) =>
        _inner.BeginSubmissionAsync(token, step, _redactor.Redact(description), at, cancellationToken);

    public Task EndSubmissionAsync(string token, int step, DateTimeOffset at, CancellationToken cancellationToken) =>
        _inner.EndSubmissionAsync(token, step, at, cancellationToken);

    public Task<IReadOnlyList<Submission>> SubmissionsAsync(string token, CancellationToken cancellationToken) => _inner.SubmissionsAsync(token, cancellationToken);

    public Task AddArtifactAsync(string token, string kind, string path, CancellationToken cancellationToken) =>
        _inner.AddArtifactAsync(token, kind, path, cancellationToken);

    public Task<IReadOnlyList<Artifact>> ArtifactsAsync(string token, CancellationToken cancellationToken) => _inner.ArtifactsAsync(token, cancellationToken);

    public Task AddSentAsync(SentMessage message, CancellationToken cancellationToken) =>
        _inner.AddSentAsync(message with { To = _redactor.Redact(message.To), Raw = message.Raw is null ? null : _redactor.Redact(message.Raw) }, cancellationToken);

    public Task<IReadOnlyList<SentMessage>> SentMessagesAsync(string token, CancellationToken cancellationToken) => _inner.SentMessagesAsync(token, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> SentMessageIdsAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken) =>
        _inner.SentMessageIdsAsync(tokens, cancellationToken);

    public Task<MessageAdded> AddMessageAsync(StoredMessage message, CancellationToken cancellationToken) =>
        _inner.AddMessageAsync(Message(message, _redactor), cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> MessagesOfProbeAsync(string token, CancellationToken cancellationToken) => _inner.MessagesOfProbeAsync(token, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<StoredMessage>>> MessagesOfRunAsync(string runId, CancellationToken cancellationToken) => _inner.MessagesOfRunAsync(runId, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> UnattributedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        _inner.UnattributedAsync(from, to, cancellationToken);

    public Task<bool> AttributeMessageAsync(string key, string token, CancellationToken cancellationToken) => _inner.AttributeMessageAsync(key, token, cancellationToken);

    public Task<IReadOnlySet<string>> MessageSourcesAsync(string mailbox, CancellationToken cancellationToken) => _inner.MessageSourcesAsync(mailbox, cancellationToken);

    public Task<MailboxPosition?> MailboxPositionAsync(string mailbox, CancellationToken cancellationToken) => _inner.MailboxPositionAsync(mailbox, cancellationToken);

    public Task SetMailboxPositionAsync(MailboxPosition position, CancellationToken cancellationToken) => _inner.SetMailboxPositionAsync(position, cancellationToken);

    public Task SaveVerdictAsync(string token, string verdictJson, IReadOnlyList<StoredMetric> metrics, CancellationToken cancellationToken) =>
        _inner.SaveVerdictAsync(token, _redactor.RedactJson(verdictJson), metrics, cancellationToken);

    public Task<IReadOnlyList<StoredRun>> PruneAsync(DateTimeOffset olderThan, bool force, CancellationToken cancellationToken) =>
        _inner.PruneAsync(olderThan, force, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private StoredProbe Probe(StoredProbe probe) => probe with
    {
        TargetName = _redactor.Redact(probe.TargetName),
        TargetUrl = _redactor.Redact(probe.TargetUrl),
        FirstName = _redactor.Redact(probe.FirstName),
        QuestionText = Text(probe.QuestionText),
        StateReason = Text(probe.StateReason),
        CheckpointJson = Json(probe.CheckpointJson),
        StorageState = Json(probe.StorageState),
        VerdictJson = Json(probe.VerdictJson),
    };

    private string? Text(string? text) => text is null ? null : _redactor.Redact(text);

    private string? Json(string? json) => json is null ? null : _redactor.RedactJson(json);
}
