using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Bots.Mail;

/// <summary>How politely and how far <see cref="LinkChecker"/> goes; the defaults are what a run uses.</summary>
public sealed record LinkCheckOptions
{
    /// <summary>How long one request may take before the link counts as broken ("no answer within 10s").</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The least time between the end of one request to a host and the start of the next.</summary>
    public TimeSpan Gap { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most links requested for one message; the rest are "not checked: limit".</summary>
    public int PerMessage { get; init; } = 20;

    /// <summary>The most redirects followed for one link (each on the target's own domains).</summary>
    public int Redirects { get; init; } = 5;

    /// <summary>The most bytes of a body read when HEAD is refused and the link is asked with GET.</summary>
    public int BodyBytes { get; init; } = 4096;
}

/// <summary>
/// Finds a message's broken links by requesting them, only where mshop may: on the target's own domains
/// (<see cref="LinkPolicy.IsOwnHost(string, IEnumerable{string})"/>), and never an action link
/// (<see cref="Links.IsAction"/>), which could unsubscribe or confirm the shopper. HEAD first, GET (a few KB read) when
/// HEAD is refused; redirects followed while they stay on the own domains (an off-site hop is reported, not followed).
/// <para>
/// Polite by construction: one request at a time per host with <see cref="LinkCheckOptions.Gap"/> between them, at most
/// <see cref="LinkCheckOptions.PerMessage"/> links a message, and each URL requested once for the checker's life (a
/// run). The per-host gate is hand-written rather than System.Threading.RateLimiting's: its token bucket refills on a
/// timer of its own, so two requests can come closer than the period, and it cannot be driven by a <see cref="TimeProvider"/>.
/// </para>
/// </summary>
public sealed class LinkChecker : IDisposable
{
    private readonly LinkCheckOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, HostGate> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<LinkCheck>>> _checked = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _life = new();

    public LinkChecker(LinkCheckOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = options.Timeout })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("MysteryShopper-LinkCheck/1.0");
    }

    /// <summary>
    /// Each distinct link of <paramref name="letter"/> and what became of it: requested, or why not (an action link,
    /// another domain, over the limit). Nothing is requested when <paramref name="ownDomains"/> is empty.
    /// </summary>
    public async Task<IReadOnlyList<LinkCheck>> CheckAsync(Letter letter, IReadOnlyList<string> ownDomains, CancellationToken cancellationToken)
    {
        var unsubscribe = OneClickUnsubscribe.Uris(letter);
        var results = new List<Task<LinkCheck>>();
        var requested = 0;
        foreach (var link in Links.Anchors(letter).DistinctBy(a => a.Url, StringComparer.Ordinal))
        {
            if (Links.IsAction(link, unsubscribe))
            {
                results.Add(Task.FromResult(new LinkCheck(link.Url) { Skipped = LinkSkip.ActionLink }));
            }
            else if (!Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                results.Add(Task.FromResult(new LinkCheck(link.Url) { Broken = true, Note = "not a valid URL" }));
            }
            else if (!LinkPolicy.IsOwnHost(uri.Host, ownDomains))
            {
                results.Add(Task.FromResult(new LinkCheck(link.Url) { Skipped = LinkSkip.OtherDomain }));
            }
            else if (requested++ >= _options.PerMessage)
            {
                results.Add(Task.FromResult(new LinkCheck(link.Url) { Skipped = LinkSkip.Limit }));
            }
            else
            {
                // Each URL once a run; the request is the checker's, so one message's cancellation does not spoil it for the next.
                var check = _checked.GetOrAdd(link.Url, url => new Lazy<Task<LinkCheck>>(() => FollowAsync(url, ownDomains, _life.Token)));
                results.Add(check.Value.WaitAsync(cancellationToken));
            }
        }

        return await Task.WhenAll(results);
    }

    /// <summary>Requests <paramref name="url"/>, following redirects that stay on <paramref name="ownDomains"/>.</summary>
    private async Task<LinkCheck> FollowAsync(string url, IReadOnlyList<string> ownDomains, CancellationToken cancellationToken)
    {
        var at = new Uri(url);
        for (var hop = 0; ; hop++)
        {
            var answer = await RequestAsync(at, cancellationToken);
            if (answer.Failure is { } failure)
            {
                return new LinkCheck(url) { Broken = true, Note = failure };
            }

            var status = answer.Status;
            if (answer.Location is not { } next)
            {
                return new LinkCheck(url) { Status = status, Broken = status >= 400, Note = hop == 0 ? null : $"redirected to {at}" };
            }

            if (!LinkPolicy.IsOwnHost(next.Host, ownDomains) || next.Scheme is not ("http" or "https"))
            {
                return new LinkCheck(url) { Status = status, Note = $"redirects off the site to {next.GetLeftPart(UriPartial.Path)} (not followed)" };
            }

            if (hop == _options.Redirects)
            {
                return new LinkCheck(url) { Status = status, Broken = true, Note = $"more than {_options.Redirects} redirects" };
            }

            at = next;
        }
    }

    /// <summary>One request through its host's gate: HEAD, or GET when HEAD is refused (405, 501).</summary>
    private Task<Answer> RequestAsync(Uri uri, CancellationToken cancellationToken) =>
        _gates.GetOrAdd(uri.Host, _ => new HostGate(_time, _options.Gap)).RunAsync(
            async () =>
            {
                var answer = await SendAsync(HttpMethod.Head, uri, cancellationToken);
                return answer.Status is 405 or 501 ? await SendAsync(HttpMethod.Get, uri, cancellationToken) : answer;
            },
            cancellationToken);

    private async Task<Answer> SendAsync(HttpMethod method, Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, both.Token);
            if (method == HttpMethod.Get)
            {
                // Enough to see the page starts; a link check never downloads a page.
                await using var body = await response.Content.ReadAsStreamAsync(both.Token);
                var buffer = new byte[_options.BodyBytes];
                _ = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, both.Token);
            }

            var status = (int)response.StatusCode;
            var location = status is >= 300 and < 400 && response.Headers.Location is { } to ? new Uri(uri, to) : null;
            return new Answer(status, location, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new Answer(null, null, string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.Timeout.TotalSeconds:0.#}s"));
        }
        catch (HttpRequestException e)
        {
            return new Answer(null, null, $"no answer: {Reason(e)}");
        }
        catch (IOException e)
        {
            return new Answer(null, null, $"the answer broke off: {e.Message}");
        }
    }

    /// <summary>The failure in a reader's words: "connection refused", "name not found".</summary>
    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "host name not found",
        _ when e.HttpRequestError == HttpRequestError.NameResolutionError => "host name not found",
        _ => e.Message,
    };

    public void Dispose()
    {
        _life.Cancel();
        _life.Dispose();
        _http.Dispose();
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    /// <summary>An answer's status and redirect target, or why there was none.</summary>
    private sealed record Answer(int? Status, Uri? Location, string? Failure);

    /// <summary>One request at a time to a host, each starting at least <c>gap</c> after the previous one ended.</summary>
    private sealed class HostGate(TimeProvider time, TimeSpan gap) : IDisposable
    {
        private readonly SemaphoreSlim _one = new(1, 1);
        private long? _lastEnded;

        public async Task<T> RunAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken)
        {
            await _one.WaitAsync(cancellationToken);
            try
            {
                if (_lastEnded is { } ended && gap - time.GetElapsedTime(ended) is var wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                try
                {
                    return await request();
                }
                finally
                {
                    _lastEnded = time.GetTimestamp();
                }
            }
            finally
            {
                _one.Release();
            }
        }

        public void Dispose() => _one.Dispose();
    }
}
