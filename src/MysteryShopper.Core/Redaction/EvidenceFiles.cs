using System.IO.Compression;
using System.Security.Cryptography;
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
    /// <summary>Removes what a failed write left at <paramref name="path"/> (a truncated zip, a half HAR), if anything; never throws.</summary>
    public static void DeletePartial(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file system that failed the write may fail this too: nothing more to do.
        }
    }

    /// <summary>
    /// Writes the trace archive <paramref name="source"/> to <paramref name="destination"/> with every entry redacted:
    /// the event logs (<c>*.trace</c>, <c>*.network</c>, <c>*.stacks</c>: a JSON document a line) and JSON resources
    /// token by token, every other resource (pages, scripts, images) as bytes. A resource is named by the SHA-1 of its
    /// content, which would let anyone test guesses of a secret against a page it was masked in: a redacted resource
    /// is named by a hash of what is kept instead, and the event logs refer to it by that name. Throws when it cannot be
    /// read or written.
    /// </summary>
    public static async Task RewriteTraceAsync(string source, string destination, Redactor redactor, CancellationToken cancellationToken)
    {
        var entries = new List<(string Name, DateTimeOffset Written, byte[] Content)>();
        await using (var input = await ZipFile.OpenReadAsync(source, cancellationToken))
        {
            foreach (var entry in input.Entries)
            {
                await using var read = await entry.OpenAsync(cancellationToken);
                using var buffer = new MemoryStream();
                await read.CopyToAsync(buffer, cancellationToken);
                entries.Add((entry.FullName, entry.LastWriteTime, buffer.ToArray()));
            }
        }

        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var (name, written, content) = entries[i];
            var redacted = Redact(name, content, redactor);
            if (!ReferenceEquals(redacted, content) && HashName(name) is { } hash)
            {
                // Still 40 hex digits, as Playwright names resources; the viewer only looks the name up.
                var rehashed = Convert.ToHexStringLower(SHA256.HashData(redacted))[..40];
                renamed[hash] = rehashed;
                name = name.Replace(hash, rehashed, StringComparison.Ordinal);
            }

            entries[i] = (name, written, redacted);
        }

        await ReportFile.WriteAsync(Path.GetDirectoryName(Path.GetFullPath(destination))!, Path.GetFileName(destination), async (stream, ct) =>
        {
            await using var output = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
            foreach (var (name, written, content) in entries)
            {
                var copy = output.CreateEntry(name, CompressionLevel.Fastest);
                copy.LastWriteTime = written;
                await using var write = await copy.OpenAsync(ct);
                await write.WriteAsync(renamed.Count > 0 && IsEventLog(name) ? Rename(content, renamed) : content, ct);
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
        IsEventLog(name) ? JsonLines(content, redactor)
        : Path.GetExtension(name) == ".json" ? Json(content, redactor)
        : redactor.Redact(content);

    private static bool IsEventLog(string name) => Path.GetExtension(name) is ".trace" or ".network" or ".stacks";

    /// <summary>The SHA-1 a resource is named by (<c>resources/&lt;40 hex&gt;.html</c>), or null.</summary>
    private static string? HashName(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        return name.StartsWith("resources/", StringComparison.Ordinal) && stem.Length == 40 && stem.All(char.IsAsciiHexDigitLower) ? stem : null;
    }

    /// <summary>The event log with every renamed resource's name replaced (a 40-digit hash never occurs by chance).</summary>
    private static byte[] Rename(byte[] content, Dictionary<string, string> renamed)
    {
        var text = Encoding.UTF8.GetString(content);
        foreach (var (from, to) in renamed)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }

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
