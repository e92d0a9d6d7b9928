using MysteryShopper.Redaction;

namespace MysteryShopper.Scenarios;

/// <summary>The outcome of loading: a suite when there were no errors, and every error found.</summary>
public sealed record LoadResult(Suite? Suite, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Suite is not null && Diagnostics.Count == 0;
}

/// <summary>
/// Loads a workspace into a <see cref="Suite"/>, collecting every error with its place. By file name:
/// <c>mshop.yaml</c> is the config, <c>targets.yaml</c>, <c>personas.yaml</c> and <c>questions.yaml</c> hold
/// what their names say, and every other YAML file is a scenario.
/// </summary>
public static class SuiteLoader
{
    public const string ConfigFile = "mshop.yaml";
    public const string TargetsFile = "targets.yaml";
    public const string PersonasFile = "personas.yaml";
    public const string QuestionsFile = "questions.yaml";

    private static readonly string[] SkippedFolders = ["reports", "bin", "obj", "node_modules", "schema"];

    private enum FileKind
    {
        Config,
        Targets,
        Personas,
        Questions,
        Scenario,
    }

    /// <summary>The folder holding <c>mshop.yaml</c>, from <paramref name="start"/> upwards; null when there is none.</summary>
    public static string? FindWorkspace(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, ConfigFile)))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    /// <summary>Expands folders into their YAML files (sorted, sub-folders included, hidden and output folders left out) and reads them.</summary>
    public static async Task<IReadOnlyList<SourceFile>> ReadFilesAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var files = new List<SourceFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                // A folder given relative gives relative files, without a leading "./".
                foreach (var file in YamlFiles(path).Select(f => Path.IsPathRooted(path) ? f : Path.GetRelativePath(Environment.CurrentDirectory, f)).Order(StringComparer.Ordinal))
                {
                    files.Add(await SourceFile.ReadAsync(file, cancellationToken));
                }
            }
            else if (File.Exists(path))
            {
                files.Add(await SourceFile.ReadAsync(path, cancellationToken));
            }
            else
            {
                throw new FileNotFoundException($"no such file or folder: {path}", path);
            }
        }

        return files;
    }

    /// <summary>
    /// The shared files a scenario file given on its own needs: for each kind (config, targets, personas, questions) that
    /// none of <paramref name="files"/> is, the nearest in the folder of the first scenario file named in
    /// <paramref name="paths"/> or above, up to its workspace (the folder with <c>mshop.yaml</c>); only its own folder when
    /// there is no workspace. Folders given are taken as they are. Paths are relative when the file's was.
    /// </summary>
    public static IReadOnlyList<string> SharedFilesFor(IEnumerable<string> paths, IReadOnlyCollection<SourceFile> files)
    {
        var scenario = paths.FirstOrDefault(p => File.Exists(p) && KindOf(p) == FileKind.Scenario);
        if (scenario is null)
        {
            return [];
        }

        var missing = new[] { FileKind.Config, FileKind.Targets, FileKind.Personas, FileKind.Questions }
            .Where(kind => !files.Any(f => KindOf(f.Path) == kind)).ToHashSet();
        var start = Path.GetDirectoryName(Path.GetFullPath(scenario))!;
        var top = FindWorkspace(start) ?? start;
        var found = new List<string>();
        for (var folder = new DirectoryInfo(start); folder is not null && missing.Count > 0; folder = folder.Parent)
        {
            foreach (var kind in missing.ToList())
            {
                if (NamesOf(kind).Select(n => Path.Combine(folder.FullName, n)).FirstOrDefault(File.Exists) is { } file)
                {
                    found.Add(Path.IsPathRooted(scenario) ? file : Path.GetRelativePath(Environment.CurrentDirectory, file));
                    missing.Remove(kind);
                }
            }

            if (folder.FullName == top)
            {
                break;
            }
        }

        return found;
    }

    private static string[] NamesOf(FileKind kind) => kind switch
    {
        FileKind.Config => [ConfigFile, "mshop.yml"],
        FileKind.Targets => [TargetsFile, "targets.yml"],
        FileKind.Personas => [PersonasFile, "personas.yml"],
        _ => [QuestionsFile, "questions.yml"],
    };

    private static IEnumerable<string> YamlFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(sub);
            if (!name.StartsWith('.') && !SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var file in YamlFiles(sub))
                {
                    yield return file;
                }
            }
        }
    }

    public static LoadResult Load(IEnumerable<SourceFile> files) => Load(files, Environment.GetEnvironmentVariable);

    /// <param name="files">The files, in any order.</param>
    /// <param name="environment">Where <c>${env:NAME}</c> values come from.</param>
    public static LoadResult Load(IEnumerable<SourceFile> files, Func<string, string?> environment)
    {
        var diagnostics = new List<Diagnostic>();
        var secrets = new HashSet<string>(StringComparer.Ordinal);

        // Shared files first, so scenarios are checked against them whatever order the files come in.
        var ordered = files.OrderBy(f => KindOf(f.Path)).ToList();
        var config = new WorkspaceConfig();
        var targets = new TargetsReader();
        var personas = new PersonasReader();
        var questions = new QuestionsReader();
        foreach (var file in ordered.Where(f => KindOf(f.Path) != FileKind.Scenario))
        {
            var (reader, root) = YamlReader.Parse(file, diagnostics, environment, secrets);
            switch (KindOf(file.Path))
            {
                case FileKind.Config:
                    config = root is null ? config : ConfigReader.Read(reader, root) ?? config;
                    break;
                case FileKind.Targets:
                    targets.Read(reader, root);
                    break;
                case FileKind.Personas:
                    personas.Read(reader, root);
                    break;
                default:
                    questions.Read(reader, root);
                    break;
            }
        }

        var workspace = new SharedFiles { Config = config, Targets = targets.Targets, Personas = personas.Personas, Questions = questions.Questions };
        var scenarios = new List<ScenarioDefinition>();
        foreach (var file in ordered.Where(f => KindOf(f.Path) == FileKind.Scenario))
        {
            var (reader, root) = YamlReader.Parse(file, diagnostics, environment, secrets);
            if (root is not null && new ScenarioReader(reader, workspace).Read(root, diagnostics) is { } scenario)
            {
                scenarios.Add(scenario);
            }
        }

        CheckUniqueNames(scenarios, diagnostics);
        CheckOverrides(scenarios, workspace, diagnostics);
        CheckBusinessHours(scenarios, workspace, diagnostics);
        if (scenarios.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(new Diagnostic("(input)", 1, 1, "no scenario files were given", "name scenario files or a folder that holds them"));
        }

        var suite = diagnostics.Count == 0
            ? new Suite
            {
                Scenarios = scenarios,
                Targets = workspace.Targets.ById,
                Personas = workspace.Personas.ById,
                Questions = workspace.Questions.ById,
                Config = workspace.Config,
                Secrets = secrets,
            }
            : null;

        // A diagnostic may quote a value that came from ${env:…}: shown masked, like every other output.
        var redactor = new Redactor(secrets);
        return new LoadResult(suite, [.. diagnostics.Select(d => d with { Message = redactor.Redact(d.Message), Hint = d.Hint is null ? null : redactor.Redact(d.Hint) })]);
    }

    /// <summary>
    /// A workspace's <c>mshop.yaml</c> alone, for commands that work from the store rather than a suite (<c>collect</c>,
    /// <c>watch</c>, <c>runs</c>…): its settings, or null and what keeps it from loading. No scenario files are needed.
    /// </summary>
    public static (WorkspaceConfig? Config, IReadOnlyList<Diagnostic> Diagnostics) LoadConfig(SourceFile file) =>
        LoadConfig(file, Environment.GetEnvironmentVariable);

    public static (WorkspaceConfig? Config, IReadOnlyList<Diagnostic> Diagnostics) LoadConfig(SourceFile file, Func<string, string?> environment)
    {
        var diagnostics = new List<Diagnostic>();
        var (reader, root) = YamlReader.Parse(file, diagnostics, environment, new HashSet<string>(StringComparer.Ordinal));
        var config = root is null ? null : ConfigReader.Read(reader, root);
        return (diagnostics.Count == 0 ? config ?? new WorkspaceConfig() : null, diagnostics);
    }

    private static FileKind KindOf(string path) => Path.GetFileName(path).ToLowerInvariant() switch
    {
        ConfigFile or "mshop.yml" => FileKind.Config,
        TargetsFile or "targets.yml" => FileKind.Targets,
        PersonasFile or "personas.yml" => FileKind.Personas,
        QuestionsFile or "questions.yml" => FileKind.Questions,
        _ => FileKind.Scenario,
    };

    private static void CheckUniqueNames(List<ScenarioDefinition> scenarios, List<Diagnostic> diagnostics)
    {
        var names = new Dictionary<string, ScenarioDefinition>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            if (!names.TryAdd(scenario.Name, scenario))
            {
                var first = names[scenario.Name];
                diagnostics.Add(Diagnostic.At(scenario.NamePlace ?? new SourcePlace(scenario.File, 1, 1), $"scenario name '{scenario.Name}' is used twice",
                    $"the other one is at {first.NamePlace ?? new SourcePlace(first.File, 1, 1)}; names must be unique"));
            }
        }
    }

    /// <summary>Targets' overrides name real scenarios and step ids, and every selector a step uses resolves for every target.</summary>
    private static void CheckOverrides(List<ScenarioDefinition> scenarios, SharedFiles workspace, List<Diagnostic> diagnostics)
    {
        // The first of two scenarios with one name (already reported) stands for both.
        var byName = new Dictionary<string, ScenarioDefinition>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            byName.TryAdd(scenario.Name, scenario);
        }

        foreach (var target in workspace.Targets.ById.Values)
        {
            foreach (var (name, change) in target.Overrides)
            {
                if (!byName.TryGetValue(name, out var scenario))
                {
                    // Scenarios with errors are not in byName; only complain when the name is unknown everywhere.
                    if (scenarios.Count > 0 && diagnostics.Count == 0)
                    {
                        diagnostics.Add(Diagnostic.At(change.Place, $"target '{target.Id}' overrides scenario '{name}', which does not exist", Suggest.DidYouMean(name, byName.Keys)));
                    }

                    continue;
                }

                var ids = ScenarioReader.Flatten(scenario.Journey).Select(s => s.Id).OfType<string>().ToList();
                foreach (var id in change.Replace.Keys.Concat(change.InsertAfter.Keys).Where(id => !ids.Contains(id)).Distinct())
                {
                    diagnostics.Add(Diagnostic.At(change.StepIdPlaces.TryGetValue(id, out var at) ? at : change.Place, $"scenario '{name}' has no step with id '{id}'",
                        ids.Count == 0 ? "give the scenario's step an 'id:' to override it" : Suggest.DidYouMean(id, ids)));
                }
            }
        }

        foreach (var scenario in scenarios)
        {
            // Each step's undefined selector, with the targets it is undefined for.
            var missing = new Dictionary<(SourcePlace Place, string Selector), List<TargetDefinition>>();
            var targets = scenario.Targets.Select(t => workspace.Targets.ById.GetValueOrDefault(t.Name)).OfType<TargetDefinition>().Distinct().ToList();
            foreach (var target in targets)
            {
                var journey = JourneyPlan.For(scenario, target);
                foreach (var (step, selector) in ScenarioReader.Flatten(journey).SelectMany(s => SelectorsOf(s).Select(n => (s, n))))
                {
                    if (JourneyPlan.Selector(scenario, target, selector) is null)
                    {
                        var key = (step.Place, selector);
                        if (!missing.TryGetValue(key, out var list))
                        {
                            missing[key] = list = [];
                        }

                        list.Add(target);
                    }
                }
            }

            foreach (var ((place, selector), lacking) in missing)
            {
                if (lacking.Count == targets.Count)
                {
                    // Defined nowhere: most likely a misspelt name, so one error and the closest name.
                    var known = scenario.Selectors.Keys
                        .Concat(targets.SelectMany(t => t.Selectors.Keys))
                        .Concat(targets.SelectMany(t => t.Overrides.TryGetValue(scenario.Name, out var o) ? o.Selectors.Keys : []))
                        .Distinct(StringComparer.Ordinal)
                        .ToList();
                    diagnostics.Add(Diagnostic.At(place, $"selector '{selector}' is not defined",
                        Suggest.Closest(selector, known) is { } closest ? $"did you mean '{closest}'?" : "define it under 'selectors:' in the scenario, or in each target"));
                    continue;
                }

                foreach (var target in lacking)
                {
                    diagnostics.Add(Diagnostic.At(place, $"selector '{selector}' is not defined for target '{target.Id}'",
                        $"define it under 'selectors:' in the scenario, or in target '{target.Id}' ({target.Place})"));
                }
            }
        }
    }

    /// <summary>A measure that counts business hours needs every target it runs on to have them.</summary>
    private static void CheckBusinessHours(List<ScenarioDefinition> scenarios, SharedFiles workspace, List<Diagnostic> diagnostics)
    {
        foreach (var scenario in scenarios)
        {
            foreach (var measure in scenario.Measures.Where(m => m.BusinessHours))
            {
                var targets = scenario.Targets.Select(t => workspace.Targets.ById.GetValueOrDefault(t.Name)).OfType<TargetDefinition>().Distinct();
                foreach (var target in targets.Where(t => t.BusinessHours is null))
                {
                    diagnostics.Add(Diagnostic.At(measure.Place, $"measure '{measure.Name}' counts business hours, but target '{target.Id}' has no business_hours",
                        $"add them to target '{target.Id}' ({target.Place}), e.g. business_hours: \"Mon-Fri 09:00-17:30\"; or count all hours"));
                }
            }
        }
    }

    private static IEnumerable<string> SelectorsOf(Step step) =>
        step.Locators().Where(l => l is { Kind: LocatorKind.Selector }).Select(l => l!.Value.Source);
}

