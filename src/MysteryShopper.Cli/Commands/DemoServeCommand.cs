using System.CommandLine;
using MysteryShopper.Cli.Running;
using MysteryShopper.DemoSites;
using MysteryShopper.DemoSites.Mail;
using Serilog;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop demo serve</c>: runs the three demo companies in a process of their own until Ctrl+C or SIGTERM, so that
/// answers that take hours (of demo time) still arrive after the run that asked has ended. Writes the workspace's
/// <c>.mshop/demo.json</c>, which runs read to use these companies, and removes it on a clean stop (exit 0).
/// </summary>
public static class DemoServeCommand
{
    public static Command Create(ILogger log, TextWriter output)
    {
        var timeScale = OptionValues.Scale("--time-scale", "Multiply the companies' delays (0.0005 turns Corvid's next-day answer into 36 s; default 1)");
        var maildir = new Option<string?>("--maildir") { HelpName = "DIR", Description = "Where the companies deliver mail (default: the workspace's .mshop/mail)" };
        var mail = OptionValues.OneOf("--mail", "maildir: deliver into the Maildir; smtp: send through a private Postfix + Dovecot on loopback (needs root)", "maildir", "smtp");
        var lab = new Option<bool>("--lab") { Description = "Also serve the /lab test pages the browser tests use (cookie banner, form in a frame, CAPTCHAs, dialogs...)" };
        var command = new Command("serve", "Serve the demo companies until stopped, for runs whose answers come later (mshop collect)") { timeScale, maildir, mail, lab };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var scale = parse.GetValue(timeScale) ?? 1.0;

            // SIGTERM (a service manager, `kill`) is a clean stop like Ctrl+C (Signals cancels the token): the companies
            // stop and the file goes.
            var workspace = ServedDemo.Workspace(Environment.CurrentDirectory);
            if (await ServedDemo.FindAsync(workspace, log, cancellationToken) is { } running)
            {
                await error.WriteLineAsync($"mshop: the demo is already served for {workspace} by process {running.Discovery.Pid} ({running.File}); stop it first");
                return ExitCodes.InvalidInput;
            }

            var server = parse.GetValue(mail) == "smtp" ? await StartMailServerAsync(error, cancellationToken) : null;
            if (parse.GetValue(mail) == "smtp" && server is null)
            {
                return ExitCodes.InfrastructureUnavailable;
            }

            await using (server)
            {
                var folder = Path.GetFullPath(parse.GetValue(maildir) ?? Path.Combine(workspace, ".mshop", "mail"));
                return await ServeAsync(workspace, folder, scale, parse.GetValue(lab), server, log, output, error, cancellationToken);
            }
        });
        return command;
    }

    private static async Task<int> ServeAsync(string workspace, string maildir, double scale, bool serveLab, LocalMailServer? server, ILogger log, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = new DemoOptions
        {
            MaildirPath = maildir,
            PickupPath = server is null ? CliRunParts.DemoPickup(workspace) : null,
            TimeScale = scale,
            ServeLab = serveLab,
            Logger = log,
            MailServer = server is null ? null : new DemoMailServer("127.0.0.1", server.SmtpPort, server.ImapPort, server.Password),
        };
        DemoCompanies companies;
        try
        {
            companies = await DemoCompanies.StartAsync(options, cancellationToken);
        }
        catch (DemoMailServerException e)
        {
            await error.WriteLineAsync($"mshop: {e.Message}");
            return ExitCodes.InfrastructureUnavailable;
        }

        await using (companies)
        {
            foreach (var company in companies.Companies)
            {
                await output.WriteLineAsync($"{company.Id,-12} {company.Url.ToString().TrimEnd('/')}   ({company.Name}, demo://{company.Id})");
            }

            await output.WriteLineAsync(server is null
                ? $"Mail goes to the Maildir {maildir}"
                : $"Mail goes through SMTP 127.0.0.1:{server.SmtpPort}; read it over IMAP 127.0.0.1:{server.ImapPort} (kept in {server.Folder})");

            var discovery = new DemoDiscovery(
                Environment.ProcessId,
                TimeProvider.System.GetUtcNow(),
                scale,
                companies.Companies.ToDictionary(c => c.Id, c => c.Url, StringComparer.Ordinal),
                server is null ? maildir : null,
                server?.Imap,
                server?.Smtp,
                options.PickupPath);
            var file = ServedDemo.DiscoveryFile(workspace);
            try
            {
                await ServedDemo.WriteAsync(file, discovery, cancellationToken);
                await output.WriteLineAsync($"Serving for {workspace} (time scale {scale}); runs there use these companies ({file}). Ctrl+C stops.");
                await output.FlushAsync(cancellationToken);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: the way this command is meant to end.
            }
            finally
            {
                // First, so no run picks up companies that are stopping.
                ServedDemo.Remove(file, Environment.ProcessId, log);
            }
        }

        await output.WriteLineAsync("Demo companies stopped.");
        return ExitCodes.Ok;
    }

    private static async Task<LocalMailServer?> StartMailServerAsync(TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await LocalMailServer.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"mshop: {e.Message}");
            return null;
        }
    }
}
