using MysteryShopper.Reporting.Html;

namespace MysteryShopper.Tests.Reporting.Html;

public sealed class SafeUrlsTests
{
    [TestCase("screenshots/a b.png", "screenshots/a%20b.png")]
    [TestCase("screenshots\\win.png", "screenshots/win.png")]
    [TestCase("https://example.com/x.png", "https://example.com/x.png")]
    [TestCase("javascript:alert(1)", "#")]
    [TestCase("JavaScript:alert(1)", "#")]
    [TestCase("data:text/html,<script>", "#")]
    [TestCase("//evil.example/x.png", "#")]
    public void Of_Url_RelativeOrHttpKept(string url, string expected) =>
        Assert.That(SafeUrls.Of(url), Is.EqualTo(expected));
}
