using MysteryShopper.Storage;

namespace MysteryShopper.Pipeline;

/// <summary>
/// A run's rows in a store file of their own, <c>run.db</c> in the run's folder: what <c>mshop merge</c> needs to make
/// one run of shards that ran on other machines (a CI matrix), each with its own workspace store. It is the store's own
/// format (opened with <see cref="IRunParts.OpenStoreAsync"/>), so it holds exactly what the workspace store holds of
/// the run (the run, its probes with their plan, state and verdict, observations, submissions, artifacts, sent and
/// received messages with their raw MIME, and the mail no probe claimed while it ran) and migrates like it.
/// Only sharded runs (<c>--shard i/n</c>) write it: a whole run needs no merging, and a workspace's runs are already
/// in its store. It is written as the run ends: probes still awaiting mail are exported awaiting, and the merged run's
/// <c>mshop collect</c> completes them (the probes keep their tokens, so their mail finds them).
/// </summary>
public static class RunExport
{
    public const string FileName = "run.db";

    /// <summary>
    /// Writes run <paramref name="runId"/> of <paramref name="store"/> to <c>run.db</c> in <paramref name="directory"/>,
    /// replacing any; <paramref name="open"/> opens a store file (<see cref="IRunParts.OpenStoreAsync"/>).
    /// </summary>
    public static async Task WriteAsync(IStore store, string runId, Func<string, CancellationToken, Task<IStore>> open, string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var run = await store.FindRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"run {runId} is not in the store");
        await using var export = await open(path, cancellationToken);
        await export.CreateRunAsync(run, cancellationToken);
        var probes = await store.ProbesOfRunAsync(runId, cancellationToken);
        await CopyProbesAsync(store, probes, export, p => p, key => key, cancellationToken);
        await CopyUnattributedAsync(store, run, export, cancellationToken);
        if (run.FinishedAt is { } finished)
        {
            await export.FinishRunAsync(runId, finished, cancellationToken);
        }
    }

    /// <summary>
    /// Copies <paramref name="probes"/> of <paramref name="from"/> into <paramref name="to"/> as <paramref name="map"/>
    /// makes them (another run, other tokens), with everything they gathered. <paramref name="key"/> gives a copied
    /// message its key (and a sent message its id) in <paramref name="to"/>, where the original may already be kept.
    /// </summary>
    public static async Task CopyProbesAsync(IStore from, IReadOnlyList<StoredProbe> probes, IStore to, Func<StoredProbe, StoredProbe> map, Func<string, string> key, CancellationToken cancellationToken)
    {
        var copies = probes.Select(p => (Original: p, Copy: map(p))).ToList();
        // The probes first: a message is attributed only to a probe the store has.
        await to.ImportProbesAsync(copies.Select(c => c.Copy with { VerdictJson = null }).ToList(), cancellationToken);
        foreach (var (original, copy) in copies)
        {
            await to.AppendObservationsAsync(copy.Token, await from.ObservationsAsync(original.Token, cancellationToken), cancellationToken);
            foreach (var submission in await from.SubmissionsAsync(original.Token, cancellationToken))
            {
                await to.BeginSubmissionAsync(copy.Token, submission.Step, submission.Description, submission.StartedAt, cancellationToken);
                if (submission.FinishedAt is { } ended)
                {
                    await to.EndSubmissionAsync(copy.Token, submission.Step, ended, cancellationToken);
                }
            }

            foreach (var artifact in await from.ArtifactsAsync(original.Token, cancellationToken))
            {
                await to.AddArtifactAsync(copy.Token, artifact.Kind, artifact.Path, cancellationToken);
            }

            foreach (var sent in await from.SentMessagesAsync(original.Token, cancellationToken))
            {
                await to.AddSentAsync(sent with { Token = copy.Token, MessageId = key(sent.MessageId) }, cancellationToken);
            }

            foreach (var message in await from.MessagesOfProbeAsync(original.Token, cancellationToken))
            {
                await to.AddMessageAsync(message with { Key = key(message.Key), Token = copy.Token }, cancellationToken);
            }

            // The verdict with its metric rows, as judging saves them: the history and baselines query those rows.
            if (original.VerdictJson is { } json && StoreJson.Verdict(json) is { } verdict)
            {
                await to.SaveVerdictAsync(copy.Token, json, verdict.Metrics.Select(m => new StoredMetric(m.Name, m.Value, m.IsDuration)).ToList(), cancellationToken);
            }
        }
    }

    /// <summary>The mail no probe claimed while <paramref name="run"/> ran (the report lists it); a message kept already stays as it is.</summary>
    public static async Task CopyUnattributedAsync(IStore from, StoredRun run, IStore to, CancellationToken cancellationToken)
    {
        foreach (var message in await from.UnattributedAsync(run.StartedAt, run.FinishedAt ?? DateTimeOffset.MaxValue, cancellationToken))
        {
            await to.AddMessageAsync(message with { Token = null }, cancellationToken);
        }
    }
}
