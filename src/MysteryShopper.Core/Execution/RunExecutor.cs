using MysteryShopper.Planning;

namespace MysteryShopper.Execution;

/// <summary>Runs a run's probes, <c>parallel</c> at a time; the records come back in plan order.</summary>
public static class RunExecutor
{
    public static async Task<IReadOnlyList<ProbeRecord>> RunAsync(IReadOnlyList<Probe> probes, ProbeRunner runner, int parallel, CancellationToken cancellationToken)
    {
        var records = new ProbeRecord[probes.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, probes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken },
            async (i, ct) => records[i] = await runner.RunAsync(probes[i], ct));
        return records;
    }
}
