using MysteryShopper.Redaction;
using MysteryShopper.Reporting.Markdown;

namespace MysteryShopper.Reporting;

/// <summary>Writes reports in the <see cref="ReportFormat"/>s chosen.</summary>
public static class ReportWriters
{
    /// <summary>Every format's writer, in the order a run writes them.</summary>
    public static IReadOnlyList<IReportWriter> All { get; } = new[] { "json", "md", "html", "junit" }.Select(n => ByName(n)!).ToArray();

    /// <summary>The name <c>--report</c> takes for <paramref name="writer"/>.</summary>
    public static string NameOf(IReportWriter writer) => ReportFormat.All.First(f => f.Writer.GetType() == writer.GetType()).Name;

    /// <summary>The writer for <paramref name="name"/> (see <see cref="ReportFormat.TryParse"/>), or null for an unknown name.</summary>
    public static IReportWriter? ByName(string name) => ReportFormat.TryParse(name, out var format, out _) ? format.Writer : null;

    /// <summary>
    /// The files a format's writer brings along: <c>md</c> writes the whole comparison (<c>report.md</c>) and the
    /// compact <c>summary.md</c> for CI step summaries and pull-request comments.
    /// </summary>
    public static IReadOnlyList<IReportWriter> Companions(IReportWriter writer) =>
        writer is MarkdownReportWriter ? [Summary] : [];

    private static readonly IReportWriter Summary = new SummaryMarkdownWriter();

    /// <summary>
    /// Creates <paramref name="directory"/> and writes each report into it (each through a temporary file, so a crash
    /// never leaves a half-written report), with each one's <see cref="Companions"/>. Each report's text passes through <paramref name="redactor"/> before any
    /// of it reaches the disk. Returns the paths written, in the writers' order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAllAsync(
        RunResult run, string directory, IEnumerable<IReportWriter> writers, Redactor redactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(writers);
        ArgumentNullException.ThrowIfNull(redactor);

        Directory.CreateDirectory(directory);
        run = run.Folder is null ? run with { Folder = directory } : run;
        var paths = new List<string>();
        foreach (var writer in writers.SelectMany(w => new[] { w }.Concat(Companions(w))))
        {
            paths.Add(redactor.IsEmpty
                ? await writer.WriteAsync(run, directory, cancellationToken)
                : await ReportFile.WriteAsync(directory, writer.FileName, async (stream, ct) =>
                {
                    using var rendered = new MemoryStream();
                    await writer.RenderAsync(run, rendered, ct);
                    await stream.WriteAsync(redactor.Redact(rendered.ToArray()), ct);
                }, cancellationToken));
        }

        return paths;
    }
}
