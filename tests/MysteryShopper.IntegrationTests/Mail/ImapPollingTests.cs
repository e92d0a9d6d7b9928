using MailKit.Net.Imap;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using MysteryShopper.Planning;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>The IMAP mailbox against a real Dovecot that offers no IDLE: it polls, and still finds every message.</summary>
[NonParallelizable]
public class ImapPollingTests
{
    private LocalMailServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await MailServer.StartAsync(idle: false);

    [OneTimeTearDown]
    public async Task StopServer() => await _server.StopAsync(purge: true);

    [Test]
    public async Task ServerWithoutIdle_MailIsFoundByPolling_WaitedForOrNot()
    {
        using (var client = new ImapClient())
        {
            await client.ConnectAsync("127.0.0.1", _server.ImapPort, MailKit.Security.SecureSocketOptions.None);
            await client.AuthenticateAsync("shopper@inbox.mshop.test", _server.Password);
            Assert.That(client.Capabilities.HasFlag(ImapCapabilities.Idle), Is.False, "the server offers no IDLE");
            await client.DisconnectAsync(true);
        }

        await using var mailbox = await ImapMailbox.OpenAsync(_server.ImapOptions(), AddressPattern.Default, TimeProvider.System, Logger.None, CancellationToken.None);
        var waited = Planner.NewToken();
        var unwaited = Planner.NewToken();

        await _server.SendAsync(AddressPattern.Default.For(unwaited), "Nobody waits for this");
        await _server.SendAsync(AddressPattern.Default.For(waited), "Welcome");
        var email = await mailbox.WaitForAsync(waited, _ => true, TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.That(email?.Subject, Is.EqualTo("Welcome"));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (mailbox.ReceivedFor(unwaited).Count == 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.That(mailbox.ReceivedFor(unwaited).Select(e => e.Subject), Is.EqualTo(new[] { "Nobody waits for this" }), "the next poll takes it in");
    }
}
