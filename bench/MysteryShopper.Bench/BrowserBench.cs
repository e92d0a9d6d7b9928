using System.Globalization;
using Microsoft.Playwright;
using MysteryShopper.Pipeline;
using MysteryShopper.DemoSites;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Bench;

/// <summary>
/// Per-probe figures of one way of running the journey, one probe at a time: wall time by phase (probes that broke
/// left out), and the CPU time the whole process tree used over the counted probes.
/// </summary>
public sealed record Overhead(string Name, IReadOnlyList<Phases> Probes, int Broken, string? FirstFailure, TimeSpan Cpu, int CpuProbes)
{
    public Stats Stats => Stats.Of(Probes.Select(p => p.Total));

    public TimeSpan CpuPerProbe => CpuProbes == 0 ? TimeSpan.Zero : Cpu / CpuProbes;

    public TimeSpan MeanOf(Func<Phases, TimeSpan> phase) =>
        Probes.Count == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Probes.Average(p => phase(p).TotalMilliseconds));

    public static Overhead Combine(string name, IReadOnlyList<Overhead> blocks) => new(
        name,
        blocks.SelectMany(b => b.Probes).ToList(),
        blocks.Sum(b => b.Broken),
        blocks.Select(b => b.FirstFailure).FirstOrDefault(f => f is not null),
        blocks.Aggregate(TimeSpan.Zero, (sum, b) => sum + b.Cpu),
        blocks.Sum(b => b.CpuProbes));
}

/// <summary>
/// One whole <see cref="RunPipeline"/> at one <c>--parallel</c> setting. <c>CpuPerProbe</c> is the process tree's CPU
/// time per probe in the steady state: from the first probe's end to the last one's, read while Chromium runs (once it
/// has exited, its renderers' time is lost with the orphaned zygote).
/// </summary>
public sealed record Throughput(int Parallel, int Probes, int Broken, TimeSpan Wall, TimeSpan ProbeSpan, TimeSpan CpuPerProbe, string? FirstFailure)
{
    /// <summary>Probes over the whole session: demo start, browser start, probes, judging, reports.</summary>
    public double PerMinute => Probes / Wall.TotalMinutes;

    /// <summary>Probes from the first probe's start to the last one's end.</summary>
    public double ProbesOnlyPerMinute => Probes / ProbeSpan.TotalMinutes;

    /// <summary>What that CPU use allows on this machine with nothing else running: every core busy with probes.</summary>
    public double CpuCeilingPerMinute => Environment.ProcessorCount * 60 / CpuPerProbe.TotalSeconds;
}

public sealed record Round(
    int Number,
    Overhead Baseline,
    Overhead Traced,
    Overhead Untraced,
    Overhead Lean,
    IReadOnlyList<Throughput> Throughput,
    TreeMemory MemoryBefore,
    TreeMemory MemoryPeak,
    string LoadBefore,
    string LoadAfter);

/// <summary>
/// The browser bot's benchmark: per-probe overhead of mshop against a hand-written Playwright program, throughput at
/// several <c>--parallel</c> settings, and peak resident memory at the highest one; all against the demo companies.
/// </summary>
public static class BrowserBench
{
    private const string Persona = "Alex Morgan";
    private const double RatioGoal = 1.10;
    private const double ThroughputGoal = 60;
    private const long MemoryGoal = 3L << 29; // 1.5 GiB

    private enum Variant
    {
        Baseline,
        Traced,
        Untraced,
        Lean,
    }

    private static readonly Dictionary<Variant, string> Names = new()
    {
        [Variant.Baseline] = "Playwright baseline",
        [Variant.Traced] = "mshop, Trace = true",
        [Variant.Untraced] = "mshop, Trace = false",
        [Variant.Lean] = "mshop, no evidence",
    };

