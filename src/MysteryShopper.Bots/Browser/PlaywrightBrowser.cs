using Microsoft.Playwright;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Polly;
using Polly.Retry;
using Serilog;
using IBrowser = MysteryShopper.Execution.IBrowser;

namespace MysteryShopper.Bots.Browser;

public sealed record BrowserOptions
{
    /// <summary>An explicit browser executable; null lets <see cref="BrowserDiscovery"/> find one.</summary>
    public string? ExecutablePath { get; init; }

    /// <summary>Who gave <see cref="ExecutablePath"/>: <c>--browser</c> or mshop.yaml's key, blamed when it is wrong.</summary>
    public string ExecutableFrom { get; init; } = "the configuration";

    public bool Headless { get; init; } = true;

    /// <summary>A Playwright browser server to use instead of starting Chromium (<c>ws://host:port/path</c>).</summary>
    public string? Connect { get; init; }

    /// <summary>Record a Playwright trace per probe, kept for failed probes (off unless asked for: it is the costliest evidence).</summary>
    public bool Trace { get; init; }

    /// <summary>
    /// The trace also keeps DOM snapshots (before and after each action): a replayable page, at a cost measured in
    /// BENCHMARKS.md ("Evidence"). Without them it keeps the actions, their timings and errors, console and network.
    /// </summary>
    public bool TraceSnapshots { get; init; } = true;

