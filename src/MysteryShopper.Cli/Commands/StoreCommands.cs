using System.CommandLine;
using System.Globalization;
using System.Text;
using MysteryShopper.Cli.Running;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Redaction;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// The commands that read the store alone (no browser, no mailbox): <c>runs</c>, <c>show</c>, <c>report</c>,
/// <c>prune</c>. The store is the workspace's (mshop.yaml here or above, its <c>store:</c>), else <c>.mshop/store.db</c> here.
/// </summary>
public static class StoreCommands
{
    private static readonly string[] RunsHeader = ["run", "started (UTC)", "suite", "passed", "failed", "awaiting", "other", "tags"];
    private static readonly string[] ProbesHeader = ["state", "probe", "token", "note"];

    public static Command CreateRuns(TextWriter output, TextWriter error)
    {
        var limit = OptionValues.WholeNumber("--limit", new WholeNumbers(1, 10_000), "How many runs, newest first (default 20)");
        var command = new Command("runs", "The history: recent runs with their probes passed, failed and awaiting") { limit };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(error, async (store, _, _) =>
        {
            var runs = await store.ListRunsAsync(parse.GetValue(limit) ?? 20, cancellationToken);
            if (runs.Count == 0)
            {
                await output.WriteLineAsync($"No runs in {store.Location} yet: 'mshop run' or 'mshop demo' makes one.");
                return ExitCodes.Ok;
            }

            var tags = (await store.TagsAsync(cancellationToken)).ToLookup(t => t.RunId, t => t.Name, StringComparer.Ordinal);
            var rows = new List<string[]> { RunsHeader };
            foreach (var (run, probes) in runs)
            {
                int Count(params ProbeState[] states) => states.Sum(s => probes.GetValueOrDefault(s));
                rows.Add(
                [
                    run.Id,
                    run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    run.Suite,
                    Count(ProbeState.Passed).ToString(CultureInfo.InvariantCulture),
                    Count(ProbeState.Failed, ProbeState.TimedOut).ToString(CultureInfo.InvariantCulture),
                    Count(ProbeState.Awaiting).ToString(CultureInfo.InvariantCulture),
                    Count(ProbeState.Planned, ProbeState.Running, ProbeState.Errored, ProbeState.Cancelled, ProbeState.Unknown).ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", tags[run.Id]),
                ]);
            }

            await output.WriteAsync(Table(rows));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command CreateShow(TextWriter output, TextWriter error)
    {
        var what = new Argument<string>("run-or-probe") { Description = "A run id (or 'last'), a probe's token, or a probe id (scenario/target/persona: its latest run)" };
        var command = new Command("show", "A run's probes, or one probe's timeline: steps, times, messages, screenshots, state") { what };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(error, async (store, _, _) =>
        {
            var key = parse.GetValue(what)!;
            var secrets = new RunSecrets(store);
            if (await store.FindRunAsync(key, cancellationToken) is { } run)
            {
                // The store holds secrets masked; what a run's suite gives here is masked again all the same.
                await output.WriteAsync((await secrets.OfRunAsync(run.Id, cancellationToken)).Redact(await RunText(store, run, cancellationToken)));
                return ExitCodes.Ok;
            }

            var probe = await store.FindProbeAsync(key, cancellationToken) ?? await LatestProbeAsync(store, key, cancellationToken);
            if (probe is null)
            {
                await error.WriteLineAsync($"mshop: no run or probe '{key}' in {store.Location}; 'mshop runs' lists the runs, 'mshop show RUN' their probes.");
                return ExitCodes.InvalidInput;
            }

            await output.WriteAsync((await secrets.OfRunAsync(probe.RunId, cancellationToken)).Redact(await ProbeText(store, probe, cancellationToken)));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command CreateReport(TextWriter output, TextWriter error)
    {
        var which = new Argument<string>("run") { Description = "A run id, or 'last' (default)", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "last" };
        var formats = OptionValues.ReportFormats("--report", $"Report formats: {string.Join(", ", ReportFormat.Names)} (comma-separated; default: the run's own)");
        var outDir = new Option<string?>("--out") { HelpName = "DIR", Description = "The folder to write into (default: the run's folder)" };
        var gating = new BaselineOptions();
        var command = new Command("report", "Render a stored run's reports again from the store alone (no browser or mailbox); --baseline compares it with an earlier run") { which, formats, outDir };
        gating.AddTo(command);
        command.SetAction((parse, cancellationToken) => WithStoreAsync(error, async (store, _, workspaceSettings) =>
        {
            var id = parse.GetValue(which) ?? "last";
            var run = await store.FindRunAsync(id, cancellationToken);
            var result = run is null ? null : await StoredRuns.LoadAsync(store, run.Id, cancellationToken);
            if (run is null || result is null)
            {
                await error.WriteLineAsync($"mshop: no run '{id}' in {store.Location}; 'mshop runs' lists the runs.");
                return ExitCodes.InvalidInput;
            }

            var settings = gating.Read(parse, workspaceSettings);
            BaselineChoice? baseline;
            try
            {
                baseline = settings.Baseline is { } named ? await Baselines.FindAsync(store, named, run.Suite, run.StartedAt, run.Id, cancellationToken) : null;
            }
            catch (BaselineException e)
            {
                await error.WriteLineAsync($"mshop: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            result = await Baselines.AttachAsync(store, result, run.Suite, baseline, settings.Trend, settings.Regression, cancellationToken);

            // The run's own formats were checked when it stored them; a name this version no longer knows is left out.
            var writers = parse.GetValue(formats)?.Select(f => f.Writer).ToList()
                ?? (StoreJson.Settings(run.SettingsJson)?.Reports ?? []).Select(ReportWriters.ByName).OfType<IReportWriter>().ToList();

            // Secrets of the run's suite, as this environment gives them, are masked again (the store holds them masked).
            var redactor = await new RunSecrets(store).OfRunAsync(run.Id, cancellationToken);
            var directory = parse.GetValue(outDir) is { } given ? RunFolder.Ensure(Path.GetFullPath(given), "--out") : run.Directory;
            var written = await ReportWriters.WriteAllAsync(result, directory, writers.Count > 0 ? writers : ReportWriters.All, redactor, cancellationToken);
            foreach (var path in written)
            {
                await output.WriteLineAsync($"  {Path.GetFileName(path),-13} {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
            }

            using var gate = new StringWriter(CultureInfo.InvariantCulture);
            if (result.Baseline is { } comparison)
            {
                await ConsoleSummary.WriteBaselineAsync(comparison, gate);
            }
            else if (settings.Baseline is not null)
            {
                await gate.WriteLineAsync($"  --baseline last: no earlier finished run of this suite before {run.Id}, so nothing was compared.");
            }

            var warnings = BaselineOptions.FailedWarnings(result);
            if (settings.FailOnWarn && warnings > 0)
            {
                await gate.WriteLineAsync($"  {warnings} failed warning(s) fail the report (--fail-on warn).");
            }

            await output.WriteAsync(redactor.Redact(gate.ToString()));

            // A report of a stored run fails only for what the gating options ask about: a regression, or warnings with --fail-on warn.
            return result.Baseline?.Regressed == true || (settings.FailOnWarn && warnings > 0) ? ExitCodes.ExpectationFailed : ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    public static Command CreateTag(TextWriter output, TextWriter error)
    {
        var which = new Argument<string>("run") { Description = "A run id, or 'last'" };
        var name = new Argument<string>("name") { Description = "The tag, e.g. release-4.2 or baseline: letters, digits, '.', '_' and '-'; setting it again moves it" };
        var command = new Command("tag", "Name a stored run, so '--baseline NAME' compares with it (a name set again moves to the new run)") { which, name };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(error, async (store, _, _) =>
        {
            var id = parse.GetValue(which)!;
            var tag = parse.GetValue(name)!;
            if (TagProblem(tag) is { } problem)
            {
                await error.WriteLineAsync($"mshop: the tag '{tag}' {problem}");
                return ExitCodes.InvalidInput;
            }

            if (await store.FindRunAsync(id, cancellationToken) is not { } run)
            {
                await error.WriteLineAsync($"mshop: no run '{id}' in {store.Location}; 'mshop runs' lists the runs.");
                return ExitCodes.InvalidInput;
            }

            if (run.Id != tag && await store.FindRunAsync(tag, cancellationToken) is not null)
            {
                await error.WriteLineAsync($"mshop: the tag '{tag}' is another run's id; '--baseline {tag}' would mean that run. Choose another name.");
                return ExitCodes.InvalidInput;
            }

            var moved = await store.TagRunAsync(tag, run.Id, TimeProvider.System.GetUtcNow(), cancellationToken);
            await output.WriteLineAsync(moved is null
                ? $"Tagged run {run.Id} as '{tag}'; '--baseline {tag}' compares with it."
                : $"Tagged run {run.Id} as '{tag}' (moved from run {moved}); '--baseline {tag}' compares with it.");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>What is wrong with a tag's name, or null: 'last' means a run already, and a name must be one word a shell and a URL keep as it is.</summary>
    public static string? TagProblem(string tag) =>
        tag == "last" ? "is taken: 'last' already means the latest earlier run of the same suite"
        : tag.Length is 0 or > 100 || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? "must be 1 to 100 letters, digits, '.', '_' or '-'"
        : null;

    public static Command CreatePrune(TextWriter output, TextWriter error)
    {
        var olderThan = new Option<string>("--older-than") { HelpName = "AGE", Description = "Remove runs started longer ago than this, e.g. 180d", Required = true };
        var force = new Option<bool>("--force") { Description = "Also runs whose probes still await replies" };
        var command = new Command("prune", "Remove old runs from the store, with their probes, mail and report folders") { olderThan, force };
        command.SetAction((parse, cancellationToken) => WithStoreAsync(error, async (store, _, _) =>
        {
            var text = parse.GetValue(olderThan)!;
            if (!Duration.TryParse(text, out var age) || age <= TimeSpan.Zero)
            {
                await error.WriteLineAsync($"mshop: --older-than must be a duration such as 180d or 12h, not '{text}'");
                return ExitCodes.InvalidInput;
            }

            var removed = await store.PruneAsync(TimeProvider.System.GetUtcNow() - age, parse.GetValue(force), cancellationToken);
            foreach (var run in removed)
            {
                // Only a run's own folder (named by its id) is ever deleted.
                if (Directory.Exists(run.Directory) && Path.GetFileName(Path.TrimEndingDirectorySeparator(run.Directory)) == run.Id)
                {
                    Directory.Delete(run.Directory, recursive: true);
                }

                await output.WriteLineAsync($"  removed {run.Id} ({run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {run.Suite})");
            }

            await output.WriteLineAsync($"{removed.Count} run(s) removed from {store.Location}" + (parse.GetValue(force) ? "." : "; runs with probes still awaiting replies are kept (--force removes them too)."));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>The probes planned since <paramref name="since"/>, from the store at <paramref name="path"/> (none when there is no store yet).</summary>
    public static async Task<IReadOnlyList<PastProbe>> HistoryAsync(string path, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        await using var store = await SqliteStore.OpenAsync(path, cancellationToken);
        return await store.HistoryAsync(since, cancellationToken);
    }

    /// <summary>The workspace here or above, its settings, and its store, or a clear exit-3 line when the store cannot be used.</summary>
    public static async Task<int> WithStoreAsync(TextWriter error, Func<IStore, Workspace, RunSettings, Task<int>> work, CancellationToken cancellationToken)
    {
        var (workspace, settings) = await WorkspaceSettingsAsync(error, cancellationToken);
        try
        {
            await using var store = await SqliteStore.OpenAsync(workspace.StorePath(settings), cancellationToken);
            return await work(store, workspace, settings);
        }
        catch (Exception e) when (Infrastructure.Explain(e) is { } message)
        {
            await error.WriteLineAsync($"mshop: {message}");
            return ExitCodes.InfrastructureUnavailable;
        }
    }

    /// <summary>The workspace (mshop.yaml here or above, else this folder) and the settings its mshop.yaml gives.</summary>
    public static async Task<(Workspace Workspace, RunSettings Settings)> WorkspaceSettingsAsync(TextWriter error, CancellationToken cancellationToken)
    {
        var workspace = Workspace.Find(Environment.CurrentDirectory);
        var config = Path.Combine(workspace.Folder, SuiteLoader.ConfigFile);
        if (!File.Exists(config))
        {
            return (workspace, new RunSettings());
        }

        // mshop.yaml alone: loaded as a suite it would lack scenarios, and its settings (store:, mailbox…) would be lost.
        var (loaded, diagnostics) = SuiteLoader.LoadConfig((await SuiteLoader.ReadFilesAsync([config], cancellationToken)).Single());
        if (loaded is null)
        {
            await error.WriteLineAsync($"mshop: {config} has errors ({string.Join("; ", diagnostics.Take(3))}); going on with the defaults.");
            return (workspace, new RunSettings());
        }

        return (workspace, RunSettings.From(loaded));
    }

    private static async Task<StoredProbe?> LatestProbeAsync(IStore store, string probeId, CancellationToken cancellationToken)
    {
        foreach (var (run, _) in await store.ListRunsAsync(200, cancellationToken))
        {
            if ((await store.ProbesOfRunAsync(run.Id, cancellationToken)).FirstOrDefault(p => p.ProbeId == probeId) is { } probe)
            {
                return probe;
            }
        }

        return null;
    }

    private static async Task<string> RunText(IStore store, StoredRun run, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var done = run.FinishedAt is { } f ? string.Create(CultureInfo.InvariantCulture, $", its process done {f.UtcDateTime:HH:mm:ss}") : ", still running or stopped";
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {run.Id}: {run.Suite}, started {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC{done}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Folder: {Path.GetRelativePath(Environment.CurrentDirectory, run.Directory)}");
        text.AppendLine();
        var rows = new List<string[]> { ProbesHeader };
        foreach (var probe in await store.ProbesOfRunAsync(run.Id, cancellationToken))
        {
            var note = probe.State == ProbeState.Awaiting && probe.Deadline is { } d ? $"waits until {d.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : probe.StateReason ?? "";
            rows.Add([probe.State.Word(), probe.ProbeId, probe.Token, Fold(note, 100)]);
        }

        text.Append(Table(rows));
        text.AppendLine().AppendLine("'mshop show TOKEN' gives a probe's timeline.");
        return text.ToString();
    }

    private static async Task<string> ProbeText(IStore store, StoredProbe probe, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var start = probe.StartedAt ?? probe.PlannedAt;
        string At(DateTimeOffset at) => at < start ? $"-{Duration.Format(start - at)}" : $"+{Duration.Format(at - start)}";
        text.AppendLine(CultureInfo.InvariantCulture, $"Probe {probe.ProbeId} ({probe.Token}) in run {probe.RunId}: {probe.State.Word()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {probe.TargetName} ({probe.TargetRole}) {probe.TargetUrl}, as {probe.Email}");
        var ended = probe.FinishedAt is { } f ? $", ended {At(f)}" : "";
        var waits = probe.Deadline is { } deadline ? string.Create(CultureInfo.InvariantCulture, $", waits until {deadline.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC") : "";
        text.AppendLine(CultureInfo.InvariantCulture, $"  started {start.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC{ended}{waits}");
        if (probe.StateReason is { } reason)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {reason}");
        }

        text.AppendLine().AppendLine("Timeline:");
        foreach (var o in await store.ObservationsAsync(probe.Token, cancellationToken))
        {
            var what = string.Join(" ", new[] { o.Name, o.Detail }.Where(s => !string.IsNullOrEmpty(s)));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {At(o.At),9}  {o.Kind,-16} {Fold(what, 110)}");
        }

        var submissions = await store.SubmissionsAsync(probe.Token, cancellationToken);
        if (submissions.Count > 0)
        {
            text.AppendLine().AppendLine("Submissions:");
            foreach (var s in submissions)
            {
                var how = s.FinishedAt is { } end ? $"done {At(end)}" : "begun, never ended (may or may not have gone out)";
                text.AppendLine(CultureInfo.InvariantCulture, $"  {At(s.StartedAt),9}  {s.Description}: {how}");
            }
        }

        var messages = await store.MessagesOfProbeAsync(probe.Token, cancellationToken);
        var verdict = StoreJson.Verdict(probe.VerdictJson);
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Messages received: {messages.Count}");
        foreach (var m in messages)
        {
            var email = StoreJson.Email(m);
            text.AppendLine(CultureInfo.InvariantCulture, $"  {At(email.ReceivedAt),9}  from {email.From}: \"{email.Subject}\" ({email.Folder}; {(m.Raw.Length == 0 ? "raw MIME not kept" : string.Create(CultureInfo.InvariantCulture, $"{m.Raw.Length / 1024.0:0.#} KiB kept"))})");
            if (verdict?.Cards.FirstOrDefault(c => c.Id == email.Id)?.Card is { } card)
            {
                var answered = card.Answered is { } a ? $", answered {CardJson.Word(a)}" : "";
                text.AppendLine(CultureInfo.InvariantCulture, $"             card: {CardJson.Word(card.Kind)}{answered}, quality {card.Score:0.0} ({CardJson.Word(card.Grade)}-grade, rubric {card.Rubric})");
            }
        }

        if (verdict?.Experience is { } experience)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Experience: {experience.Score:0.0} ({CardJson.Word(experience.Grade)}-grade) over {experience.Judged} judged email(s)");
        }

        var artifacts = await store.ArtifactsAsync(probe.Token, cancellationToken);
        if (artifacts.Count > 0)
        {
            text.AppendLine().AppendLine("Evidence:");
            var run = await store.FindRunAsync(probe.RunId, cancellationToken);
            foreach (var a in artifacts)
            {
                var path = run is null ? a.Path : Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(run.Directory, a.Path));
                text.AppendLine(CultureInfo.InvariantCulture, $"  {a.Kind,-10} {path}");
            }
        }

        return text.ToString();
    }

    private static string Fold(string text, int width)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= width ? line : line[..(width - 1)] + "…";
    }

    private static string Table(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }

        return text.ToString();
    }
}
