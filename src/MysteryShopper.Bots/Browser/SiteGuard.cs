using System.Text.Json;
using Microsoft.Playwright;
using MysteryShopper.Execution;
using MysteryShopper.Planning;
using Serilog;

namespace MysteryShopper.Bots.Browser;

/// <summary>A navigation of the page that was stopped before it left the target's site: the host it made for, and what happened, in words.</summary>
internal sealed record Departure(string Host, string Reason);

/// <summary>
/// Keeps a probe's page on the target's own site (<see cref="LinkPolicy"/>) and notices when it ends on the browser's
/// error page. Every request that would navigate the page's main frame is paused in the browser and let through only
/// to the site or to a host a <c>goto</c> named; anything else is aborted before it is sent, so the page stays where
/// it was, and the departure is recorded and reported to the step. Chromium's DevTools <c>Fetch</c> domain is used
/// rather than Playwright's routes because routes never see the hops of a redirect, and a hop is how a link leaves.
/// Iframes and sub-resources are not the page's navigations and are left alone. Events arrive on Playwright's threads.
/// </summary>
internal sealed class SiteGuard
{
    /// <summary>Chains of redirects this many navigations old are long settled.</summary>
    private const int MaxChains = 64;

    private readonly ICDPSession _cdp;
    private readonly IPage _page;
    private readonly Probe _probe;
    private readonly IProbeJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly string _mainFrame;
    private readonly Lock _gate = new();

    /// <summary>Hosts outside the site that a goto named (the scenario's author chose them) or an email's List-Unsubscribe named, with who named them.</summary>
    private readonly Dictionary<string, string> _named = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The URLs of each main-frame navigation so far, by the browser's network id (the same for every hop).</summary>
    private readonly Dictionary<string, List<string>> _chains = new(StringComparer.Ordinal);

