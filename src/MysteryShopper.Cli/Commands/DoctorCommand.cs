using System.CommandLine;
using MysteryShopper.Bots.Browser;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Execution;
using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;
using Serilog.Core;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop doctor</c>: what mshop would use, checked for real: the workspace, the browser (started once), the
/// mailbox (the IMAP server logged in to and its folders opened, or the Maildir), the sender (the SMTP server greeted
/// and logged in to, or the pickup folder), the store and the reports folder. Exit 3 when something a run needs is
/// unusable.
/// </summary>
public static class DoctorCommand
{
    public static Command Create(TextWriter output)
    {
        var browserPath = new Option<string?>("--browser") { HelpName = "PATH", Description = "Check this browser executable instead of the one mshop would find" };
        var connect = OptionValues.Setting<BrowserServerUrl>("--connect", "URL", "Check this Playwright browser server (ws://…)", BrowserServerUrl.TryParse);
        var command = new Command("doctor", "Check the workspace, browser, mailbox, sender, store and reports folder mshop would use") { browserPath, connect };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var healthy = true;
            async Task Line(bool ok, string what, string detail)
            {
                healthy &= ok;
                await output.WriteLineAsync($"  {(ok ? "ok  " : "FAIL")}  {what,-10} {detail}");
            }

            var version = typeof(DoctorCommand).Assembly.GetName().Version;
            await output.WriteLineAsync($"mshop {version} on .NET {Environment.Version} ({Environment.OSVersion})");

            var workspace = SuiteLoader.FindWorkspace(Environment.CurrentDirectory);
            var config = new WorkspaceConfig();
            if (workspace is not null)
            {
                var (read, errors) = SuiteLoader.LoadConfig(await SourceFile.ReadAsync(Path.Combine(workspace, SuiteLoader.ConfigFile), cancellationToken));
                config = read ?? config;
                await Line(errors.Count == 0, "workspace", errors.Count == 0 ? Path.Combine(workspace, SuiteLoader.ConfigFile) : string.Join("; ", errors));
            }
            else
            {
                await output.WriteLineAsync($"  --    workspace  none here or above (mshop init creates one; commands then need file arguments)");
            }

            var settings = RunSettings.From(config);
            var browserOptions = new BrowserOptions
            {
                ExecutablePath = parse.GetValue(browserPath) ?? settings.BrowserPath,
                ExecutableFrom = parse.GetValue(browserPath) is null ? settings.BrowserPathFrom : "--browser",
                Connect = parse.GetValue(connect)?.Text ?? settings.Connect,
                Headless = settings.Headless,
                Trace = false,
            };
            try
            {
                await using var browser = await PlaywrightBrowser.LaunchAsync(browserOptions, Logger.None, cancellationToken);
                await Line(true, "browser", $"{browser.Description}, version {browser.Version}, started and closed");
                if (browserOptions.Connect is null && browserOptions.Headless && !browser.Description.Contains(BrowserDiscovery.HeadlessShell, StringComparison.Ordinal))
                {
                    await output.WriteLineAsync($"  --    {"",-10} tip: Chromium's headless shell runs a probe on about a third of the CPU (Debian/Ubuntu: 'sudo apt-get install {BrowserDiscovery.HeadlessShell}')");
                }
            }
            catch (BrowserUnavailableException e)
            {
                await Line(false, "browser", e.Message);
            }

            var place = workspace is null ? Workspace.Find(Environment.CurrentDirectory) : new Workspace(workspace);
            await MailboxLineAsync(settings, place, Line, cancellationToken);
            await SenderLineAsync(settings, place, Line, cancellationToken);
            await StoreLineAsync(place.StorePath(settings), Line, cancellationToken);
            var reports = place.ReportsFolder(settings);
            var runs = Directory.Exists(reports) ? Directory.GetDirectories(reports).Length : 0;
            await Line(Writable(reports, out var reportsNote), "reports", $"{reports} ({reportsNote}, {runs} earlier run(s))");
            return healthy ? ExitCodes.Ok : ExitCodes.InfrastructureUnavailable;
        });
        return command;
    }

    /// <summary>The configured IMAP server, logged in to with its folders opened as a run opens them; else the Maildir.</summary>
    private static async Task MailboxLineAsync(RunSettings settings, Workspace place, Func<bool, string, string, Task> line, CancellationToken cancellationToken)
    {
        if (settings.Imap is not { } imap)
        {
            var maildir = place.Maildir(settings);
            await line(Writable(maildir, out var note), "mailbox", $"Maildir {maildir} ({note})");
            return;
        }

        try
        {
            var folders = await ImapMailbox.CheckAsync(imap, cancellationToken);
            await line(true, "mailbox", $"IMAP {imap}{(imap.User is null ? "" : $" as {imap.User}")}: logged in; watches {string.Join(", ", folders.Select(f => $"{f.Folder} ({f.Messages} message(s))"))}");
        }
        catch (MailboxUnavailableException e)
        {
            await line(false, "mailbox", e.Message);
        }
    }

    /// <summary>The configured SMTP server, greeted and logged in to (nothing is sent); else the pickup folder.</summary>
    private static async Task SenderLineAsync(RunSettings settings, Workspace place, Func<bool, string, string, Task> line, CancellationToken cancellationToken)
    {
        if (settings.Smtp is not { } smtp)
        {
            if (settings.Pickup is { } pickup)
            {
                var folder = place.Resolve(pickup);
                await line(Writable(folder, out var note), "sender", $"pickup folder {folder} ({note})");
            }
            else
            {
                await line(true, "sender", "pickup folder: each run's outbox/ (no SMTP server configured: sent mail stays on this machine)");
            }

            return;
        }

        try
        {
            await new SmtpSender(smtp, TimeProvider.System, Logger.None).CheckAsync(cancellationToken);
            await line(true, "sender", $"SMTP {smtp}: answered{(smtp.User is null ? "" : $", logged in as {smtp.User}")}; nothing sent");
        }
        catch (SenderUnavailableException e)
        {
            await line(false, "sender", e.Message);
        }
    }

    /// <summary>The store: opened (and migrated) when it exists, with its runs and awaiting probes; else where it will be made.</summary>
    private static async Task StoreLineAsync(string path, Func<bool, string, string, Task> line, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await line(Writable(Path.GetDirectoryName(path)!, out var note), "store", $"{path} (made on the first run; {note})");
            return;
        }

        try
        {
            await using var store = await MysteryShopper.Storage.Sqlite.SqliteStore.OpenAsync(path, cancellationToken);
            var runs = await store.ListRunsAsync(int.MaxValue, cancellationToken);
            var awaiting = runs.Sum(r => r.Probes.GetValueOrDefault(MysteryShopper.Storage.ProbeState.Awaiting));
            await line(true, "store", $"{path} ({runs.Count} run(s), {awaiting} probe(s) awaiting replies{(awaiting > 0 ? ": 'mshop collect' completes them" : "")})");
        }
        catch (MysteryShopper.Storage.StoreException e)
        {
            await line(false, "store", e.Message);
        }
    }

    /// <summary>Whether mshop can write in <paramref name="folder"/> (or create it), tried with a file that is removed again.</summary>
    private static bool Writable(string folder, out string note)
    {
        if (EvidenceFolder.NearestExisting(folder) is not { } existing)
        {
            note = "no existing parent folder";
            return false;
        }

        var probe = Path.Combine(existing, $".mshop-doctor-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
            note = existing == Path.GetFullPath(folder) ? "writable" : "will be created";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            note = $"not writable: {e.Message}";
            return false;
        }
    }
}
