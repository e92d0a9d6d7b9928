using System.Diagnostics;
using System.Globalization;
using MysteryShopper.Cli;
using MysteryShopper.Cli.Running;
using MysteryShopper.Execution;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Settings;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;
using Serilog;

namespace MysteryShopper.Bench;

/// <summary>
/// How long the HTML report takes, and how big it gets, for a store of 10,000 probes over 100 runs. The probes are
/// copies of a real run of the example suite against the demo companies (their observations, raw messages, cards and
/// verdicts, shifted a week apart per run and given new tokens and message ids), so the store holds what a year of
/// weekly benchmarking would. Prints the time to load the run and its history from the store, the time to render, and
/// the file's size (goals: under 3 s, under 10 MB).
/// </summary>
public static class ReportBench
{
    public static async Task<int> RunAsync(int runs, int probesPerRun, double timeScale, TextWriter output, CancellationToken cancellationToken)
    {
        var workspace = Path.Combine(Path.GetTempPath(), "mshop-report-bench-" + Planner.NewToken()[..8]);
        Directory.CreateDirectory(workspace);
        try
        {
            var sources = EmbeddedFiles.In("suite").Select(f => new SourceFile(f.Name, f.Text)).ToList();
            var suite = SuiteLoader.Load(sources).Suite ?? throw new InvalidOperationException("The example suite does not load");
            var settings = new RunSettings { OutputRoot = Path.Combine(workspace, "reports"), WorkspaceFolder = workspace, DemoTimeScale = timeScale };
            using var console = new LoggerConfiguration().CreateLogger();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Report, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: one real run of the example suite against the demo companies, copied into {runs} runs of {probesPerRun} probes; load average {Machine.LoadAverage()}"));
            var template = await RunPipeline.RunAsync(suite, sources, settings, CliRunParts.System, console, TimeProvider.System, cancellationToken);
            var storePath = new Workspace(workspace).StorePath(settings);

            var seeding = Stopwatch.StartNew();
            string lastRun;
            await using (var store = await SqliteStore.OpenAsync(storePath, cancellationToken))
            {
                lastRun = await SeedAsync(store, suite, template.Result.RunId, runs, probesPerRun, cancellationToken);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  seeded {runs * probesPerRun:N0} probes in {runs} runs in {seeding.Elapsed.TotalSeconds:0.0} s; store {new FileInfo(storePath).Length / 1048576.0:0.0} MiB"));

            for (var round = 1; round <= 3; round++)
            {
                await using var store = await SqliteStore.OpenAsync(storePath, cancellationToken);
                var clock = Stopwatch.StartNew();
                // As 'mshop report --baseline last' loads it: the run, its last 10 runs for trends, the baseline compared.
                var run = await StoredRuns.LoadAsync(store, lastRun, cancellationToken) ?? throw new InvalidOperationException("the last run is not in the store");
                var suiteName = (await store.FindRunAsync(lastRun, cancellationToken))!.Suite;
                var baseline = await Baselines.FindAsync(store, "last", suiteName, run.StartedAt, run.RunId, cancellationToken);
                run = await Baselines.AttachAsync(store, run, suiteName, baseline, 10, RegressionSettings.Default, cancellationToken);
                var history = run.History;
                var loaded = clock.Elapsed;
                run = run with { Folder = template.Directory };
                using var file = new MemoryStream();
                await new HtmlReportWriter().RenderAsync(run, file, cancellationToken);
                var total = clock.Elapsed;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round}: run of {run.Probes.Count} probes with {history.Count} runs ({history.Sum(h => h.Probes.Count):N0} probes) of history: loaded in {loaded.TotalSeconds:0.00} s, rendered in {(total - loaded).TotalSeconds:0.00} s, {total.TotalSeconds:0.00} s in all; report.html {file.Length / 1048576.0:0.00} MiB (goals: < 3 s, < 10 MB); load average {Machine.LoadAverage()}"));
            }

            return Common.ExitCodes.Measured;
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    /// <summary>Copies the template run's probes into <paramref name="runs"/> new runs a week apart; returns the newest run's id.</summary>
    private static async Task<string> SeedAsync(SqliteStore store, Suite suite, string templateRunId, int runs, int probesPerRun, CancellationToken cancellationToken)
    {
        var templateRun = (await store.FindRunAsync(templateRunId, cancellationToken))!;
        var probes = new List<(StoredProbe Stored, Probe Plan, IReadOnlyList<Observation> Observations, IReadOnlyList<StoredMessage> Messages)>();
        foreach (var stored in await store.ProbesOfRunAsync(templateRunId, cancellationToken))
        {
            probes.Add((stored, Collector.Replan(suite, stored)!, await store.ObservationsAsync(stored.Token, cancellationToken), await store.MessagesOfProbeAsync(stored.Token, cancellationToken)));
        }

        var first = templateRun.StartedAt.AddDays(-7 * runs);
        var id = "";
        for (var r = 0; r < runs; r++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"bench-{r:000}");
            var started = first.AddDays(7 * r);
            var shift = started - templateRun.StartedAt;
            await store.CreateRunAsync(templateRun with { Id = id, StartedAt = started, FinishedAt = null, Directory = templateRun.Directory }, cancellationToken);
            var copies = Enumerable.Range(0, probesPerRun).Select(i => (Template: probes[i % probes.Count], Sample: i / probes.Count)).ToList();
            var plans = copies.Select(c => new PlannedProbe(c.Template.Plan with { Token = Planner.NewToken(), Id = $"{c.Template.Plan.Id}--{c.Sample}" }, null)).ToList();
            var ordinals = plans.Select((p, i) => (p.Probe.Token, i)).ToDictionary(p => p.Token, p => p.i, StringComparer.Ordinal);
            await store.ReserveProbesAsync(started, _ => plans, p => ProbeRecords.Stored(p.Probe, id, ordinals[p.Probe.Token], started), cancellationToken);
            for (var i = 0; i < copies.Count; i++)
            {
                var (stored, _, observations, messages) = copies[i].Template;
                var token = plans[i].Probe.Token;
                await store.UpdateProbeAsync(new ProbeUpdate(token) { State = stored.State, StateReason = stored.StateReason, StartedAt = stored.StartedAt + shift, FinishedAt = stored.FinishedAt + shift }, cancellationToken);
                await store.AppendObservationsAsync(token, observations.Select(o => o with { At = o.At + shift }).ToList(), cancellationToken);
                var verdict = stored.VerdictJson ?? "";
                foreach (var message in messages)
                {
                    var email = StoreJson.Email(message);
                    var key = $"{token}.{message.Key}";
                    verdict = verdict.Replace(message.Key, key, StringComparison.Ordinal);
                    await store.AddMessageAsync(message with
                    {
                        Key = key,
                        Source = key,
                        Token = token,
                        ReceivedAt = message.ReceivedAt + shift,
                        SeenAt = message.SeenAt + shift,
                        EmailJson = StoreJson.Email(email with { Id = key, Token = token, ReceivedAt = email.ReceivedAt + shift, SeenAt = email.SeenAt + shift }),
                    }, cancellationToken);
                }

                if (stored.VerdictJson is not null)
                {
                    await store.SaveVerdictAsync(token, verdict, [], cancellationToken);
                }
            }

            await store.FinishRunAsync(id, started + ((templateRun.FinishedAt ?? templateRun.StartedAt) - templateRun.StartedAt), cancellationToken);
        }

        return id;
    }
}
