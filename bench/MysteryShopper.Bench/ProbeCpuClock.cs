using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace MysteryShopper.Bench;

/// <summary>
/// A log sink given to <c>RunPipeline</c> as its console logger: when mshop logs that a probe finished, it reads the
/// process tree's CPU time. One probe at a time, the difference between two probes' readings is what the later probe
/// cost in CPU, read outside the probes' own wall time.
/// </summary>
public sealed class ProbeCpuClock : ILogEventSink
{
    private const string FinishedTemplate = "Probe {Probe} finished";

    private readonly ConcurrentQueue<TimeSpan> _readings = new();

    /// <summary>The tree's CPU time at the end of each probe, in the order the probes finished.</summary>
    public IReadOnlyList<TimeSpan> AtProbeEnds => [.. _readings];

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.MessageTemplate.Text.StartsWith(FinishedTemplate, StringComparison.Ordinal))
        {
            _readings.Enqueue(ProcessTree.CpuTime());
        }
    }
}
