using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Commands;

/// <summary>The <c>--rubric NAME|FILE</c> option of <c>judge</c> and <c>rejudge</c>, read one way for both.</summary>
public static class RubricOption
{
    /// <summary>
    /// A built-in rubric by name, or a rubric YAML file (each of its problems printed with line and column); null for
    /// none given. Problem is true when the name is neither, or the file does not read (exit 2).
    /// </summary>
    public static async Task<(Rubric? Rubric, bool Problem)> ReadAsync(string? nameOrFile, TextWriter error, CancellationToken cancellationToken)
    {
        if (nameOrFile is null)
        {
            return (null, false);
        }

        if (Rubrics.Builtin(nameOrFile) is { } builtin)
        {
            return (builtin, false);
        }

        if (!File.Exists(nameOrFile))
        {
            await error.WriteLineAsync($"mshop: unknown rubric '{nameOrFile}' ({Suggest.DidYouMean(nameOrFile, Rubrics.Names)}, or the path of a rubric file)");
            return (null, true);
        }

        var reading = Rubric.Parse(await File.ReadAllTextAsync(nameOrFile, cancellationToken), nameOrFile);
        foreach (var diagnostic in reading.Diagnostics)
        {
            await error.WriteLineAsync(diagnostic.ToString());
        }

        return (reading.Rubric, reading.Rubric is null);
    }
}
