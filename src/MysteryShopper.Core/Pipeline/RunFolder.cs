namespace MysteryShopper.Pipeline;

/// <summary>A run's folder cannot be made where the reports go: the run cannot happen (exit code 3).</summary>
public sealed class RunFolderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Makes a run's folder inside the reports folder, blaming whoever set that folder when it cannot be made.</summary>
public static class RunFolder
{
    /// <param name="root">The reports folder (made when missing).</param>
    /// <param name="runId">The run's id: its folder's name.</param>
    /// <param name="from">Who set <paramref name="root"/>: <c>--out</c>, mshop.yaml's <c>reports.out</c>, the default.</param>
    /// <returns>The run's folder.</returns>
    public static string Create(string root, string runId, string from)
    {
        Usable(root, from);
        return Made(Path.Combine(root, runId), from);
    }

    /// <summary>A folder to write reports into (<c>mshop report --out</c>), made when missing; blames <paramref name="from"/> when it cannot be.</summary>
    public static string Ensure(string folder, string from)
    {
        Usable(folder, from);
        return Made(folder, from);
    }

    /// <summary>Neither the folder nor any folder above it may be a file.</summary>
    private static void Usable(string folder, string from)
    {
        var full = Path.GetFullPath(folder);
        for (var part = full; part is not null; part = Path.GetDirectoryName(part))
        {
            if (File.Exists(part))
            {
                var which = part == full ? $"{folder} is a file" : $"{part} is a file";
                throw new RunFolderException($"the reports folder {folder} (set by {from}) cannot be used: {which}, not a folder; give {from} a folder (it is made when missing)");
            }
        }
    }

    private static string Made(string directory, string from)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException($"the folder {directory} could not be made in the reports folder set by {from}: {e.Message}", e);
        }
    }
}
