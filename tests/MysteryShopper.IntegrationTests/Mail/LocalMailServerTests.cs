using MysteryShopper.Cli.Running;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>mshop's one wrapper of tools/mailserver.sh, as the demo, these tests and the mail benchmark start it.</summary>
[NonParallelizable]
public class LocalMailServerTests
{
    [Test]
    public async Task StartAsync_FolderOfItsOwnPurgedWhenDisposed_AnswersThenLeavesNothing()
    {
        // The script allows only [A-Za-z0-9._/@+-] in the folder's path.
        var folder = Path.Combine("/tmp", "mshop-test-mail." + Guid.NewGuid().ToString("N")[..8]);
        await using (var server = await LocalMailServer.StartAsync(new LocalMailServerOptions { Folder = folder, PurgeWhenDisposed = true }, CancellationToken.None))
        {
            Assert.That(server.Folder, Is.EqualTo(folder));
            await server.SendAsync("shopper@inbox.mshop.test", "Hello");
            await server.WaitForMessagesAsync("INBOX", 1);
        }

        Assert.That(Directory.Exists(folder), Is.False, "the folder is purged");
    }
}
