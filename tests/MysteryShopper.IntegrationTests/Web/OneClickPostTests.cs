using System.Net;
using System.Net.Sockets;
using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Bots.Web;
using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;

namespace MysteryShopper.IntegrationTests.Web;

/// <summary>
/// The RFC 8058 one-click POST against a real HTTP endpoint on 127.0.0.1 (HttpListener): what is offered is read from a
/// real message, the POST carries the form and no cookies, a redirect is the answer and is not followed, and a
/// closed port is an answer without a status.
/// </summary>
public class OneClickPostTests
{
    private HttpListener _listener = null!;
    private string _base = null!;
    private readonly List<(string Method, string Path, string? ContentType, string Body, string? Cookie)> _requests = [];

    [SetUp]
    public void Start()
    {
        _requests.Clear();
        var port = FreePort();
        _base = $"http://127.0.0.1:{port}/";
        _listener = new HttpListener();
        _listener.Prefixes.Add(_base);
        _listener.Start();
        _ = ServeAsync();
    }

    [TearDown]
    public void Stop() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            lock (_requests)
            {
                _requests.Add((context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.ContentType, body, context.Request.Headers["Cookie"]));
            }

            if (context.Request.Url.AbsolutePath == "/moved")
            {
                context.Response.StatusCode = 302;
                context.Response.RedirectLocation = _base + "landing";
            }
            else
            {
                context.Response.StatusCode = 200;
            }

            context.Response.Close();
        }
    }

    [Test]
    public async Task Post_OfferedByARealMessage_SendsTheOneClickFormWithoutCookies()
    {
        var message = new MimeMessage { Subject = "Deals of the week", MessageId = "deals@dunmore.example" };
        message.From.Add(MailboxAddress.Parse("news@dunmore.example"));
        message.To.Add(MailboxAddress.Parse("shopper+tok@inbox.mshop.test"));
        message.Headers.Add("List-Unsubscribe", $"<mailto:leave@dunmore.example>, <{_base}unsubscribe?t=42>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Body = new TextPart("plain") { Text = "This week's offers: 20% off. Unsubscribe any time." };
        var email = EmailReader.Read(message, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, _ => "tok");
        var offered = OneClickUnsubscribe.Offer([email.Headers["List-Unsubscribe"]], [email.Headers["List-Unsubscribe-Post"]]);
        Assert.That(offered, Is.EqualTo($"{_base}unsubscribe?t=42"), "http on loopback is a secure context");

        var answer = await new HttpWebPoster().PostFormAsync(new Uri(offered!), [new("List-Unsubscribe", "One-Click")], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(answer, Is.EqualTo(new WebAnswer(200)));
        var request = _requests.Single();
        Assert.That((request.Method, request.Path, request.ContentType, request.Body, request.Cookie),
            Is.EqualTo(("POST", "/unsubscribe?t=42", "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click", (string?)null)));
    }

    [Test]
    public async Task Post_AnsweredWithARedirect_RecordsTheStatusAndDoesNotFollowIt()
    {
        var answer = await new HttpWebPoster().PostFormAsync(new Uri(_base + "moved"), [new("List-Unsubscribe", "One-Click")], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(answer.Status, Is.EqualTo(302));
        Assert.That(answer.Succeeded, Is.False);
        Assert.That(_requests.Select(r => r.Path), Is.EqualTo(new[] { "/moved" }), "a POST must not turn into a GET of the landing page");
    }

    [Test]
    public async Task Post_ToAClosedPort_IsAnAnswerWithoutAStatus()
    {
        var answer = await new HttpWebPoster().PostFormAsync(new Uri($"http://127.0.0.1:{FreePort()}/u"), [new("List-Unsubscribe", "One-Click")], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(answer.Status, Is.Null);
        Assert.That(answer.ToString(), Does.StartWith("no answer (could not connect"));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
