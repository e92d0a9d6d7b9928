using System.CommandLine;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop init [dir]</c>: scaffolds a workspace (config, targets, a persona, a question, two scenarios, the editor
/// schemas) that validates as written. It never overwrites a file.
/// </summary>
public static class InitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("dir") { Description = "The folder to create the workspace in", DefaultValueFactory = _ => "." };
        var command = new Command("init", "Create a workspace: mshop.yaml, targets, a persona, a question and two example scenarios") { folder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = Path.GetFullPath(parse.GetValue(folder) ?? ".");
            var files = EmbeddedFiles.In("init").Select(f => (Path: Path.Combine(root, f.Name), f.Text))
                .Concat(EmbeddedFiles.In("schema").Select(f => (Path: Path.Combine(root, "schema", f.Name), f.Text)))
                .ToList();
            var existing = files.Where(f => File.Exists(f.Path)).Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f.Path)).ToList();
            if (existing.Count > 0)
            {
                await error.WriteLineAsync($"mshop: init would overwrite {string.Join(", ", existing)}; nothing was written.");
                await error.WriteLineAsync("Choose an empty folder: mshop init my-workspace");
                return ExitCodes.InvalidInput;
            }

            foreach (var (path, text) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, text, cancellationToken);
                await output.WriteLineAsync($"  created {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
            }

            var shown = Path.GetRelativePath(Environment.CurrentDirectory, root);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Next: edit {Path.Combine(shown, SuiteLoader.TargetsFile)} (your site and your competitors'), then");
            await output.WriteLineAsync($"  mshop validate {shown}");
            await output.WriteLineAsync($"  mshop plan {shown}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
