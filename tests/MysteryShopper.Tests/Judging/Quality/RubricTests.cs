using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class RubricTests
{
    [Test]
    public void Builtin_Reply_WeighsTheAnswerMost()
    {
        var reply = Rubrics.Builtin(Rubrics.Reply)!;

        Assert.That(reply.Name, Is.EqualTo("reply"));
        Assert.That(reply.Weights.MaxBy(w => w.Value).Key, Is.EqualTo(Parts.Answered));
        Assert.That(reply.Weight(Parts.Unsubscribe), Is.Zero);
        Assert.That(reply.Length, Is.EqualTo(new WordBand(50, 250)));
    }

    [Test]
    public void Builtin_Marketing_WeighsOneClickUnsubscribeMost()
    {
        var marketing = Rubrics.Builtin(Rubrics.Marketing)!;

        Assert.That(marketing.Weights.MaxBy(w => w.Value).Key, Is.EqualTo(Parts.Unsubscribe));
        Assert.That(marketing.Weight(Parts.Answered), Is.Zero);
    }

    [Test]
    public void Builtin_EveryName_Loads() =>
        Assert.That(Rubrics.Names.Select(n => Rubrics.Builtin(n)!.Name), Is.EqualTo(Rubrics.Names));

    [Test]
    public void Builtin_UnknownName_IsNull() => Assert.That(Rubrics.Builtin("newsletter"), Is.Null);

    [TestCase(MessageKind.Human, "reply")]
    [TestCase(MessageKind.Auto, "reply")]
    [TestCase(MessageKind.Marketing, "marketing")]
    public void For_Kind_IsTheDefaultRubric(MessageKind kind, string name) => Assert.That(Rubrics.For(kind).Name, Is.EqualTo(name));

    [Test]
    public void Parse_FullRubric_ReadsEveryKey()
    {
        const string yaml = """
            name: strict-reply
            weights: { answered: 5, tone: 1.5, clear: 0 }
            length: { min: 20, max: 120 }
            required: [annual plan, "discount"]
            forbidden:
              - book a call
            """;

        var reading = Rubric.Parse(yaml, "rubric.yaml");

        Assert.That(reading.Diagnostics, Is.Empty);
        var rubric = reading.Rubric!;
        Assert.That(rubric.Name, Is.EqualTo("strict-reply"));
        Assert.That(rubric.Weights, Is.EqualTo(new Dictionary<string, double> { ["answered"] = 5, ["tone"] = 1.5, ["clear"] = 0 }));
        Assert.That(rubric.Length, Is.EqualTo(new WordBand(20, 120)));
        Assert.That(rubric.Required, Is.EqualTo(new[] { "annual plan", "discount" }));
        Assert.That(rubric.Forbidden, Is.EqualTo(new[] { "book a call" }));
    }

    [Test]
    public void Parse_EveryProblem_IsReportedWithItsPlace()
    {
        const string yaml = """
            name: broken
            weights:
              answerd: 3
              tone: -1
              clear: lots
            length: { min: 300, max: 100 }
            required: [discount]
            forbidden: [discount]
            colour: blue
            """;

        var reading = Rubric.Parse(yaml, "rubric.yaml");

        Assert.That(reading.Rubric, Is.Null);
        Assert.That(reading.Diagnostics.Select(d => d.ToString().Split(Environment.NewLine)[0]), Is.EquivalentTo(new[]
        {
            "rubric.yaml:3:3: error: unknown key 'answerd' in weights",
            "rubric.yaml:4:9: error: the weight of tone must be from 0 to 100, not -1",
            "rubric.yaml:5:10: error: the weight of clear 'lots' is not a number",
            "rubric.yaml:6:9: error: length min (300) is above max (100)",
            "rubric.yaml:8:12: error: 'discount' is both required and forbidden",
            "rubric.yaml:9:1: error: unknown key 'colour' in the rubric",
        }));
        Assert.That(reading.Diagnostics.Single(d => d.Message.Contains("answerd", StringComparison.Ordinal)).Hint, Does.Contain("answered"));
    }

    [Test]
    public void Parse_MissingNameAndWeights_SaysWhatIsMissing()
    {
        var reading = Rubric.Parse("required: [discount]\n", "rubric.yaml");

        Assert.That(reading.Rubric, Is.Null);
        Assert.That(reading.Diagnostics.Select(d => d.Message), Is.EquivalentTo(new[] { "the rubric is missing 'name'", "the rubric is missing 'weights'" }));
    }

    [Test]
    public void Parse_AllWeightsZero_IsAnError()
    {
        var reading = Rubric.Parse("name: none\nweights: { answered: 0, tone: 0 }\n", "rubric.yaml");

        Assert.That(reading.Diagnostics.Single().Message, Does.StartWith("every weight is 0"));
    }

    [Test]
    public void Parse_InvalidYaml_ReportsLineAndColumn()
    {
        var reading = Rubric.Parse("name: x\nweights: { answered: 3\n", "rubric.yaml");

        Assert.That(reading.Rubric, Is.Null);
        Assert.That(reading.Diagnostics.Single().Message, Does.StartWith("invalid YAML"));
        Assert.That(reading.Diagnostics.Single().Line, Is.GreaterThan(1));
    }

    [Test]
    public void With_ScenarioChanges_ReplaceNamedWeightsAndAddPhrases()
    {
        var reply = Rubrics.Builtin(Rubrics.Reply)! with { Required = ["annual"] };

        var changed = reply.With(new Dictionary<string, double> { [Parts.Personal] = 0, [Parts.Answered] = 4 }, required: ["discount", "Annual"], forbidden: ["book a call"]);

        Assert.That(changed.Weight(Parts.Personal), Is.Zero);
        Assert.That(changed.Weight(Parts.Answered), Is.EqualTo(4));
        Assert.That(changed.Weight(Parts.Tone), Is.EqualTo(reply.Weight(Parts.Tone)));
        Assert.That(changed.Required, Is.EqualTo(new[] { "annual", "discount" }));
        Assert.That(changed.Forbidden, Is.EqualTo(new[] { "book a call" }));
        Assert.That(Rubrics.Builtin(Rubrics.Reply)!.Weight(Parts.Answered), Is.EqualTo(3), "the built-in rubric is not changed");
    }

    [Test]
    public void With_UnknownPart_Throws() =>
        Assert.That(() => Rubrics.Builtin(Rubrics.Reply)!.With(new Dictionary<string, double> { [Parts.Kind] = 1 }), Throws.ArgumentException);
}
