using System.Diagnostics;
using System.Globalization;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;

namespace MysteryShopper.Bench;

/// <summary>
/// What the durable store costs a probe: the same journey, settings and machine, in this build and in a build of an
/// older commit, in separate processes that take turns. <c>durability-round</c> is one process's share (it prints raw
/// samples); <c>durability --before DLL</c> runs rounds of both builds in alternating order and prints the figures.
/// This file compiles unchanged in a worktree of an older commit (only the namespace of <c>RunSettings</c> differs), so
/// both sides measure with the same code.
/// </summary>
public static class DurabilityBench
{
    /// <summary>The variants compared: "lean" is mshop's own work (no trace, no end screenshot), "default" adds the evidence.</summary>
    private static readonly string[] Variants = ["lean", "default"];

    /// <summary>One process's share: a warm-up run, then blocks of one run per variant (in rotating order), one probe at a time.</summary>
    public static async Task<int> RoundAsync(int blocks, int probesPerBlock, double timeScale, TextWriter output, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var scratch = Path.Combine(Path.GetTempPath(), "mshop-durability-" + Planner.NewToken()[..8]);
        Directory.CreateDirectory(scratch);
        try
        {
            await output.WriteLineAsync($"load {Machine.LoadAverage()}");
            RunSettings Settings(string name, string variant) => new()
            {
                OutputRoot = Path.Combine(scratch, name),
                DemoTimeScale = timeScale,
                Parallel = 1,
                Trace = variant == "default",
                FailureScreenshotsOnly = variant == "lean",
            };

            await MshopRuns.RunAsync(MshopRuns.Load(MshopRuns.Scenario(["brightwave"], 3)), Settings("warm-up", "lean"), time, cancellationToken);
            var suite = MshopRuns.Load(MshopRuns.Scenario(["brightwave"], 1 + probesPerBlock));
            for (var block = 0; block < blocks; block++)
            {
                foreach (var variant in Variants.Skip(block % Variants.Length).Concat(Variants.Take(block % Variants.Length)))
                {
                    var run = await MshopRuns.RunAsync(suite, Settings($"b{block}-{variant}", variant), time, cancellationToken);
                    var byStart = run.ByStart;
                    var ends = run.CpuAtProbeEnds;
                    // Probe 0 warms the block's browser up and is not counted. Probe i's cadence runs from its start to
                    // the next probe's start (everything the run does for it at --parallel 1); its CPU from the previous
                    // probe's end to its own (read while Chromium runs).
                    for (var i = 1; i < byStart.Count; i++)
                    {
                        var record = byStart[i].Record;
                        var span = (record.FinishedAt - record.StartedAt).TotalMilliseconds;
                        var cadence = i + 1 < byStart.Count ? (byStart[i + 1].Record.StartedAt - record.StartedAt).TotalMilliseconds : double.NaN;
                        var cpu = ends.Count == byStart.Count ? (ends[i] - ends[i - 1]).TotalMilliseconds : double.NaN;
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"sample {variant} {(record.JourneyCompleted ? "ok" : "broken")} {span:0.0} {cadence:0.0} {cpu:0.0}"));
                    }
                }
            }

