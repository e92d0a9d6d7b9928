using System.CommandLine;
using System.Reflection;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop schema [kind]</c>: prints the JSON Schema of one kind of workspace file, so an editor can complete and
/// check the YAML as it is typed; <c>--out DIR</c> writes all of them. They are the repository's <c>schema/*.json</c>,
/// embedded at build time, so what is printed is exactly what is committed.
/// </summary>
public static class SchemaCommand
{
    /// <summary>The kinds of workspace file; each one's schema is <c>KIND.schema.json</c>.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["scenario", "targets", "personas", "questions", "config"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var kind = new Argument<string?>("kind") { Description = "scenario (the default), targets, personas, questions or config", Arity = ArgumentArity.ZeroOrOne };
        kind.CompletionSources.Add([.. Kinds]);
        var outFolder = new Option<string?>("--out") { HelpName = "DIR", Description = "Write every schema into this folder, e.g. to commit beside the workspace, and print their paths" };
        var command = new Command("schema", "Print the JSON Schema of a workspace file (for editors' completion and checks)") { kind, outFolder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(kind);
            if (name is not null && !Kinds.Contains(name))
            {
                await error.WriteLineAsync($"mshop: unknown schema '{name}': {Suggest.DidYouMean(name, Kinds)}");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(outFolder) is not { } folder)
            {
                await output.WriteAsync(Read(name ?? "scenario"));
                return ExitCodes.Ok;
            }

            if (name is not null)
            {
                await error.WriteLineAsync($"mshop: --out writes every schema; leave out '{name}', or leave out --out to print it");
                return ExitCodes.InvalidInput;
            }

            try
            {
                Directory.CreateDirectory(folder);
                foreach (var each in Kinds)
                {
                    var path = Path.Combine(folder, FileName(each));
                    await File.WriteAllTextAsync(path, Read(each), cancellationToken);
                    await output.WriteLineAsync(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"mshop: {e.Message}");
                return ExitCodes.InfrastructureUnavailable;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string FileName(string kind) => $"{kind}.schema.json";

    /// <summary>The embedded schema of <paramref name="kind"/>, as committed.</summary>
    public static string Read(string kind)
    {
        var resource = $"schema/{FileName(kind)}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"mshop was built without its embedded {resource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
