using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using MysteryShopper.Execution;
using MysteryShopper.Planning;

namespace MysteryShopper.Storage.Sqlite;

/// <summary>
/// The store in one SQLite file (the default: <c>.mshop/store.db</c> in a workspace). A pooled connection per
/// operation; WAL so readers never wait for a writer; every write that decides something is one statement or one
/// <c>BEGIN IMMEDIATE</c> transaction, so several threads and processes can share the file. Waits up to
/// <see cref="BusyTimeout"/> for another process's write before it gives up.
/// </summary>
public sealed class SqliteStore : IStore
{
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private const string ProbeColumns =
        """
        token, run_id, probe_id, ordinal, planned_at, scenario, scenario_file, target_id, target_name, target_role,
        target_url, persona, first_name, email, question_id, question_text, state, state_reason, started_at,
        finished_at, deadline, checkpoint_json, storage_state, owner, verdict_json
        """;

    private const string RunColumns =
        "id, suite, workspace, directory, started_at, finished_at, sources_json, settings_json, skipped_json";

    /// <summary>One probe row, from <see cref="ProbeParameters"/>: a reserved probe and an imported one are written alike.</summary>
    private const string InsertProbe = $"""
        INSERT INTO probes ({ProbeColumns})
        VALUES (@Token, @RunId, @ProbeId, @Ordinal, @PlannedAt, @Scenario, @ScenarioFile, @TargetId, @TargetName,
                @TargetRole, @TargetUrl, @Persona, @FirstName, @Email, @QuestionId, @QuestionText, @State,
                @StateReason, @StartedAt, @FinishedAt, @Deadline, @CheckpointJson, @StorageState, @Owner,
                @VerdictJson)
        """;

    private const string MessageColumns =
        "message_key, mailbox, source, token, received_at, seen_at, email_json, raw";

    /// <summary>SQLite connections (the pool's, by their native handle) whose per-connection PRAGMAs are set.</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, SQLitePCL.sqlite3> Configured = new();

    private readonly string _connectionString;

    private SqliteStore(string path)
    {
        Location = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement until this many seconds have passed.
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    public string Location { get; }

    /// <summary>Opens (creating when missing) the store at <paramref name="path"/> and brings its schema up to date.</summary>
    /// <exception cref="StoreException">The store cannot be used: newer than this program, damaged, read-only, …</exception>
    public static Task<SqliteStore> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, SqliteSchema.CurrentVersion, cancellationToken);

