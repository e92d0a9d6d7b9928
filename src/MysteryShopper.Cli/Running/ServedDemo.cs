using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;
using Serilog;

namespace MysteryShopper.Cli.Running;

/// <summary>
/// What <c>mshop demo serve</c> writes to <c>.mshop/demo.json</c> in its workspace while it runs, so that runs (and
/// later collects, in other processes) use its companies and read the mail they deliver.
/// </summary>
/// <param name="Pid">The serving process.</param>
/// <param name="StartedAt">When it started serving.</param>
/// <param name="TimeScale">What its companies' delays are multiplied by.</param>
/// <param name="Companies">Each company's base URL by id (<c>brightwave</c> → <c>http://127.0.0.1:40123/</c>).</param>
/// <param name="Maildir">The Maildir the companies deliver to; null when they send through a mail server (<c>--mail smtp</c>).</param>
/// <param name="Imap">With <c>--mail smtp</c>, the IMAP mailbox of the private mail server they send through, which probes read.</param>
/// <param name="Smtp">With <c>--mail smtp</c>, that server's SMTP port, which probes send through (to the companies' support addresses).</param>
/// <param name="Pickup">Without a mail server, the pickup folder the companies read: probes send into it. Null in files written before it existed.</param>
public sealed record DemoDiscovery(
    int Pid,
    DateTimeOffset StartedAt,
    double TimeScale,
    IReadOnlyDictionary<string, Uri> Companies,
    string? Maildir,
    MailServer? Imap,
    MailServer? Smtp,
    string? Pickup = null);

/// <summary>The one JSON setup of <c>.mshop/demo.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DemoDiscovery))]
internal sealed partial class DemoDiscoveryJson : JsonSerializerContext;

/// <summary>
/// A demo served by <c>mshop demo serve</c> in another process, found through its discovery file: a run resolves
/// <c>demo://id</c> to its URLs and reads the mail it delivers, instead of starting companies that die with the run.
/// </summary>
public sealed class ServedDemo
{
    /// <summary>The discovery file, relative to the workspace.</summary>
    public static readonly string RelativePath = Path.Combine(".mshop", "demo.json");

    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(3);

    private ServedDemo(DemoDiscovery discovery, string file)
    {
        Discovery = discovery;
        File = file;
    }

    public DemoDiscovery Discovery { get; }

    /// <summary>The discovery file it was found through.</summary>
    public string File { get; }

    /// <summary>The Maildir its companies deliver to; null when they send through a mail server.</summary>
    public string? Maildir => Discovery.Maildir;

    /// <summary>The workspace of <paramref name="start"/>: the folder with mshop.yaml there or above, else the folder itself.</summary>
    public static string Workspace(string start) => SuiteLoader.FindWorkspace(start) ?? Path.GetFullPath(start);

    /// <summary>Where the discovery file of <paramref name="workspace"/> is.</summary>
    public static string DiscoveryFile(string workspace) => Path.Combine(workspace, RelativePath);

    /// <summary>
    /// The served demo a run of <paramref name="suite"/> uses: the one of the suite's workspace (its mshop.yaml's
    /// folder), else of the current folder's. Null when the suite has no demo target or no live demo is served.
    /// </summary>
    public static async Task<ServedDemo?> FindAsync(Suite suite, ILogger log, CancellationToken cancellationToken)
    {
        if (!suite.Targets.Values.Any(t => t.IsDemo))
        {
            return null;
        }

        var workspaces = new[] { suite.Config.Folder, Workspace(Environment.CurrentDirectory) }
            .OfType<string>()
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal);
        foreach (var workspace in workspaces)
        {
            if (await FindAsync(workspace, log, cancellationToken) is { } served)
            {
                return served;
            }
        }

