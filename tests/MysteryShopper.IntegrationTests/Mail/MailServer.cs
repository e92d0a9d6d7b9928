using System.Diagnostics;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Scenarios;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>The repository's real Postfix + Dovecot pair (tools/mailserver.sh) on loopback, for one test fixture.</summary>
public sealed class MailServer : IAsyncDisposable
{
    private MailServer(IReadOnlyDictionary<string, string> environment) => Environment = environment;

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string Folder => Environment["MSHOP_MAIL_DIR"];
    public string Password => Environment["MSHOP_IMAP_PASSWORD"];
    public int SmtpPort => int.Parse(Environment["MSHOP_SMTP_PORT"], System.Globalization.CultureInfo.InvariantCulture);
    public int ImapPort => int.Parse(Environment["MSHOP_IMAP_PORT"], System.Globalization.CultureInfo.InvariantCulture);

    public MailServerConfig Imap => new("127.0.0.1", ImapPort, "none", Environment["MSHOP_IMAP_USER"], Password);
    public MailServerConfig Smtp => new("127.0.0.1", SmtpPort, "none", null, null);
    public MailServerOptions ImapOptions(string user = "shopper@inbox.mshop.test") =>
        new() { Host = "127.0.0.1", Port = ImapPort, Security = "none", User = user, Password = Password, Timeout = TimeSpan.FromSeconds(10) };

    public MailServerOptions SmtpOptions => new() { Host = "127.0.0.1", Port = SmtpPort, Security = "none" };

    public static string Script
    {
        get
        {
            var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MysteryShopper.sln")))
            {
                folder = folder.Parent;
            }

            return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("the repository root was not found"), "tools", "mailserver.sh");
        }
    }

    public static async Task<MailServer> StartAsync()
    {
        var (exit, output, error) = await RunAsync("start");
        Assert.That(exit, Is.Zero, $"tools/mailserver.sh start failed:\n{error}");
        var environment = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        return new MailServer(environment);
    }

    /// <summary>Runs doveadm against this server's own configuration (e.g. to kick connections).</summary>
    public async Task<(int Exit, string Output)> DoveadmAsync(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("doveadm", $"-c {Folder}/dovecot/dovecot.conf {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public async ValueTask DisposeAsync() => await RunAsync($"stop --dir {Folder} --purge");

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", $"{Script} {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
