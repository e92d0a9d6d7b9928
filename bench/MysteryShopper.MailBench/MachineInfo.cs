using System.Globalization;
using System.Runtime.InteropServices;

namespace MysteryShopper.MailBench;

/// <summary>What the figures were measured on.</summary>
public sealed record MachineInfo(int Processors, long MemoryBytes, string System, string Runtime, string Dovecot, string Postfix)
{
    public static async Task<MachineInfo> DescribeAsync()
    {
        var (dovecot, postfix) = await MailServerProcess.VersionsAsync();
        var kib = FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        return new MachineInfo(
            Environment.ProcessorCount,
            long.TryParse(kib, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * 1024 : 0,
            OsName(),
            RuntimeInformation.FrameworkDescription,
            dovecot,
            postfix);
    }

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

    public override string ToString() =>
        $"{Processors} cores (nproc), {Format.GiB(MemoryBytes)} memory, {System}, {Runtime}, Dovecot {Dovecot}, Postfix {Postfix}";

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