    /// <summary>Opens a store migrated only up to <paramref name="schemaVersion"/>: for making test data of an older version.</summary>
    public static async Task<SqliteStore> OpenAsync(string path, int schemaVersion, CancellationToken cancellationToken)
    {
        SqlTypes.Register();
        var fullPath = Path.GetFullPath(path);
        EnsureWritableFolder(fullPath);
        var store = new SqliteStore(fullPath);
        try
        {
            await store.UseAsync(
                async connection =>
                {
                    // Refuse a newer store before anything (even the journal mode) is written.
                    var version = await SqliteSchema.VersionAsync(connection, null, cancellationToken);
                    if (version > SqliteSchema.CurrentVersion)
                    {
                        throw StoreException.NewerThanProgram(fullPath, version, SqliteSchema.CurrentVersion);
                    }

                    await connection.ExecuteAsync(Command("PRAGMA journal_mode = WAL", null, cancellationToken));
                    await SqliteSchema.MigrateAsync(connection, fullPath, schemaVersion, cancellationToken);
                    return version;
                },
                cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        // Closing the pooled connections lets SQLite checkpoint the WAL into the file and remove it.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    // Runs

    public Task CreateRunAsync(StoredRun run, CancellationToken cancellationToken) => ExecuteAsync(
        $"INSERT INTO runs ({RunColumns}) VALUES (@Id, @Suite, @Workspace, @Directory, @StartedAt, @FinishedAt, @SourcesJson, @SettingsJson, @SkippedJson)",
        run,
        cancellationToken);

    public Task FinishRunAsync(string runId, DateTimeOffset finishedAt, CancellationToken cancellationToken) => ExecuteAsync(
        "UPDATE runs SET finished_at = @FinishedAt WHERE id = @RunId",
        new { RunId = runId, FinishedAt = finishedAt },
        cancellationToken);

    public Task<StoredRun?> FindRunAsync(string idOrLast, CancellationToken cancellationToken) => UseAsync(
        async connection =>
        {
            var sql = idOrLast == "last"
                ? $"SELECT {RunColumns} FROM runs ORDER BY started_at DESC, id DESC LIMIT 1"
                : $"SELECT {RunColumns} FROM runs WHERE id = @Id";
            var row = await connection.QuerySingleOrDefaultAsync<RunRow>(Command(sql, new { Id = idOrLast }, cancellationToken));
            return row?.ToRun();
        },
        cancellationToken);

    public Task SetRunSkippedAsync(string runId, string skippedJson, CancellationToken cancellationToken) => ExecuteAsync(
        "UPDATE runs SET skipped_json = @SkippedJson WHERE id = @RunId",
        new { RunId = runId, SkippedJson = skippedJson },
        cancellationToken);

    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(int limit, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<RunSummary>>(
        async connection =>
        {
            var runs = (await connection.QueryAsync<RunRow>(Command(
                $"SELECT {RunColumns} FROM runs ORDER BY started_at DESC, id DESC LIMIT @Limit",
                new { Limit = limit },
                cancellationToken))).ToList();
            if (runs.Count == 0)
            {
                return [];
            }

            var counts = await connection.QueryAsync<StateCountRow>(Command(
                "SELECT run_id, state, COUNT(*) AS count FROM probes WHERE run_id IN @Ids GROUP BY run_id, state",
                new { Ids = runs.Select(r => r.Id).ToList() },
                cancellationToken));
            var byRun = counts.ToLookup(c => c.RunId, StringComparer.Ordinal);
            return runs.Select(run =>
            {
                var probes = Enum.GetValues<ProbeState>().ToDictionary(s => s, _ => 0);
                foreach (var count in byRun[run.Id])
                {
                    probes[ProbeStates.Parse(count.State)] = checked((int)count.Count);
                }

                return new RunSummary(run.ToRun(), probes);
            }).ToList();
        },
        cancellationToken);

    public Task<IReadOnlyList<StoredRun>> EarlierRunsAsync(string suite, DateTimeOffset before, int limit, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<StoredRun>>(
        async connection => (await connection.QueryAsync<RunRow>(Command(
            $"SELECT {RunColumns} FROM runs WHERE suite = @Suite AND started_at < @Before AND finished_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT @Limit",
            new { Suite = suite, Before = before, Limit = limit },
            cancellationToken))).Select(r => r.ToRun()).ToList(),
        cancellationToken);

    public Task<string?> TagRunAsync(string name, string runId, DateTimeOffset at, CancellationToken cancellationToken) => WriteAsync(
        async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<string?>(Command(
                "SELECT run_id FROM run_tags WHERE name = @Name", new { Name = name }, cancellationToken, transaction));
            await connection.ExecuteAsync(Command(
                """
                INSERT INTO run_tags (name, run_id, tagged_at) VALUES (@Name, @RunId, @At)
                ON CONFLICT (name) DO UPDATE SET run_id = excluded.run_id, tagged_at = excluded.tagged_at
                """,
                new { Name = name, RunId = runId, At = at },
                cancellationToken,
                transaction));
            return before == runId ? null : before;
        },
        cancellationToken);

    public Task<IReadOnlyList<RunTag>> TagsAsync(CancellationToken cancellationToken) => UseAsync<IReadOnlyList<RunTag>>(
        async connection => (await connection.QueryAsync<TagRow>(Command(
            "SELECT name, run_id, tagged_at FROM run_tags ORDER BY name", null, cancellationToken))).Select(t => new RunTag(t.Name, t.RunId, t.TaggedAt)).ToList(),
        cancellationToken);

    // Probes

    public Task<IReadOnlyList<PlannedProbe>> ReserveProbesAsync(
        DateTimeOffset since,
        Func<IReadOnlyList<PastProbe>, IReadOnlyList<PlannedProbe>> decide,
        Func<PlannedProbe, StoredProbe> toStored,
        CancellationToken cancellationToken) => WriteAsync(
        async (connection, transaction) =>
        {
            // BEGIN IMMEDIATE took the write lock before this read, so nobody can reserve between it and the insert.
            var past = await connection.QueryAsync<PastRow>(Command(
                "SELECT target_id, planned_at FROM probes WHERE planned_at >= @Since ORDER BY planned_at",
                new { Since = since },
                cancellationToken,
                transaction));
            var decided = decide(past.Select(p => new PastProbe(p.TargetId, p.PlannedAt)).ToList());
            var inserted = decided.Where(p => p.Runs).Select(p => ProbeParameters(toStored(p))).ToList();
            if (inserted.Count > 0)
            {
                await connection.ExecuteAsync(Command(
                    InsertProbe,
                    inserted,
                    cancellationToken,
                    transaction));
            }

            return decided;
        },
        cancellationToken);

    public Task ImportProbesAsync(IReadOnlyList<StoredProbe> probes, CancellationToken cancellationToken) =>
        probes.Count == 0 ? Task.CompletedTask : WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                InsertProbe,
                probes.Select(ProbeParameters).ToList(),
                cancellationToken,
                transaction)),
            cancellationToken);

    public Task<IReadOnlyList<PastProbe>> HistoryAsync(DateTimeOffset since, CancellationToken cancellationToken) => UseAsync(
        async connection =>
        {
            var past = await connection.QueryAsync<PastRow>(Command(
                "SELECT target_id, planned_at FROM probes WHERE planned_at >= @Since ORDER BY planned_at", new { Since = since }, cancellationToken));
            return (IReadOnlyList<PastProbe>)past.Select(p => new PastProbe(p.TargetId, p.PlannedAt)).ToList();
        },
        cancellationToken);

    public Task<StoredProbe?> FindProbeAsync(string token, CancellationToken cancellationToken) => UseAsync(
        async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<ProbeRow>(Command(
                $"SELECT {ProbeColumns} FROM probes WHERE token = @Token", new { Token = token }, cancellationToken));
            return row?.ToProbe();
        },
        cancellationToken);