        return null;
    }

    /// <summary>
    /// The demo served for <paramref name="workspace"/>, when its discovery file names a live process whose companies
    /// answer; a missing file is null, a stale or unreadable one is null with a log line saying why.
    /// </summary>
    public static async Task<ServedDemo?> FindAsync(string workspace, ILogger log, CancellationToken cancellationToken)
    {
        var file = DiscoveryFile(workspace);
        if (!System.IO.File.Exists(file))
        {
            return null;
        }

        DemoDiscovery? discovery;
        try
        {
            await using var stream = System.IO.File.OpenRead(file);
            discovery = await JsonSerializer.DeserializeAsync(stream, DemoDiscoveryJson.Default.DemoDiscovery, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            log.Warning("Ignoring the served demo file {File}: it cannot be read ({Reason})", file, e.Message);
            return null;
        }

        if (discovery is null || discovery.Companies is null || discovery.Companies.Count == 0)
        {
            log.Warning("Ignoring the served demo file {File}: it names no companies", file);
            return null;
        }

        if (!IsAlive(discovery.Pid))
        {
            log.Information("Ignoring the stale served demo file {File}: process {Pid} is gone; demo companies start for this run", file, discovery.Pid);
            return null;
        }

        if (await FirstSilentAsync(discovery.Companies, cancellationToken) is { } silent)
        {
            log.Warning("Ignoring the served demo file {File}: process {Pid} runs but {Company} at {Url} does not answer", file, discovery.Pid, silent.Key, silent.Value);
            return null;
        }

        return new ServedDemo(discovery, file);
    }

    /// <summary>Writes <paramref name="discovery"/> to <paramref name="file"/> so a reader never sees half of it; readable by its owner only (it can hold a mailbox password).</summary>
    public static async Task WriteAsync(string file, DemoDiscovery discovery, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temporary, options))
            {
                await JsonSerializer.SerializeAsync(stream, discovery, DemoDiscoveryJson.Default.DemoDiscovery, cancellationToken);
            }

            System.IO.File.Move(temporary, file, overwrite: true);
        }
        finally
        {
            if (System.IO.File.Exists(temporary))
            {
                System.IO.File.Delete(temporary);
            }
        }
    }

    /// <summary>Removes <paramref name="file"/> when it is the one process <paramref name="pid"/> wrote (another serve may have replaced a stale one).</summary>
    public static void Remove(string file, int pid, ILogger log)
    {
        try
        {
            using (var stream = System.IO.File.OpenRead(file))
            {
                if (JsonSerializer.Deserialize(stream, DemoDiscoveryJson.Default.DemoDiscovery)?.Pid != pid)
                {
                    return;
                }
            }

            System.IO.File.Delete(file);
        }
        catch (FileNotFoundException)
        {
            // Already gone: nothing to do.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            log.Warning("Could not remove {File}: {Reason}; runs ignore it once this process is gone", file, e.Message);
        }
    }

    /// <summary>The URL <c>demo://id</c> stands for, without a trailing slash; null for other targets.</summary>
    public string? UrlOf(TargetDefinition target) =>
        target.DemoCompanyId is { } id && Discovery.Companies.TryGetValue(id, out var url) ? url.ToString().TrimEnd('/') : null;

    /// <summary>
    /// <paramref name="settings"/> reading the served demo's mail: its Maildir (and sending into the pickup folder it
    /// reads), or its mail server's IMAP mailbox (and sending through that server's SMTP, which the companies read).
    /// The demo delivers where it delivers, so a Maildir configured for the run gives way, with a warning.
    /// </summary>
    public RunSettings Over(RunSettings settings, ILogger log)
    {
        log.Information("Demo targets use the demo served by process {Pid} ({File}), time scale {TimeScale}", Discovery.Pid, File, Discovery.TimeScale);
        if (Discovery.Imap is { } imap)
        {
            return settings with { Imap = settings.Imap ?? imap, Smtp = settings.Smtp ?? Discovery.Smtp };
        }

        if (settings.Maildir is { } own && Path.GetFullPath(own) != Path.GetFullPath(Discovery.Maildir!))
        {
            log.Warning("Mail is read from {Maildir}, where the served demo delivers, not from {Configured}", Discovery.Maildir, own);
        }

        // Mail to the companies goes where they read it, unless the run sends through SMTP of its own.
        if (Discovery.Pickup is not { } pickup || settings.Smtp is not null)
        {
            return settings with { Maildir = Discovery.Maildir };
        }

        if (settings.Pickup is { } configured && Path.GetFullPath(configured) != Path.GetFullPath(pickup))
        {
            log.Warning("Mail is sent into {Pickup}, which the served demo reads, not into {Configured}", pickup, configured);
        }

        return settings with { Maildir = Discovery.Maildir, Pickup = pickup };
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // /lab answers at once on every company (Dunmore holds its other pages back), a 404 when the lab is not served;
    // any HTTP answer will do.
    private static async Task<KeyValuePair<string, Uri>?> FirstSilentAsync(IReadOnlyDictionary<string, Uri> companies, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = AnswerTimeout };
        foreach (var company in companies)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(company.Value, "lab"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return company;
            }
        }

        return null;
    }
}