    /// <summary>URLs stopped here, so their failure is not counted as the site's failed request.</summary>
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);

    private Departure? _departure;

    /// <summary>While the bot opens a URL: how to name it, and the network id of its navigation once that starts.</summary>
    private string? _opening;
    private string? _openingNetwork;
    private string? _lastFailure;
    private string? _errorPage;
    private TaskCompletionSource _troubled = NewSignal();

    private SiteGuard(ICDPSession cdp, IPage page, string mainFrame, Probe probe, IProbeJournal journal, TimeProvider time, ILogger log)
    {
        _cdp = cdp;
        _page = page;
        _mainFrame = mainFrame;
        _probe = probe;
        _journal = journal;
        _time = time;
        _log = log;
    }

    /// <summary>Puts the guard in place on a new page, before it navigates anywhere.</summary>
    public static async Task<SiteGuard> AttachAsync(IBrowserContext context, IPage page, Probe probe, IProbeJournal journal, TimeProvider time, ILogger log)
    {
        var cdp = await context.NewCDPSessionAsync(page);
        var tree = await cdp.SendAsync("Page.getFrameTree");
        var mainFrame = tree is { } t && t.TryGetProperty("frameTree", out var root) && root.TryGetProperty("frame", out var frame) && frame.TryGetProperty("id", out var id)
            ? id.GetString()
            : null;
        var guard = new SiteGuard(cdp, page, mainFrame ?? throw new PlaywrightException("the browser did not say which frame is the page's own"), probe, journal, time, log);
        cdp.Event("Fetch.requestPaused").OnEvent += (_, paused) =>
        {
            if (paused is { } e)
            {
                _ = guard.DecideAsync(e);
            }
        };
        page.RequestFailed += (_, request) => guard.OnRequestFailed(request);
        page.FrameNavigated += (_, navigated) => guard.OnFrameNavigated(navigated);
        await cdp.SendAsync("Fetch.enable", new Dictionary<string, object>
        {
            ["patterns"] = new object[] { new Dictionary<string, object> { ["urlPattern"] = "*", ["resourceType"] = "Document", ["requestStage"] = "Request" } },
        });
        return guard;
    }

    /// <summary>Completes while something keeps the page from going on: a departure not yet taken, or the browser's error page showing.</summary>
    public Task Troubled
    {
        get
        {
            lock (_gate)
            {
                return _troubled.Task;
            }
        }
    }

    /// <summary>"the page could not be loaded (net::ERR_… at URL)" while the page shows the browser's error page, else null.</summary>
    public string? ErrorPage
    {
        get
        {
            lock (_gate)
            {
                return _errorPage;
            }
        }
    }

    /// <summary>
    /// A goto (or an email's List-Unsubscribe) names a URL: its host counts as the site from now on; <paramref name="namedBy"/>
    /// says who named it, for messages ("a goto named").
    /// </summary>
    public void Allow(string url, string namedBy)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !LinkPolicy.IsOwnHost(uri.Host, _probe))
        {
            lock (_gate)
            {
                _named.TryAdd(uri.Host, namedBy);
            }
        }
    }

    /// <summary>The bot itself is opening a URL (<paramref name="subject"/> names it, e.g. "the link …"); null when it is done.</summary>
    public void Opening(string? subject)
    {
        lock (_gate)
        {
            _opening = subject;
            _openingNetwork = null;
        }
    }

    /// <summary>The first departure since the last call, reported once.</summary>
    public Departure? TakeDeparture()
    {
        lock (_gate)
        {
            var departure = _departure;
            _departure = null;
            Calm();
            return departure;
        }
    }

    /// <summary>Whether the page may be at <paramref name="url"/>: the site, a host a goto named, or not a web address at all.</summary>
    public bool MayBeAt(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return true;
        }

        lock (_gate)
        {
            return LinkPolicy.IsOwnHost(uri.Host, _probe) || _named.ContainsKey(uri.Host);
        }
    }

    /// <summary>Whether this failed request is one the guard stopped (once per stop).</summary>
    public bool Stopped(IRequest request)
    {
        lock (_gate)
        {
            return _stopped.Remove(request.Url);
        }
    }

    /// <summary>The site in words, with any hosts gotos named: "Brightwave's own site (127.0.0.1, brightwave.example)".</summary>
    public string Site
    {
        get
        {
            lock (_gate)
            {
                return SiteUnlocked();
            }
        }
    }

    private async Task DecideAsync(JsonElement paused)
    {
        var requestId = Text(paused, "requestId");
        if (requestId is null)
        {
            return;
        }

        try
        {
            var departure = Text(paused, "frameId") == _mainFrame ? Check(paused) : null;
            if (departure is null)
            {
                await _cdp.SendAsync("Fetch.continueRequest", new Dictionary<string, object> { ["requestId"] = requestId });
                return;
            }

            // Aborted rather than blocked: the browser then keeps the page it had instead of showing an error page.
            await _cdp.SendAsync("Fetch.failRequest", new Dictionary<string, object> { ["requestId"] = requestId, ["errorReason"] = "Aborted" });
            _journal.Add(new Observation(ObservationKind.NavigationBlocked, _time.GetUtcNow()) { Name = departure.Host, Detail = departure.Reason });
            _log.Information("Probe {Probe}: {Reason}", _probe.Id, departure.Reason);
        }
        catch (PlaywrightException e)
        {
            // The page or its context closed while the request waited: nothing is left to let through.
            _log.Debug("A paused navigation could not be answered: {Reason}", Messages.FirstLine(e.Message));
        }
    }

    /// <summary>Null when the navigation may go on; else the departure, recorded.</summary>
    private Departure? Check(JsonElement paused)
    {
        var url = paused.TryGetProperty("request", out var request) ? Text(request, "url") ?? "" : "";
        var network = Text(paused, "networkId");
        var redirected = Text(paused, "redirectedRequestId") is not null;
        lock (_gate)
        {
            List<string> hops;
            if (redirected && network is not null && _chains.TryGetValue(network, out var chain))
            {
                hops = chain;
                hops.Add(url);
            }
            else
            {
                hops = [url];
                if (network is not null)
                {
                    if (_chains.Count >= MaxChains)
                    {
                        _chains.Clear();
                    }

                    _chains[network] = hops;

                    // The first navigation after the bot began opening is the bot's own.
                    if (_opening is not null && _openingNetwork is null)
                    {
                        _openingNetwork = network;
                    }
                }
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || LinkPolicy.IsOwnHost(uri.Host, _probe) || _named.ContainsKey(uri.Host))
            {
                return null;
            }

            if (network is not null)
            {
                _chains.Remove(network);
            }

            var departure = new Departure(uri.Host, Describe(hops, network is not null && network == _openingNetwork));
            _departure ??= departure;
            _stopped.Add(url);
            _troubled.TrySetResult();
            return departure;
        }
    }

    /// <summary>"the link A redirected to C (via B), outside …; not followed", or what the page itself tried.</summary>
    private string Describe(List<string> hops, bool opening)
    {
        var to = hops[^1];
        var via = hops.Count > 2 ? $" (via {string.Join(" → ", hops.Skip(1).SkipLast(1))})" : "";
        var outside = $", outside {SiteUnlocked()}; not followed";
        if (opening && _opening is { } subject)
        {
            return hops.Count == 1 ? $"{subject} leads to {to}{outside}" : $"{subject} redirected to {to}{via}{outside}";
        }

        var from = $"the page at {_page.Url}";
        return hops.Count == 1 ? $"{from} tried to go to {to}{outside}" : $"{from} went to {hops[0]}, which redirected to {to}{via}{outside}";
    }

    /// <summary>Under the lock.</summary>
    private string SiteUnlocked() =>
        _named.Count == 0
            ? LinkPolicy.Site(_probe)
            : $"{LinkPolicy.Site(_probe)} and {string.Join(", ", _named.GroupBy(n => n.Value).Select(g => $"{string.Join(", ", g.Select(n => n.Key))}, which {g.Key}"))}";

    private void OnRequestFailed(IRequest request)
    {
        if (!request.IsNavigationRequest || request.Failure is not { } failure || failure.Contains("ERR_ABORTED", StringComparison.Ordinal) || !IsMainFrame(request))
        {
            return;
        }

        lock (_gate)
        {
            _lastFailure = $"{failure} at {request.Url}";
        }
    }

    private void OnFrameNavigated(IFrame frame)
    {
        if (frame != _page.MainFrame)
        {
            return;
        }

        lock (_gate)
        {
            if (frame.Url.StartsWith("chrome-error:", StringComparison.Ordinal))
            {
                _errorPage = $"the page could not be loaded ({_lastFailure ?? "the browser showed its error page"})";
                _troubled.TrySetResult();
            }
            else
            {
                _errorPage = null;
                _lastFailure = null;
                Calm();
            }
        }
    }

    private bool IsMainFrame(IRequest request)
    {
        try
        {
            return request.Frame == _page.MainFrame;
        }
        catch (PlaywrightException)
        {
            // A navigation issued before its frame exists (a popup's first): not this page's.
            return false;
        }
    }

    /// <summary>With nothing pending any more, the next trouble completes a new signal. Under the lock.</summary>
    private void Calm()
    {
        if (_departure is null && _errorPage is null && _troubled.Task.IsCompleted)
        {
            _troubled = NewSignal();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