    public Task<IReadOnlyList<StoredProbe>> ProbesOfRunAsync(string runId, CancellationToken cancellationToken) => QueryProbesAsync(
        $"SELECT {ProbeColumns} FROM probes WHERE run_id = @RunId ORDER BY ordinal, token",
        new { RunId = runId },
        cancellationToken);

    public Task<IReadOnlyList<StoredProbe>> ProbesInStateAsync(IReadOnlyCollection<ProbeState> states, CancellationToken cancellationToken) => QueryProbesAsync(
        $"SELECT {ProbeColumns} FROM probes WHERE state IN @States ORDER BY planned_at, run_id, ordinal",
        new { States = Words(states) },
        cancellationToken);

    public Task<bool> ClaimProbeAsync(string token, string owner, IReadOnlyCollection<ProbeState> from, string? expectedOwner, CancellationToken cancellationToken) => UseAsync(
        async connection => await connection.ExecuteAsync(Command(
            """
            UPDATE probes SET owner = @Owner
            WHERE token = @Token AND state IN @From AND (owner IS NULL OR owner = @ExpectedOwner)
            """,
            new { Token = token, Owner = owner, From = Words(from), ExpectedOwner = expectedOwner },
            cancellationToken)) == 1,
        cancellationToken);

    public Task UpdateProbeAsync(ProbeUpdate update, CancellationToken cancellationToken) => ExecuteAsync(
        """
        UPDATE probes SET
            state = COALESCE(@State, state),
            state_reason = COALESCE(@StateReason, state_reason),
            started_at = COALESCE(@StartedAt, started_at),
            finished_at = COALESCE(@FinishedAt, finished_at),
            deadline = CASE WHEN @ClearDeadline = 1 THEN NULL ELSE COALESCE(@Deadline, deadline) END,
            checkpoint_json = COALESCE(@CheckpointJson, checkpoint_json),
            storage_state = COALESCE(@StorageState, storage_state),
            owner = CASE WHEN @ClearOwner = 1 THEN NULL ELSE COALESCE(@Owner, owner) END
        WHERE token = @Token
        """,
        new
        {
            update.Token,
            State = update.State?.Word(),
            update.StateReason,
            update.StartedAt,
            update.FinishedAt,
            update.Deadline,
            update.CheckpointJson,
            update.StorageState,
            update.Owner,
            ClearOwner = update.ClearOwner ? 1 : 0,
            ClearDeadline = update.ClearDeadline ? 1 : 0,
        },
        cancellationToken);

