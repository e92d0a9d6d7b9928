namespace MysteryShopper.IntegrationTests.Cli;

/// <summary><c>mshop preview</c> as a user runs it on a saved email: a page on standard output or in a file, or a clear error.</summary>
public class PreviewCommandTests
{
    private static string TestData(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "hostile", name);

    [Test]
    public async Task Preview_WritesOnePageToStandardOutput()
    {
        var (exit, output, error) = await MshopProcess.RunAsync("preview", TestData("hostile.eml"));

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.StartWith("<!DOCTYPE html>").And.Contain("<iframe").And.Contain("sandbox=\"\"").And.EndWith("</html>"));
        Assert.That(output, Does.Not.Contain("<script"), "the sender's scripts are text or gone");
    }

    [Test]
    public async Task MissingFile_SaysSo_Exit2()
    {
        var (exit, output, error) = await MshopProcess.RunAsync("preview", "no-such-mail.eml");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo("mshop: no-such-mail.eml: no such file; give the path of a saved email (.eml)\n"));
    }

    [Test]
    public async Task NotAnEmail_SaysWhichFile_WithAHint_Exit2()
    {
        var path = TestData("not-an-email.eml");

        var (exit, output, error) = await MshopProcess.RunAsync("preview", path);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith($"mshop: {path}: not previewed: Not a mail message").And.Contain("hint: save the message"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
    }
}
