using MysteryShopper.Redaction;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Reporting.Json;
using MysteryShopper.Reporting.JUnit;
using MysteryShopper.Reporting.Markdown;

namespace MysteryShopper.Reporting;

/// <summary>The report formats by the names <c>--report</c> takes: <c>json</c>, <c>md</c>, <c>html</c>, <c>junit</c>.</summary>
public static class ReportWriters
{
    private static readonly (string Name, IReportWriter Writer)[] Named =
    [
        ("json", new JsonReportWriter()),
        ("md", new MarkdownReportWriter()),
        ("html", new HtmlReportWriter()),
        ("junit", new JUnitReportWriter()),
    ];

    /// <summary>Every format, in the order above.</summary>
    public static IReadOnlyList<IReportWriter> All { get; } = Named.Select(n => n.Writer).ToArray();

    /// <summary>The names <see cref="ByName"/> knows, for help text and error hints.</summary>
    public static IReadOnlyList<string> Names { get; } = Named.Select(n => n.Name).ToArray();

    /// <summary>The name <c>--report</c> takes for <paramref name="writer"/>.</summary>
    public static string NameOf(IReportWriter writer) => Named.First(n => n.Writer.GetType() == writer.GetType()).Name;

    /// <summary>The writer for <paramref name="name"/> (case-insensitive), or null for an unknown name.</summary>
    public static IReportWriter? ByName(string name) =>
        Named.FirstOrDefault(n => string.Equals(n.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)).Writer;

    /// <summary>
    /// Creates <paramref name="directory"/> and writes each report into it (each through a temporary file, so a crash
    /// never leaves a half-written report). Each report's text passes through <paramref name="redactor"/> before any
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
        var paths = new List<string>();
        foreach (var writer in writers)
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
