using Microsoft.Playwright;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Serilog;
using IBrowser = MysteryShopper.Execution.IBrowser;

namespace MysteryShopper.Bots.Browser;

public sealed record BrowserOptions
{
    /// <summary>An explicit browser executable; null lets <see cref="BrowserDiscovery"/> find one.</summary>
    public string? ExecutablePath { get; init; }

    public bool Headless { get; init; } = true;
}

/// <summary>
/// One Chromium process per run, driven by Playwright; each probe gets a fresh context (its own cookies and storage).
/// </summary>
public sealed class PlaywrightBrowser : IBrowser, IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly Microsoft.Playwright.IBrowser _browser;
    private readonly ILogger _log;

    private PlaywrightBrowser(IPlaywright playwright, Microsoft.Playwright.IBrowser browser, BrowserExecutable executable, ILogger log)
    {
        _playwright = playwright;
        _browser = browser;
        Executable = executable;
        _log = log;
    }

    public BrowserExecutable Executable { get; }

    public string Version => _browser.Version;

    /// <summary>Starts Playwright and the browser; throws <see cref="BrowserUnavailableException"/> when that is impossible.</summary>
    public static async Task<PlaywrightBrowser> LaunchAsync(BrowserOptions options, ILogger log, CancellationToken cancellationToken)
    {
        var executable = BrowserDiscovery.Find(options.ExecutablePath);
        cancellationToken.ThrowIfCancellationRequested();
        IPlaywright playwright;
        try
        {
            playwright = await Playwright.CreateAsync();
        }
        catch (Exception e) when (e is PlaywrightException or IOException or InvalidOperationException)
        {
            throw new BrowserUnavailableException($"the Playwright driver could not start: {e.Message}", e);
        }

        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable.Path,
                Headless = options.Headless,
                Args = LaunchArguments(),
            });
            log.Information("Browser {Browser} {Version} started", executable.ToString(), browser.Version);
            return new PlaywrightBrowser(playwright, browser, executable, log);
        }
        catch (PlaywrightException e)
        {
            playwright.Dispose();
            throw BrowserUnavailableException.CannotStart(executable.Path ?? "Playwright's Chromium", e);
        }
    }

    /// <summary>
    /// Quiet flags for closed networks (no update checks or sync traffic); --no-sandbox only for root, where
    /// Chromium's sandbox cannot start.
    /// </summary>
    public static IReadOnlyList<string> LaunchArguments()
    {
        var args = new List<string> { "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-dev-shm-usage" };
        if (Environment.IsPrivilegedProcess)
        {
            args.Add("--no-sandbox");
        }

        return args;
    }

    public async Task<IBrowserSession> OpenAsync(Probe probe, CancellationToken cancellationToken)
    {
        var persona = probe.Persona;
        var options = persona.Device != "desktop" && _playwright.Devices.TryGetValue(persona.Device, out var device)
            ? device
            : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } };
        options.Locale = persona.Locale;
        options.TimezoneId = persona.TimeZone;
        var context = await _browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        return new PlaywrightSession(context, page, probe, _log.ForContext("Probe", probe.Id));
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
