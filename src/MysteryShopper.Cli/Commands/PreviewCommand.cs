using System.CommandLine;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Preview;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop preview FILE.eml [--out FILE.html]</c>: one saved email as the report's preview shows it (headers and text
/// as text, the HTML sanitized in a sandboxed frame), a safe way to look at a suspicious mail. A missing file or one
/// that is no email gets a note with a hint and exit code 2, never a stack trace.
/// </summary>
public static class PreviewCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The email file (.eml) to show" };
        var outFile = new Option<string?>("--out") { HelpName = "FILE.html", Description = "Write the page to this file instead of standard output" };
        var command = new Command("preview", "Write a safe HTML preview of a saved email: no scripts, forms or remote loads; cid: images inlined, remote images left out")
        {
            file, outFile,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await error.WriteLineAsync(Directory.Exists(path)
                    ? $"mshop: {path}: is a folder; preview takes one email file (.eml)"
                    : $"mshop: {path}: no such file; give the path of a saved email (.eml)");
                return ExitCodes.InvalidInput;
            }

            SafeEmail email;
            try
            {
                await using var stream = File.OpenRead(path);
                email = EmailPreview.Read(stream);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"mshop: {path}: not previewed: {Messages.FirstLine(e.Message)}");
                await error.WriteLineAsync("hint: save the message from your mail client as an .eml file (the raw message with its headers)");
                return ExitCodes.InvalidInput;
            }

            var page = PreviewPage.Render(email, Path.GetFileName(path));
            if (parse.GetValue(outFile) is not { } target)
            {
                await output.WriteAsync(page);
                return ExitCodes.Ok;
            }

            try
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
                await ReportFile.WriteAsync(folder, Path.GetFileName(target), async (stream, ct) =>
                {
                    await using var writer = new StreamWriter(stream, leaveOpen: true);
                    await writer.WriteAsync(page.AsMemory(), ct);
                }, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"mshop: {target}: could not be written: {Messages.FirstLine(e.Message)}");
                return ExitCodes.InvalidInput;
            }

            await error.WriteLineAsync($"mshop: preview of {path} written to {target}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
