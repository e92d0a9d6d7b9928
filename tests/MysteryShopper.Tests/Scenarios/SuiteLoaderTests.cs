using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Scenarios;

public class SuiteLoaderTests
{
    private const string Targets = """
        targets:
          own:
            name: Own Co
            role: own
            url: https://own.example
          rival:
            name: Rival Ltd
            role: competitor
            url: demo://corvid
        """;

    private const string Personas = """
        personas:
          default:
            name: Alex Morgan
        """;

    private static LoadResult Load(string scenario) => SuiteLoader.Load(
    [
        new SourceFile("targets.yaml", Targets),
        new SourceFile("personas.yaml", Personas),
        new SourceFile("s.yaml", scenario),
    ]);

    private static Diagnostic Single(string scenario)
    {
        var result = Load(scenario);
        Assert.That(result.Diagnostics, Has.Count.EqualTo(1), string.Join("\n", result.Diagnostics));
        return result.Diagnostics[0];
    }

    [Test]
    public void LoadConfig_ConfigAlone_ReadsItsSettingsWithNoScenarios()
    {
        var (config, diagnostics) = SuiteLoader.LoadConfig(new SourceFile("/ws/mshop.yaml", "store: history/shop.db\nrun: { parallel: 2 }\n"));

        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        Assert.That(config?.Store, Is.EqualTo("history/shop.db"));
    }

    [Test]
    public void LoadConfig_Checks_ReadsEachCheckAndLeavesThemOffByDefault()
    {
        var (config, diagnostics) = SuiteLoader.LoadConfig(new SourceFile("/ws/mshop.yaml", "checks:\n  links: true\n  spamd: \"127.0.0.1:783\"\n"));
        var (none, _) = SuiteLoader.LoadConfig(new SourceFile("/ws/mshop.yaml", "store: x.db\n"));

        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        Assert.That((config!.Checks.Links, config.Checks.Dkim, config.Checks.Spamd?.ToString()), Is.EqualTo((true, false, "127.0.0.1:783")));
        Assert.That(none!.Checks.Any, Is.False);
    }