/// <summary>A scenario's journey and selectors as they apply to one target, after its overrides.</summary>
public static class JourneyPlan
{
    public static IReadOnlyList<Step> For(ScenarioDefinition scenario, TargetDefinition target)
    {
        if (!target.Overrides.TryGetValue(scenario.Name, out var change) || (change.Replace.Count == 0 && change.InsertAfter.Count == 0))
        {
            return scenario.Journey;
        }

        return Apply(scenario.Journey, change);
    }

    private static List<Step> Apply(IReadOnlyList<Step> steps, ScenarioOverride change)
    {
        var result = new List<Step>();
        foreach (var step in steps)
        {
            var current = step is FrameStep frame ? frame with { Steps = Apply(frame.Steps, change) } : step;
            if (step.Id is { } id && change.Replace.TryGetValue(id, out var replacement))
            {
                result.AddRange(replacement);
            }
            else
            {
                result.Add(current);
            }

            if (step.Id is { } after && change.InsertAfter.TryGetValue(after, out var inserted))
            {
                result.AddRange(inserted);
            }
        }

        return result;
    }

    /// <summary>A named locator for a target: its override for the scenario, then the target's, then the scenario's.</summary>
    public static LocatorSpec? Selector(ScenarioDefinition scenario, TargetDefinition target, string name) =>
        target.Overrides.TryGetValue(scenario.Name, out var change) && change.Selectors.TryGetValue(name, out var fromOverride) ? fromOverride
        : target.Selectors.TryGetValue(name, out var fromTarget) ? fromTarget
        : scenario.Selectors.GetValueOrDefault(name);
}
