using System.Diagnostics;
using System.Globalization;
using MysteryShopper.Pipeline;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>A browser killed in the middle of a run is replaced: the probes after it still run.</summary>
[NonParallelizable]
public class BrowserCrashTests
{
    [Test]
    public async Task BrowserKilledMidRun_IsStartedAgain_AndTheLaterProbesRun()
    {
        var killed = KillBrowserOnceAsync(after: TimeSpan.FromSeconds(1.5));
        var outcome = await DemoSuite.RunAsync("""
            name: crash
            targets: [brightwave]
            questions:
              - text: "first"
              - text: "second"
              - text: "third"
            journey:
              - goto: "{target.url}/newsletter"
              - wait: 1s
              - expect_text: "Newsletter"
            """, new RunSettings { Parallel = 1, Trace = false });
        var pid = await killed;

        Assert.That(pid, Is.Not.Null, "a browser process was found and killed");
        var probes = outcome.Result.Probes.OrderBy(p => p.Record.StartedAt).ToList();
        Assert.That(probes, Has.Count.EqualTo(3));
        Assert.That(probes[^1].Record.JourneyCompleted, Is.True, probes[^1].Record.Failure?.ToString());
        Assert.That(probes.Count(p => p.Record.JourneyCompleted), Is.GreaterThanOrEqualTo(2), "only the probe the kill hit may fail");
        Assert.That(await File.ReadAllTextAsync(Path.Combine(outcome.Directory, "log.clef")), Does.Contain("The browser went away; starting a new one"));
    }

    /// <summary>Waits for this process's Chromium browser process (not a renderer), kills it, and returns its PID.</summary>
    private static async Task<int?> KillBrowserOnceAsync(TimeSpan after)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (Descendants().FirstOrDefault(IsBrowserProcess) is var pid and > 0)
            {
                await Task.Delay(after);
                Process.GetProcessById(pid).Kill();
                return pid;
            }

            await Task.Delay(50);
        }

        return null;
    }

    private static bool IsBrowserProcess(int pid)
    {
        try
        {
            var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return command.Contains("--remote-debugging-pipe", StringComparison.Ordinal) && !command.Contains("--type=", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static IEnumerable<int> Descendants()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // Gone while the list was read.
            }
        }

        foreach (var pid in parents.Keys)
        {
            for (var ancestor = parents.GetValueOrDefault(pid); ancestor > 1; ancestor = parents.GetValueOrDefault(ancestor))
            {
                if (ancestor == Environment.ProcessId)
                {
                    yield return pid;
                    break;
                }
            }
        }
    }
}
