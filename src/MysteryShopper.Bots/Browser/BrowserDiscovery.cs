namespace MysteryShopper.Bots.Browser;

/// <summary>Raised when no browser can be started: the run cannot happen (exit code 3).</summary>
public sealed class BrowserUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string InstallHint =
        "install Chromium (Debian/Ubuntu: 'sudo apt-get install chromium-headless-shell chromium'), or point MSHOP_BROWSER at a Chromium or Chrome executable";

    public static BrowserUnavailableException NotFound(IEnumerable<string> looked) => new(
        $"no Chromium or Chrome browser was found (looked for: {string.Join(", ", looked)}); {InstallHint}");

    public static BrowserUnavailableException ConfiguredMissing(string path, string source)
    {
        var fix = source == BrowserDiscovery.EnvironmentVariable
            ? $"point {source} at a Chromium or Chrome executable (e.g. /usr/bin/chromium), or unset it so mshop finds one"
            : $"give {source} the path of a Chromium or Chrome executable (e.g. /usr/bin/chromium), or leave it out so mshop finds one";
        return new(Directory.Exists(path)
            ? $"the browser set by {source} is a folder, not an executable: {path}; {fix}"
            : $"the browser set by {source} does not exist: {path}; {fix}; to install one: 'sudo apt-get install chromium-headless-shell chromium' (Debian/Ubuntu)");
    }

    public static BrowserUnavailableException CannotStart(string path, Exception inner) => new(
        $"the browser at {path} could not be started: {Messages.FirstLine(inner.Message)}; check that it runs ('{path} --version'), or {InstallHint}", inner);

}

/// <summary>Where a browser executable was found, and who said so.</summary>
public sealed record BrowserExecutable(string? Path, string Source)
{
    /// <summary>True when Playwright's own downloaded Chromium is used (no explicit path).</summary>
    public bool IsPlaywrightBundled => Path is null;

    public override string ToString() => Path is null ? $"Playwright's own Chromium ({Source})" : $"{Path} ({Source})";
}

/// <summary>
/// Finds the browser: the configured path, then <c>MSHOP_BROWSER</c>, then a browser on PATH, then a Chromium that
/// Playwright installed itself. For headless runs Chromium's headless shell comes first on PATH, as it does for
/// Playwright itself: it is the same engine without the desktop browser around it, and a probe in it costs about a
/// third of the CPU time (BENCHMARKS.md).
/// </summary>
public static class BrowserDiscovery
{
    public const string EnvironmentVariable = "MSHOP_BROWSER";

    public const string HeadlessShell = "chromium-headless-shell";

    private static readonly string[] Browsers = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    /// <summary>The names looked for on PATH, in order.</summary>
    public static IReadOnlyList<string> Names(bool headless) => headless ? [HeadlessShell, .. Browsers] : Browsers;

    /// <param name="configured">The path from the command line or mshop.yaml, if any.</param>
    /// <param name="headless">False when a window is wanted: the headless shell cannot show one.</param>
    /// <param name="environment">Reads an environment variable (the process's own when null).</param>
    /// <param name="configuredBy">Who gave <paramref name="configured"/> (<c>--browser</c>, mshop.yaml's key), named when it is wrong.</param>
    public static BrowserExecutable Find(string? configured = null, bool headless = true, Func<string, string?>? environment = null, string configuredBy = "the configuration")
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? new(configured, configuredBy) : throw BrowserUnavailableException.ConfiguredMissing(configured, configuredBy);
        }

        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment) ? new(fromEnvironment, EnvironmentVariable) : throw BrowserUnavailableException.ConfiguredMissing(fromEnvironment, EnvironmentVariable);
        }

        var path = (environment("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in Names(headless))
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

        var cache = environment("PLAYWRIGHT_BROWSERS_PATH")
            ?? System.IO.Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        if (Directory.Exists(cache) && Directory.EnumerateDirectories(cache, "chromium*").Any())
        {
            return new(null, cache);
        }

        throw BrowserUnavailableException.NotFound(Names(headless).Append(EnvironmentVariable));
    }

    /// <summary>
    /// Debian's /usr/bin/chromium and /usr/bin/chromium-headless-shell are shell scripts that add desktop flags and
    /// print shell errors on some machines; Playwright passes its own flags, so the binary behind the script is used.
    /// </summary>
    private static string UnwrapDebianLauncher(string path)
    {
        var binary = System.IO.Path.Combine("/usr/lib/chromium", System.IO.Path.GetFileName(path));
        try
        {
            using var reader = new StreamReader(path);
            var isScript = reader.Read() == '#' && reader.Read() == '!';
            return isScript && File.Exists(binary) ? binary : path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
