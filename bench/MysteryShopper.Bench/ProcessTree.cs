using System.Globalization;

namespace MysteryShopper.Bench;

/// <summary>
/// Resident memory of a process tree at one moment: the sum of VmRSS over its processes, the sum of their proportional
/// set sizes (shared pages divided among the processes sharing them), and how many processes there were.
/// </summary>
public readonly record struct TreeMemory(long RssBytes, long PssBytes, int Processes)
{
    public static TreeMemory Zero => new(0, 0, 0);
}

/// <summary>
/// This process and all its descendants (the Playwright node driver, Chromium and its renderers), read from /proc.
/// </summary>
public static class ProcessTree
{
    /// <summary>Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) on every common architecture.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>This process and its descendants, now.</summary>
    public static IReadOnlyList<int> Members()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat
                && int.TryParse(stat[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var members = new List<int>();
        var pending = new Stack<int>([Environment.ProcessId]);
        while (pending.TryPop(out var pid))
        {
            members.Add(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Push(child);
            }
        }

        return members;
    }

    public static TreeMemory Memory()
    {
        var members = Members();
        return new TreeMemory(
            members.Sum(pid => Kib(pid, "status", "VmRSS:")),
            members.Sum(pid => Kib(pid, "smaps_rollup", "Pss:")),
            members.Count);
    }

    /// <summary>
    /// CPU time (user and system) the tree has used so far: each live process's own, plus what its ended children used
    /// (cutime, cstime), so Chromium renderers that came and went still count. Differences between two readings are
    /// what the tree used in between.
    /// </summary>
    public static TimeSpan CpuTime()
    {
        long ticks = 0;
        foreach (var pid in Members())
        {
            if (Stat(pid) is { } stat)
            {
                // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
                ticks += Enumerable.Range(11, 4).Sum(i => long.TryParse(stat[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t) ? t : 0);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The fields of /proc/PID/stat after the command name (which is in parentheses and may hold spaces).</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // The process ended while the tree was read.
            return null;
        }
    }

    /// <summary>A "Key:   123 kB" line of /proc/PID/FILE, in bytes; 0 when the process is gone.</summary>
    private static long Kib(int pid, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/{file}"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var kib = line[key.Length..].Trim().Split(' ')[0];
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process ended while it was read.
        }

        return 0;
    }
}
