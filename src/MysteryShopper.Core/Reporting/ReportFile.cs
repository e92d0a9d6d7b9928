namespace MysteryShopper.Reporting;

/// <summary>Writes a report so that a reader never sees half of it: a temporary file in the same folder, then a move.</summary>
public static class ReportFile
{
    /// <summary>
    /// Creates <paramref name="directory"/> if needed, lets <paramref name="write"/> fill a temporary file next to
    /// <paramref name="fileName"/>, then moves it over any previous report. On failure the previous report is untouched.
    /// </summary>
    public static async Task<string> WriteAsync(string directory, string fileName, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(write);

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);

        // Same folder, so the move is a rename on one volume, not a copy.
        var temporary = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384, useAsync: true))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
            return path;
        }
        finally
        {
            // Only left behind when writing or moving failed; the exception still propagates.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
