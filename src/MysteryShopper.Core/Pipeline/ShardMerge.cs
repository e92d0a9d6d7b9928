using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MysteryShopper.Planning;
using MysteryShopper.Reporting;
using MysteryShopper.Storage;

namespace MysteryShopper.Pipeline;

/// <summary>Shards that cannot be merged: the message says which folder and why, and what to give instead (exit code 2).</summary>
public sealed class MergeException(string message) : Exception(message)
{
    public static MergeException NotAFolder(string folder) =>
        new($"{folder} is not a folder; give the run folders the shards wrote (reports/RUN-ID)");

    public static MergeException NoExport(string folder) =>
        new($"{folder} is not a shard's run folder: it has no {RunExport.FileName}; only 'mshop run --shard i/n' writes one, so run each shard with --shard");

    public static MergeException Unreadable(string folder, string problem) =>
        new($"{Path.Combine(folder, RunExport.FileName)} cannot be read as a run: {problem}");

    public static MergeException NotSharded(string folder) =>
        new($"{folder} holds a run made without --shard; only shards of one run are merged");

    public static MergeException Different(string folder, string first, string what) =>
        new($"{folder} and {first} are not shards of one run: {what}; run every shard of the same suite with the same options (--target, --tag, --samples) and merge those");

    public static MergeException Duplicate(string folder, string first, string shard) =>
        new($"shard {shard} is given twice: {first} and {folder}; give each shard's run folder once");
}

/// <summary>What a merge made: the new run, the shards it took, and the shards of the plan that were not given.</summary>
public sealed record MergeOutcome(string RunId, string Directory, IReadOnlyList<string> Shards, IReadOnlyList<string> Missing);

/// <summary>
/// <c>mshop merge DIR…</c>: imports the exports (<see cref="RunExport"/>) of a split run's shards into a store as one
/// new run, so the reports, history and baselines see one run, equal to an unsharded run's apart from timings and ids.
/// Shards belong together when they split the same plan (the fingerprint of its probe ids) of the same suite files;
/// each index is taken once; a missing one is allowed (a CI job that failed) and reported, so the caller can warn.
/// The probes keep their tokens and plan order; a store that holds them already (the shards ran in this workspace)
/// gets copies under new tokens. Evidence files travel: each shard folder's files are copied into the new run's folder
/// under the same relative paths the store keeps, so the report's screenshot and trace links work there.
/// </summary>
public static class ShardMerge
{
    private sealed record Part(string Folder, string Copy, StoredRun Run, StoredShard Shard, string Suite);

