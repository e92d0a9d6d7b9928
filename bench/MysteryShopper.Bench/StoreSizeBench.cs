using System.Globalization;
using Microsoft.Data.Sqlite;
using MysteryShopper.Cli;
using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
using Serilog;

namespace MysteryShopper.Bench;

/// <summary>
/// How much the store grows per probe for the demo journey: the example suite (<c>scenarios/</c>, built into mshop)
/// run several times against the demo companies into one workspace's store, with every received message's raw MIME
/// kept, as a user's runs keep it. Prints the store's size per probe and what share of it is raw MIME.
/// </summary>
public static class StoreSizeBench
{
    public static async Task<int> RunAsync(int runs, double timeScale, TextWriter output, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var workspace = Path.Combine(Path.GetTempPath(), "mshop-store-size-" + Planner.NewToken()[..8]);
        Directory.CreateDirectory(workspace);
        try
        {
            var sources = EmbeddedFiles.In("suite").Select(f => new SourceFile(f.Name, f.Text)).ToList();
            var loaded = SuiteLoader.Load(sources);
            var suite = loaded.Suite ?? throw new InvalidOperationException("The example suite does not load:\n" + string.Join("\n", loaded.Diagnostics));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Store size, {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC: the example suite ({string.Join(", ", sources.Select(s => s.Path))}) {runs} times into one store, demo time scale {timeScale}, default evidence; load average {Machine.LoadAverage()}"));
            var settings = new RunSettings
            {
                OutputRoot = Path.Combine(workspace, "reports"),
                WorkspaceFolder = workspace,
                DemoTimeScale = timeScale,
            };
            using var console = new LoggerConfiguration().CreateLogger();
            var broken = 0;
            var path = new Workspace(workspace).StorePath(settings);
            var sizes = new List<(int Probes, long Bytes)>();
            for (var run = 1; run <= runs; run++)
            {
                var outcome = await RunPipeline.RunAsync(suite, sources, settings, CliRunParts.System, console, time, cancellationToken);
                broken += outcome.Result.Probes.Count(p => !p.Record.JourneyCompleted);
                sizes.Add(((sizes.Count == 0 ? 0 : sizes[^1].Probes) + outcome.Result.Probes.Count, FileBytes(path)));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run}: {outcome.Result.Probes.Count} probes, {outcome.Result.Probes.Sum(p => p.Record.Emails.Count)} emails, {outcome.Result.Probes.Count(p => !p.Record.JourneyCompleted)} journeys broke; store {sizes[^1].Bytes:N0} bytes; load average {Machine.LoadAverage()}"));
            }

            await PrintAsync(path, output, cancellationToken);
            if (sizes.Count > 1)
            {
                // What one more probe adds, without the store's fixed cost (schema, at least a page per table and index).
                var grown = (sizes[^1].Bytes - sizes[0].Bytes) / (double)(sizes[^1].Probes - sizes[0].Probes);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  growth per probe from run 1 to run {sizes.Count}: {grown / 1024:0.0} KiB"));
            }

            await output.WriteLineAsync($"(probes whose journey broke are counted too: they are stored like any other; {broken} broke)");
            return Common.ExitCodes.Measured;
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    private static long FileBytes(string path)
    {
        var wal = new FileInfo(path + "-wal");
        return new FileInfo(path).Length + (wal.Exists ? wal.Length : 0);
    }

    private static async Task PrintAsync(string path, TextWriter output, CancellationToken cancellationToken)
    {
        // The runs closed the store: its write-ahead log is checkpointed into the file, which is all there is.
        var fileBytes = FileBytes(path);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);

        async Task<long> ScalarAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, CultureInfo.InvariantCulture);
        }

        var probes = await ScalarAsync("SELECT COUNT(*) FROM probes");
        var messages = await ScalarAsync("SELECT COUNT(*) FROM messages");
        var rawReceived = await ScalarAsync("SELECT COALESCE(SUM(LENGTH(raw)), 0) FROM messages");
        var rawSent = await ScalarAsync("SELECT COALESCE(SUM(LENGTH(raw)), 0) FROM sent_messages");
        var observations = await ScalarAsync("SELECT COUNT(*) FROM observations");
        var pageSize = await ScalarAsync("PRAGMA page_size");
        var free = await ScalarAsync("PRAGMA freelist_count") * pageSize;
        static string KiB(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0} KiB");

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Store {Format.Bytes(fileBytes)} ({fileBytes:N0} bytes, {free:N0} of them free pages) for {probes} probes, {messages} received messages, {observations} observations"));
        foreach (var line in Format.Table(
            ["figure", "value"],
            [
                ["store file / probes", KiB(fileBytes / (double)probes)],
                ["raw MIME of received mail / probes", KiB(rawReceived / (double)probes)],
                ["raw MIME of sent mail / probes", KiB(rawSent / (double)probes)],
                ["raw MIME share of the file", string.Create(CultureInfo.InvariantCulture, $"{(rawReceived + rawSent) * 100.0 / fileBytes:0.0} %")],
                ["mean raw MIME per received message", KiB(messages == 0 ? 0 : rawReceived / (double)messages)],
                ["observations (text) / probes", KiB(await ScalarAsync("SELECT COALESCE(SUM(LENGTH(kind) + LENGTH(at) + COALESCE(LENGTH(name), 0) + COALESCE(LENGTH(detail), 0) + COALESCE(LENGTH(numbers_json), 0)), 0) FROM observations") / (double)probes)],
                ["probe rows: checkpoint, storage state, verdict (text) / probes", KiB(await ScalarAsync("SELECT COALESCE(SUM(COALESCE(LENGTH(checkpoint_json), 0) + COALESCE(LENGTH(storage_state), 0) + COALESCE(LENGTH(verdict_json), 0)), 0) FROM probes") / (double)probes)],
                ["received mail readings (email_json) / probes", KiB(await ScalarAsync("SELECT COALESCE(SUM(LENGTH(email_json)), 0) FROM messages") / (double)probes)],
                ["run rows: the suite's sources (text) / probes", KiB(await ScalarAsync("SELECT COALESCE(SUM(LENGTH(sources_json)), 0) FROM runs") / (double)probes)],
            ]))
        {
            await output.WriteLineAsync("  " + line);
        }

        // Where the bytes are, by table and index, when this SQLite has the dbstat table.
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<IReadOnlyList<string>>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var bytes = reader.GetInt64(1);
                rows.Add([reader.GetString(0), KiB(bytes), KiB(bytes / (double)probes)]);
            }

            await output.WriteLineAsync("By table and index (pages):");
            foreach (var line in Format.Table(["table or index", "size", "per probe"], rows))
            {
                await output.WriteLineAsync("  " + line);
            }
        }
        catch (SqliteException e)
        {
            await output.WriteLineAsync($"(no size by table: {e.Message})");
        }
    }
}
