using System.Globalization;

namespace MysteryShopper.Execution;

/// <summary>
/// The run folder the evidence goes to (screenshots, traces, the log, the reports), and whether the run can still
/// record there. Every write of evidence goes through <see cref="WriteAsync"/> or reports its failure to
/// <see cref="Failed"/>; before each submission the runner asks <see cref="CanSubmit"/>, which also looks at the free
/// space. Once the folder cannot be written the run stops submitting for good (a run that cannot keep what a company
/// did must not ask it anything more); what is already recorded, and the store, stay as they are.
/// </summary>
public sealed class EvidenceFolder
{
    /// <summary>The free space a submission needs on the run folder's file system: its screenshots, its trace, the log.</summary>
    public const long DefaultReserve = 1024 * 1024;

    private readonly long _reserve;
    private readonly Func<string, long?> _freeSpace;
    private volatile string? _problem;

    /// <param name="directory">The run folder.</param>
    /// <param name="reserve">The free space below which no submission starts.</param>
    /// <param name="freeSpace">Reads the free bytes of a folder's file system; null when unknown (tests pass a fake).</param>
    public EvidenceFolder(string directory, long reserve = DefaultReserve, Func<string, long?>? freeSpace = null)
    {
        Directory = directory;
        _reserve = reserve;
        _freeSpace = freeSpace ?? FreeSpace;
    }

    public string Directory { get; }

    /// <summary>Why the run can no longer record, or null while it can.</summary>
    public string? Problem => _problem;

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="relative"/> inside the run folder, whole or not at all (a
    /// temporary file renamed into place, so a full disk never leaves a zero-byte screenshot); false when it could
    /// not, and the run stops submitting.
    /// </summary>
    public async Task<bool> WriteAsync(string relative, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, relative);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await stream.WriteAsync(bytes, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed(path, e);
            TryDelete(temporary);
            return false;
        }
    }

    /// <summary>A write of evidence into the run folder failed: the run records no further submission.</summary>
    public void Failed(string path, Exception exception)
    {
        var message = Messages.FirstLine(exception.Message);
        Interlocked.CompareExchange(ref _problem, $"writing {path} failed: {message}", null);
    }

    /// <summary>
    /// Null when a submission may start: the folder has been written without failure and has room for the evidence;
    /// else why not (and from then on the run submits nothing more).
    /// </summary>
    public string? CanSubmit()
    {
        if (_problem is { } problem)
        {
            return problem;
        }

        if (_freeSpace(Directory) is { } free && free < _reserve)
        {
            Interlocked.CompareExchange(ref _problem, $"only {Size(free)} is free on the file system of {Directory} (a submission's evidence needs {Size(_reserve)})", null);
        }

        return _problem;
    }

    /// <summary>The free bytes for this user on the file system holding <paramref name="folder"/> (or its nearest existing parent).</summary>
    public static long? FreeSpace(string folder)
    {
        try
        {
            return NearestExisting(folder) is { } existing ? new DriveInfo(existing).AvailableFreeSpace : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary><paramref name="folder"/> made absolute, or its nearest parent that exists (where it would be made); null when none does.</summary>
    public static string? NearestExisting(string folder)
    {
        var existing = Path.GetFullPath(folder);
        while (!System.IO.Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing);
            if (existing is null)
            {
                return null;
            }
        }

        return existing;
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do on a file system that cannot be written.
        }
    }
}
