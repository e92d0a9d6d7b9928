using System.Diagnostics;
using System.Globalization;
using MysteryShopper.Storage;

namespace MysteryShopper.Tests.Storage;

public class ProcessOwnerTests
{
    [Test]
    [Platform("Linux")]
    public async Task Describe_OtherProcess_IsWhatAnyProcessReadsOfIt()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        try
        {
            var owner = ProcessOwner.Describe(sleeper.Id);

            // Another process reads the same start (a .NET StartTime differs between processes by fractions of a millisecond).
            using var awk = Process.Start(new ProcessStartInfo("sh", ["-c", $"cut -d')' -f2- /proc/{sleeper.Id}/stat | cut -d' ' -f21"]) { RedirectStandardOutput = true })!;
            var start = (await awk.StandardOutput.ReadToEndAsync()).Trim();
            await awk.WaitForExitAsync();
            Assert.That(owner, Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{sleeper.Id}:j{start}")));
            Assert.That(ProcessOwner.IsAlive(owner), Is.True);
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }

        Assert.That(ProcessOwner.IsAlive(ProcessOwner.Describe(sleeper.Id)), Is.False, "a process that has ended");
    }

    [Test]
    public void IsAlive_SamePidStartedAtAnotherTime_IsFalse()
    {
        var current = ProcessOwner.Current.Split(':');

        Assert.That(ProcessOwner.IsAlive($"{current[0]}:{current[1]}:j1"), Is.False, "a reused pid");
        Assert.That(ProcessOwner.IsAlive(ProcessOwner.Current), Is.True);
        Assert.That(ProcessOwner.IsAlive(null), Is.False);
    }
}