    // What a probe did

    public Task AppendObservationsAsync(string token, IReadOnlyList<Observation> observations, CancellationToken cancellationToken) =>
        observations.Count == 0 ? Task.CompletedTask : WriteAsync(
            async (connection, transaction) =>
            {
                var last = await connection.ExecuteScalarAsync<long>(Command(
                    "SELECT COALESCE(MAX(seq), 0) FROM observations WHERE token = @Token", new { Token = token }, cancellationToken, transaction));
                var rows = observations.Select((o, i) => new
                {
                    Token = token,
                    Seq = last + 1 + i,
                    Kind = o.Kind.ToString(),
                    o.At,
                    o.Step,
                    o.Name,
                    o.Detail,
                    o.Line,
                    o.Value,
                    NumbersJson = o.Numbers is null ? null : JsonSerializer.Serialize(o.Numbers.ToDictionary(), StoreJsonContext.Default.DictionaryStringDouble),
                });
                return await connection.ExecuteAsync(Command(
                    """
                    INSERT INTO observations (token, seq, kind, at, step, name, detail, line, value, numbers_json)
                    VALUES (@Token, @Seq, @Kind, @At, @Step, @Name, @Detail, @Line, @Value, @NumbersJson)
                    """,
                    rows,
                    cancellationToken,
                    transaction));
            },
            cancellationToken);

