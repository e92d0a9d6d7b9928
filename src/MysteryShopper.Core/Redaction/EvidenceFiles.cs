using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using MysteryShopper.Reporting;

namespace MysteryShopper.Redaction;

/// <summary>
/// Rewrites the evidence files a browser writes (a Playwright trace, a HAR) with every secret masked, before they are
/// kept: each written to a temporary file next to it and moved over it, so a half-rewritten file is never left.
/// </summary>
public static class EvidenceFiles
{
    /// <summary>
    /// Writes the trace archive <paramref name="source"/> to <paramref name="destination"/> with every entry redacted:
    /// the event logs (<c>*.trace</c>, <c>*.network</c>, <c>*.stacks</c>: a JSON document a line) and JSON resources
    /// token by token, every other resource (pages, scripts, images) as bytes. Throws when it cannot be read or written.
    /// </summary>
    public static async Task RewriteTraceAsync(string source, string destination, Redactor redactor, CancellationToken cancellationToken)
    {
        await using var input = await ZipFile.OpenReadAsync(source, cancellationToken);
        await ReportFile.WriteAsync(Path.GetDirectoryName(Path.GetFullPath(destination))!, Path.GetFileName(destination), async (stream, ct) =>
        {
            await using var output = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
            foreach (var entry in input.Entries)
            {
                byte[] content;
                await using (var read = await entry.OpenAsync(ct))
                {
                    using var buffer = new MemoryStream();
                    await read.CopyToAsync(buffer, ct);
                    content = buffer.ToArray();
                }

                var copy = output.CreateEntry(entry.FullName, CompressionLevel.Fastest);
                copy.LastWriteTime = entry.LastWriteTime;
                await using var write = await copy.OpenAsync(ct);
                await write.WriteAsync(Redact(entry.FullName, content, redactor), ct);
            }
        }, cancellationToken);
    }

    /// <summary>Rewrites the JSON file at <paramref name="path"/> (a HAR) in place with every secret masked, base64 bodies included.</summary>
    public static async Task RewriteJsonAsync(string path, Redactor redactor, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        var redacted = Json(content, redactor);
        if (ReferenceEquals(redacted, content))
        {
            return;
        }

        await ReportFile.WriteAsync(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path), (stream, ct) => stream.WriteAsync(redacted, ct).AsTask(), cancellationToken);
    }

    private static byte[] Redact(string name, byte[] content, Redactor redactor) =>
        Path.GetExtension(name) switch
        {
            ".trace" or ".network" or ".stacks" => JsonLines(content, redactor),
            ".json" => Json(content, redactor),
            _ => redactor.Redact(content),
        };

    /// <summary>One JSON document a line (text that is not UTF-8 is redacted as bytes).</summary>
    private static byte[] JsonLines(byte[] content, Redactor redactor)
    {
        if (!Utf8.IsValid(content))
        {
            return redactor.Redact(content);
        }

        var lines = Encoding.UTF8.GetString(content).Split('\n');
        var changed = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Encoding.UTF8.GetBytes(lines[i]);
            var redacted = Json(line, redactor);
            if (!ReferenceEquals(redacted, line))
            {
                lines[i] = Encoding.UTF8.GetString(redacted);
                changed = true;
            }
        }

        return changed ? Encoding.UTF8.GetBytes(string.Join('\n', lines)) : content;
    }

    /// <summary>A JSON document rewritten token by token; as bytes when it is not JSON. The same instance when it shows no secret.</summary>
    private static byte[] Json(byte[] content, Redactor redactor) =>
        content.Length == 0 ? content : JsonRedaction.Rewrite(content, redactor) ?? redactor.Redact(content);
}
