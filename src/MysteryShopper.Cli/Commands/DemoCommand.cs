using System.CommandLine;
using MysteryShopper.Cli.Running;
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
        var command = new Command("demo", "Run the example suite against three built-in demo companies and write the report");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var (suite, exit) = await SuiteInput.LoadAsync(ExampleSuite(), error);
            if (suite is null)
            {
                return exit;
            }

            if (options.Read(parse, error, RunSettings.From(suite.Config)) is not { } settings)
            {
                return ExitCodes.InvalidInput;
            }

            var outcome = await RunCommand.Execute(suite, settings, log, output, error, cancellationToken);
            return outcome is null ? ExitCodes.InfrastructureUnavailable : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The example suite from scenarios/, embedded at build time.</summary>
    public static IReadOnlyList<SourceFile> ExampleSuite() =>
        EmbeddedFiles.In("suite").Select(f => new SourceFile($"scenarios/{f.Name}", f.Text)).ToList();
}
