using System.Text.Encodings.Web;
using System.Text.Json;
using MysteryShopper.Execution;

namespace MysteryShopper.Reporting.Json;

/// <summary>
/// <c>results.json</c>: the whole run, every probe with its observations, emails, metrics and expectations, as
/// <c>schema/results.schema.json</c> documents it. A stored run is read back with <see cref="ReadAsync"/> and
/// re-rendered with no browser or mailbox. Paths (screenshots, traces) are relative to the run's folder with
/// <c>/</c> between folders, so the folder can be moved or zipped; text is written as it reads (<c>+</c>, quotes,
/// <c>&lt;</c>, accents and arrows as themselves), which is safe because the file is read as JSON, never as HTML.
/// </summary>
public sealed class JsonReportWriter : FileReportWriter
{
    public const string DefaultFileName = "results.json";

    /// <summary>
    /// Escapes only what JSON requires (quotes, backslashes, control characters) and what no JSON text may hold
    /// unescaped; not <c>+</c>, <c>&lt;</c> or <c>'</c>, which the default encoder escapes for pages that embed JSON in HTML.
    /// </summary>
    private static readonly JsonWriterOptions Readable = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override string FileName => DefaultFileName;

    public override async Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(stream, Readable);
        JsonSerializer.Serialize(writer, Portable(run), ReportJsonContext.Default.RunResult);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The run with every evidence path relative to its folder and written with <c>/</c> (a run recorded on Windows reads the same).</summary>
    public static RunResult Portable(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run with
        {
            Probes = run.Probes.Select(p => p with
            {
                Record = p.Record with
                {
                    Screenshots = p.Record.Screenshots.Select(RelativePath).ToList(),
                    Failure = p.Record.Failure is { } failure
                        ? failure with { Screenshot = failure.Screenshot is { } s ? RelativePath(s) : null, Trace = failure.Trace is { } t ? RelativePath(t) : null }
                        : null,
                    Observations = p.Record.Observations
                        .Select(o => o.Kind is ObservationKind.Screenshot or ObservationKind.TraceSaved && o.Detail is { } path ? o with { Detail = RelativePath(path) } : o)
                        .ToList(),
                },
            }).ToList(),
        };
    }

    /// <summary>
    /// A path inside the run's folder as results.json keeps it: forward slashes, no leading <c>./</c>. The bots write
    /// paths relative to the folder; one that is rooted is kept from its <c>screenshots/</c> or <c>traces/</c> on.
    /// </summary>
    public static string RelativePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var portable = path.Replace('\\', '/');
        if (Path.IsPathRooted(portable) || portable.StartsWith('/'))
        {
            foreach (var folder in new[] { "/screenshots/", "/traces/", "/har/" })
            {
                var at = portable.LastIndexOf(folder, StringComparison.Ordinal);
                if (at >= 0)
                {
                    return portable[(at + 1)..];
                }
            }
        }

        return portable.StartsWith("./", StringComparison.Ordinal) ? portable[2..] : portable;
    }

    /// <summary>Reads a <c>results.json</c> back into the run it was written from.</summary>
    /// <exception cref="InvalidDataException">The file is not a results.json (the message names the file and the place).</exception>
    public static async Task<RunResult> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16384, useAsync: true);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, ReportJsonContext.Default.RunResult, cancellationToken)
                ?? throw new InvalidDataException($"{path} holds null, not a run's results");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable results.json: {e.Message}", e);
        }
    }
}
