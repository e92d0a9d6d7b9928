using MysteryShopper.Bots.Browser;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>A browser that dies while it starts is tried once more, then named in a clear error.</summary>
public class BrowserStartTests
{
    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task BrowserThatCrashesAtStart_IsTriedTwice_ThenAClearError()
    {
        var folder = TestPaths.NewScratch("crashing-browser");
        var starts = Path.Combine(folder, "starts");
        var executable = Path.Combine(folder, "chromium");
        await File.WriteAllTextAsync(executable, $"#!/bin/sh\necho started >> '{starts}'\nkill -SEGV $$\n");
        File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var error = Assert.ThrowsAsync<BrowserUnavailableException>(() =>
            PlaywrightBrowser.LaunchAsync(new BrowserOptions { ExecutablePath = executable }, Logger.None, CancellationToken.None))!;

        Assert.That(await File.ReadAllLinesAsync(starts), Has.Length.EqualTo(2));
        Assert.That(error.Message, Does.StartWith($"the browser at {executable} could not be started: "));
        Assert.That(error.Message, Does.Contain("apt-get install chromium-headless-shell chromium"));
    }
}
