using System.Globalization;
using MysteryShopper.Execution;
using MysteryShopper.Pipeline;

namespace MysteryShopper.Bench;

/// <summary>
/// What each kind of default evidence costs a probe: the bench journey one probe at a time under several evidence
/// settings that take turns in blocks, CPU per probe of the whole process tree, against the same journey with no evidence.
/// </summary>
public static class EvidenceBench
{
    private sealed record Way(string Name, RunSettings Settings);

    private sealed record Block(TimeSpan CpuPerProbe, TimeSpan MedianWall, IReadOnlyList<long> ScreenshotBytes, int Broken, string? Failure);

    public static async Task<int> RunAsync(int blocks, int probes, double timeScale, TextWriter output, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var scratch = Path.Combine(Path.GetTempPath(), "mshop-evidence-" + Planning.Planner.NewToken()[..8]);
        Directory.CreateDirectory(scratch);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"MysteryShopper evidence benchmark, {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC: {blocks} blocks of {probes} counted probes per way, load average {Machine.LoadAverage()}"));
        var plain = new RunSettings { DemoTimeScale = timeScale, Parallel = 1 };
        Way[] ways =
        [
            new("no evidence (--trace off --screenshots failures)", plain with { Trace = false, FailureScreenshotsOnly = true }),
            new("before: trace with DOM snapshots, full-page PNG at the end", plain with { Trace = true, TraceSnapshots = true, EndScreenshot = ScreenshotKind.FullPage }),
            new("trace with DOM snapshots, viewport JPEG at the end", plain with { Trace = true, TraceSnapshots = true, EndScreenshot = ScreenshotKind.Viewport }),
            new("trace without DOM snapshots, viewport JPEG at the end", plain with { Trace = true, TraceSnapshots = false, EndScreenshot = ScreenshotKind.Viewport }),
            new("no trace, viewport JPEG at the end", plain with { Trace = false, EndScreenshot = ScreenshotKind.Viewport }),
            new("no trace, full-page PNG at the end", plain with { Trace = false, EndScreenshot = ScreenshotKind.FullPage }),
        ];

        try
        {
            var suite = MshopRuns.Load(MshopRuns.Scenario(["brightwave"], 1 + probes));
            await MshopRuns.RunAsync(MshopRuns.Load(MshopRuns.Scenario(["brightwave"], 2)), plain with { OutputRoot = Path.Combine(scratch, "warm-up") }, time, cancellationToken);
            var results = ways.ToDictionary(w => w, _ => new List<Block>());
            for (var block = 0; block < blocks; block++)
            {
                // Rotating order, so a burst of other work on the machine falls on every way alike.
                foreach (var way in ways.Skip(block % ways.Length).Concat(ways.Take(block % ways.Length)))
                {
                    var folder = Path.Combine(scratch, $"b{block}-{Array.IndexOf(ways, way)}");
                    results[way].Add(await BlockAsync(suite, way.Settings with { OutputRoot = folder }, time, cancellationToken));
                    Directory.Delete(folder, recursive: true);
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  block {block + 1}/{blocks} done, load average {Machine.LoadAverage()}"));
            }

            var lean = Median(results[ways[0]].Select(b => b.CpuPerProbe.TotalMilliseconds));
            var rows = ways.Select(way =>
            {
                var cpu = results[way].Select(b => b.CpuPerProbe.TotalMilliseconds).Order().ToList();
                var wall = Median(results[way].Select(b => b.MedianWall.TotalMilliseconds));
                var median = Median(cpu);
                var shots = results[way].SelectMany(b => b.ScreenshotBytes).Select(b => (double)b).ToList();
                var broken = results[way].Sum(b => b.Broken);
                return (IReadOnlyList<string>)
                [
                    way.Name,
                    string.Create(CultureInfo.InvariantCulture, $"{median:0} ms ({cpu[0]:0}–{cpu[^1]:0})"),
                    way == ways[0] ? "" : Format.Percent((median - lean) / lean),
                    string.Create(CultureInfo.InvariantCulture, $"{wall:0} ms"),
                    shots.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{Median(shots) / 1024:0} KB"),
                    broken == 0 ? "0" : $"{broken}: {results[way].First(b => b.Failure is not null).Failure}",
                ];
            });

            await output.WriteLineAsync();
            await output.WriteLineAsync("CPU per probe, all processes: median of the blocks' figures (lowest–highest block); cost against no evidence; median wall time; median end screenshot size");
            foreach (var line in Format.Table(["way", "CPU/probe", "cost", "wall", "end shot", "broke"], rows))
            {
                await output.WriteLineAsync("  " + line);
            }

            return ExitCodes.Measured;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>One run of a warm-up probe and <c>probes</c> counted ones: CPU per counted probe from the probe-end readings.</summary>
    private static async Task<Block> BlockAsync(Scenarios.Suite suite, RunSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var run = await MshopRuns.RunAsync(suite, settings, time, cancellationToken);
        var ends = run.CpuAtProbeEnds;
        var cpu = ends.Count > 1 ? (ends[^1] - ends[0]) / (ends.Count - 1) : TimeSpan.Zero;
        var walls = run.ByStart.Skip(1).Select(p => (p.Record.FinishedAt - p.Record.StartedAt).TotalMilliseconds).ToList();
        var shots = Directory.Exists(Path.Combine(run.Directory, "screenshots"))
            ? Directory.EnumerateFiles(Path.Combine(run.Directory, "screenshots"), "*--end.*").Select(f => new FileInfo(f).Length).ToList()
            : [];
        return new Block(cpu, TimeSpan.FromMilliseconds(walls.Count == 0 ? 0 : Median(walls)), shots, run.Broken.Count, run.FirstFailure);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : Stats.Quantile(sorted, 0.5);
    }
}
