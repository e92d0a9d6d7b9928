using System.Diagnostics;
using MysteryShopper.Pipeline;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>
/// <c>browser.connect</c>: probes run in a browser served by a Playwright browser server — npm's playwright-core
/// (the version matching Microsoft.Playwright) launching the system Chromium on loopback.
/// </summary>
[NonParallelizable]
public class RemoteBrowserTests
{
    private const string PlaywrightCore = "playwright-core@1.64.1";

    private Process? _server;
    private string _endpoint = "";

    [OneTimeSetUp]
    public async Task StartBrowserServer()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mshop-tests", "browser-server");
        Directory.CreateDirectory(folder);
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")))
        {
            var install = await RunAsync("npm", $"install --no-audit --no-fund --loglevel=error {PlaywrightCore}", folder);
            Assert.That(install.Exit, Is.Zero, $"npm install {PlaywrightCore} failed: {install.Output}");
        }

        var chromium = Bots.Browser.BrowserDiscovery.Find().Path!;
        var script = $$"""
            const { chromium } = require('playwright-core');
            chromium.launchServer({ executablePath: '{{chromium}}', host: '127.0.0.1', port: 0, headless: true,
              args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] })
              .then(server => console.log(server.wsEndpoint()));
            """;
        await File.WriteAllTextAsync(Path.Combine(folder, "server.js"), script);
        _server = Process.Start(new ProcessStartInfo("node", "server.js") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _endpoint = (await _server.StandardOutput.ReadLineAsync(timeout.Token))?.Trim() ?? "";
        Assert.That(_endpoint, Does.StartWith("ws://127.0.0.1:"), "the browser server's endpoint");
    }

    [OneTimeTearDown]
    public void StopBrowserServer()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
    }

    [Test]
    public async Task Run_WithConnect_ProbesThroughTheBrowserServer()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: remote
            targets: [brightwave, corvid]
            journey:
              - goto: "{target.url}/newsletter"
              - fill: { label: "Email", value: "{probe.email}" }
              - expect_text: "Newsletter"
            """, new RunSettings { Connect = _endpoint });

        Assert.That(outcome.Result.Probes.Select(p => p.Record.JourneyCompleted), Is.All.True, string.Join("\n", outcome.Result.Probes.Select(p => p.Record.Failure)));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(outcome.Directory, "log.clef")), Does.Contain($"browser server {_endpoint}"));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string arguments, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
