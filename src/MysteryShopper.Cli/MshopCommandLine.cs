using System.CommandLine;
using System.CommandLine.Help;
using MysteryShopper.Cli.Commands;
using Serilog;

namespace MysteryShopper.Cli;

/// <summary>The <c>mshop</c> command line: parses, reports usage errors with exit code 2, and runs the command.</summary>
public static class MshopCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, ILogger log, TextWriter output, TextWriter error, bool handleSignals = false, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("MysteryShopper: become your own customer, and your competitors' customer, and measure what you see.");
        var verbose = new Option<bool>("--verbose") { Description = "Log every detail (debug level)", Recursive = true };
        root.Options.Add(verbose);
        root.Subcommands.Add(DemoCommand.Create(log, output));
        root.Subcommands.Add(RunCommand.Create(log, output, error));
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(PlanCommand.Create(output, error));
        root.Subcommands.Add(InitCommand.Create(output, error));
        root.Subcommands.Add(DoctorCommand.Create(output));
        root.Subcommands.Add(SchemaCommand.Create(output, error));
        root.Subcommands.Add(JudgeCommand.Create(output, error));
        root.Subcommands.Add(PreviewCommand.Create(output, error));
        root.Subcommands.Add(InstallBrowserCommand.Create(error));
        root.Subcommands.Add(CollectCommand.Create(log, output, error));
        root.Subcommands.Add(CollectCommand.CreateWatch(log, output, error));
        root.Subcommands.Add(StoreCommands.CreateRuns(output, error));
        root.Subcommands.Add(StoreCommands.CreateShow(output, error));
        root.Subcommands.Add(StoreCommands.CreateReport(output, error));
        root.Subcommands.Add(StoreCommands.CreateTag(output, error));
        root.Subcommands.Add(RejudgeCommand.Create(log, output, error));
        root.Subcommands.Add(MergeCommand.Create(output, error));
        root.Subcommands.Add(StoreCommands.CreatePrune(output, error));
        root.SetAction(parse =>
        {
            new HelpAction().Invoke(parse);
            return ExitCodes.InvalidInput;
        });

        var parsed = root.Parse(args);
        // Checked before System.CommandLine's own errors: those take an unknown option for a path, and are skipped under --help.
        if (UsageErrors.Unknown(parsed) is { } unknown)
        {
            await error.WriteLineAsync($"mshop: {unknown}");
            await error.WriteLineAsync(UsageErrors.SeeHelp(parsed));
            return ExitCodes.InvalidInput;
        }

        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                await error.WriteLineAsync($"mshop: {UsageErrors.Describe(e)}");
            }

            await error.WriteLineAsync(UsageErrors.SeeHelp(parsed));
            return ExitCodes.InvalidInput;
        }

        // Ctrl-C and SIGTERM cancel the command's token; the command stops cleanly and says what it kept.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = handleSignals ? new Signals(stop) : null;
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, stop.Token);
        }
        catch (InvalidInputException)
        {
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("mshop: stopped; everything stored so far is kept.");
            return Signals.ExitCode;
        }
    }
}
