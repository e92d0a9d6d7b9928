using MysteryShopper.IntegrationTests.Cli;

namespace MysteryShopper.IntegrationTests.Reporting;

/// <summary>
/// The hostile email (TestData/hostile/hostile.eml, its URLs pointed at a listener on 127.0.0.1) previewed with
/// <c>mshop preview</c> and opened in real Chromium: no script runs, nothing is requested, the listener hears nothing,
/// and the message is still there to read.
/// </summary>
public class PreviewInChromiumTests
{
    private static readonly string Hostile = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "hostile", "hostile.eml");

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = TestPaths.NewScratch("preview");

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task HostilePreview_RunsNothing_LoadsNothing_AndShowsTheMessage()
    {
        await using var trap = new NetworkTrap();
        var eml = Path.Combine(_folder, "hostile.eml");
        await File.WriteAllTextAsync(eml, (await File.ReadAllTextAsync(Hostile)).Replace("hostile.example:8080", trap.Host, StringComparison.Ordinal));
        var html = Path.Combine(_folder, "hostile.html");

        var (exit, _, error) = await MshopProcess.RunAsync("preview", eml, "--out", html);
        Assert.That(exit, Is.Zero, error);

        var activity = await HarmlessPage.OpenAsync(html, trap);

        HarmlessPage.AssertHarmless(activity);
        Assert.That(activity.FrameTexts, Has.Count.EqualTo(2), "the page and the sandboxed frame");
        Assert.That(activity.FrameTexts[0], Does.Contain("<img src=x onerror=").And.Contain("stays text."), "the subject and plain text, as text");
        Assert.That(activity.FrameTexts[1], Does.Contain("Your order").And.Contain("[image not loaded: Tracking pixel]").And.Contain("End of message."));
    }

    [Test]
    public async Task Trap_HearsAnImageThatIsLoaded()
    {
        // The control: the same trap and page opener do notice a page that loads from the network.
        await using var trap = new NetworkTrap();
        var html = Path.Combine(_folder, "leaky.html");
        await File.WriteAllTextAsync(html, $"<!DOCTYPE html><p>leak</p><img src=\"http://{trap.Host}/pixel.gif\"><script>window.__pwned = 'yes'</script>");

        var activity = await HarmlessPage.OpenAsync(html, trap);

        Assert.That(activity.Trapped, Has.Some.StartsWith("GET /pixel.gif"));
        Assert.That(activity.Requests, Has.Some.Contains("/pixel.gif"));
        Assert.That(activity.Pwned, Has.Some.EndsWith(": yes"));
    }
}
