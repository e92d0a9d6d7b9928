using MysteryShopper.Planning;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Planning;

public class SamplesTests
{
    private static readonly DateTimeOffset Now = Some.Start;

    public static Suite Suite(params string[] scenarios) => Load("{}", scenarios).Suite!;

    private static LoadResult Load(string limits, params string[] scenarios) => SuiteLoader.Load(
    [
        new SourceFile("targets.yaml", $$"""
            targets:
              own: { role: own, url: "https://own.example" }
              rival: { role: competitor, url: "https://rival.example", limits: {{limits}} }
              third: { role: competitor, url: "https://third.example" }
            """),
        new SourceFile("personas.yaml", "personas: { default: { name: Alex Morgan } }"),
        .. scenarios.Select((s, i) => new SourceFile($"s{i}.yaml", s)),
    ]);

    private static string Scenario(string samples, string targets = "[rival]") => $$"""
        name: ask
        targets: {{targets}}
        {{samples}}
        journey:
          - goto: "{target.url}"
        """;

    [Test]
    public void Plan_Samples_MakesNProbesEachWithItsOwnTokenAndAStableId()
    {
        var probes = Planner.Plan(Suite(Scenario("samples: 3")), AddressPattern.Default, t => t.Url, PlanFilter.All);

        Assert.That(probes.Select(p => p.Id), Is.EqualTo(new[] { "ask/rival/default", "ask/rival/default#2", "ask/rival/default#3" }));
        Assert.That(probes.Select(p => p.Sample), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(probes.Select(p => p.Token), Is.Unique);
        Assert.That(probes.Select(p => p.Email), Is.Unique);
    }

    [Test]
    public void Plan_NoSamples_IsOneProbeWithThePlainId()
    {
        var probes = Planner.Plan(Suite(Scenario("")), AddressPattern.Default, t => t.Url, PlanFilter.All);

        Assert.That(probes.Select(p => (p.Id, p.Sample)), Is.EqualTo(new[] { ("ask/rival/default", 1) }));
    }

    [Test]
    public void Plan_SamplesOption_OverridesEveryScenarios()
    {
        var suite = Suite(Scenario("samples: 3", "[own, rival]"));

        var probes = Planner.Plan(suite, AddressPattern.Default, t => t.Url, PlanFilter.All, samples: 2);

        Assert.That(probes.Select(p => p.Id), Is.EqualTo(new[] { "ask/own/default", "ask/own/default#2", "ask/rival/default", "ask/rival/default#2" }));
    }

    [Test]
    public void Plan_SamplesAndQuestions_AreOneProbeEach_SamplesOfAQuestionTogether()
    {
        var suite = Suite("""
            name: ask
            targets: [rival]
            samples: 2
            questions:
              - text: "Annual plan?"
              - text: "Free trial?"
            journey:
              - goto: "{target.url}"
            """);

        var probes = Planner.Plan(suite, AddressPattern.Default, t => t.Url, PlanFilter.All);

        Assert.That(probes.Select(p => p.Id), Is.EqualTo(new[] { "ask/rival/default/q1", "ask/rival/default/q1#2", "ask/rival/default/q2", "ask/rival/default/q2#2" }));
    }

    [TestCase("samples: 0", "a whole number from 1 to 50, not 0")]
    [TestCase("samples: 51", "a whole number from 1 to 50, not 51")]
    [TestCase("samples: 2.5", "a whole number from 1 to 50, not 2.5")]
    public void Read_SamplesOutOfRange_IsAnErrorWithItsPlace(string samples, string needs)
    {
        var result = Load("{}", Scenario(samples));

        var error = result.Diagnostics.Single();
        Assert.That((error.File, error.Line, error.Column), Is.EqualTo(("s0.yaml", 3, 10)));
        Assert.That(error.Message, Does.Contain(needs));
    }

    [Test]
    public void Read_SamplesNotANumber_IsAnError()
    {
        var result = Load("{}", Scenario("samples: many"));

        var error = result.Diagnostics.Single();
        Assert.That((error.Line, error.Column), Is.EqualTo((3, 10)));
        Assert.That(error.Message, Does.Contain("samples"));
    }

    [Test]
    public void Politeness_ProbesPerDay_CountsEachSample()
    {
        var suite = Load("{ probes_per_day: 2 }", Scenario("samples: 4")).Suite!;
        var probes = Planner.Plan(suite, AddressPattern.Default, t => t.Url, PlanFilter.All);

        var planned = Politeness.Apply(probes, [new PastProbe("rival", Now.AddHours(-1))], Now);

        Assert.That(planned.Select(p => p.Runs), Is.EqualTo(new[] { true, false, false, false }));
        Assert.That(planned[1].SkipReason, Is.EqualTo("limit of 2 probe(s) a day for rival reached (1 in the last 24 h before this run, 1 earlier in it)"));
    }

    [Test]
    public void Politeness_MinimumGap_LetsOneSampleARunGo()
    {
        var suite = Load("{ min_gap: 1h }", Scenario("samples: 3")).Suite!;
        var probes = Planner.Plan(suite, AddressPattern.Default, t => t.Url, PlanFilter.All);

        var planned = Politeness.Apply(probes, [], Now);

        Assert.That(planned.Select(p => p.Runs), Is.EqualTo(new[] { true, false, false }));
        Assert.That(planned[2].SkipReason, Is.EqualTo("rival is already probed once in this run; min_gap is 1 h 0 m"));
    }

    [Test]
    public void Politeness_BeforeTheSplit_ShardsTogetherKeepTheLimit()
    {
        // Each shard decides the limits over the whole plan, then takes its part: together they make what one run would.
        var suite = Load("{ probes_per_day: 3 }", Scenario("samples: 5", "[own, rival]")).Suite!;
        var probes = Planner.Plan(suite, AddressPattern.Default, t => t.Url, PlanFilter.All);
        var whole = Politeness.Apply(probes, [], Now);

        var shards = Enumerable.Range(1, 3).Select(i => new Shard(i, 3).Take(Politeness.Apply(probes, [], Now), p => p.Probe.Id)).ToList();

        var running = shards.SelectMany(s => s.Where(p => p.Runs).Select(p => p.Probe.Id)).ToList();
        Assert.That(running, Is.EquivalentTo(whole.Where(p => p.Runs).Select(p => p.Probe.Id)));
        Assert.That(running.Count(id => id.StartsWith("ask/rival/", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [TestCase("ask/rival/default", 1)]
    [TestCase("ask/rival/default#2", 2)]
    [TestCase("ask/rival/default/q1#17", 17)]
    [TestCase("ask/rival/default#x", 1)]
    public void Of_ProbeId_IsItsSampleNumber(string id, int sample) => Assert.That(Samples.Of(id), Is.EqualTo(sample));
}