    /// <summary>When set, a HAR file per probe is written into this folder, rewritten without the probe's secrets.</summary>
    public string? HarFolder { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// One Chromium process per run, driven by Playwright; each probe gets a fresh context (its own cookies and storage).
/// </summary>
public sealed class PlaywrightBrowser : IBrowser, IAsyncDisposable
{
    /// <summary>How often in one run a browser that went away is replaced before the run's remaining probes fail.</summary>
    public const int MaxRestarts = 3;

    private readonly IPlaywright _playwright;
    private readonly BrowserExecutable? _executable;
    private readonly BrowserOptions _options;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _restart = new(1, 1);
    private volatile Microsoft.Playwright.IBrowser _browser;
    private int _restarts;

    private PlaywrightBrowser(IPlaywright playwright, Microsoft.Playwright.IBrowser browser, BrowserExecutable? executable, BrowserOptions options, string description, ILogger log)
    {
        _playwright = playwright;
        _browser = browser;
        _executable = executable;
        _options = options;
        Description = description;
        _log = log;
    }

    /// <summary>Where the browser came from: an executable (and who named it) or a browser server.</summary>
    public string Description { get; }

    public string Version => _browser.Version;

    /// <summary>Starts Playwright and the browser (or connects to a browser server); throws <see cref="BrowserUnavailableException"/> when that is impossible.</summary>
    public static async Task<PlaywrightBrowser> LaunchAsync(BrowserOptions options, ILogger log, CancellationToken cancellationToken)
    {
        var executable = options.Connect is null ? BrowserDiscovery.Find(options.ExecutablePath, options.Headless, configuredBy: options.ExecutableFrom) : null;
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
            var browser = await StartAsync(playwright, executable, options, log, cancellationToken);
            var description = options.Connect is null ? executable!.ToString() : $"browser server {options.Connect}";
            log.Information("Browser {Browser} {Version} ready", description, browser.Version);
            return new PlaywrightBrowser(playwright, browser, executable, options, description, log);
        }
        catch (BrowserUnavailableException)
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Launches the browser (or connects to the server), once more after a crash while it starts.</summary>
    private static async Task<Microsoft.Playwright.IBrowser> StartAsync(
        IPlaywright playwright, BrowserExecutable? executable, BrowserOptions options, ILogger log, CancellationToken cancellationToken)
    {
        // A browser very rarely crashes while it starts (seen twice in hundreds of launches); one more try saves the run.
        var retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<PlaywrightException>(),
                MaxRetryAttempts = 1,
                Delay = TimeSpan.FromSeconds(1),
                OnRetry = attempt =>
                {
                    log.Warning("The browser did not start ({Reason}); trying once more", Messages.FirstLine(attempt.Outcome.Exception?.Message ?? ""));
                    return default;
                },
            })
            .Build();
        try
        {
            return await retry.ExecuteAsync(
                async _ => options.Connect is { } endpoint
                    ? await playwright.Chromium.ConnectAsync(endpoint, new BrowserTypeConnectOptions { Timeout = 30_000 })
                    : await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                    {
                        ExecutablePath = executable!.Path,
                        Headless = options.Headless,
                        Args = LaunchArguments(),
                    }),
                cancellationToken);
        }
        catch (PlaywrightException e)
        {
            throw options.Connect is null
                ? BrowserUnavailableException.CannotStart(executable!.Path ?? "Playwright's Chromium", e)
                : new BrowserUnavailableException($"the browser server at {options.Connect} could not be reached: {Messages.FirstLine(e.Message)}; check that it runs and that its Playwright version matches {typeof(IPlaywright).Assembly.GetName().Version}", e);
        }
    }

    /// <summary>
    /// The browser, or a new one when it went away (crashed, killed, the server dropped the connection): the probes
    /// that had a context in it fail, the ones after them run. At most <see cref="MaxRestarts"/> times a run.
    /// </summary>
    private async Task<Microsoft.Playwright.IBrowser> ConnectedAsync(CancellationToken cancellationToken)
    {
        var browser = _browser;
        if (browser.IsConnected)
        {
            return browser;
        }

        await _restart.WaitAsync(cancellationToken);
        try
        {
            if (_browser.IsConnected)
            {
                return _browser;
            }

            if (_restarts == MaxRestarts)
            {
                throw new BrowserUnavailableException($"the browser went away {MaxRestarts + 1} times during this run and is not started again; see the run's log");
            }

            _restarts++;
            _log.Warning("The browser went away; starting a new one ({Restart} of at most {Max} this run)", _restarts, MaxRestarts);
            _browser = await StartAsync(_playwright, _executable, _options, _log, cancellationToken);
            return _browser;
        }
        finally
        {
            _restart.Release();
        }
    }

    /// <summary>
    /// Quiet flags for closed networks (no update checks or sync traffic); --no-sandbox only for root, where Chromium's
    /// sandbox cannot start. (--in-process-gpu saved a process and ~50 MB, but the headless shell then crashed at
    /// start twice in a benchmark: left out.)
    /// </summary>
    public static IReadOnlyList<string> LaunchArguments()
    {
        var args = new List<string>
        {
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-gpu", "--disable-dev-shm-usage",
        };
        if (Environment.IsPrivilegedProcess)
        {
            args.Add("--no-sandbox");
        }

        return args;
    }

    public async Task<IBrowserSession> OpenAsync(Probe probe, IProbeJournal journal, string? storageState, CancellationToken cancellationToken)
    {
        var persona = probe.Persona;
        var options = persona.Device != "desktop" && _playwright.Devices.TryGetValue(persona.Device, out var device)
            ? device
            : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } };
        options.Locale = persona.Locale;
        options.TimezoneId = persona.TimeZone;
        options.StorageState = storageState;
        if (_options.HarFolder is not null)
        {
            Directory.CreateDirectory(_options.HarFolder);
            options.RecordHarPath = HarPath(_options.HarFolder, probe);
        }

        // A browser that goes away while a context is being made can leave Playwright's call unanswered: bounded, so
        // the probe fails and the next one starts a new browser instead of the run hanging.
        var (context, page, watch, guard) = await OpenContextAsync(probe, journal, options, cancellationToken).WaitAsync(OpenTimeout, cancellationToken);
        return new PlaywrightSession(context, page, probe, journal, watch, guard, _options, _log.ForContext("Probe", probe.Id));
    }

    /// <summary>Where a probe's HAR is written in <paramref name="folder"/> (rewritten without secrets when its context closes).</summary>
    public static string HarPath(string folder, Probe probe) =>
        Path.Combine(folder, $"{string.Concat(probe.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_'))}.har");

    /// <summary>How long making a probe's context and page may take before the browser is taken to be gone.</summary>
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(30);

    private async Task<(IBrowserContext Context, IPage Page, PageWatch Watch, SiteGuard Guard)> OpenContextAsync(Probe probe, IProbeJournal journal, BrowserNewContextOptions options, CancellationToken cancellationToken)
    {
        var context = await (await ConnectedAsync(cancellationToken)).NewContextAsync(options);
        var watch = new PageWatch(journal, _options.Time);

        // Independent of each other, so sent together; all three are in place before the page opens.
        await Task.WhenAll(
            // DOM snapshots without a screencast: enough to replay a failure, cheap enough to leave on.
            _options.Trace ? context.Tracing.StartAsync(new TracingStartOptions { Screenshots = false, Snapshots = _options.TraceSnapshots, Title = probe.Id }) : Task.CompletedTask,
            context.ExposeFunctionAsync<string>(PageTimings.ReportFunction, watch.Report),
            context.AddInitScriptAsync(PageTimings.InitScript));
        var page = await context.NewPageAsync();

        // In place before the page navigates anywhere: a probe whose page cannot be kept on the site does not run.
        var guard = await SiteGuard.AttachAsync(context, page, probe, journal, _options.Time, _log);
        return (context, page, watch, guard);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.CloseAsync();
        }
        catch (PlaywrightException e)
        {
            _log.Debug("Closing the browser failed: {Reason}", e.Message);
        }

        _playwright.Dispose();
        _restart.Dispose();
    }
}
