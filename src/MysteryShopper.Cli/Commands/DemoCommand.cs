using System.CommandLine;
using MysteryShopper.Cli.Running;
using MysteryShopper.DemoSites.Mail;
using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using Serilog;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop demo</c>: starts the three built-in demo companies and the embedded mailbox, runs the example suite
/// (shipped inside mshop) against them, and writes the report. Exit 0 when the run itself worked: a competitor
/// failing its expectations is a finding, not an error.
/// </summary>
public static class DemoCommand
{
    public static Command Create(ILogger log, TextWriter output)
    {
        var options = new RunOptions();
        var mail = OptionValues.OneOf("--mail", "maildir: the embedded mailbox; smtp: a private Postfix + Dovecot on loopback (needs root)", "maildir", "smtp");
        var command = new Command("demo", "Run the example suite against three built-in demo companies and write the report") { mail };
        options.AddTo(command);
        command.Subcommands.Add(DemoServeCommand.Create(log, output));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var files = ExampleSuite();
            var (suite, exit) = await SuiteInput.LoadAsync(files, error);
            if (suite is null)
            {
                return exit;
            }

            // The example suite always runs against companies of its own, even where `mshop demo serve` runs; its store and
            // reports are the current folder's.
            if (options.Read(parse, error, suite, RunSettings.From(suite.Config) with { WorkspaceFolder = Environment.CurrentDirectory, UseServedDemo = false }) is not { } settings)
            {
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(mail) != "smtp")
            {
                return RunCommand.ExitCode(await RunCommand.Execute(suite, files, settings, CliRunParts.System, log, output, error, cancellationToken), requireAllPassed: false);
            }

            LocalMailServer server;
            try
            {
                server = await LocalMailServer.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                await error.WriteLineAsync($"mshop: {e.Message}");
                return ExitCodes.InfrastructureUnavailable;
            }

            await using (server)
            {
                await output.WriteLineAsync($"Mail server: SMTP 127.0.0.1:{server.SmtpPort}, IMAP 127.0.0.1:{server.ImapPort}; its mail is kept in {server.Folder}");
                var viaServer = settings with { Imap = server.Imap, Smtp = server.Smtp };
                var parts = new CliRunParts(TimeProvider.System) { DemoMail = new DemoMailServer("127.0.0.1", server.SmtpPort, server.ImapPort, server.Password) };
                return RunCommand.ExitCode(await RunCommand.Execute(suite, files, viaServer, parts, log, output, error, cancellationToken), requireAllPassed: false);
            }
        });
        return command;
    }

    /// <summary>The example suite from scenarios/, embedded at build time.</summary>
    public static IReadOnlyList<SourceFile> ExampleSuite() =>
        EmbeddedFiles.In("suite").Select(f => new SourceFile($"scenarios/{f.Name}", f.Text)).ToList();
}
