using System.Diagnostics;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using MysteryShopper.Execution;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>What the mail tests need of the repository's real Postfix + Dovecot (tools/mailserver.sh, through mshop's own <see cref="LocalMailServer"/>).</summary>
public static class MailServer
{
    /// <summary>Starts a private server (LocalMailServer finds tools/mailserver.sh above the test's folder).</summary>
    public static Task<LocalMailServer> StartAsync(bool idle = true) => LocalMailServer.StartAsync(new LocalMailServerOptions { Idle = idle }, CancellationToken.None);

    /// <summary>Sends a message from Brightwave's support over the server's SMTP port; returns its Message-ID.</summary>
    public static async Task<string> SendAsync(this LocalMailServer server, string to, string subject, string? inReplyTo = null)
    {
        var message = PickupSender.Build(new OutgoingEmail("support@brightwave.example", "Brightwave Support", to, subject, $"Body of {subject}", null), DateTimeOffset.UtcNow);
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
        }

        using var client = new MailKit.Net.Smtp.SmtpClient();
        await client.ConnectAsync("127.0.0.1", server.SmtpPort, MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
        return message.MessageId!;
    }

    /// <summary>Runs doveadm against this server's own configuration (e.g. to kick connections).</summary>
    public static async Task<(int Exit, string Output)> DoveadmAsync(this LocalMailServer server, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("doveadm", $"-c {server.Folder}/dovecot/dovecot.conf {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    /// <summary>How many messages a folder of the shopper's mailbox holds now (doveadm mailbox status).</summary>
    public static async Task<int> MessagesAsync(this LocalMailServer server, string folder, string user = "shopper@inbox.mshop.test")
    {
        var (exit, output) = await server.DoveadmAsync($"-f flow mailbox status -u {user} messages {folder}");
        Assert.That(exit, Is.Zero, output);
        return int.Parse(output.Split("messages=")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until a folder holds <paramref name="count"/> messages (delivery through Postfix and LMTP takes a moment).</summary>
    public static async Task WaitForMessagesAsync(this LocalMailServer server, string folder, int count, string user = "shopper@inbox.mshop.test")
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (await server.MessagesAsync(folder, user) < count)
        {
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), $"{folder} never held {count} messages");
            await Task.Delay(100);
        }
    }
}
