using Microsoft.Playwright;
using MysteryShopper.Bots.Browser;

namespace MysteryShopper.Bench;

/// <summary>
/// The yardstick: the newsletter journey written by hand with Playwright .NET, nothing else. Same browser, same launch
/// flags, one browser for all probes, one new context and page per probe, the same locators and waits as mshop uses
/// for the same scenario steps.
/// </summary>
public sealed class Baseline : IAsyncDisposable
{
    private const float StepTimeout = 15_000;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly TimeProvider _time;
    private readonly string _executable;

    private Baseline(IPlaywright playwright, IBrowser browser, string executable, TimeProvider time)
    {
        _playwright = playwright;
        _browser = browser;
        _time = time;
        _executable = executable;
    }

    /// <summary>The browser's version and executable, as mshop's discovery found it.</summary>
    public string Version => $"{_browser.Version} ({_executable})";

    public static async Task<Baseline> LaunchAsync(TimeProvider time)
    {
        var executable = BrowserDiscovery.Find();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable.Path,
            Headless = true,
            Args = PlaywrightBrowser.LaunchArguments(),
        });
        return new Baseline(playwright, browser, executable.ToString(), time);
    }

    /// <summary>One probe, timed from creating its context to closing it; throws if the journey breaks.</summary>
    public async Task<Phases> ProbeAsync(Uri site, string name, string email, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = _time.GetTimestamp();
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            // What mshop gives the example suite's default persona: a desktop viewport, en-GB, UTC.
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        var opened = _time.GetTimestamp();

        await page.GotoAsync(new Uri(site, "/newsletter").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = StepTimeout });
        var loaded = _time.GetTimestamp();

        await page.GetByLabel("Name", new PageGetByLabelOptions { Exact = false }).FillAsync(name, new LocatorFillOptions { Timeout = StepTimeout });
        await page.GetByLabel("Email", new PageGetByLabelOptions { Exact = false }).FillAsync(email, new LocatorFillOptions { Timeout = StepTimeout });
        await page.GetByLabel("Send me the newsletter", new PageGetByLabelOptions { Exact = false }).CheckAsync(new LocatorCheckOptions { Timeout = StepTimeout });
        var filled = _time.GetTimestamp();

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Subscribe", Exact = false }).ClickAsync(new LocatorClickOptions { Timeout = StepTimeout });
        await page.GetByText("Thank you").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = StepTimeout });
        var confirmed = _time.GetTimestamp();

        await context.CloseAsync();
        var closed = _time.GetTimestamp();

        return new Phases
        {
            Open = Between(start, opened),
            Goto = Between(opened, loaded),
            Fill = Between(loaded, filled),
            Inspect = TimeSpan.Zero,
            Submit = Between(filled, confirmed),
            Screenshot = TimeSpan.Zero,
            Close = Between(confirmed, closed),
        };
    }

    private TimeSpan Between(long from, long to) => _time.GetElapsedTime(from, to);

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
