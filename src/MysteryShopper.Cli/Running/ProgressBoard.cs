using System.Globalization;
using MysteryShopper.Pipeline;

namespace MysteryShopper.Cli.Running;

/// <summary>One company's probes by where they stand.</summary>
public sealed record CompanyProgress(string TargetName, int Planned, int Running, int Awaiting, int Passed, int Failed, int Stopped, int Skipped)
{
    /// <summary>Finished here: passed, failed or stopped (awaiting ones finish in <c>collect</c>).</summary>
    public int Done => Passed + Failed + Stopped;

    /// <summary>The probes the run works on (not the skipped ones).</summary>
    public int Total => Planned + Running + Awaiting + Done;
}

/// <summary>
/// The run's probes as the console shows them while it works: each probe's latest state, counted per company, with the
/// time since the run started (from a <see cref="TimeProvider"/>, so tests can hold the clock). Thread-safe: probes
/// report from their own tasks.
/// </summary>
public sealed class ProgressBoard(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly long _started = time.GetTimestamp();
    private readonly Dictionary<string, ProbeProgress> _probes = new(StringComparer.Ordinal);

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    /// <summary>Records <paramref name="progress"/>; returns the counts over all companies after it.</summary>
    public CompanyProgress Apply(ProbeProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_lock)
        {
            _probes[progress.Token.Length > 0 ? progress.Token : progress.ProbeId] = progress;
            return Count("all", _probes.Values);
        }
    }

    /// <summary>Each company's counts, in the order its first probe was reported (the plan's order: own first).</summary>
    public IReadOnlyList<CompanyProgress> Companies()
    {
        lock (_lock)
        {
            return _probes.Values.GroupBy(p => p.TargetName, StringComparer.Ordinal).Select(g => Count(g.Key, g)).ToList();
        }
    }

    /// <summary>The counts over all companies.</summary>
    public CompanyProgress Total()
    {
        lock (_lock)
        {
            return Count("all", _probes.Values);
        }
    }

    /// <summary>"[00:12] Brightwave · presales-contact: passed (3/9 done)": the plain line of one change, for CI logs.</summary>
    public string Line(ProbeProgress progress, CompanyProgress total)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(total);
        var state = progress.State.ToString().ToLowerInvariant();
        // Only a skip's reason (the politeness limit) is shown: a failure's may quote a page, and the summary shows it redacted.
        var reason = progress.State is ProgressState.Skipped && progress.Reason is { Length: > 0 } why ? $": {FirstLine(why)}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"[{Clock(Elapsed)}] {progress.TargetName} · {progress.Scenario}: {state}{reason} ({total.Done}/{total.Total} done")
            + (total.Awaiting > 0 ? string.Create(CultureInfo.InvariantCulture, $", {total.Awaiting} awaiting") : "") + ")";
    }

    /// <summary>"00:12", or "1:02:03" past an hour.</summary>
    public static string Clock(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours}:{elapsed.Minutes:00}:{elapsed.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{elapsed.Minutes:00}:{elapsed.Seconds:00}");

    private static CompanyProgress Count(string name, IEnumerable<ProbeProgress> probes)
    {
        var states = probes.Select(p => p.State).ToList();
        int Of(ProgressState state) => states.Count(s => s == state);
        return new CompanyProgress(name, Of(ProgressState.Planned), Of(ProgressState.Running), Of(ProgressState.Awaiting), Of(ProgressState.Passed),
            Of(ProgressState.Failed), Of(ProgressState.Stopped), Of(ProgressState.Skipped));
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');
}

/// <summary>Plain progress: one line per probe state change, for output that is not a terminal (CI, a file, a pipe).</summary>
public sealed class PlainProgress(TextWriter output, TimeProvider time) : IProgress<ProbeProgress>
{
    private readonly Lock _lock = new();

    public ProgressBoard Board { get; } = new(time);

    public void Report(ProbeProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // A plan of 500 probes is one summary line, not 500 "planned" lines.
        var total = Board.Apply(value);
        if (value.State == ProgressState.Planned)
        {
            return;
        }

        lock (_lock)
        {
            output.WriteLine(Board.Line(value, total));
        }
    }
}
