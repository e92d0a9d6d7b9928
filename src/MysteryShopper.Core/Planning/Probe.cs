using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Planning;

/// <summary>
/// One execution of one scenario against one target with one persona: the unit of work, storage and reporting.
/// <see cref="Id"/> is stable across runs; <see cref="Token"/> is unique to this execution and names its mailbox.
/// </summary>
public sealed record Probe
{
    public required string Id { get; init; }
    public required ScenarioDefinition Scenario { get; init; }
    public required TargetDefinition Target { get; init; }
    public required PersonaDefinition Persona { get; init; }
    public required string Token { get; init; }
    public required string Email { get; init; }

    /// <summary>The target's base URL as resolved for this run (a demo company's live address for <c>demo://</c>).</summary>
    public required string TargetUrl { get; init; }

    /// <summary>
    /// Which of the scenario's repeated samples this is, from 1 (<c>samples: N</c>, <c>--samples N</c>). The first keeps
    /// the plain id, so a run without samples and the first sample of one compare; the others add <c>#2</c>, <c>#3</c>…
    /// </summary>
    public int Sample { get; init; } = 1;

    /// <summary>The question this probe asks, when the scenario has questions.</summary>
    public QuestionDefinition? Question { get; init; }

    /// <summary>The scenario's journey after the target's overrides.</summary>
    public required IReadOnlyList<Step> Journey { get; init; }

    /// <summary>Masks the suite's secrets in everything the probe leaves: its store rows, screenshots, trace and HAR.</summary>
    public Redactor Redactor { get; init; } = Redactor.None;

    /// <summary>A named locator as it applies to this probe's target.</summary>
    public LocatorSpec? Selector(string name) => JourneyPlan.Selector(Scenario, Target, name);

    /// <summary>The values of every template placeholder for this probe.</summary>
    public IReadOnlyDictionary<string, string> Values => new Dictionary<string, string>
    {
        ["target.id"] = Target.Id,
        ["target.name"] = Target.Name,
        ["target.url"] = TargetUrl.TrimEnd('/'),
        ["persona.name"] = Persona.Name,
        ["persona.first_name"] = Persona.FirstName,
        ["persona.last_name"] = Persona.LastName,
        ["persona.company"] = Persona.Company,
        ["persona.phone"] = Persona.Phone,
        ["probe.id"] = Id,
        ["probe.token"] = Token,
        ["probe.email"] = Email,
        ["question.id"] = Question?.Id ?? "",
        ["question.text"] = Question?.Text ?? "",
    };
}
