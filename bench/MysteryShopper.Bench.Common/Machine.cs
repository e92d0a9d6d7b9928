using System.Globalization;
using System.Runtime.InteropServices;

namespace MysteryShopper.Bench.Common;

/// <summary>What the figures were measured on.</summary>
public sealed record Machine(int Processors, string Cpu, long MemoryBytes, string System, string Runtime)
{
    public static Machine Describe() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        (long.TryParse(FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : 0) * 1024,
        OsName(),
        RuntimeInformation.FrameworkDescription);

    /// <summary>The 1-minute load average: how busy the machine was apart from this benchmark.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Processors} cores (nproc, {Cpu}), {MemoryBytes / (double)(1L << 30):0.0} GiB memory, {System}, {Runtime}");

    private static string OsName()
    {
        var pretty = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            : null;
        return pretty is null ? RuntimeInformation.OSDescription : pretty["PRETTY_NAME=".Length..].Trim('"');
    }

    private static string? FirstValue(string file, string key) => File.Exists(file)
        ? File.ReadLines(file)
            .Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault()
        : null;
}
