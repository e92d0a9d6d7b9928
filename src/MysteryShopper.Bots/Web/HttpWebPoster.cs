using MysteryShopper.Execution;

namespace MysteryShopper.Bots.Web;

/// <summary>
/// Posts forms with HttpClient as a mail client posts an RFC 8058 one-click unsubscribe: no cookies, no redirect
/// followed (a 3xx is the answer: a POST must not become a GET), a time limit per request. One HttpClient for the
/// process, as .NET advises (a client per request would exhaust sockets); it holds no state between requests.
/// </summary>
public sealed class HttpWebPoster : IWebPoster
{
    private static readonly HttpClient Client = NewClient();

    private static HttpClient NewClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("mshop-unsubscribe/1.0");
        return client;
    }

    public async Task<WebAnswer> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await Client.PostAsync(url, content, limit.Token);
            return new WebAnswer((int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebAnswer(null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new WebAnswer(null, e.HttpRequestError == HttpRequestError.ConnectionError ? $"could not connect: {e.Message}" : e.Message);
        }
    }
}
