using System.Globalization;

namespace MysteryShopper.Bench;

/// <summary>What one invocation measures, from its command line.</summary>
public sealed record BenchSettings
{
    public bool Quick { get; init; }

    /// <summary>Each measurement is repeated this often and the best round is reported (other work may share the machine).</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Keep the run folders (reports, screenshots, traces) instead of deleting them at the end.</summary>
    public bool Keep { get; init; }

    /// <summary>Multiplies the demo companies' own delays; small, so the sites' scripted slowness does not dominate.</summary>
    public double TimeScale { get; init; } = 0.05;

    /// <summary>Probes run and not counted before the first measurement, by mshop and by the baseline.</summary>
    public int Warmup => Quick ? 2 : 3;

    /// <summary>
    /// The overhead probes come in blocks that take turns (baseline, mshop, mshop without trace, mshop without evidence, in rotating order),
    /// so a burst of other work on the machine falls on all three alike. Each block starts its own browser and
    /// counts its probes after one warm-up probe.
    /// </summary>
    public int Blocks => Quick ? 2 : 5;

    public int ProbesPerBlock => Quick ? 4 : 6;
    public int OverheadProbes => Blocks * ProbesPerBlock;
    public int ThroughputProbes => Quick ? 8 : 60;
    public IReadOnlyList<int> ParallelSettings { get; init; } = [1, 2, 4, 8];
}

/// <summary>The command line: <c>[browser|all|durability|store-size|judge] [--quick] [--rounds N] [--keep] …</c>.</summary>
public static class BenchCommand
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/MysteryShopper.Bench -- [browser|all] [--quick] [--rounds N] [--keep]
               dotnet run -c Release --project bench/MysteryShopper.Bench -- durability --before DLL [--rounds N] [--blocks N] [--probes N]
               dotnet run -c Release --project bench/MysteryShopper.Bench -- store-size [--runs N]
               dotnet run -c Release --project bench/MysteryShopper.Bench -- judge [--messages N] [--rounds N]
               dotnet run -c Release --project bench/MysteryShopper.Bench -- report [--runs N] [--probes N]
               dotnet run -c Release --project bench/MysteryShopper.Bench -- evidence [--blocks N] [--probes N]

          browser     the browser bot: per-probe overhead against plain Playwright, throughput, memory (default)
          all         every benchmark (today: browser)
          durability  per-probe wall time and CPU of this build against another build's bench (DLL, e.g. a worktree of
                      9ede785, before the store), in alternating processes; --rounds N (default 3) rounds of both,
                      --blocks N (default 4) blocks of --probes N (default 8) counted probes per variant and process
          store-size  the store's size per probe for the example suite (scenarios/) against the demo companies, and the
                      share that is raw MIME; --runs N (default 5) runs into one store
          judge       the quality card's judging speed: --messages N (default 3000) synthetic messages of six kinds judged
                      on one thread with no network checks, in messages per second (goal ≥ 200); --rounds N (default 3)
          report      report.html from a store of --runs N (default 100) runs of --probes N (default 100) probes, copied
                      from one real run of the example suite: load time, render time and size (goals: < 3 s, < 10 MB)
          evidence    what each kind of evidence (trace with or without DOM snapshots, end screenshot as full-page PNG or
                      viewport JPEG) costs a probe in CPU against none; --blocks N (default 4) blocks taking turns of
                      --probes N (default 8) counted probes per way
          --quick     fewer probes (8 per figure, 1 round): a smoke test of the benchmark, not figures to quote
          --rounds N  repeat every measurement N times and report the best (default 2; 1 with --quick)
          --keep      keep the run folders (reports, screenshots, traces) under the temp folder
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var settings = new BenchSettings();
        int? rounds = null;
        var command = "browser";
        string? before = null;
        var blocks = 4;
        var probes = 8;
        int? runsGiven = null;
        int? probesGiven = null;
        var runs = 5;
        var messages = 3000;
        bool Number(int i, out int value)
        {
            value = 0;
            return i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
        }

        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "browser" or "all":
                    break;
                case "durability" or "durability-round" or "store-size" or "judge" or "report" or "evidence":
                    command = args[i];
                    break;
                case "--before" when i + 1 < args.Length:
                    before = args[++i];
                    break;
                case "--blocks" when Number(i, out var n):
                    blocks = n;
                    i++;
                    break;
                case "--probes" when Number(i, out var n):
                    probes = n;
                    probesGiven = n;
                    i++;
                    break;
                case "--runs" when Number(i, out var n):
                    runs = n;
                    runsGiven = n;
                    i++;
                    break;
                case "--messages" when Number(i, out var n):
                    messages = n;
                    i++;
                    break;
                case "--quick":
                    settings = settings with { Quick = true };
                    break;
                case "--keep":
                    settings = settings with { Keep = true };
                    break;
                case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    rounds = n;
                    i++;
                    break;
                case "-h" or "--help":
                    await output.WriteLineAsync(Usage);
                    return ExitCodes.Measured;
                default:
                    await Console.Error.WriteLineAsync($"unknown argument '{args[i]}'");
                    await Console.Error.WriteLineAsync(Usage);
                    return ExitCodes.Usage;
            }
        }

        settings = settings with { Rounds = rounds ?? (settings.Quick ? 1 : 2) };
        try
        {
            switch (command)
            {
                case "durability-round":
                    return await DurabilityBench.RoundAsync(blocks, probes, settings.TimeScale, output, cancellationToken);
                case "durability" when before is null:
                    await Console.Error.WriteLineAsync("durability needs --before DLL: the MysteryShopper.Bench.dll of the build to compare with");
                    return ExitCodes.Usage;
                case "durability":
                    return await DurabilityBench.CompareAsync(before!, rounds ?? 3, blocks, probes, output, cancellationToken);
                case "store-size":
                    return await StoreSizeBench.RunAsync(runs, settings.TimeScale, output, cancellationToken);
                case "judge":
                    return await JudgeBench.RunAsync(messages, rounds ?? 3, output, cancellationToken);
                case "report":
                    return await ReportBench.RunAsync(runsGiven ?? 100, probesGiven ?? 100, settings.TimeScale, output, cancellationToken);
                case "evidence":
                    return await EvidenceBench.RunAsync(blocks, probes, settings.TimeScale, output, cancellationToken);
            }

            await BrowserBench.RunAsync(settings, output, cancellationToken);
            return ExitCodes.Measured;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
    }
}