    [Test]
    public void LoadConfig_UnknownKey_IsAnErrorWithItsPlace()
    {
        var (config, diagnostics) = SuiteLoader.LoadConfig(new SourceFile("/ws/mshop.yaml", "run: { parallel: 2 }\nstroe: x.db\n"));

        Assert.That(config, Is.Null);
        Assert.That(diagnostics.Select(d => (d.Line, d.Message)), Has.One.Matches<(int Line, string Message)>(d => d.Line == 2 && d.Message.Contains("stroe", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Load_ExampleSuite_LoadsEveryScenarioAndTarget()
    {
        var files = await SuiteLoader.ReadFilesAsync([Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios")], CancellationToken.None);

        var result = SuiteLoader.Load(files);

        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        var scenario = result.Suite!.Scenarios.Single(s => s.Name == "newsletter-signup");
        Assert.That(scenario.Targets.Select(t => t.Name), Is.EqualTo(new[] { "brightwave", "corvid", "dunmore" }));
        Assert.That(scenario.Journey.OfType<ExpectEmailStep>().Select(e => e.As), Is.EqualTo(new[] { "first_email", "welcome" }));
        Assert.That(scenario.Measures.Select(m => m.Name), Does.Contain("time_to_welcome"));
        Assert.That(result.Suite.Targets["brightwave"].Role, Is.EqualTo(TargetRole.Own));
    }

    [Test]
    public void Load_ValidScenario_KeepsStepPlacesAndValues()
    {
        var result = Load("""
            name: signup
            targets: [own, rival]
            journey:
              - goto: "{target.url}/newsletter"
              - fill: { label: "Email", value: "{probe.email}" }
              - click: { role: button, name: "Subscribe", timeout: 5s }
              - expect_email: { as: welcome, within: 2m, subject: Welcome, optional: true }
            """);

        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        var steps = result.Suite!.Scenarios[0].Journey;
        Assert.That(steps[1], Is.TypeOf<FillStep>());
        Assert.That(steps[1].Place, Is.EqualTo(new SourcePlace("s.yaml", 5, 5)));
        Assert.That(steps[2].Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        var expect = (ExpectEmailStep)steps[3];
        Assert.That((expect.Within, expect.Subject, expect.Optional), Is.EqualTo((TimeSpan.FromMinutes(2), "Welcome", true)));
        var values = new Dictionary<string, string> { ["probe.email"] = "a@b.test" };
        Assert.That(((FillStep)steps[1]).Value.Render(values), Is.EqualTo("a@b.test"));
    }

    [Test]
    public void Load_UnknownStep_SuggestsTheClosestStep()
    {
        var d = Single("""
            name: signup
            targets: [own]
            journey:
              - goto: "{target.url}"
              - clik: { text: "Send" }
            """);

        Assert.That((d.File, d.Line, d.Column), Is.EqualTo(("s.yaml", 5, 5)));
        Assert.That(d.Message, Is.EqualTo("unknown step 'clik'"));
        Assert.That(d.Hint, Is.EqualTo("did you mean 'click'?"));
    }

    [Test]
    public void Load_UnknownScenarioKey_SuggestsTheClosestKey()
    {
        var result = Load("""
            name: signup
            targets: [own]
            jorney:
              - goto: "{target.url}"
            """);

        var d = result.Diagnostics.First(x => x.Message.StartsWith("unknown key", StringComparison.Ordinal));
        Assert.That((d.Line, d.Column, d.Message, d.Hint), Is.EqualTo((3, 1, "unknown key 'jorney' in a scenario", "did you mean 'journey'?")));
    }

    [Test]
    public void Load_BadDuration_SaysWhatADurationLooksLike()
    {
        var d = Single("""
            name: signup
            targets: [own]
            journey:
              - expect_email: { as: welcome, within: 10 sec }
            """);

        Assert.That((d.Line, d.Column), Is.EqualTo((4, 42)));
        Assert.That(d.Message, Is.EqualTo("within '10 sec' is not a duration"));
        Assert.That(d.Hint, Is.EqualTo(Duration.Hint));
    }

    [Test]
    public void Load_UndefinedTarget_PointsAtTheNameAndSuggests()
    {
        var d = Single("""
            name: signup
            targets: [own, rivall]
            journey:
              - goto: "{target.url}"
            """);

        Assert.That((d.Line, d.Column, d.Message, d.Hint), Is.EqualTo((2, 16, "unknown target 'rivall'", "did you mean 'rival'?")));
    }

    [Test]
    public void Load_UnknownPlaceholder_SuggestsTheClosest()
    {
        var d = Single("""
            name: signup
            targets: [own]
            journey:
              - fill: { label: Name, value: "{persona.nme}" }
            """);

        Assert.That((d.Line, d.Column, d.Message, d.Hint), Is.EqualTo((4, 33, "unknown placeholder '{persona.nme}'", "did you mean 'persona.name'?")));
    }

    [Test]
    public void Load_TabIndentation_IsInvalidYamlWithAHint()
    {
        var d = Load("name: signup\ntargets: [own]\njourney:\n\t- goto: x\n").Diagnostics.Single();

        Assert.That(d.File, Is.EqualTo("s.yaml"));
        Assert.That(d.Line, Is.EqualTo(4));
        Assert.That(d.Message, Does.StartWith("invalid YAML"));
    }

    [Test]
    public void Load_Alias_IsRefused()
    {
        var d = Single("""
            name: signup
            targets: &t [own]
            journey:
              - goto: *t
            """);

        Assert.That((d.Line, d.Message), Is.EqualTo((4, "anchors and aliases (*name) are not supported")));
    }

    [Test]
    public void Load_ClickEmailLinkBeforeItsEmail_IsAnError()
    {
        var d = Single("""
            name: signup
            targets: [own]
            journey:
              - click_email_link: { email: confirmation, text: Confirm }
              - expect_email: { as: confirmation, within: 1m }
            """);

        Assert.That((d.Line, d.Column), Is.EqualTo((4, 5)));
        Assert.That(d.Message, Is.EqualTo("click_email_link refers to email 'confirmation', which no earlier expect_email names"));
    }

    [Test]
    public void Load_MeasureOfUnknownMoment_And_BadThreshold_AreBothReported()
    {
        var result = Load("""
            name: signup
            targets: [own]
            journey:
              - mark: asked
              - expect_email: { as: answer, within: 1m }
            measure:
              first_reply: answr.received - asked
            expect:
              first_reply: "under a day"
            """);

        Assert.That(result.Diagnostics.Select(d => (d.Line, d.Message)), Is.EqualTo(new[]
        {
            (7, "'answr' is not a mark or an email of this journey"),
            (9, "'first_reply' is not a measure of this scenario nor a metric it has"),
        }));
    }

    [Test]
    public void Load_ThresholdWithoutOperator_IsAnError()
    {
        var d = Single("""
            name: signup
            targets: [own]
            journey:
              - mark: asked
              - expect_email: { as: answer, within: 1m }
            measure:
              first_reply: answer.received - asked
            expect:
              first_reply: "24h"
            """);

        Assert.That((d.Line, d.Column, d.Message, d.Hint), Is.EqualTo((9, 16, "'24h' is not a threshold", MysteryShopper.Judging.Threshold.Hint)));
    }

    [Test]
    public void Load_SeveralErrors_AreAllReportedInOnePass()
    {
        var result = Load("""
            name: signup
            targets: [nobody]
            persona: ghost
            journey:
              - goto: "{target.url}"
              - fill: { label: Name }
              - wiat: 5s
            """);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Diagnostics.Select(d => d.Line), Is.EquivalentTo(new[] { 6, 7, 2, 3 }));
    }
}
