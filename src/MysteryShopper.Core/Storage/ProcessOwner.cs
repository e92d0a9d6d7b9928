using System.Diagnostics;
using System.Globalization;

namespace MysteryShopper.Storage;

/// <summary>
/// Who has a probe: <c>host:pid:start</c>. A probe owned by a process that no longer runs (killed, crashed) is an
/// orphan that <c>collect</c> takes over; the start time tells a reused pid from the process that owned it.
/// </summary>
public static class ProcessOwner
{
    public static readonly string Current = Describe(Environment.ProcessId);

    public static string Describe(int pid) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{pid}:{StartOf(pid)}");

    /// <summary>True when <paramref name="owner"/> is a process on this machine that still runs (or on another machine: assumed alive).</summary>
    public static bool IsAlive(string? owner)
    {
        if (owner is null)
        {
            return false;
        }

        var parts = owner.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (parts[0] != Environment.MachineName)
        {
            return true;
        }

        return StartOf(pid) is { Length: > 0 } start && SameStart(start, parts[2]);
    }

    // On Linux, the start in clock ticks since boot from /proc/PID/stat: every process reads the same number. Elsewhere
    // Process.StartTime, which .NET derives from a boot time each process computes for itself (two processes see one
    // process's start a fraction of a millisecond apart), so those are compared to within a second.
    private static string StartOf(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, starttime field 22.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields.Length > 19 ? "j" + fields[19] : "";
            }
            catch (IOException)
            {
                return "";
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? "" : process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    private static bool SameStart(string now, string stored) =>
        now == stored
        || (long.TryParse(now, CultureInfo.InvariantCulture, out var a) && long.TryParse(stored, CultureInfo.InvariantCulture, out var b) && Math.Abs(a - b) < TimeSpan.TicksPerSecond);
}