    public Task<IReadOnlyList<Observation>> ObservationsAsync(string token, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<Observation>>(
        async connection => (await connection.QueryAsync<ObservationRow>(Command(
            "SELECT token, kind, at, step, name, detail, line, value, numbers_json FROM observations WHERE token = @Token ORDER BY at, seq",
            new { Token = token },
            cancellationToken))).Select(r => r.ToObservation()).ToList(),
        cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Observation>>> ObservationsOfRunAsync(string runId, CancellationToken cancellationToken) => UseAsync<IReadOnlyDictionary<string, IReadOnlyList<Observation>>>(
        async connection => ByToken(
            await connection.QueryAsync<ObservationRow>(Command(
                "SELECT o.token, o.kind, o.at, o.step, o.name, o.detail, o.line, o.value, o.numbers_json FROM observations o JOIN probes p ON p.token = o.token WHERE p.run_id = @Run ORDER BY o.token, o.at, o.seq",
                new { Run = runId },
                cancellationToken)),
            r => r.Token,
            r => r.ToObservation()),
        cancellationToken);

    public Task BeginSubmissionAsync(string token, int step, string description, DateTimeOffset at, CancellationToken cancellationToken) => ExecuteAsync(
        // A step begun again (a resumed or retried probe) starts a fresh record: the earlier end no longer speaks for it.
        """
        INSERT INTO submissions (token, step, description, started_at, finished_at) VALUES (@Token, @Step, @Description, @At, NULL)
        ON CONFLICT (token, step) DO UPDATE SET description = excluded.description, started_at = excluded.started_at, finished_at = NULL
        """,
        new { Token = token, Step = step, Description = description, At = at },
        cancellationToken);

    public Task EndSubmissionAsync(string token, int step, DateTimeOffset at, CancellationToken cancellationToken) => ExecuteAsync(
        "UPDATE submissions SET finished_at = @At WHERE token = @Token AND step = @Step",
        new { Token = token, Step = step, At = at },
        cancellationToken);

    public Task<IReadOnlyList<Submission>> SubmissionsAsync(string token, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<Submission>>(
        async connection => (await connection.QueryAsync<SubmissionRow>(Command(
            "SELECT token, step, description, started_at, finished_at FROM submissions WHERE token = @Token ORDER BY started_at, step",
            new { Token = token },
            cancellationToken))).Select(r => r.ToSubmission()).ToList(),
        cancellationToken);

    public Task AddArtifactAsync(string token, string kind, string path, CancellationToken cancellationToken) => ExecuteAsync(
        // The same file recorded twice is one artifact.
        """
        INSERT INTO artifacts (token, seq, kind, path)
        SELECT @Token, COALESCE(MAX(seq), 0) + 1, @Kind, @Path FROM artifacts WHERE token = @Token
        ON CONFLICT DO NOTHING
        """,
        new { Token = token, Kind = kind, Path = path },
        cancellationToken);

    public Task<IReadOnlyList<Artifact>> ArtifactsAsync(string token, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<Artifact>>(
        async connection => (await connection.QueryAsync<ArtifactRow>(Command(
            "SELECT token, kind, path FROM artifacts WHERE token = @Token ORDER BY seq",
            new { Token = token },
            cancellationToken))).Select(r => new Artifact(r.Token, r.Kind, r.Path)).ToList(),
        cancellationToken);

    // Mail

    public Task AddSentAsync(SentMessage message, CancellationToken cancellationToken) => ExecuteAsync(
        """
        INSERT INTO sent_messages (message_id, token, recipient, sent_at, raw) VALUES (@MessageId, @Token, @To, @SentAt, @Raw)
        ON CONFLICT (message_id) DO NOTHING
        """,
        new { MessageId = BareMessageId(message.MessageId), message.Token, message.To, message.SentAt, message.Raw },
        cancellationToken);

    public Task<IReadOnlyList<SentMessage>> SentMessagesAsync(string token, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<SentMessage>>(
        async connection => (await connection.QueryAsync<SentRow>(Command(
            "SELECT message_id, token, recipient, sent_at, raw FROM sent_messages WHERE token = @Token ORDER BY sent_at, message_id",
            new { Token = token },
            cancellationToken))).Select(r => new SentMessage(r.Token, r.MessageId, r.Recipient, r.SentAt, r.Raw)).ToList(),
        cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> SentMessageIdsAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken) =>
        UseAsync<IReadOnlyDictionary<string, string>>(
            async connection =>
            {
                if (tokens.Count == 0)
                {
                    return new Dictionary<string, string>(StringComparer.Ordinal);
                }

                var rows = await connection.QueryAsync<MessageIdRow>(Command(
                    "SELECT message_id, token FROM sent_messages WHERE token IN @Tokens",
                    new { Tokens = tokens.Distinct(StringComparer.Ordinal).ToList() },
                    cancellationToken));
                return rows.ToDictionary(r => r.MessageId, r => r.Token, StringComparer.Ordinal);
            },
            cancellationToken);

    public Task<MessageAdded> AddMessageAsync(StoredMessage message, CancellationToken cancellationToken) => UseAsync(
        async connection =>
        {
            // A token no probe of this store has (another workspace's, a stray plus-address) is stored unattributed.
            var inserted = await connection.QuerySingleOrDefaultAsync<InsertedMessage>(Command(
                $"""
                INSERT INTO messages ({MessageColumns})
                VALUES (@Key, @Mailbox, @Source, (SELECT token FROM probes WHERE token = @Token), @ReceivedAt, @SeenAt, @EmailJson, @Raw)
                ON CONFLICT (message_key) DO NOTHING
                RETURNING message_key, token
                """,
                message,
                cancellationToken));
            if (inserted is not null)
            {
                return new MessageAdded(true, message with { Token = inserted.Token });
            }

            // Rows are never deleted while their probe lives, so the first writer's row is there to read.
            var stored = await connection.QuerySingleAsync<MessageRow>(Command(
                $"SELECT {MessageColumns} FROM messages WHERE message_key = @Key", new { message.Key }, cancellationToken));
            return new MessageAdded(false, stored.ToMessage());
        },
        cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> MessagesOfProbeAsync(string token, CancellationToken cancellationToken) => QueryMessagesAsync(
        $"SELECT {MessageColumns} FROM messages WHERE token = @Token ORDER BY received_at, message_key",
        new { Token = token },
        cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<StoredMessage>>> MessagesOfRunAsync(string runId, CancellationToken cancellationToken) => UseAsync<IReadOnlyDictionary<string, IReadOnlyList<StoredMessage>>>(
        async connection => ByToken(
            await connection.QueryAsync<MessageRow>(Command(
                $"SELECT {MessageColumns} FROM messages WHERE token IN (SELECT token FROM probes WHERE run_id = @Run) ORDER BY received_at, message_key",
                new { Run = runId },
                cancellationToken)),
            r => r.Token!,
            r => r.ToMessage()),
        cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> UnattributedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => QueryMessagesAsync(
        $"SELECT {MessageColumns} FROM messages WHERE token IS NULL AND received_at >= @From AND received_at <= @To ORDER BY received_at, message_key",
        new { From = from, To = to },
        cancellationToken);

    public Task<bool> AttributeMessageAsync(string key, string token, CancellationToken cancellationToken) => UseAsync(
        async connection => await connection.ExecuteAsync(Command(
            "UPDATE messages SET token = @Token WHERE message_key = @Key AND token IS NULL AND EXISTS (SELECT 1 FROM probes WHERE token = @Token)",
            new { Key = key, Token = token },
            cancellationToken)) == 1,
        cancellationToken);

    public Task<IReadOnlySet<string>> MessageSourcesAsync(string mailbox, CancellationToken cancellationToken) => UseAsync<IReadOnlySet<string>>(
        async connection => (await connection.QueryAsync<string>(Command(
            "SELECT source FROM messages WHERE mailbox = @Mailbox",
            new { Mailbox = mailbox },
            cancellationToken))).ToHashSet(StringComparer.Ordinal),
        cancellationToken);

    public Task<MailboxPosition?> MailboxPositionAsync(string mailbox, CancellationToken cancellationToken) => UseAsync(
        async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<PositionRow>(Command(
                "SELECT mailbox, uid_validity, next_uid, updated_at FROM mailbox_positions WHERE mailbox = @Mailbox",
                new { Mailbox = mailbox },
                cancellationToken));
            return row is null ? null : new MailboxPosition(row.Mailbox, row.UidValidity, row.NextUid, row.UpdatedAt);
        },
        cancellationToken);

    public Task SetMailboxPositionAsync(MailboxPosition position, CancellationToken cancellationToken) => ExecuteAsync(
        """
        INSERT INTO mailbox_positions (mailbox, uid_validity, next_uid, updated_at) VALUES (@Mailbox, @UidValidity, @NextUid, @UpdatedAt)
        ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, next_uid = excluded.next_uid, updated_at = excluded.updated_at
        """,
        position,
        cancellationToken);

    // Judging

    public Task SaveVerdictAsync(string token, string verdictJson, IReadOnlyList<StoredMetric> metrics, CancellationToken cancellationToken) => WriteAsync(
        async (connection, transaction) =>
        {
            await connection.ExecuteAsync(Command(
                "UPDATE probes SET verdict_json = @VerdictJson WHERE token = @Token",
                new { Token = token, VerdictJson = verdictJson },
                cancellationToken,
                transaction));
            await connection.ExecuteAsync(Command(
                "DELETE FROM metrics WHERE token = @Token", new { Token = token }, cancellationToken, transaction));
            return await connection.ExecuteAsync(Command(
                """
                INSERT INTO metrics (token, name, value, is_duration) VALUES (@Token, @Name, @Value, @IsDuration)
                ON CONFLICT (token, name) DO UPDATE SET value = excluded.value, is_duration = excluded.is_duration
                """,
                metrics.Select(m => new { Token = token, m.Name, m.Value, IsDuration = m.IsDuration ? 1 : 0 }),
                cancellationToken,
                transaction));
        },
        cancellationToken);

    /// <summary>A probe's metrics as stored, by name.</summary>
    public Task<IReadOnlyList<StoredMetric>> MetricsAsync(string token, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<StoredMetric>>(
        async connection => (await connection.QueryAsync<(string Name, double? Value, long IsDuration)>(Command(
            "SELECT name, value, is_duration FROM metrics WHERE token = @Token ORDER BY name",
            new { Token = token },
            cancellationToken))).Select(m => new StoredMetric(m.Name, m.Value, m.IsDuration != 0)).ToList(),
        cancellationToken);

    // Upkeep

    public Task<IReadOnlyList<StoredRun>> PruneAsync(DateTimeOffset olderThan, bool force, CancellationToken cancellationToken) => WriteAsync<IReadOnlyList<StoredRun>>(
        async (connection, transaction) =>
        {
            var runs = (await connection.QueryAsync<RunRow>(Command(
                $"""
                SELECT {RunColumns} FROM runs
                WHERE started_at < @OlderThan
                  AND (@Force = 1 OR NOT EXISTS (SELECT 1 FROM probes WHERE probes.run_id = runs.id AND probes.state = @Awaiting))
                ORDER BY started_at
                """,
                new { OlderThan = olderThan, Force = force ? 1 : 0, Awaiting = ProbeState.Awaiting.Word() },
                cancellationToken,
                transaction))).ToList();
            var ids = runs.Select(r => new { r.Id }).ToList();
            if (ids.Count == 0)
            {
                return [];
            }

            // Children first: the foreign keys hold at every statement.
            string[] deletes =
            [
                "DELETE FROM metrics WHERE token IN (SELECT token FROM probes WHERE run_id = @Id)",
                "DELETE FROM observations WHERE token IN (SELECT token FROM probes WHERE run_id = @Id)",
                "DELETE FROM submissions WHERE token IN (SELECT token FROM probes WHERE run_id = @Id)",
                "DELETE FROM artifacts WHERE token IN (SELECT token FROM probes WHERE run_id = @Id)",
                "DELETE FROM sent_messages WHERE token IN (SELECT token FROM probes WHERE run_id = @Id)",
                // A pruned message keeps its key and source (a small row), so a mailbox never reads it again as new;
                // its raw MIME goes.
                "UPDATE messages SET token = NULL, raw = X'' WHERE token IN (SELECT token FROM probes WHERE run_id = @Id)",
                "DELETE FROM probes WHERE run_id = @Id",
                "DELETE FROM run_tags WHERE run_id = @Id",
                "DELETE FROM runs WHERE id = @Id",
            ];
            foreach (var delete in deletes)
            {
                await connection.ExecuteAsync(Command(delete, ids, cancellationToken, transaction));
            }

            // Mail no probe claimed, from before the cut, goes the same way.
            await connection.ExecuteAsync(Command(
                "UPDATE messages SET raw = X'' WHERE token IS NULL AND received_at < @OlderThan", new { OlderThan = olderThan }, cancellationToken, transaction));

            return runs.Select(r => r.ToRun()).ToList();
        },
        cancellationToken);

    // Plumbing

    private static CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken, SqliteTransaction? transaction = null) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private static List<string> Words(IEnumerable<ProbeState> states) => states.Select(s => s.Word()).Distinct(StringComparer.Ordinal).ToList();

    private static string BareMessageId(string messageId) => messageId.Trim().TrimStart('<').TrimEnd('>');

    private static object ProbeParameters(StoredProbe probe) => new
    {
        probe.Token,
        probe.RunId,
        probe.ProbeId,
        probe.Ordinal,
        probe.PlannedAt,
        probe.Scenario,
        probe.ScenarioFile,
        probe.TargetId,
        probe.TargetName,
        probe.TargetRole,
        probe.TargetUrl,
        probe.Persona,
        probe.FirstName,
        probe.Email,
        probe.QuestionId,
        probe.QuestionText,
        State = probe.State.Word(),
        probe.StateReason,
        probe.StartedAt,
        probe.FinishedAt,
        probe.Deadline,
        probe.CheckpointJson,
        probe.StorageState,
        probe.Owner,
        probe.VerdictJson,
    };

    /// <summary>
    /// Tells a read-only disk or folder apart from other failures before SQLite tries (it needs to create the -wal
    /// and -shm files beside the store). The check writes a file of its own: opening and closing the store file
    /// itself would drop the POSIX locks SQLite holds on it in this process.
    /// </summary>
    private static void EnsureWritableFolder(string path)
    {
        const int NoSpace = 28; // ENOSPC
        const int ReadOnlyFileSystem = 30; // EROFS
        try
        {
            var folder = Path.GetDirectoryName(path) ?? ".";
            Directory.CreateDirectory(folder);
            using var probe = new FileStream(
                Path.Combine(folder, $".{Path.GetFileName(path)}-{Guid.NewGuid():N}.check"),
                FileMode.CreateNew,
                FileAccess.Write,
                FileShare.None,
                bufferSize: 1,
                FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException e)
        {
            throw StoreException.ReadOnly(path, e);
        }
        catch (IOException e) when (e.HResult == ReadOnlyFileSystem)
        {
            throw StoreException.ReadOnly(path, e);
        }
        catch (IOException e) when (e.HResult == NoSpace)
        {
            throw StoreException.Full(path, e);
        }
        catch (IOException e)
        {
            throw StoreException.Unavailable(path, e.Message, e);
        }
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // These settings belong to SQLite's connection, which the pool keeps open between operations: set them the
            // first time a connection is handed out, not before every operation (three statements each time).
            if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
            {
                await connection.ExecuteAsync(Command(
                    $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                    null,
                    cancellationToken));
                Configured.AddOrUpdate(handle, handle);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        UseAsync(connection => connection.ExecuteAsync(Command(sql, parameters, cancellationToken)), cancellationToken);

    private Task<IReadOnlyList<StoredProbe>> QueryProbesAsync(string sql, object parameters, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<StoredProbe>>(
        async connection => (await connection.QueryAsync<ProbeRow>(Command(sql, parameters, cancellationToken))).Select(r => r.ToProbe()).ToList(),
        cancellationToken);

    /// <summary>Rows of many probes grouped by probe token, each probe's rows in the order the query gave them.</summary>
    private static Dictionary<string, IReadOnlyList<T>> ByToken<TRow, T>(IEnumerable<TRow> rows, Func<TRow, string> token, Func<TRow, T> read) =>
        rows.GroupBy(token, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<T>)g.Select(read).ToList(), StringComparer.Ordinal);

    private Task<IReadOnlyList<StoredMessage>> QueryMessagesAsync(string sql, object parameters, CancellationToken cancellationToken) => UseAsync<IReadOnlyList<StoredMessage>>(
        async connection => (await connection.QueryAsync<MessageRow>(Command(sql, parameters, cancellationToken))).Select(r => r.ToMessage()).ToList(),
        cancellationToken);

    /// <summary>One write transaction, begun IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock is taken first.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) => UseAsync(
        async connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            transaction.Commit();
            return result;
        },
        cancellationToken);

    /// <summary>Runs one operation on a pooled connection; SQLite's failures that mean the store cannot be used become
    /// <see cref="StoreException"/>s.</summary>
    private async Task<T> UseAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }
        catch (SqliteException e)
        {
            if (StoreErrors.Map(e, Location) is { } mapped)
            {
                throw mapped;
            }

            throw;
        }
    }

    /// <summary>What the insert of a message returned: it was new, and the probe it was kept under (null when none is known).</summary>
    private sealed class InsertedMessage
    {
        public string MessageKey { get; init; } = "";
        public string? Token { get; init; }
    }
}
