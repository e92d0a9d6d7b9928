using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MysteryShopper.Reporting.Preview;

namespace MysteryShopper.Tests.Reporting.Preview;

/// <summary>
/// A hostile email (TestData/hostile/hostile.eml: scripts, handlers, javascript: and data: links, remote images, CSS
/// tricks, meta refresh, base, form, iframe, svg, markup in the subject and sender) made safe: what survives sanitizing.
/// The same page in real Chromium is <c>PreviewInChromiumTests</c> in the integration tests.
/// </summary>
public class EmailPreviewTests
{
    private static readonly string Hostile = Path.Combine(AppContext.BaseDirectory, "TestData", "hostile", "hostile.eml");

    private static SafeEmail Read(string path)
    {
        using var stream = File.OpenRead(path);
        return EmailPreview.Read(stream);
    }

    private static IDocument Frame(SafeEmail email) => new HtmlParser().ParseDocument(email.FrameDocument!);

    [Test]
    public void Frame_KeepsNoScriptHandlerOrActiveElement()
    {
        var frame = Frame(Read(Hostile));

        var all = frame.All.ToList();
        Assert.That(all.Select(e => e.LocalName), Has.None.AnyOf(
            "script", "form", "input", "button", "textarea", "select", "iframe", "object", "embed", "svg", "math", "base", "link", "video", "audio", "title", "noscript"));
        Assert.That(all.SelectMany(e => e.Attributes).Select(a => a.Name), Has.None.StartsWith("on"), "no event handler attribute");
        Assert.That(all.SelectMany(e => e.Attributes).Select(a => a.Name), Has.None.AnyOf("srcset", "background", "poster", "formaction", "action", "id"));
        Assert.That(frame.QuerySelectorAll("meta").Select(m => m.GetAttribute("http-equiv")), Has.None.EqualTo("refresh"));
    }

    [Test]
    public void Frame_NamesNoRemoteHost_AndNoScriptUrl()
    {
        var document = Read(Hostile).FrameDocument!;

        Assert.That(document, Does.Not.Contain("hostile.example"), "no URL of the sender's survives: image, style, link, refresh, form");
        Assert.That(document, Does.Not.Contain("javascript:").IgnoreCase);
        Assert.That(document, Does.Not.Contain("data:text").IgnoreCase);
        Assert.That(document, Does.Not.Contain("svg+xml").IgnoreCase);
        Assert.That(document, Does.Not.Contain("expression(").IgnoreCase);
        Assert.That(document, Does.Not.Contain("behavior").IgnoreCase);
        Assert.That(document, Does.Not.Contain("-moz-binding").IgnoreCase);
        Assert.That(document, Does.Not.Contain("@import").IgnoreCase);
        Assert.That(document, Does.Not.Contain("__pwned"));
    }

    [Test]
    public void Frame_CarriesItsOwnPolicy_FirstInItsHead()
    {
        var frame = Frame(Read(Hostile));

        var first = frame.Head!.FirstElementChild!;
        Assert.That(first.LocalName, Is.EqualTo("meta"));
        Assert.That(first.GetAttribute("http-equiv"), Is.EqualTo("Content-Security-Policy"));
        Assert.That(first.GetAttribute("content"), Is.EqualTo("default-src 'none'; img-src data:; style-src 'unsafe-inline'"));
    }

    [Test]
    public void CidImage_IsInlined_RemoteImagesLeaveTheirAltText()
    {
        var email = Read(Hostile);
        var frame = Frame(email);

        var images = frame.QuerySelectorAll("img").ToList();
        Assert.That(images, Has.Count.EqualTo(1), "only the inline part is still an image");
        Assert.That(images[0].GetAttribute("src"), Does.StartWith("data:image/png;base64,iVBORw0KGgo"));
        Assert.That(images[0].GetAttribute("alt"), Is.EqualTo("Inline logo"));

        var standIns = frame.QuerySelectorAll("span.mshop-blocked-image").Select(s => s.TextContent).ToList();
        Assert.That(standIns, Does.Contain("[image not loaded: Tracking pixel]").And.Contain("[image not loaded: Logo]").And.Contain("[image not loaded]"));
        Assert.That(email.BlockedRemoteImages, Is.GreaterThanOrEqualTo(4), "pixel, protocol-relative, https, inline background at least");
    }

    [Test]
    public void Frame_KeepsTheMessage_ItsSafeLinkAndStyles()
    {
        var frame = Frame(Read(Hostile));

        Assert.That(frame.Body!.TextContent, Does.Contain("Your order").And.Contain("Hello, here is your order.").And.Contain("End of message."));
        var links = frame.QuerySelectorAll("a").Select(a => (a.TextContent, Href: a.GetAttribute("href"))).ToList();
        Assert.That(links, Does.Contain(("A real link", (string?)"https://brightwave.example/offer")));
        Assert.That(links.Where(l => l.TextContent.StartsWith("Click", StringComparison.Ordinal)).Select(l => l.Href), Is.All.Null, "javascript: and data: links lose their target");
        Assert.That(frame.QuerySelector("style")!.TextContent, Does.Contain(".fine").And.Contain("font-weight"));
        Assert.That(frame.QuerySelector("h1")!.ClassName, Is.EqualTo("fine"));
        Assert.That(frame.QuerySelector("p")!.GetAttribute("style"), Does.Contain("color").And.Not.Contain("url"));
    }

