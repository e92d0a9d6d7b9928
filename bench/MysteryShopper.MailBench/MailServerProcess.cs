using System.Diagnostics;
using System.Globalization;
using MysteryShopper.Bots.Mail;

namespace MysteryShopper.MailBench;

/// <summary>
/// The repository's private Postfix + Dovecot (tools/mailserver.sh) on 127.0.0.1, started in a folder of its own and
/// stopped with <c>--purge</c> when disposed, whatever happened in between.
/// </summary>
public sealed class MailServerProcess : IAsyncDisposable
{
    private readonly string _script;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private MailServerProcess(string script, string folder, IReadOnlyDictionary<string, string> environment)
    {
        _script = script;
        Folder = folder;
        _environment = environment;
    }

    public string Folder { get; }

    public int SmtpPort => int.Parse(_environment["MSHOP_SMTP_PORT"], CultureInfo.InvariantCulture);

    public int ImapPort => int.Parse(_environment["MSHOP_IMAP_PORT"], CultureInfo.InvariantCulture);

    public string ImapUser => _environment["MSHOP_IMAP_USER"];

    public string Password => _environment["MSHOP_IMAP_PASSWORD"];

    public MailServerOptions Imap => new()
    {
        Host = "127.0.0.1", Port = ImapPort, Security = "none", User = ImapUser, Password = Password, Timeout = TimeSpan.FromSeconds(10),
    };

    public MailServerOptions Smtp => new() { Host = "127.0.0.1", Port = SmtpPort, Security = "none", Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Runs <c>tools/mailserver.sh start</c> in a new folder under /tmp; on failure leaves nothing behind.</summary>
    public static async Task<MailServerProcess> StartAsync(string repository, TextWriter progress)
    {
        var script = Path.Combine(repository, "tools", "mailserver.sh");
        // The script allows only [A-Za-z0-9._/@+-] in the folder's path.
        var folder = Path.Combine("/tmp", "mshop-mailbench." + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)));
        var (exit, output, error) = await RunAsync(script, $"start --dir {folder}");
        if (exit != 0)
        {
            await PurgeAsync(script, folder);
            throw new MailServerException($"tools/mailserver.sh start exited with {exit}:\n{error.TrimEnd()}");
        }

        var environment = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        await progress.WriteLineAsync($"mail server: SMTP 127.0.0.1:{environment.GetValueOrDefault("MSHOP_SMTP_PORT")}, IMAP 127.0.0.1:{environment.GetValueOrDefault("MSHOP_IMAP_PORT")}, folder {folder}");
        return new MailServerProcess(script, folder, environment);
    }


    public async ValueTask DisposeAsync() => await PurgeAsync(_script, Folder);

    private static async Task PurgeAsync(string script, string folder)
    {
        if (File.Exists(Path.Combine(folder, "mailserver.state")))
        {
            await RunAsync(script, $"stop --dir {folder} --purge");
        }
        else if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string file, string arguments)
    {
        var start = file.EndsWith(".sh", StringComparison.Ordinal)
            ? new ProcessStartInfo("bash", $"{file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        try
        {
            using var process = Process.Start(start) ?? throw new MailServerException($"could not start {file}");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            // Not cancellable: a half-started or half-stopped mail server is worse than a few more seconds.
            await process.WaitForExitAsync(CancellationToken.None);
            return (process.ExitCode, await output, await error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, "", e.Message);
        }
    }
}

/// <summary>The mail server could not be started: nothing can be measured (exit code 3).</summary>
public sealed class MailServerException(string message) : Exception(message);
