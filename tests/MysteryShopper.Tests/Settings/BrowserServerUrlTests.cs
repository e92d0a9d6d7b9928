using MysteryShopper.Settings;

namespace MysteryShopper.Tests.Settings;

public class BrowserServerUrlTests
{
    [TestCase("ws://127.0.0.1:3000/abc")]
    [TestCase("wss://browsers.example.com/playwright?token=x")]
    public void TryParse_WsOrWssAddress_KeepsItAsWritten(string text)
    {
        Assert.That(BrowserServerUrl.TryParse(text, out var url, out var problem), Is.True);
        Assert.That(url!.Text, Is.EqualTo(text));
        Assert.That(url.ToString(), Is.EqualTo(text));
        Assert.That(problem, Is.Null);
    }

    [TestCase("http://127.0.0.1:3000/abc")]
    [TestCase("127.0.0.1:3000")]
    [TestCase("/abc")]
    [TestCase("")]
    public void TryParse_AnythingElse_IsNotAWsAddress(string text)
    {
        Assert.That(BrowserServerUrl.TryParse(text, out var url, out var problem), Is.False);
        Assert.That(url, Is.Null);
        Assert.That(problem, Is.EqualTo(new SettingProblem($"'{text}' is not a ws:// or wss:// address", "give the endpoint a Playwright browser server prints, e.g. ws://127.0.0.1:3000/abc")));
    }

    [Test]
    public void ForOption_NamesTheOptionAndPutsTheHintInBrackets()
    {
        Assert.That(BrowserServerUrl.TryParse("http://x", out _, out var problem), Is.False);

        Assert.That(problem!.ForOption("--connect"),
            Is.EqualTo("--connect 'http://x' is not a ws:// or wss:// address (give the endpoint a Playwright browser server prints, e.g. ws://127.0.0.1:3000/abc)"));
    }
}
