using System.Text;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Storage.Tests;

/// <summary>Small builders for test data.</summary>
public static class Some
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static StoredRun Run(string id, DateTimeOffset startedAt) => new()
    {
        Id = id,
        Suite = "presales-question,newsletter",
        Workspace = "/work/shop",
        Directory = $"/work/shop/reports/{id}",
        StartedAt = startedAt,
        SourcesJson = """[{"path":"scenarios/a.yaml","text":"name: a"}]""",
        SettingsJson = """{"address":"shopper+{token}@inbox.test"}""",
    };

    public static StoredProbe Probe(string runId, string token, int ordinal = 0, string target = "rival-a", DateTimeOffset? plannedAt = null, ProbeState state = ProbeState.Planned) => new()
    {
        Token = token,
        RunId = runId,
        ProbeId = $"presales-question/{target}/default",
        Ordinal = ordinal,
        PlannedAt = plannedAt ?? Start,
        Scenario = "presales-question",
        ScenarioFile = "scenarios/presales-question.yaml",
        TargetId = target,
        TargetName = "Rival A",
        TargetRole = "competitor",
        TargetUrl = "https://rival-a.example",
        Persona = "default",
        FirstName = "Sam",
        Email = $"shopper+{token}@inbox.test",
        QuestionId = "annual",
        QuestionText = "Do you offer an annual plan?",
        State = state,
    };

    public static StoredMessage Message(string key, string? token, DateTimeOffset receivedAt, int rawBytes = 64) => new()
    {
        Key = key,
        Mailbox = "maildir:/work/shop/.mshop/mail",
        Source = $"{key}.eml",
        Token = token,
        ReceivedAt = receivedAt,
        SeenAt = receivedAt.AddSeconds(1),
        EmailJson = $$"""{"subject":"About {{key}}"}""",
        Raw = Encoding.ASCII.GetBytes(new string('x', rawBytes)),
    };

    /// <summary>A plan's probe, as <see cref="IStore.ReserveProbesAsync"/> hands it to <c>toStored</c>.</summary>
    public static PlannedProbe Planned(string token, string target, string? skipReason = null)
    {
        var place = new SourcePlace("scenarios/presales-question.yaml", 1, 1);
        var scenario = new ScenarioDefinition
        {
            Name = "presales-question",
            File = place.File,
            Targets = [new NameRef(target, place)],
            Persona = new NameRef("default", place),
            Journey = [],
        };
        return new PlannedProbe(
            new Probe
            {
                Id = $"presales-question/{target}/default",
                Scenario = scenario,
                Target = new TargetDefinition { Id = target, Name = target, Role = TargetRole.Competitor, Url = $"https://{target}.example", Place = place },
                Persona = new PersonaDefinition { Id = "default", Name = "Sam Shopper", FirstName = "Sam", LastName = "Shopper", Place = place },
                Token = token,
                Email = $"shopper+{token}@inbox.test",
                TargetUrl = $"https://{target}.example",
                Journey = [],
            },
            skipReason);
    }

    /// <summary>The stored form of a planned probe, as a runner's <c>toStored</c> would make it.</summary>
    public static Func<PlannedProbe, StoredProbe> ToStored(string runId, DateTimeOffset plannedAt) =>
        planned => Probe(runId, planned.Probe.Token, 0, planned.Probe.Target.Id, plannedAt);
}
