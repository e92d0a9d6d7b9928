using MysteryShopper.Scenarios;

namespace MysteryShopper.Pipeline;

/// <summary>
/// Where a suite's durable things live: the store, the reports folder and the Maildir, all relative to the workspace
/// (the folder of mshop.yaml), never to the current folder, so a run from anywhere counts the same limits and keeps
/// the same history.
/// </summary>
public sealed record Workspace(string Folder)
{
    public const string StateFolder = ".mshop";

    /// <summary>The workspace of a loaded suite: mshop.yaml's folder, else the folder of its first file on disk, else the current folder.</summary>
    public static Workspace Of(Suite suite, string? firstFile = null)
    {
        if (suite.Config.Folder is { } folder)
        {
            return new Workspace(folder);
        }

        var file = firstFile ?? suite.Scenarios.Select(s => s.File).FirstOrDefault(File.Exists);
        return new Workspace(file is not null && File.Exists(file) ? Path.GetDirectoryName(Path.GetFullPath(file))! : Environment.CurrentDirectory);
    }

    /// <summary>The workspace found from <paramref name="start"/> upwards (mshop.yaml), else <paramref name="start"/> itself.</summary>
    public static Workspace Find(string start) => new(SuiteLoader.FindWorkspace(Path.GetFullPath(start)) ?? Path.GetFullPath(start));

    public string Resolve(string path) => Path.GetFullPath(Path.Combine(Folder, path));

    public string StorePath(RunSettings settings) => Resolve(settings.Store ?? Path.Combine(StateFolder, "store.db"));

    public string ReportsFolder(RunSettings settings) => Resolve(settings.OutputRoot);

    public string Maildir(RunSettings settings) => Resolve(settings.Maildir ?? Path.Combine(StateFolder, "mail"));
}
