using MysteryShopper.Planning;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Planning;

public class PolitenessTests
{
    private static readonly DateTimeOffset Now = Some.Start;

    private static IReadOnlyList<Probe> Plan(string limits, int questions = 3)
    {
        var bank = string.Join("\n", Enumerable.Range(1, questions).Select(i => $"  - text: \"Question {i}?\""));
        var suite = SuiteLoader.Load(
        [
            new SourceFile("targets.yaml", $$"""
                targets:
                  rival: { role: competitor, url: "https://rival.example", limits: {{limits}} }
                """),
            new SourceFile("personas.yaml", "personas: { default: { name: Alex Morgan } }"),
            new SourceFile("s.yaml", $"""
                name: ask
                targets: [rival]
                questions:
                {bank}
                journey:
                  - goto: "{"{"}target.url{"}"}"
                """),
        ]).Suite!;
        return Planner.Plan(suite, AddressPattern.Default, t => t.Url, PlanFilter.All);
    }

    [Test]
    public void Apply_ProbesPerDay_SkipsTheProbesOverTheLimitCountingEarlierRuns()
    {
        var history = new[] { new PastProbe("rival", Now.AddHours(-3)), new PastProbe("rival", Now.AddDays(-2)) };

        var planned = Politeness.Apply(Plan("{ probes_per_day: 2 }"), history, Now);

        Assert.That(planned.Select(p => p.Runs), Is.EqualTo(new[] { true, false, false }));
        Assert.That(planned[1].SkipReason, Is.EqualTo("limit of 2 probe(s) a day for rival reached (1 in the last 24 h before this run, 1 earlier in it)"));
    }

    [Test]
    public void Apply_MinimumGap_SkipsWhenTheLastProbeWasTooRecent()
    {
        var planned = Politeness.Apply(Plan("{ min_gap: 1h }", questions: 1), [new PastProbe("rival", Now.AddMinutes(-20))], Now);

        Assert.That(planned.Single().SkipReason, Is.EqualTo("the last probe of rival was 20 m 0 s ago; min_gap is 1 h 0 m"));
    }

    [Test]
    public void Apply_MinimumGap_AllowsOneProbeARunWhenTheLastIsOldEnough()
    {
        var planned = Politeness.Apply(Plan("{ min_gap: 1h }", questions: 2), [new PastProbe("rival", Now.AddHours(-2))], Now);

        Assert.That(planned.Select(p => p.Runs), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public void Plan_EachQuestion_IsItsOwnProbeWithAStableId()
    {
        var probes = Plan("{}", questions: 2);

        Assert.That(probes.Select(p => p.Id), Is.EqualTo(new[] { "ask/rival/default/q1", "ask/rival/default/q2" }));
        Assert.That(probes.Select(p => p.Values["question.text"]), Is.EqualTo(new[] { "Question 1?", "Question 2?" }));
        Assert.That(probes.Select(p => p.Token).Distinct().Count(), Is.EqualTo(2));
    }
}