    public static async Task RunAsync(BenchSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var machine = Machine.Describe();
        var scratch = Path.Combine(Path.GetTempPath(), "mshop-bench-" + Planner.NewToken()[..8]);
        Directory.CreateDirectory(scratch);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"MysteryShopper browser-bot benchmark, {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC, {(settings.Quick ? "quick" : "full")}, {settings.Rounds} round(s), demo time scale {settings.TimeScale}"));
        await output.WriteLineAsync($"scratch folder: {scratch}");
        try
        {
            await using var demo = await DemoCompanies.StartAsync(
                new DemoOptions { MaildirPath = Path.Combine(scratch, "baseline-mail"), TimeScale = settings.TimeScale }, cancellationToken);
            var site = demo["brightwave"].Url;
            var overheadSuite = MshopRuns.Load(MshopRuns.Scenario(["brightwave"], 1 + settings.ProbesPerBlock));

            // Warm up: JIT, disk caches, Chromium's first start; nothing here is counted.
            await output.WriteLineAsync($"warm-up: {settings.Warmup} baseline probes, {settings.Warmup} mshop probes");
            var chromium = (await RunBaselineAsync(0, settings.Warmup, 0, site, time, cancellationToken)).Chromium;
            await MshopRuns.RunAsync(MshopRuns.Load(MshopRuns.Scenario(["brightwave"], settings.Warmup)), Settings(Path.Combine(scratch, "warm-up"), settings) with { Parallel = 1 }, time, cancellationToken);

            var rounds = new List<Round>();
            for (var number = 1; number <= settings.Rounds; number++)
            {
                rounds.Add(await RunRoundAsync(number, settings, site, overheadSuite, scratch, time, output, cancellationToken));
            }

            await PrintSummaryAsync(settings, rounds, machine, chromium, output);
        }
        finally
        {
            if (settings.Keep)
            {
                await output.WriteLineAsync($"run folders kept in {scratch}");
            }
            else
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static async Task<Round> RunRoundAsync(
        int number, BenchSettings settings, Uri site, Suite overheadSuite, string scratch, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync();
        var loadBefore = Machine.LoadAverage();
        await output.WriteLineAsync($"Round {number} (load average {loadBefore})");

        // 1. Overhead, one probe at a time, in blocks that take turns.
        var blocks = Enum.GetValues<Variant>().ToDictionary(v => v, _ => new List<Overhead>());
        Variant[] order = [Variant.Baseline, Variant.Traced, Variant.Untraced, Variant.Lean];
        for (var block = 0; block < settings.Blocks; block++)
        {
            foreach (var variant in order.Skip(block % order.Length).Concat(order.Take(block % order.Length)))
            {
                var outputRoot = Path.Combine(scratch, $"r{number}-b{block}-{variant}");
                blocks[variant].Add(variant == Variant.Baseline
                    ? (await RunBaselineAsync(number * 100 + block, 1, settings.ProbesPerBlock, site, time, cancellationToken)).Overhead
                    : await RunMshopAsync(variant, overheadSuite, Settings(outputRoot, settings) with
                    {
                        Parallel = 1,
                        Trace = variant == Variant.Traced,
                        FailureScreenshotsOnly = variant == Variant.Lean,
                    }, time, cancellationToken));
            }
        }

        var overhead = blocks.ToDictionary(b => b.Key, b => Overhead.Combine(Names[b.Key], b.Value));
        foreach (var variant in order)
        {
            await PrintOverheadAsync(output, overhead[variant]);
        }

        // 2. Throughput at each --parallel, and 3. memory during the highest one.
        var throughputSuite = MshopRuns.Load(MshopRuns.Scenario(["brightwave", "corvid"], settings.ThroughputProbes / 2));
        var throughput = new List<Throughput>();
        var memoryBefore = TreeMemory.Zero;
        var memoryPeak = TreeMemory.Zero;
        var highest = settings.ParallelSettings.Max();
        foreach (var parallel in settings.ParallelSettings)
        {
            var runSettings = Settings(Path.Combine(scratch, $"r{number}-p{parallel}"), settings) with { Parallel = parallel };
            MemorySampler? sampler = null;
            if (parallel == highest)
            {
                memoryBefore = ProcessTree.Memory();
                sampler = MemorySampler.Start(time);
            }

            var run = await MshopRuns.RunAsync(throughputSuite, runSettings, time, cancellationToken);
            if (sampler is not null)
            {
                memoryPeak = await sampler.StopAsync();
                await sampler.DisposeAsync();
            }

            var ends = run.CpuAtProbeEnds;
            var cpuPerProbe = ends.Count > 1 ? (ends[^1] - ends[0]) / (ends.Count - 1) : TimeSpan.Zero;
            var result = new Throughput(parallel, run.Result.Probes.Count, run.Broken.Count, run.Wall, run.ProbeSpan, cpuPerProbe, run.FirstFailure);
            throughput.Add(result);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  --parallel {parallel}: {result.Probes} probes in {Format.Seconds(result.Wall)} = {result.PerMinute:0} probes/min (probes alone: {Format.Seconds(result.ProbeSpan)}, {result.ProbesOnlyPerMinute:0}/min), CPU {Format.Ms(result.CpuPerProbe)}/probe{Broken(result.Broken, result.FirstFailure)}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  memory, this process and its descendants: before the --parallel {highest} run {Format.Bytes(memoryBefore.RssBytes)} ({memoryBefore.Processes} processes), peak during it {Format.Bytes(memoryPeak.RssBytes)} ({memoryPeak.Processes} processes) as sums of VmRSS; {Format.Bytes(memoryBefore.PssBytes)} and {Format.Bytes(memoryPeak.PssBytes)} as sums of Pss"));
        return new Round(number, overhead[Variant.Baseline], overhead[Variant.Traced], overhead[Variant.Untraced], overhead[Variant.Lean], throughput, memoryBefore, memoryPeak, loadBefore, Machine.LoadAverage());
    }

    private static RunSettings Settings(string outputRoot, BenchSettings settings) => new()
    {
        OutputRoot = outputRoot,
        DemoTimeScale = settings.TimeScale,
    };

    /// <summary>One baseline block: launch, <paramref name="warmup"/> uncounted probes, <paramref name="probes"/> counted ones.</summary>
    private static async Task<(Overhead Overhead, string Chromium)> RunBaselineAsync(
        int block, int warmup, int probes, Uri site, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var baseline = await Baseline.LaunchAsync(time);
        var counted = new List<Phases>();
        var broken = 0;
        string? failure = null;
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < warmup + probes; i++)
        {
            if (i == warmup)
            {
                cpu = ProcessTree.CpuTime();
            }

            try
            {
                var phases = await baseline.ProbeAsync(site, Persona, $"bench-baseline-{block}-{i}@inbox.mshop.test", cancellationToken);
                if (i >= warmup)
                {
                    counted.Add(phases);
                }
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                broken++;
                failure ??= e.Message.Split('\n')[0];
            }
        }

        cpu = ProcessTree.CpuTime() - cpu;
        return (new Overhead(Names[Variant.Baseline], counted, broken, failure, cpu, probes), baseline.Version);
    }

    /// <summary>One mshop block: a run of one warm-up probe and the counted ones, one at a time.</summary>
    private static async Task<Overhead> RunMshopAsync(Variant variant, Suite suite, RunSettings runSettings, TimeProvider time, CancellationToken cancellationToken)
    {
        var run = await MshopRuns.RunAsync(suite, runSettings, time, cancellationToken);
        var counted = run.ByStart.Skip(1).ToList();
        var ends = run.CpuAtProbeEnds;
        var (cpu, cpuProbes) = ends.Count == run.Result.Probes.Count && ends.Count > 1 ? (ends[^1] - ends[0], ends.Count - 1) : (TimeSpan.Zero, 0);
        return new Overhead(
            Names[variant],
            counted.Where(p => p.Record.JourneyCompleted).Select(p => Phases.FromRecord(p.Record)).ToList(),
            run.Broken.Count,
            run.FirstFailure,
            cpu,
            cpuProbes);
    }

    private static Task PrintOverheadAsync(TextWriter output, Overhead overhead)
    {
        var stats = overhead.Stats;
        return output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {overhead.Name}: {stats.Count} probes, median {Format.Ms(stats.Median)}, p90 {Format.Ms(stats.P90)}, CPU {Format.Ms(overhead.CpuPerProbe)}/probe{Broken(overhead.Broken, overhead.FirstFailure)}"));
    }

    private static string Broken(int broken, string? failure) => broken == 0 ? "" : $"; {broken} BROKE, first: {failure}";

    private static async Task PrintSummaryAsync(BenchSettings settings, List<Round> rounds, Machine machine, string chromium, TextWriter output)
    {
        // Other work may share the machine: each figure is the best of the rounds (the lowest time, the highest rate);
        // memory is the highest peak of the rounds, the cautious side.
        var baseline = rounds.Select(r => r.Baseline).MinBy(o => o.Stats.Median)!;
        var traced = rounds.Select(r => r.Traced).MinBy(o => o.Stats.Median)!;
        var untraced = rounds.Select(r => r.Untraced).MinBy(o => o.Stats.Median)!;
        var lean = rounds.Select(r => r.Lean).MinBy(o => o.Stats.Median)!;
        var baselineCpu = rounds.Min(r => r.Baseline.CpuPerProbe);
        var tracedCpu = rounds.Min(r => r.Traced.CpuPerProbe);
        var untracedCpu = rounds.Min(r => r.Untraced.CpuPerProbe);
        var leanCpu = rounds.Min(r => r.Lean.CpuPerProbe);
        var throughput = settings.ParallelSettings
            .Select(p => rounds.Select(r => r.Throughput.Single(t => t.Parallel == p)).MaxBy(t => t.PerMinute)!)
            .ToList();
        var memory = rounds.MaxBy(r => r.MemoryPeak.PssBytes)!;
        var best = throughput.MaxBy(t => t.PerMinute)!;
        var highest = settings.ParallelSettings.Max();

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Summary ({(rounds.Count == 1 ? "one round" : $"best of {rounds.Count} rounds")})");
        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Machine: {machine.Processors} CPUs ({machine.Cpu}), {Format.Bytes(machine.MemoryBytes)} RAM, {machine.System}, Chromium {chromium}, {machine.Runtime}"));
        await output.WriteLineAsync($"Load average (1 min) before/after each round: {string.Join("; ", rounds.Select(r => $"{r.LoadBefore}/{r.LoadAfter}"))}");
        await output.WriteLineAsync();

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Per probe, newsletter journey on Brightwave, one at a time ({settings.Blocks} blocks of {settings.ProbesPerBlock} probes per run, taking turns; CPU = all processes of the tree):"));
        var overheads = new[] { (baseline, baselineCpu), (traced, tracedCpu), (untraced, untracedCpu), (lean, leanCpu) };
        foreach (var line in Format.Table(
            ["run", "probes", "median", "p90", "mean", "median vs baseline", "CPU/probe", "CPU vs baseline"],
            overheads.Select(o => (IReadOnlyList<string>)[
                o.Item1.Name, o.Item1.Stats.Count.ToString(CultureInfo.InvariantCulture), Format.Ms(o.Item1.Stats.Median), Format.Ms(o.Item1.Stats.P90), Format.Ms(o.Item1.Stats.Mean),
                Format.Ratio(Ratio(o.Item1, baseline)), Format.Ms(o.Item2), Format.Ratio(o.Item2 / baselineCpu)])))
        {
            await output.WriteLineAsync("  " + line);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("Where the wall time goes (mean per probe, by phase; phases add up to the whole probe):");
        foreach (var line in Format.Table(
            ["phase", "baseline", "mshop", "mshop, Trace = false", "mshop, no evidence", "mshop - baseline"],
            Phases.All.Select(p => (IReadOnlyList<string>)[
                    p.Name, Format.Ms(baseline.MeanOf(p.Of)), Format.Ms(traced.MeanOf(p.Of)), Format.Ms(untraced.MeanOf(p.Of)), Format.Ms(lean.MeanOf(p.Of)), Format.Ms(traced.MeanOf(p.Of) - baseline.MeanOf(p.Of))])
                .Append(["total", Format.Ms(baseline.Stats.Mean), Format.Ms(traced.Stats.Mean), Format.Ms(untraced.Stats.Mean), Format.Ms(lean.Stats.Mean), Format.Ms(traced.Stats.Mean - baseline.Stats.Mean)])))
        {
            await output.WriteLineAsync("  " + line);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Throughput, {settings.ThroughputProbes} probes per setting (Brightwave and Corvid), over the whole RunPipeline wall time (demo start, browser start, probes, judging, reports):"));
        foreach (var line in Format.Table(
            ["--parallel", "probes", "session", "probes/min", "probes alone", "probes/min (probes alone)", "CPU/probe (steady)", "CPU ceiling (idle machine)", "broken"],
            throughput.Select(t => (IReadOnlyList<string>)[
                t.Parallel.ToString(CultureInfo.InvariantCulture), t.Probes.ToString(CultureInfo.InvariantCulture), Format.Seconds(t.Wall), Format.Number(t.PerMinute, 0),
                Format.Seconds(t.ProbeSpan), Format.Number(t.ProbesOnlyPerMinute, 0), Format.Ms(t.CpuPerProbe), Format.Number(t.CpuCeilingPerMinute, 0) + "/min", t.Broken.ToString(CultureInfo.InvariantCulture)])))
        {
            await output.WriteLineAsync("  " + line);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Memory during the --parallel {highest} run (this process and all descendants, sampled every 100 ms): sum of VmRSS before {Format.Bytes(memory.MemoryBefore.RssBytes)} ({memory.MemoryBefore.Processes} processes), peak {Format.Bytes(memory.MemoryPeak.RssBytes)} ({memory.MemoryPeak.Processes} processes); sum of Pss (shared pages counted once) before {Format.Bytes(memory.MemoryBefore.PssBytes)}, peak {Format.Bytes(memory.MemoryPeak.PssBytes)}"));

        var ratio = Ratio(traced, baseline);
        var cpuRatio = tracedCpu / baselineCpu;
        var anyBroken = rounds.Sum(r => r.Baseline.Broken + r.Traced.Broken + r.Untraced.Broken + r.Lean.Broken + r.Throughput.Sum(t => t.Broken));
        await output.WriteLineAsync();
        await output.WriteLineAsync("Results:");
        foreach (var line in Format.Table(
            ["figure", "value", "goal", "met?"],
            [
                ["per-probe wall time, median, mshop / baseline", $"{Format.Ms(traced.Stats.Median)} / {Format.Ms(baseline.Stats.Median)} = {Format.Ratio(ratio)}", "<= 1.10×", Met(ratio <= RatioGoal)],
                ["per-probe wall time, p90, mshop / baseline", $"{Format.Ms(traced.Stats.P90)} / {Format.Ms(baseline.Stats.P90)} = {Format.Ratio(traced.Stats.P90 / baseline.Stats.P90)}", "", ""],
                ["per-probe wall time, median, mshop Trace = false / baseline", $"{Format.Ms(untraced.Stats.Median)} / {Format.Ms(baseline.Stats.Median)} = {Format.Ratio(Ratio(untraced, baseline))}", "(what tracing costs)", ""],
                ["per-probe wall time, median, mshop no evidence / baseline", $"{Format.Ms(lean.Stats.Median)} / {Format.Ms(baseline.Stats.Median)} = {Format.Ratio(Ratio(lean, baseline))}", "(--trace off --screenshots failures)", Met(Ratio(lean, baseline) <= RatioGoal)],
                ["per-probe CPU time, mshop / baseline", $"{Format.Ms(tracedCpu)} / {Format.Ms(baselineCpu)} = {Format.Ratio(cpuRatio)}", "(same goal, by CPU)", Met(cpuRatio <= RatioGoal)],
                ["per-probe CPU time, mshop Trace = false / baseline", $"{Format.Ms(untracedCpu)} / {Format.Ms(baselineCpu)} = {Format.Ratio(untracedCpu / baselineCpu)}", "", ""],
                ["per-probe CPU time, mshop no evidence / baseline", $"{Format.Ms(leanCpu)} / {Format.Ms(baselineCpu)} = {Format.Ratio(leanCpu / baselineCpu)}", "", ""],
                ["CPU ceiling of the baseline on this machine", $"{Format.Number(Environment.ProcessorCount * 60 / baselineCpu.TotalSeconds, 0)} probes/min", "(nproc × 60 s / its CPU per probe)", ""],
                [$"throughput, best setting (--parallel {best.Parallel})", $"{Format.Number(best.PerMinute, 0)} probes/min", ">= 60 probes/min", Met(best.PerMinute >= ThroughputGoal)],
                [$"peak resident memory, --parallel {highest} (sum of Pss: each page once)", Format.Bytes(memory.MemoryPeak.PssBytes), "< 1.5 GiB", Met(memory.MemoryPeak.PssBytes < MemoryGoal)],
                [$"peak memory, --parallel {highest} (sum of VmRSS: shared pages once per process)", Format.Bytes(memory.MemoryPeak.RssBytes), "(upper bound)", ""],
                ["probes whose journey broke", anyBroken.ToString(CultureInfo.InvariantCulture), "0", Met(anyBroken == 0)],
            ]))
        {
            await output.WriteLineAsync("  " + line);
        }
    }

    private static double Ratio(Overhead overhead, Overhead baseline) =>
        baseline.Stats.Median == TimeSpan.Zero ? double.NaN : overhead.Stats.Median / baseline.Stats.Median;

    private static string Met(bool met) => met ? "yes" : "NO";
}
