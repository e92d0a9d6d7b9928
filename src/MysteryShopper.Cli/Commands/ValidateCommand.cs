using System.CommandLine;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Commands;

/// <summary><c>mshop validate [paths]</c>: loads everything and prints every error with its place.</summary>
public static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths") { Description = "Scenario files, or folders of them (with targets.yaml and personas.yaml)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check scenario, target and persona files; print every error with file:line:col") { paths };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (suite, exit) = await SuiteInput.LoadAsync(parse.GetValue(paths)!, error, cancellationToken);
            if (suite is null)
            {
                return exit;
            }

            var probes = suite.Scenarios.Sum(s => s.Targets.Count);
            await output.WriteLineAsync($"{suite.Scenarios.Count} scenario(s), {suite.Targets.Count} target(s), {probes} probe(s): OK");
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>Reads and loads scenario input for any command, printing errors the same way everywhere.</summary>
public static class SuiteInput
{
    public static async Task<(Suite? Suite, int ExitCode)> LoadAsync(IEnumerable<string> paths, TextWriter error, CancellationToken cancellationToken)
    {
        IReadOnlyList<SourceFile> files;
        try
        {
            files = await SuiteLoader.ReadFilesAsync(paths, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"mshop: {e.Message}");
            return (null, ExitCodes.InvalidInput);
        }

        return await LoadAsync(files, error);
    }

    public static async Task<(Suite? Suite, int ExitCode)> LoadAsync(IReadOnlyList<SourceFile> files, TextWriter error)
    {
        var result = SuiteLoader.Load(files);
        if (result.Succeeded)
        {
            return (result.Suite, ExitCodes.Ok);
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            await error.WriteLineAsync(diagnostic.ToString());
        }

        await error.WriteLineAsync($"{result.Diagnostics.Count} error(s); nothing was run.");
        return (null, ExitCodes.InvalidInput);
    }
}