            await output.WriteLineAsync($"load {Machine.LoadAverage()}");
            return ExitCodes.Measured;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Rounds of both builds, each a fresh process, in ABBA order; pooled medians and per-round medians.</summary>
    public static async Task<int> CompareAsync(string beforeDll, int rounds, int blocks, int probesPerBlock, TextWriter output, CancellationToken cancellationToken)
    {
        var after = typeof(DurabilityBench).Assembly.Location;
        var machine = Machine.Describe();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Durability cost, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: {rounds} round(s) of both builds, each {blocks} blocks × {probesPerBlock} counted probes per variant, --parallel 1, Brightwave newsletter journey"));
        await output.WriteLineAsync($"  before: {beforeDll}");
        await output.WriteLineAsync($"  after:  {after}");
        var samples = new Dictionary<(string Side, string Variant), List<Sample>>();
        var perRound = new List<(int Round, string Side, string Variant, Sample Median, string Load)>();
        for (var round = 1; round <= rounds; round++)
        {
            string[] order = round % 2 == 1 ? ["before", "after"] : ["after", "before"];
            foreach (var side in order)
            {
                var (lines, load) = await RunChildAsync(side == "before" ? beforeDll : after, blocks, probesPerBlock, cancellationToken);
                foreach (var variant in Variants)
                {
                    var mine = lines.Where(s => s.Variant == variant).ToList();
                    samples.TryAdd((side, variant), []);
                    samples[(side, variant)].AddRange(mine);
                    var median = Sample.Medians(variant, mine.Where(s => s.Ok).ToList());
                    perRound.Add((round, side, variant, median, load));
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  round {round} {side,-6} {variant,-7} load {load}: {mine.Count} probes ({mine.Count(s => !s.Ok)} broken), span {median.Span:0} ms, cadence {median.Cadence:0} ms, CPU {median.Cpu:0} ms (medians)"));
                }
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Machine: {machine.Processors} CPUs ({machine.Cpu}), {Format.Bytes(machine.MemoryBytes)} RAM, {machine.System}, {machine.Runtime}"));
        await output.WriteLineAsync("Per probe, all rounds pooled (median; p90 in brackets); span = ProbeStarted to ProbeFinished, cadence = start to next start, CPU = whole process tree:");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var variant in Variants)
        {
            // Broken probes are counted below, not timed.
            var before = samples[("before", variant)].Where(s => s.Ok).ToList();
            var afterSamples = samples[("after", variant)].Where(s => s.Ok).ToList();
            foreach (var (name, of) in Sample.Figures)
            {
                var b = Stats.Of(before.Select(of).Where(double.IsFinite).Select(TimeSpan.FromMilliseconds));
                var a = Stats.Of(afterSamples.Select(of).Where(double.IsFinite).Select(TimeSpan.FromMilliseconds));
                var roundRatios = perRound.Where(r => r.Variant == variant && r.Side == "after")
                    .Select(r => of(r.Median) / of(perRound.Single(p => p.Round == r.Round && p.Variant == variant && p.Side == "before").Median))
                    .Order()
                    .Select(x => Format.Ratio(x));
                rows.Add([
                    variant, name, $"{Format.Ms(b.Median)} ({Format.Ms(b.P90)})", $"{Format.Ms(a.Median)} ({Format.Ms(a.P90)})",
                    Format.Percent(a.Median / b.Median - 1), string.Join(" ", roundRatios), $"{b.Count} / {a.Count}",
                ]);
            }
        }

        foreach (var line in Format.Table(["variant", "figure", "before", "after", "after vs before", "per round (after/before, sorted)", "probes"], rows))
        {
            await output.WriteLineAsync("  " + line);
        }

        var broken = samples.Values.Sum(s => s.Count(x => !x.Ok));
        await output.WriteLineAsync($"Probes whose journey broke: {broken}");
        return broken == 0 ? 0 : 1;
    }

    private static async Task<(List<Sample> Samples, string Load)> RunChildAsync(string dll, int blocks, int probesPerBlock, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, "durability-round", "--blocks", blocks.ToString(CultureInfo.InvariantCulture), "--probes", probesPerBlock.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {dll}");
        var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {dll} durability-round exited with {process.ExitCode}:\n{text}");
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var loads = lines.Where(l => l.StartsWith("load ", StringComparison.Ordinal)).Select(l => l[5..]);
        var samples = lines.Where(l => l.StartsWith("sample ", StringComparison.Ordinal)).Select(Sample.Parse).ToList();
        return (samples, string.Join("→", loads));
    }

    private sealed record Sample(string Variant, bool Ok, double Span, double Cadence, double Cpu)
    {
        public static readonly (string Name, Func<Sample, double> Of)[] Figures =
            [("span", s => s.Span), ("cadence", s => s.Cadence), ("CPU", s => s.Cpu)];

        public static Sample Parse(string line)
        {
            var parts = line.Split(' ');
            static double Number(string text) => double.Parse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            return new Sample(parts[1], parts[2] == "ok", Number(parts[3]), Number(parts[4]), Number(parts[5]));
        }

        /// <summary>The medians of each figure (the one quantile definition, <see cref="Stats"/>), as a sample.</summary>
        public static Sample Medians(string variant, IReadOnlyList<Sample> samples)
        {
            double Median(Func<Sample, double> of) => Stats.Of(samples.Select(of).Where(double.IsFinite).Select(TimeSpan.FromMilliseconds)).Median.TotalMilliseconds;
            return new Sample(variant, samples.All(s => s.Ok), Median(s => s.Span), Median(s => s.Cadence), Median(s => s.Cpu));
        }
    }
}
