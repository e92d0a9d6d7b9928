using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MysteryShopper.IntegrationTests.Judging;

/// <summary>
/// A real web site (Kestrel) on 127.0.0.1 for the link checks: pages that answer 200, 404 and 500, a redirect to another
/// of its pages, a redirect to another host (<c>localhost</c>, the same server under a name that is not the site's), a
/// page that answers too slowly, one that refuses HEAD, and action pages a check must never request. It logs every
/// request it gets, with the time it arrived, and how many it served at once.
/// </summary>
public sealed class LinkSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string PathAndQuery, long At)> _requests = new();
    private int _inFlight;
    private int _mostAtOnce;

    private LinkSite(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The site's address, <c>http://127.0.0.1:PORT</c>: its own domain is 127.0.0.1.</summary>
    public Uri Url { get; }

    /// <summary>The same server under another host name, for redirects off the site.</summary>
    public string Elsewhere => $"http://localhost:{Url.Port}";

    /// <summary>Every request so far: method, path with query, and when it arrived (a <see cref="Stopwatch"/> timestamp).</summary>
    public IReadOnlyList<(string Method, string PathAndQuery, long At)> Requests => _requests.ToList();

    /// <summary>The paths (with query) requested so far, in order.</summary>
    public IReadOnlyList<string> Paths => _requests.Select(r => r.PathAndQuery).ToList();

    /// <summary>The most requests the site served at the same time.</summary>
    public int MostAtOnce => _mostAtOnce;

    public string this[string path] => new Uri(Url, path).ToString();

    public static async Task<LinkSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LinkSite? site = null;
        app.Use(async (context, next) =>
        {
            site!._requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, Stopwatch.GetTimestamp()));
            var now = Interlocked.Increment(ref site._inFlight);
            InterlockedMax(ref site._mostAtOnce, now);
            try
            {
                await next(context);
            }
            finally
            {
                Interlocked.Decrement(ref site._inFlight);
            }
        });
        app.MapMethods("/ok", ["GET", "HEAD"], () => Results.Text("fine"));
        app.MapMethods("/ok2", ["GET", "HEAD"], () => Results.Text("fine too"));
        app.MapMethods("/missing", ["GET", "HEAD"], () => Results.NotFound());
        app.MapMethods("/error", ["GET", "HEAD"], () => Results.StatusCode(500));
        app.MapMethods("/moved", ["GET", "HEAD"], () => Results.Redirect("/ok"));
        app.MapMethods("/moved-to-missing", ["GET", "HEAD"], () => Results.Redirect("/missing"));
        app.MapMethods("/away", ["GET", "HEAD"], (HttpContext context) => Results.Redirect($"http://localhost:{context.Connection.LocalPort}/ok"));
        app.MapMethods("/slow", ["GET", "HEAD"], async (CancellationToken aborted) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), aborted);
            return Results.Text("late");
        });
        app.MapGet("/no-head", () => Results.Text(new string('x', 100_000)));
        app.MapMethods("/no-head", ["HEAD"], () => Results.StatusCode(405));
        app.MapFallback(() => Results.Text("an action page: requesting it would have acted for the shopper"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        site = new LinkSite(app, new Uri(address));
        return site;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
