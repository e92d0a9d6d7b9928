using System.CommandLine;
using MysteryShopper.Bots.Browser;
using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using Serilog.Core;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop doctor</c>: what mshop would use, checked for real: the browser (started once), the workspace, the
/// mailbox folder and the reports folder. Exit 3 when something a run needs is unusable.
/// </summary>
public static class DoctorCommand
{
    public static Command Create(TextWriter output)
    {
        var browserPath = new Option<string?>("--browser") { Description = "Check this browser executable instead of the one mshop would find" };
        var connect = new Option<string?>("--connect") { Description = "Check this Playwright browser server (ws://…)" };
        var command = new Command("doctor", "Check the browser, workspace, mailbox and reports folder mshop would use") { browserPath, connect };
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
                var load = SuiteLoader.Load([await SourceFile.ReadAsync(Path.Combine(workspace, SuiteLoader.ConfigFile), cancellationToken)]);
                config = load.Suite?.Config ?? config;
                var errors = load.Diagnostics.Where(d => !d.Message.StartsWith("no scenario files", StringComparison.Ordinal)).ToList();
                await Line(errors.Count == 0, "workspace", errors.Count == 0 ? Path.Combine(workspace, SuiteLoader.ConfigFile) : string.Join("; ", errors));
            }
            else
            {
                await output.WriteLineAsync($"  --    workspace  none here or above (mshop init creates one; commands then need file arguments)");
            }

            var settings = RunSettings.From(config);
            var browserOptions = new BrowserOptions { ExecutablePath = parse.GetValue(browserPath) ?? settings.BrowserPath, Connect = parse.GetValue(connect) ?? settings.Connect, Headless = settings.Headless, Trace = false };
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

            await Line(Writable(settings.Maildir ?? Path.Combine(settings.OutputRoot, "(run)", "mail"), out var mailNote), "mailbox", settings.Maildir is null
                ? $"Maildir in each run's folder under {Path.GetFullPath(settings.OutputRoot)} ({mailNote})"
                : $"Maildir {Path.GetFullPath(settings.Maildir)} ({mailNote})");
            var runs = Directory.Exists(settings.OutputRoot) ? Directory.GetDirectories(settings.OutputRoot).Length : 0;
            await Line(Writable(settings.OutputRoot, out var reportsNote), "reports", $"{Path.GetFullPath(settings.OutputRoot)} ({reportsNote}, {runs} earlier run(s))");
            return healthy ? ExitCodes.Ok : ExitCodes.InfrastructureUnavailable;
        });
        return command;
    }

    /// <summary>Whether mshop can write in <paramref name="folder"/> (or create it), tried with a file that is removed again.</summary>
    private static bool Writable(string folder, out string note)
    {
        var existing = Path.GetFullPath(folder);
        while (!Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing);
            if (existing is null)
            {
                note = "no existing parent folder";
                return false;
            }
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
