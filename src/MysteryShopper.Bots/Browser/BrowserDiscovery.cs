namespace MysteryShopper.Bots.Browser;

/// <summary>Raised when no browser can be started: the run cannot happen (exit code 3).</summary>
public sealed class BrowserUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string InstallHint =
        "install Chromium (Debian/Ubuntu: 'sudo apt-get install chromium'), or point MSHOP_BROWSER at a Chromium or Chrome executable";

    public static BrowserUnavailableException NotFound(IEnumerable<string> looked) => new(
        $"no Chromium or Chrome browser was found (looked for: {string.Join(", ", looked)}); {InstallHint}");

    public static BrowserUnavailableException ConfiguredMissing(string path, string source) => new(
        $"the browser set by {source} does not exist: {path}; {InstallHint}");

    public static BrowserUnavailableException CannotStart(string path, Exception inner) => new(
        $"the browser at {path} could not be started: {FirstLine(inner.Message)}; check that it runs ('{path} --version'), or {InstallHint}", inner);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>Where a browser executable was found, and who said so.</summary>
public sealed record BrowserExecutable(string? Path, string Source)
{
    /// <summary>True when Playwright's own downloaded Chromium is used (no explicit path).</summary>
    public bool IsPlaywrightBundled => Path is null;

    public override string ToString() => Path is null ? $"Playwright's own Chromium ({Source})" : $"{Path} ({Source})";
}

/// <summary>
/// Finds the browser: the configured path, then <c>MSHOP_BROWSER</c>, then chromium/google-chrome/chrome on PATH,
/// then a Chromium that Playwright installed itself.
/// </summary>
public static class BrowserDiscovery
{
    public const string EnvironmentVariable = "MSHOP_BROWSER";

    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    public static BrowserExecutable Find(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? new(configured, "configuration") : throw BrowserUnavailableException.ConfiguredMissing(configured, "the configuration");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment) ? new(fromEnvironment, EnvironmentVariable) : throw BrowserUnavailableException.ConfiguredMissing(fromEnvironment, EnvironmentVariable);
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in Names)
        {
            foreach (var folder in path)
            {
                var candidate = System.IO.Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return new(UnwrapDebianLauncher(candidate), "PATH");
                }
            }
        }

        var cache = Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH")
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        if (Directory.Exists(cache) && Directory.EnumerateDirectories(cache, "chromium-*").Any())
        {
            return new(null, cache);
        }

        throw BrowserUnavailableException.NotFound(Names.Append(EnvironmentVariable));
    }

    /// <summary>
    /// Debian's /usr/bin/chromium is a shell script that adds desktop flags and prints shell errors on some machines;
    /// Playwright passes its own flags, so the binary behind it is used directly.
    /// </summary>
    private static string UnwrapDebianLauncher(string path)
    {
        const string Binary = "/usr/lib/chromium/chromium";
        try
        {
            using var reader = new StreamReader(path);
            var isScript = reader.Read() == '#' && reader.Read() == '!';
            return isScript && File.Exists(Binary) ? Binary : path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
