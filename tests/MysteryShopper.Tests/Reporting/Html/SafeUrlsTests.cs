using MysteryShopper.Reporting.Html;

namespace MysteryShopper.Tests.Reporting.Html;

public sealed class HtmlBuilderTests
{
    [Test]
    public void Text_Markup_Encoded()
    {
        var html = new HtmlBuilder().Open("p").Text("<b>&\"'</b>").Close("p").ToString();

        Assert.That(html, Is.EqualTo("<p>&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;</p>"));
    }

    [Test]
    public void Open_AttributeValueWithQuote_EncodedAndNullLeftOut()
    {
        var html = new HtmlBuilder().Open("a", ("href", "x\" onclick=\"y"), ("title", null)).Close("a").ToString();

        Assert.That(html, Is.EqualTo("<a href=\"x&quot; onclick=&quot;y\"></a>"));
    }

    [TestCase("script onload")]
    [TestCase("a><script")]
    [TestCase("")]
    public void Open_NameNotPlain_Throws(string tag) =>
        Assert.That(() => new HtmlBuilder().Open(tag), Throws.ArgumentException);

    [Test]
    public void Close_NotInnermost_Throws() =>
        Assert.That(() => new HtmlBuilder().Open("div").Open("p").Close("div"), Throws.InvalidOperationException);

    [Test]
    public void ToString_ElementLeftOpen_Throws() =>
        Assert.That(() => new HtmlBuilder().Open("div").ToString(), Throws.InvalidOperationException);

    [Test]
    public void StyleSheet_ClosingTag_Throws() =>
        Assert.That(() => new HtmlBuilder().StyleSheet("p{}</style><script>"), Throws.ArgumentException);

    [TestCase("screenshots/a b.png", "screenshots/a%20b.png")]
    [TestCase("screenshots\\win.png", "screenshots/win.png")]
    [TestCase("https://example.com/x.png", "https://example.com/x.png")]
    [TestCase("javascript:alert(1)", "#")]
    [TestCase("JavaScript:alert(1)", "#")]
    [TestCase("data:text/html,<script>", "#")]
    [TestCase("//evil.example/x.png", "#")]
    public void SafeUrl_Url_RelativeOrHttpKept(string url, string expected) =>
        Assert.That(HtmlBuilder.SafeUrl(url), Is.EqualTo(expected));
}
