using System.CommandLine;
using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Redaction;
using MysteryShopper.Reporting;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop merge DIR…</c>: the shards of one run (<c>mshop run --shard i/n</c> on several machines, e.g. a CI matrix)
/// made into one run of the workspace store, with one set of reports, and the exit code of a run: 0 when every decided
/// probe passed, 1 when an expectation failed, 2 when the folders are not shards of one run.
/// </summary>
public static class MergeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folders = new Argument<string[]>("folders") { Description = "The shards' run folders (each holds the run.db its shard wrote)", Arity = ArgumentArity.OneOrMore };
        var formats = OptionValues.ReportFormats("--report", $"Report formats: {string.Join(", ", ReportFormat.Names)} (comma-separated; default: the shards' own)");
        var outDir = new Option<string?>("--out") { HelpName = "DIR", Description = "The folder the merged run's folder is made in (default: the workspace's reports folder)" };
        var command = new Command("merge", "Combine the shards of one run (mshop run --shard i/n) into one run and one report") { folders, formats, outDir };
        command.SetAction((parse, cancellationToken) => StoreCommands.WithStoreAsync(error, async (store, workspace, settings) =>
        {
            var given = (parse.GetValue(folders) ?? []).Select(f => Path.TrimEndingDirectorySeparator(f)).ToList();
            MergeOutcome merged;
            try
            {
                var root = parse.GetValue(outDir) is { } o ? Path.GetFullPath(o) : workspace.ReportsFolder(settings);
                merged = await ShardMerge.MergeAsync(
                    given,
                    store,
                    async (path, token) => await SqliteStore.OpenAsync(path, token),
                    root,
                    parse.GetValue(outDir) is null ? settings.OutputRootFrom : "--out",
                    workspace.Folder,
                    TimeProvider.System,
                    cancellationToken);
            }
            catch (MergeException e)
            {
                await error.WriteLineAsync($"mshop: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            var run = (await store.FindRunAsync(merged.RunId, cancellationToken))!;
            var result = (await StoredRuns.LoadAsync(store, merged.RunId, cancellationToken))!;
            var writers = parse.GetValue(formats)?.Select(f => f.Writer).ToList()
                ?? (StoreJson.Settings(run.SettingsJson)?.Reports ?? []).Select(ReportWriters.ByName).OfType<IReportWriter>().ToList();
            // The store holds the shards' secrets masked; what the suite gives here is masked again all the same.
            var redactor = await new RunSecrets(store).OfRunAsync(run.Id, cancellationToken);
            var written = await ReportWriters.WriteAllAsync(result, merged.Directory, writers.Count > 0 ? writers : ReportWriters.All, redactor, cancellationToken);

            await output.WriteLineAsync($"Merged {merged.Shards.Count} shard(s) into run {merged.RunId}:");
            foreach (var shard in merged.Shards)
            {
                await output.WriteLineAsync($"  shard {shard}");
            }

            await ConsoleSummary.WriteAsync(new RunOutcome(result, merged.Directory, written) { Redactor = redactor }, output);
            if (merged.Missing.Count > 0)
            {
                await error.WriteLineAsync($"mshop: warning: shard(s) {string.Join(", ", merged.Missing)} not given: the merged run holds only part of the plan; merge again with every shard's folder for the whole run");
            }

            return RunCommand.ExitCode(new RunOutcome(result, merged.Directory, written), requireAllPassed: true);
        }, cancellationToken));
        return command;
    }
}
