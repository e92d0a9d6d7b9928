using System.Diagnostics;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Running;

/// <summary>The repository's private Postfix + Dovecot (tools/mailserver.sh) on loopback, for <c>mshop demo --mail smtp</c>.</summary>
public sealed class LocalMailServer : IAsyncDisposable
{
    private LocalMailServer(IReadOnlyDictionary<string, string> environment, string script)
    {
        Environment = environment;
        _script = script;
    }

    private readonly string _script;

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Where the server keeps its configuration, logs and every mailbox (kept after it stops).</summary>
    public string Folder => Environment["MSHOP_MAIL_DIR"];

    public string Password => Environment["MSHOP_IMAP_PASSWORD"];

    public int SmtpPort => int.Parse(Environment["MSHOP_SMTP_PORT"], System.Globalization.CultureInfo.InvariantCulture);

    public int ImapPort => int.Parse(Environment["MSHOP_IMAP_PORT"], System.Globalization.CultureInfo.InvariantCulture);

    public MailServerConfig Imap => new("127.0.0.1", ImapPort, "none", Environment["MSHOP_IMAP_USER"], Password);

    public MailServerConfig Smtp => new("127.0.0.1", SmtpPort, "none", null, null);

    /// <summary>tools/mailserver.sh next to mshop's sources (MSHOP_MAILSERVER overrides), or null when it is not there.</summary>
    public static string? FindScript()
    {
        if (System.Environment.GetEnvironmentVariable("MSHOP_MAILSERVER") is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, System.Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var script = Path.Combine(folder.FullName, "tools", "mailserver.sh");
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }

        return null;
    }

    /// <summary>Starts the server; throws <see cref="IOException"/> with the script's own words when it cannot.</summary>
    /// <param name="cancellationToken">Stops waiting for the script.</param>
    /// <param name="idle">False leaves IDLE out of the IMAP capabilities, as some servers do.</param>
    public static async Task<LocalMailServer> StartAsync(CancellationToken cancellationToken, bool idle = true)
    {
        var script = FindScript() ?? throw new IOException("tools/mailserver.sh was not found; run mshop from its repository, or set MSHOP_MAILSERVER to the script's path");
        var (exit, output, error) = await RunAsync(script, idle ? ["start"] : ["start", "--no-idle"], cancellationToken);
        if (exit != 0)
        {
            throw new IOException($"the local mail server could not start: {error.Trim()}");
        }

        var environment = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new LocalMailServer(environment, script);
    }

    /// <summary>Stops both daemons; their mail stays in <see cref="Folder"/> unless <paramref name="purge"/>.</summary>
    public async Task StopAsync(bool purge) => await RunAsync(_script, purge ? ["stop", "--dir", Folder, "--purge"] : ["stop", "--dir", Folder], CancellationToken.None);

    public async ValueTask DisposeAsync() => await StopAsync(purge: false);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        // An argument list, not a command line: a repository under a path with spaces still works.
        using var process = Process.Start(new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new IOException("bash could not be started");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
