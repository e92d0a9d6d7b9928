using System.CommandLine;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Commands;

/// <summary><c>mshop validate [paths]</c>: loads everything and prints every error with its place.</summary>
public static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = SuiteInput.PathsArgument();
        var command = new Command("validate", "Check scenario, target and persona files; print every error with file:line:col") { paths };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (suite, exit) = await SuiteInput.LoadAsync(parse.GetValue(paths) ?? [], error, cancellationToken);
            if (suite is null)
            {
                return exit;
            }

            var probes = suite.Scenarios.Sum(s => s.Targets.Count * (s.Questions.Count == 0 ? 1 : s.EachQuestion ? s.Questions.Count : 1));
            await output.WriteLineAsync($"{suite.Scenarios.Count} scenario(s), {suite.Targets.Count} target(s), {probes} probe(s): OK");
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>Reads and loads scenario input for any command, printing errors the same way everywhere.</summary>
public static class SuiteInput
{
    /// <summary>The <c>paths</c> argument: files or folders; none means the workspace (the folder with mshop.yaml, here or above).</summary>
    public static Argument<string[]> PathsArgument() => new("paths")
    {
        Description = "Scenario files or folders (with targets.yaml, personas.yaml); default: the workspace with mshop.yaml here or above",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static async Task<(Suite? Suite, int ExitCode)> LoadAsync(IReadOnlyList<string> paths, TextWriter error, CancellationToken cancellationToken)
    {
        var (suite, _, exit) = await LoadWithFilesAsync(paths, error, cancellationToken);
        return (suite, exit);
    }

    /// <summary>Loads as <see cref="LoadAsync(IReadOnlyList{string}, TextWriter, CancellationToken)"/> does, and also gives the files read (a run keeps them in the store).</summary>
    public static async Task<(Suite? Suite, IReadOnlyList<SourceFile> Files, int ExitCode)> LoadWithFilesAsync(IReadOnlyList<string> paths, TextWriter error, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            if (SuiteLoader.FindWorkspace(Environment.CurrentDirectory) is not { } workspace)
            {
                await error.WriteLineAsync($"mshop: no files given, and no {SuiteLoader.ConfigFile} here or in a folder above.");
                await error.WriteLineAsync("Pass scenario files or folders, or create a workspace with 'mshop init'.");
                return (null, [], ExitCodes.InvalidInput);
            }

            // Relative, so messages name the files as the user sees them from here ("personas.yaml:3:5").
            paths = [Path.GetRelativePath(Environment.CurrentDirectory, workspace)];
        }

        IReadOnlyList<SourceFile> files;
        try
        {
            files = await SuiteLoader.ReadFilesAsync(paths, cancellationToken);
            // A scenario file given on its own is read with its workspace's mshop.yaml, targets, personas and questions.
            if (SuiteLoader.SharedFilesFor(paths, files) is { Count: > 0 } shared)
            {
                files = [.. files, .. await SuiteLoader.ReadFilesAsync(shared, cancellationToken)];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"mshop: {e.Message}");
            return (null, [], ExitCodes.InvalidInput);
        }

        var (suite, exit) = await LoadAsync(files, error);
        return (suite, files, exit);
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
