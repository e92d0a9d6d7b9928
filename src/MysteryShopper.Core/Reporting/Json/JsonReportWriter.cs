using System.Text.Json;

namespace MysteryShopper.Reporting.Json;

/// <summary>
/// <c>results.json</c>: the whole run, every probe with its observations, emails, metrics and expectations. A stored
/// run is read back with <see cref="ReadAsync"/> and re-rendered with no browser or mailbox.
/// </summary>
public sealed class JsonReportWriter : FileReportWriter
{
    public const string DefaultFileName = "results.json";

    public override string FileName => DefaultFileName;

    public override Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(stream, run, ReportJsonContext.Default.RunResult, cancellationToken);

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
