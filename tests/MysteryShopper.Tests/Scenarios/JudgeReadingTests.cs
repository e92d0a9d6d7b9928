using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Scenarios;

/// <summary>How a scenario's <c>judge:</c> entries are read: rubric, weights, required and forbidden phrases.</summary>
public sealed class JudgeReadingTests
{
    private static LoadResult Load(string judge, string expect = "") => SuiteLoader.Load(
    [
        new SourceFile("targets.yaml", "targets: { own: { role: own, url: 'https://own.example' } }"),
        new SourceFile("personas.yaml", "personas: { default: { name: Alex Morgan } }"),
        new SourceFile("s.yaml", $$"""
            name: ask
            targets: [own]
            journey:
              - goto: "{target.url}/contact"
              - expect_email: { as: answer, within: 1d }
            judge:
              {{judge}}
            {{expect}}
            """),
    ]);

    [Test]
    public void Load_RubricWeightsAndPhrases_AreReadIntoTheDefinition()
    {
        var loaded = Load("answer: { rubric: reply, weights: { answered: 5, tone: 0 }, required: [\"annual  plan\"], forbidden: [asap] }", "expect:\n  answer.quality: \">= 7\"\n  answer.answered: \"== 1\"");

        Assert.That(loaded.Diagnostics, Is.Empty, string.Join("\n", loaded.Diagnostics));
        var judged = loaded.Suite!.Scenarios[0].Judging.Single();
        Assert.That(judged.Rubric, Is.EqualTo(Rubrics.Reply));
        Assert.That(judged.Weights, Is.EquivalentTo(new Dictionary<string, double> { [Parts.Answered] = 5, [Parts.Tone] = 0 }));
        Assert.That(judged.Required, Is.EqualTo(new[] { "annual plan" }), "spacing is made single, as rubric files do");
        Assert.That(judged.Forbidden, Is.EqualTo(new[] { "asap" }));
    }

    [Test]
    public void Load_DefaultRubric_StillAccepted()
    {
        var loaded = Load("answer: { rubric: default }");

        Assert.That(loaded.Diagnostics, Is.Empty);
        Assert.That(loaded.Suite!.Scenarios[0].Judging.Single().Rubric, Is.EqualTo("default"));
    }

    [Test]
    public void Load_PhraseBothRequiredAndForbidden_ErrorWithPlace()
    {
        var loaded = Load("answer: { required: [ASAP], forbidden: [asap] }");

        Assert.That(loaded.Diagnostics.Select(d => $"{d.Line}:{d.Column} {d.Message}"), Is.EqualTo(new[] { "7:42 'ASAP' is both required and forbidden" }));
    }

    [Test]
    public void Load_WeightNotANumber_ErrorWithPlace()
    {
        var loaded = Load("answer: { weights: { tone: lots } }");

        Assert.That(loaded.Diagnostics, Has.Count.EqualTo(1));
        Assert.That(loaded.Diagnostics[0].Line, Is.EqualTo(7));
        Assert.That(loaded.Diagnostics[0].Message, Does.Contain("tone"));
    }

    [Test]
    public void Load_MetricOfAnEmailNotJudged_SaysHowToGetIt()
    {
        var loaded = Load("{}", "expect:\n  answer.quality: \">= 7\"");

        Assert.That(loaded.Diagnostics.Single().Message, Is.EqualTo("'answer.quality' is not a metric of this scenario: 'answer' is not judged"));
        Assert.That(loaded.Diagnostics.Single().Hint, Does.Contain("judge:"));
    }
}
