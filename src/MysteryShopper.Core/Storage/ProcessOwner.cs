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
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{pid}:{StartTicks(pid)}");

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

        return StartTicks(pid) is { Length: > 0 } start && start == parts[2];
    }

    private static string StartTicks(int pid)
    {
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
}
