using System.Diagnostics;
using System.Globalization;
using MysteryShopper.Settings;

namespace MysteryShopper.Cli.Running;

/// <summary>How to start a <see cref="LocalMailServer"/>.</summary>
public sealed record LocalMailServerOptions
{
    /// <summary>False leaves IDLE out of the IMAP capabilities, as some servers do.</summary>
    public bool Idle { get; init; } = true;

    /// <summary>The folder for configuration, logs and mailboxes (the script allows only [A-Za-z0-9._/@+-]); null lets the script pick one.</summary>
    public string? Folder { get; init; }

    /// <summary>Delete <see cref="LocalMailServer.Folder"/> when the server is disposed (a benchmark's throwaway server).</summary>
    public bool PurgeWhenDisposed { get; init; }

    /// <summary>The script to run; null runs <see cref="LocalMailServer.FindScript"/>'s, or else the copy built into mshop (<see cref="MailServerScript"/>).</summary>
    public string? Script { get; init; }
}

/// <summary>The private Postfix + Dovecot of tools/mailserver.sh on loopback, for <c>mshop demo --mail smtp</c>, the mail tests and the mail benchmark.</summary>
public sealed class LocalMailServer : IAsyncDisposable
{
    private readonly string _script;
    private readonly bool _purgeWhenDisposed;

    private LocalMailServer(IReadOnlyDictionary<string, string> environment, string script, bool purgeWhenDisposed)
    {
        Environment = environment;
        _script = script;
        _purgeWhenDisposed = purgeWhenDisposed;
    }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Where the server keeps its configuration, logs and every mailbox (kept after it stops unless purged).</summary>
    public string Folder => Environment["MSHOP_MAIL_DIR"];

    public string ImapUser => Environment["MSHOP_IMAP_USER"];

    public string Password => Environment["MSHOP_IMAP_PASSWORD"];

    public int SmtpPort => int.Parse(Environment["MSHOP_SMTP_PORT"], CultureInfo.InvariantCulture);

    public int ImapPort => int.Parse(Environment["MSHOP_IMAP_PORT"], CultureInfo.InvariantCulture);

    public MailServer Imap => new() { Host = "127.0.0.1", Port = ImapPort, Security = MailSecurity.None, User = ImapUser, Password = Password };

    public MailServer Smtp => new() { Host = "127.0.0.1", Port = SmtpPort, Security = MailSecurity.None };

    /// <summary>The bots' options for this server's IMAP port, as <paramref name="user"/> (the shopper's mailbox by default).</summary>
    public MailServer ImapOptions(string? user = null) =>
        new() { Host = "127.0.0.1", Port = ImapPort, Security = MailSecurity.None, User = user ?? ImapUser, Password = Password, Timeout = TimeSpan.FromSeconds(10) };

    public MailServer SmtpOptions() => new() { Host = "127.0.0.1", Port = SmtpPort, Security = MailSecurity.None, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// tools/mailserver.sh in a folder above <paramref name="searchFrom"/> (by default mshop's own folder and the current
    /// one: a build inside the repository), MSHOP_MAILSERVER overriding; null when it is not there.
    /// </summary>
    public static string? FindScript(IReadOnlyList<string>? searchFrom = null)
    {
        if (System.Environment.GetEnvironmentVariable("MSHOP_MAILSERVER") is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (var start in searchFrom ?? [AppContext.BaseDirectory, System.Environment.CurrentDirectory])
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

    public static Task<LocalMailServer> StartAsync(CancellationToken cancellationToken) => StartAsync(new LocalMailServerOptions(), cancellationToken);

    /// <summary>Starts the server; throws <see cref="IOException"/> with the script's own words when it cannot (leaving no folder of <paramref name="options"/> behind).</summary>
    /// <param name="options">Where and how.</param>
    /// <param name="cancellationToken">Stops waiting for the script.</param>
    public static async Task<LocalMailServer> StartAsync(LocalMailServerOptions options, CancellationToken cancellationToken)
    {
        var script = options.Script ?? FindScript() ?? ExtractScript();
        List<string> arguments = ["start"];
        if (options.Folder is { } folder)
        {
            arguments.AddRange(["--dir", folder]);
        }

        if (!options.Idle)
        {
            arguments.Add("--no-idle");
        }

        var (exit, output, error) = await RunAsync(script, arguments, cancellationToken);
        if (exit != 0)
        {
            if (options.Folder is { } started)
            {
                await PurgeAsync(script, started);
            }

            throw new IOException($"the local mail server could not start: {error.Trim()}");
        }

        var environment = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new LocalMailServer(environment, script, options.PurgeWhenDisposed);
    }

    private static string ExtractScript()
    {
        try
        {
            return MailServerScript.Extract();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"the built-in copy of tools/mailserver.sh could not be written: {e.Message}", e);
        }
    }

    /// <summary>Stops both daemons; their mail stays in <see cref="Folder"/> unless <paramref name="purge"/>.</summary>
    public async Task StopAsync(bool purge)
    {
        if (purge)
        {
            await PurgeAsync(_script, Folder);
        }
        else
        {
            await RunAsync(_script, ["stop", "--dir", Folder], CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(_purgeWhenDisposed);

    private static async Task PurgeAsync(string script, string folder)
    {
        if (File.Exists(Path.Combine(folder, "mailserver.state")))
        {
            await RunAsync(script, ["stop", "--dir", folder, "--purge"], CancellationToken.None);
        }
        else if (Directory.Exists(folder))
        {
            // Start failed before the script wrote its state: nothing runs, only the folder is left.
            Directory.Delete(folder, recursive: true);
        }
    }

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
