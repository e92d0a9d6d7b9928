using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;
using MysteryShopper.Reporting.Overview;

namespace MysteryShopper.Reporting.Html;

/// <summary>Everything the report's templates render: decided once here, so the components only lay it out.</summary>
/// <param name="Comparison">The side-by-side rows every human-readable format shares.</param>
/// <param name="Overview">Leaderboards, benchmark measures, reply curves, trends and regressions.</param>
/// <param name="Images">Screenshots small enough to embed, as data URIs, by their path relative to the run's folder.</param>
public sealed record ReportModel(Comparison Comparison, RunOverview Overview, IReadOnlyDictionary<string, string> Images)
{
    public RunResult Run => Comparison.Run;

    public static ReportModel Of(Comparison comparison, IReadOnlyDictionary<string, string>? images = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new ReportModel(comparison, RunOverview.Of(comparison.Run), images ?? new Dictionary<string, string>());
    }
}

/// <summary>
/// <c>report.html</c>: one self-contained page (inline CSS, no script, screenshots embedded or linked from the run's
/// folder) that answers "how do we compare?" in one screen, then folds the evidence below. Rendered from Razor
/// components through <see cref="HtmlRenderer"/>, which encodes every value by default: text from a run (subjects,
/// company names, failure messages) can only ever land as text.
/// </summary>
public sealed class HtmlReportWriter : FileReportWriter
{
    public const string DefaultFileName = "report.html";

    /// <summary>A screenshot up to this size is embedded as a data URI; a larger one is linked (it travels in the run's folder).</summary>
    public const long EmbedLimitBytes = 400_000;

    /// <summary>All embedded screenshots together stay under this, so a report of many probes still mails well.</summary>
    public const long EmbedBudgetBytes = 6_000_000;

    public override string FileName => DefaultFileName;

    public override async Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var images = await LoadImagesAsync(run, cancellationToken);
        var html = await RenderAsync(ReportModel.Of(Comparison.From(run), images));
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(html), cancellationToken);
    }

    /// <summary>The page, as text, with no screenshot embedded (they are linked).</summary>
    public static string Render(Comparison comparison) =>
        // HtmlRenderer's dispatcher runs the render on its own context; nothing here awaits I/O, so this completes at once.
        RenderAsync(ReportModel.Of(comparison)).GetAwaiter().GetResult();

    /// <summary>The page, as text.</summary>
    public static async Task<string> RenderAsync(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var renderer = new HtmlRenderer(NoServices.Instance, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<ReportPage>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(ReportPage.Model)] = model }));
            return output.ToHtmlString();
        });
    }

    /// <summary>
    /// Reads the screenshots of <paramref name="run"/> that are small enough, in probe order, until the budget is spent;
    /// none when the run's folder is unknown. A missing or unreadable file is simply linked instead.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> LoadImagesAsync(RunResult run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.Folder is not { } folder)
        {
            return images;
        }

        var root = Path.GetFullPath(folder);
        long spent = 0;
        foreach (var shot in run.Probes.SelectMany(p => p.Record.Screenshots).Distinct(StringComparer.Ordinal))
        {
            var type = Path.GetExtension(shot).ToUpperInvariant() switch { ".PNG" => "image/png", ".JPG" or ".JPEG" => "image/jpeg", _ => null };
            var path = Path.GetFullPath(Path.Combine(root, shot));
            if (type is null || !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var file = new FileInfo(path);
            if (!file.Exists || file.Length > EmbedLimitBytes || spent + file.Length > EmbedBudgetBytes)
            {
                continue;
            }

            try
            {
                images[shot] = $"data:{type};base64,{Convert.ToBase64String(await File.ReadAllBytesAsync(path, cancellationToken))}";
                spent += file.Length;
            }
            catch (IOException)
            {
                // Linked instead: the file may still be there for a reader later.
            }
        }

        return images;
    }

    /// <summary>
    /// The report's components inject nothing; HtmlRenderer asks only for its encoder. The default one writes every
    /// non-ASCII letter as a character reference (“ as &amp;#x201C;); this one encodes markup characters just as
    /// strictly but leaves letters and punctuation readable in the file.
    /// </summary>
    private sealed class NoServices : IServiceProvider
    {
        private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

        public static NoServices Instance { get; } = new();

        public object? GetService(Type serviceType) => serviceType == typeof(HtmlEncoder) ? Encoder : null;
    }
}