    /// <param name="folders">The shards' run folders.</param>
    /// <param name="store">The store the merged run goes to (the workspace's).</param>
    /// <param name="open">Opens a store file: the shards' exports are opened from temporary copies, never in place.</param>
    /// <param name="reportsFolder">Where the merged run's folder is made.</param>
    /// <param name="reportsFrom">Who set <paramref name="reportsFolder"/> (<c>--out</c>, mshop.yaml), for a folder that cannot be made.</param>
    /// <param name="workspace">The merging workspace, kept with the run.</param>
    /// <param name="time">The clock the new run's id is made from.</param>
    /// <param name="cancellationToken">Stops the merge.</param>
    /// <exception cref="MergeException">The folders are not shards of one run.</exception>
    public static async Task<MergeOutcome> MergeAsync(
        IReadOnlyList<string> folders,
        IStore store,
        Func<string, CancellationToken, Task<IStore>> open,
        string reportsFolder,
        string reportsFrom,
        string workspace,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("mshop-merge-");
        try
        {
            var parts = await ReadAsync(folders, open, scratch.FullName, cancellationToken);
            var first = parts[0];
            var missing = Enumerable.Range(1, first.Shard.Count).Except(parts.Select(p => p.Shard.Index))
                .Select(i => new Shard(i, first.Shard.Count).ToString()).ToList();

            var started = parts.Min(p => p.Run.StartedAt);
            var runId = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Planner.NewToken()[..4]}");
            var directory = RunFolder.Create(reportsFolder, runId, reportsFrom);
            var settings = StoreJson.Settings(first.Run.SettingsJson)!;
            await store.CreateRunAsync(
                new StoredRun
                {
                    Id = runId,
                    Suite = first.Run.Suite,
                    Workspace = workspace,
                    Directory = directory,
                    StartedAt = started,
                    SourcesJson = first.Run.SourcesJson,
                    SettingsJson = StoreJson.Settings(settings with { Shard = null }),
                },
                cancellationToken);

            var skipped = new List<SkippedProbe>();
            foreach (var part in parts.OrderBy(p => p.Shard.Index))
            {
                await using var shard = await open(part.Copy, cancellationToken);
                var probes = await shard.ProbesOfRunAsync(part.Run.Id, cancellationToken);
                // Tokens are kept, so later mail finds the merged probe; where this store has them already, copies get new ones.
                var retoken = false;
                foreach (var probe in probes)
                {
                    retoken |= await store.FindProbeAsync(probe.Token, cancellationToken) is not null;
                }

                await RunExport.CopyProbesAsync(
                    shard,
                    probes,
                    store,
                    p => p with { RunId = runId, Token = retoken ? Planner.NewToken() : p.Token, Owner = null },
                    key => retoken ? $"{key}.{runId}" : key,
                    cancellationToken);
                await RunExport.CopyUnattributedAsync(shard, part.Run, store, cancellationToken);
                skipped.AddRange(StoreJson.Skipped(part.Run.SkippedJson));
                CopyEvidence(part, directory);
            }

            await store.SetRunSkippedAsync(runId, StoreJson.Skipped(skipped), cancellationToken);
            await store.FinishRunAsync(runId, parts.Max(p => p.Run.FinishedAt ?? p.Run.StartedAt), cancellationToken);
            return new MergeOutcome(runId, directory, parts.OrderBy(p => p.Shard.Index).Select(p => $"{p.Shard.Index}/{p.Shard.Count} {p.Folder}").ToList(), missing);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Each folder's export, checked: a shard, of the same plan and suite as the first, its index not taken yet.</summary>
    private static async Task<List<Part>> ReadAsync(IReadOnlyList<string> folders, Func<string, CancellationToken, Task<IStore>> open, string scratch, CancellationToken cancellationToken)
    {
        var parts = new List<Part>();
        foreach (var (folder, n) in folders.Select((f, i) => (f, i)))
        {
            if (!Directory.Exists(folder))
            {
                throw File.Exists(folder) ? MergeException.NotAFolder(folder) : new MergeException($"{folder} does not exist; give the run folders the shards wrote (reports/RUN-ID)");
            }

            var export = Path.Combine(folder, RunExport.FileName);
            if (!File.Exists(export))
            {
                throw MergeException.NoExport(folder);
            }

            // Opened from a copy: a store is written as it opens (its journal, a migration), and the shard's folder may be read-only.
            var copy = Path.Combine(scratch, $"{n}-{RunExport.FileName}");
            File.Copy(export, copy);
            StoredRun? run;
            try
            {
                await using var store = await open(copy, cancellationToken);
                run = await store.FindRunAsync("last", cancellationToken);
            }
            catch (StoreException e)
            {
                throw MergeException.Unreadable(folder, e.Message);
            }

            if (run is null)
            {
                throw MergeException.Unreadable(folder, "it holds no run");
            }

            if (StoreJson.Settings(run.SettingsJson)?.Shard is not { } shard)
            {
                throw MergeException.NotSharded(folder);
            }

            var part = new Part(folder, copy, run, shard, SuiteFingerprint(run.SourcesJson));
            if (parts.Count > 0)
            {
                var first = parts[0];
                if (part.Suite != first.Suite)
                {
                    throw MergeException.Different(folder, first.Folder, "their suite files differ");
                }

                if (shard.Count != first.Shard.Count)
                {
                    throw MergeException.Different(folder, first.Folder, $"one is split into {first.Shard.Count} shards, the other into {shard.Count}");
                }

                if (shard.Plan != first.Shard.Plan)
                {
                    throw MergeException.Different(folder, first.Folder, "they planned different probes");
                }

                if (parts.FirstOrDefault(p => p.Shard.Index == shard.Index) is { } same)
                {
                    throw MergeException.Duplicate(folder, same.Folder, $"{shard.Index}/{shard.Count}");
                }
            }

            parts.Add(part);
        }

        return parts;
    }

    /// <summary>The suite's files by name and text: the same suite checked out in different folders on different machines is one.</summary>
    private static string SuiteFingerprint(string sourcesJson)
    {
        var text = string.Join('\0', StoreJson.Sources(sourcesJson)
            .Select(s => $"{Path.GetFileName(s.Path)}\0{s.Text.ReplaceLineEndings("\n")}")
            .Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// The shard's evidence (screenshots/, traces/, HARs, outbox/…) into the merged run's folder, under the relative
    /// paths the store keeps; the shard's own reports and export stay behind, its log is kept as <c>shard-I.log.clef</c>.
    /// </summary>
    private static void CopyEvidence(Part part, string directory)
    {
        foreach (var sub in Directory.EnumerateDirectories(part.Folder))
        {
            foreach (var file in Directory.EnumerateFiles(sub, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(directory, Path.GetRelativePath(part.Folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (!File.Exists(target))
                {
                    File.Copy(file, target);
                }
            }
        }

        var log = Path.Combine(part.Folder, "log.clef");
        if (File.Exists(log))
        {
            File.Copy(log, Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"shard-{part.Shard.Index}.log.clef")), overwrite: true);
        }
    }
}
