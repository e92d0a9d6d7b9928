using System.Runtime.Versioning;
using MysteryShopper.Cli.Running;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>The copy of tools/mailserver.sh built into mshop, for <c>mshop demo --mail smtp</c> with no repository beside it.</summary>
[NonParallelizable]
public class MailServerScriptTests
{
    [Test]
    public void Embedded_ComparedWithTheRepository_IsToolsMailserverShByteForByte()
    {
        var onDisk = LocalMailServer.FindScript([TestContext.CurrentContext.TestDirectory]);
        Assert.That(onDisk, Is.Not.Null.And.EndsWith(Path.Combine("tools", "mailserver.sh")), "the test runs inside the repository");
        Assert.That(MailServerScript.Embedded(), Is.EqualTo(File.ReadAllBytes(onDisk!)));
    }

    [Test]
    public void FindScript_NoRepositoryAboveTheFolder_FindsNothing()
    {
        Assume.That(Environment.GetEnvironmentVariable("MSHOP_MAILSERVER"), Is.Null.Or.Empty, "MSHOP_MAILSERVER overrides the search");
        var empty = Directory.CreateTempSubdirectory("mshop-no-repository-");
        try
        {
            Assert.That(LocalMailServer.FindScript([empty.FullName]), Is.Null);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public void Extract_TwiceIntoOneFolder_OneExecutableCopyReused()
    {
        var folder = Directory.CreateTempSubdirectory("mshop-script-");
        try
        {
            var first = MailServerScript.Extract(folder.FullName);
            var second = MailServerScript.Extract(folder.FullName);

            Assert.That(second, Is.EqualTo(first));
            Assert.That(Directory.GetFiles(folder.FullName), Is.EqualTo(new[] { first }));
            Assert.That(File.GetUnixFileMode(first), Is.EqualTo(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task StartAsync_ExtractedScriptOutsideTheRepository_ServerAnswers()
    {
        var scripts = Directory.CreateTempSubdirectory("mshop-installed-");
        // The script allows only [A-Za-z0-9._/@+-] in the folder's path.
        var folder = Path.Combine("/tmp", "mshop-test-mail." + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var script = MailServerScript.Extract(scripts.FullName);
            await using var server = await LocalMailServer.StartAsync(
                new LocalMailServerOptions { Script = script, Folder = folder, PurgeWhenDisposed = true }, CancellationToken.None);

            await server.SendAsync("shopper@inbox.mshop.test", "From the built-in script");
            await server.WaitForMessagesAsync("INBOX", 1);
        }
        finally
        {
            scripts.Delete(recursive: true);
        }
    }
}
