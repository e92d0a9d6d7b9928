using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using MysteryShopper.Bots.Browser;

namespace MysteryShopper.IntegrationTests.Reporting;

/// <summary>
/// A listener on 127.0.0.1 that hostile content points at: every connection it accepts is a leak (an image, style
/// sheet, refresh or form that reached the network). It answers nothing useful; it only counts and keeps the first
/// line of each request.
/// </summary>
public sealed class NetworkTrap : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public NetworkTrap()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary><c>127.0.0.1:PORT</c>, to put in the hostile content's URLs.</summary>
    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The first line of every request that reached the trap (or "(connection)" when none came).</summary>
    public ConcurrentQueue<string> Hits { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                var line = "(connection)";
                try
                {
                    using var reader = new StreamReader(client.GetStream());
                    line = await reader.ReadLineAsync(_stop.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(2)) ?? line;
                }
                catch (Exception e) when (e is IOException or TimeoutException or OperationCanceledException)
                {
                    // The connection itself is the leak; its first line is only a clue.
                }

                Hits.Enqueue(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

/// <summary>What a page did while it was open in Chromium: console messages, requests, and anything a script set.</summary>
public sealed record PageActivity(IReadOnlyList<string> Console, IReadOnlyList<string> Requests, IReadOnlyList<string> Pwned, IReadOnlyList<string> Trapped, IReadOnlyList<string> FrameTexts);

/// <summary>
/// Opens an HTML file in real Chromium (as a reader opens a report or preview from disk) and records what it does:
/// every console message, every request beyond the page itself, the value any script gave <c>window.__pwned</c> in any
/// frame, and what reached a <see cref="NetworkTrap"/>. Reusable for any page mshop writes: the preview, the report.
/// </summary>
public static class HarmlessPage
{
    /// <summary>Opens <paramref name="htmlFile"/> (with <paramref name="openFolds"/>, every <c>details</c> opened), hovers and focuses what it can, waits for late loads, and says what happened.</summary>
    public static async Task<PageActivity> OpenAsync(string htmlFile, NetworkTrap trap, TimeSpan? settle = null, bool openFolds = false)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserDiscovery.Find().Path,
            Headless = true,
            Args = PlaywrightBrowser.LaunchArguments(),
        });
        var page = await browser.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        var requests = new ConcurrentQueue<string>();
        var self = new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri;
        page.Console += (_, message) => console.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Enqueue($"page error: {error}");
        page.Request += (_, request) =>
        {
            // The page itself, and the inlined images it carries, are not the network.
            if (request.Url != self && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                requests.Enqueue($"{request.Method} {request.Url}");
            }
        };

        await page.GotoAsync(self, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        if (openFolds)
        {
            // A report folds its probes: a reader opens them, and what is inside (previews) renders then.
            await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        }

        // A reader moves the mouse over links and images: handlers that survived would fire now.
        foreach (var frame in page.Frames)
        {
            foreach (var target in await frame.Locator("a, img, span, p").AllAsync())
            {
                await target.HoverAsync(new LocatorHoverOptions { Timeout = 2_000, Force = true }).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        // Meta refreshes, lazy images and timers get their chance.
        await Task.Delay(settle ?? TimeSpan.FromSeconds(2));

        var pwned = new List<string>();
        var texts = new List<string>();
        foreach (var frame in page.Frames)
        {
            if (await frame.EvaluateAsync<string?>("() => window.__pwned === undefined ? null : String(window.__pwned)") is { } value)
            {
                pwned.Add($"{frame.Url}: {value}");
            }

            texts.Add(await frame.Locator("body").InnerTextAsync());
        }

        return new PageActivity([.. console], [.. requests], pwned, [.. trap.Hits], texts);
    }

    /// <summary>The assertions every page mshop writes must pass: no script ran, nothing was requested, nothing reached the trap.</summary>
    public static void AssertHarmless(PageActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Assert.Multiple(() =>
        {
            Assert.That(activity.Pwned, Is.Empty, "a script ran and set window.__pwned");
            Assert.That(activity.Console, Is.Empty, "console messages (a script ran, or something tried to load and the policy refused it)");
            Assert.That(activity.Requests, Is.Empty, "requests beyond the page itself");
            Assert.That(activity.Trapped, Is.Empty, "connections that reached the listener on 127.0.0.1");
        });
    }
}