    [Test]
    public void SubjectSenderAndHeaders_StayText()
    {
        var email = Read(Hostile);

        Assert.That(email.Subject, Is.EqualTo("<img src=x onerror=\"window.__pwned='subject'\"> Your <b>order</b> & more"));
        Assert.That(email.From, Is.EqualTo("<script>window.__pwned='from'</script> Evil <b>Corp</b> <evil@hostile.example>"));
        var headers = email.Headers.ToDictionary(h => h.Key, h => h.Value);
        Assert.That(headers.Keys, Is.EqualTo(new[] { "From", "Reply-To", "To", "Date", "Subject", "List-Unsubscribe", "Auto-Submitted", "Message-ID" }));
        Assert.That(headers["List-Unsubscribe"], Is.EqualTo("<http://hostile.example:8080/unsubscribe>, <mailto:unsubscribe@hostile.example>"));
        Assert.That(email.Text, Does.Contain("<script>window.__pwned='text'</script> stays text."));
        Assert.That(email.Truncated, Is.False);
    }

    [Test]
    public void Page_ShowsMarkupAsText_WithItsOwnPolicy_AndAnEmptySandbox()
    {
        var email = Read(Hostile);
        var page = new HtmlParser().ParseDocument(PreviewPage.Render(email, "hostile.eml"));

        Assert.That(page.QuerySelectorAll("script, img, form, link, base"), Is.Empty, "the sender's markup is text on the page");
        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo(email.Subject));
        Assert.That(page.QuerySelector("title")!.TextContent, Is.EqualTo("Email preview: " + email.Subject));
        Assert.That(page.QuerySelector("pre.text")!.TextContent, Is.EqualTo(email.Text));
        Assert.That(page.QuerySelector("meta[http-equiv]")!.GetAttribute("content"), Is.EqualTo(PreviewPage.PagePolicy));
        var frame = page.QuerySelector("iframe")!;
        Assert.That(frame.GetAttribute("sandbox"), Is.Empty);
        Assert.That(frame.GetAttribute("srcdoc"), Is.EqualTo(email.FrameDocument), "the frame shows the sanitized document exactly");
        Assert.That(page.QuerySelectorAll("p.note").Select(p => p.TextContent), Has.Some.StartsWith($"{email.BlockedRemoteImages} remote image(s)"));
    }

    [Test]
    public void FiveMegabyteBody_IsCutToWhatAReportCarries_AndStaysWellFormed()
    {
        var paragraph = "<p style=\"color: #333\">Lots of words in a very long newsletter, with a <a href=\"https://brightwave.example/x\">link</a>.</p>\n";
        var html = new StringBuilder("<html><body>");
        while (html.Length < 5 * 1024 * 1024)
        {
            html.Append(paragraph);
        }

        html.Append("<p id=\"last\">The very end.</p></body></html>");
        var mime = $"""
            From: Bulk <bulk@brightwave.example>
            To: shopper@inbox.mshop.test
            Subject: Huge
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            {html}
            """;

        var email = EmailPreview.Read(new MemoryStream(Encoding.UTF8.GetBytes(mime)));

        Assert.That(email.Truncated, Is.True);
        Assert.That(email.FrameDocument!.Length, Is.LessThanOrEqualTo(EmailPreview.MaxHtmlLength).And.GreaterThan(EmailPreview.MaxHtmlLength / 2));
        Assert.That(email.Text.Length, Is.LessThanOrEqualTo(EmailPreview.MaxTextLength));
        var frame = new HtmlParser().ParseDocument(email.FrameDocument);
        Assert.That(frame.Body!.LastElementChild!.TextContent, Does.StartWith("[The message is longer"), "the cut is said in the frame");
        Assert.That(email.FrameDocument, Does.Not.Contain("The very end.").And.EndsWith("</html>"));
    }

    [Test]
    public void TextOnlyMessage_HasNoFrame()
    {
        var email = EmailPreview.Read(new MemoryStream(Encoding.UTF8.GetBytes("From: a@b.example\nSubject: Hi\n\nJust text <b>here</b>.\n")));

        Assert.That(email.FrameDocument, Is.Null);
        Assert.That(email.Text, Is.EqualTo("Just text <b>here</b>.\n"));
        Assert.That(email.BlockedRemoteImages, Is.Zero);
    }

    [Test]
    public void HtmlOnlyMessage_TakesItsTextFromTheSanitizedBody()
    {
        var email = EmailPreview.Read(new MemoryStream(Encoding.UTF8.GetBytes(
            "From: a@b.example\nSubject: Hi\nContent-Type: text/html\n\n<p>Hello <script>bad()</script>there</p>\n")));

        Assert.That(email.Text, Is.EqualTo("Hello there"));
        Assert.That(email.FrameDocument, Does.Contain("Hello there"));
    }

    [Test]
    public void NotAnEmail_IsAFormatException()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "hostile", "not-an-email.eml");

        Assert.That(() => Read(path), Throws.InstanceOf<FormatException>().With.Message.StartsWith("Not a mail message"));
    }

    [Test]
    public void StoredMessages_ArePreviewedWhenAskedFor_ThoseWithoutRawFromTheirReading()
    {
        var raw = File.ReadAllBytes(Hostile);
        var kept = Some.Email("Your order", 1);
        var masked = Some.Email("Your code ***", 2, text: "Use *** to sign in.");
        var previews = new PreviewDictionary([(kept, raw), (masked, [])]);

        Assert.That(previews.Keys, Is.EquivalentTo(new[] { kept.Id, masked.Id }));
        Assert.That(previews[kept.Id].FrameDocument, Does.Contain("Your order"));
        Assert.That(previews[masked.Id].FrameDocument, Is.Null);
        Assert.That(previews[masked.Id].Subject, Is.EqualTo("Your code ***"));
        Assert.That(previews[masked.Id].Text, Is.EqualTo("Use *** to sign in."));
        Assert.That(previews.TryGetValue("unknown", out _), Is.False);
    }
}
