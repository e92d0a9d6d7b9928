using MysteryShopper.Judging;

namespace MysteryShopper.Scenarios;

/// <summary>Whose site a target is.</summary>
public enum TargetRole
{
    Own,
    Competitor,
}

/// <summary>One company's site, from <c>targets.yaml</c>.</summary>
public sealed record TargetDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required TargetRole Role { get; init; }

    /// <summary>The base URL; <c>demo://ID</c> names one of the built-in demo companies.</summary>
    public required string Url { get; init; }

    /// <summary>The domains this company's mail and links come from.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    public required SourcePlace Place { get; init; }

    public bool IsDemo => Url.StartsWith(DemoScheme, StringComparison.OrdinalIgnoreCase);

    public string? DemoCompanyId => IsDemo ? Url[DemoScheme.Length..].Trim('/') : null;

    public const string DemoScheme = "demo://";
}

/// <summary>The shopper's identity, from <c>personas.yaml</c>. The email address comes from each probe.</summary>
public sealed record PersonaDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public string Company { get; init; } = "";
    public string Phone { get; init; } = "";
    public required SourcePlace Place { get; init; }
}

/// <summary>A name used in a scenario, with where it was written.</summary>
public sealed record NameRef(string Name, SourcePlace Place);

/// <summary>A scenario file: a journey of steps plus what to measure and expect.</summary>
public sealed record ScenarioDefinition
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required string File { get; init; }
    public required IReadOnlyList<NameRef> Targets { get; init; }
    public required NameRef Persona { get; init; }
    public required IReadOnlyList<Step> Journey { get; init; }
    public IReadOnlyList<MeasureDefinition> Measures { get; init; } = [];
    public IReadOnlyList<ExpectationDefinition> Expectations { get; init; } = [];
}

/// <summary>A named duration between two moments of a probe: <c>welcome.received - submitted</c>.</summary>
public sealed record MeasureDefinition(string Name, MeasureExpression Expression, SourcePlace Place);

/// <summary>A threshold on a metric: <c>time_to_welcome: "&lt; 5s"</c>.</summary>
public sealed record ExpectationDefinition(string Metric, Threshold Threshold, SourcePlace Place);

/// <summary>Everything loaded from a set of files.</summary>
public sealed record Suite
{
    public required IReadOnlyList<ScenarioDefinition> Scenarios { get; init; }
    public required IReadOnlyDictionary<string, TargetDefinition> Targets { get; init; }
    public required IReadOnlyDictionary<string, PersonaDefinition> Personas { get; init; }
}
