namespace MysteryShopper.Bench;

/// <summary>
/// Samples the resident memory of this process and all its descendants every 100 ms and keeps the peak. The sum of
/// Pss (from /proc/PID/smaps_rollup) counts each resident page once, shared ones divided among the processes sharing
/// them: what the tree holds. The sum of VmRSS counts pages that Chromium's processes share (its binary, the zygote's
/// copy-on-write pages) once per process, so it overstates that: an upper bound, kept beside it.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TreeMemory _peak = TreeMemory.Zero;
    private long _peakPss;

    private MemorySampler(TimeSpan interval, TimeProvider time)
    {
        _loop = Task.Run(() => SampleAsync(interval, time, _stop.Token));
    }

    /// <summary>The sample with the highest RSS sum, and the highest PSS sum of any sample (which may be another one).</summary>
    public TreeMemory Peak => _peak with { PssBytes = _peakPss };

    public static MemorySampler Start(TimeProvider time) => new(TimeSpan.FromMilliseconds(100), time);

    /// <summary>Stops sampling and returns the peak.</summary>
    public async Task<TreeMemory> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        return Peak;
    }

    private async Task SampleAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            var sample = ProcessTree.Memory();
            _peakPss = Math.Max(_peakPss, sample.PssBytes);
            if (sample.RssBytes > _peak.RssBytes)
            {
                _peak = sample;
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
