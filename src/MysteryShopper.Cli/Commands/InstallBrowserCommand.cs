using System.CommandLine;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop install-browser</c>: Playwright's own Chromium download, for machines where no system Chromium can be
/// installed. The launcher script uses it as its last resort.
/// </summary>
public static class InstallBrowserCommand
{
    public static Command Create(TextWriter error)
    {
        var command = new Command("install-browser", "Download Playwright's own Chromium (when no system Chromium/Chrome can be installed)");
        command.SetAction(async (_, _) =>
        {
            var exit = Microsoft.Playwright.Program.Main(["install", "chromium"]);
            if (exit != 0)
            {
                await error.WriteLineAsync("mshop: the browser download failed; install Chromium or Chrome yourself and set MSHOP_BROWSER to its path.");
                return ExitCodes.InfrastructureUnavailable;
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
