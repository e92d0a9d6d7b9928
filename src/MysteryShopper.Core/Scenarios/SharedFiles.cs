using System.Collections.Frozen;
using System.Collections.ObjectModel;

namespace MysteryShopper.Scenarios;

/// <summary>The shared files of a workspace, read: its settings and what scenarios refer to by id.</summary>
public sealed record SharedFiles
{
    public Defined<TargetDefinition> Targets { get; init; } = Defined<TargetDefinition>.None;
    public Defined<PersonaDefinition> Personas { get; init; } = Defined<PersonaDefinition>.None;
    public Defined<QuestionDefinition> Questions { get; init; } = Defined<QuestionDefinition>.None;
    public WorkspaceConfig Config { get; init; } = new();
}

/// <summary>
/// Definitions by id, and the ids whose definitions have errors (already reported), so a scenario using one gets no
/// second, misleading "unknown" error; every id is broken when a whole file could not be read.
/// </summary>
public sealed class Defined<T>
{
    /// <summary>Stands for every id: a file of this kind could not be read.</summary>
    public const string AnyId = "*";

    public static readonly Defined<T> None = new(new Dictionary<string, T>(), new HashSet<string>());

    private readonly FrozenSet<string> _broken;

    public Defined(IReadOnlyDictionary<string, T> byId, IReadOnlySet<string> broken)
    {
        // A copy, in the order the files define them: reports and messages list targets in that order.
        ById = new ReadOnlyDictionary<string, T>(new Dictionary<string, T>(byId, StringComparer.Ordinal));
        _broken = broken.ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, T> ById { get; }

    public bool IsBroken(string id) => _broken.Contains(id) || _broken.Contains(AnyId);
}
