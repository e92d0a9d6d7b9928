using System.Reflection;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Scenarios;

/// <summary>Every step record is defined once, in <see cref="StepTypes.All"/>, and what the definitions say holds when a journey is read.</summary>
public class StepTypesTests
{
    private static readonly Type[] StepRecords = typeof(Step).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Step)) && !t.IsAbstract)
        .ToArray();

    [Test]
    public void All_HoldsTheDefinitionOfEveryStepRecord_OnceEach()
    {
        var definitions = StepRecords.Select(t => t.GetField("Definition", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)).ToList();

        Assert.That(definitions, Has.None.Null, "each step record has a public static Definition");
        Assert.That(StepTypes.All, Is.EquivalentTo(definitions));
        Assert.That(StepTypes.Keywords, Is.Unique);
    }

    [Test]
    public void Definitions_EachDescribedWithArgumentsForItsForm()
    {
        Assert.Multiple(() =>
        {
            foreach (var type in StepTypes.All)
            {
                Assert.That(type.Description, Is.Not.Empty, type.Keyword);
                Assert.That(type.Arguments.Select(a => a.Description), Has.None.Empty, type.Keyword);
                if (type.Form is StepForm.Value or StepForm.Mapping)
                {
                    Assert.That(type.Arguments, Is.Not.Empty, $"{type.Keyword}: a {type.Form} step has arguments");
                }

                if (type.SendsMail)
                {
                    Assert.That(type.MaySubmit, Is.True, $"{type.Keyword} sends mail, so it submits");
                }

                if (type.OnlyLooks || type.Confirms)
                {
                    Assert.That(type.MaySubmit, Is.False, $"{type.Keyword} only looks, so it cannot submit");
                }
            }
        });
    }

    /// <summary>A valid value for every step keyword, in flow style.</summary>
    private static readonly Dictionary<string, string> Examples = new()
    {
        ["goto"] = "\"{target.url}\"",
        ["fill"] = "{ label: Email, value: \"{probe.email}\" }",
        ["type"] = "{ label: Name, value: \"{persona.name}\", delay: 10ms }",
        ["select"] = "{ label: Plan, option: Annual }",
        ["check"] = "Terms",
        ["uncheck"] = "{ label: News }",
        ["click"] = "{ role: button, name: Send, submit: true }",
        ["press"] = "Enter",
        ["hover"] = "Menu",
        ["wait"] = "1s",
        ["mark"] = "submitted",
        ["expect_text"] = "Thanks",
        ["expect_url"] = "/thanks",
        ["expect_visible"] = "{ css: \"#done\" }",
        ["screenshot"] = "done",
        ["extract"] = "{ css: \"#ticket\", as: ticket }",
        ["frame"] = "{ css: iframe, steps: [ { click: OK } ] }",
        ["dismiss_cookies"] = "reject",
        ["send_email"] = "{ to: support, subject: Hi, body: \"{question.text}\", as: asked }",
        ["expect_email"] = "{ as: welcome, within: 5m }",
        ["click_email_link"] = "{ email: welcome }",
        ["collect_emails"] = "{ for: 1d }",
        ["reply"] = "{ email: welcome, body: \"And for 50 seats?\", quote: true, as: followup }",
        ["unsubscribe"] = "{ email: welcome }",
        ["expect_no_email"] = "{ for: 2d, after: unsubscribed }",
    };

    [Test]
    public void Read_EachStepOfARichJourney_IsTheRecordItsKeywordDefines()
    {
        var journey = Read(string.Concat(StepTypes.Keywords.Select(k => $"- {k}: {Examples[k]}\n")));

        Assert.That(journey.Select(s => s.Keyword), Is.EqualTo(StepTypes.Keywords));
        Assert.That(journey.Select(s => s.GetType().GetField("Definition")!.GetValue(null)), Is.EqualTo(journey.Select(s => s.Type)));
        Assert.That(journey.Where(s => s.Submit).Select(s => s.Keyword), Is.EqualTo(new[] { "click", "send_email", "reply", "unsubscribe" }));
    }

    [Test]
    public void Read_SubmitOnAStepThatMayNot_IsAnErrorForEveryStepTypeThatSendsNothing()
    {
        var sendNothing = StepTypes.All.Where(t => !t.MaySubmit).ToList();

        Assert.That(sendNothing, Is.Not.Empty);
        foreach (var type in sendNothing)
        {
            var diagnostics = Diagnostics($"- {type.Keyword}: {Examples[type.Keyword]}\n  submit: true\n");

            Assert.That(diagnostics, Is.EqualTo(new[] { $"a '{type.Keyword}' step sends nothing, so it cannot be 'submit: true'" }), type.Keyword);
        }
    }

    [Test]
    public void Read_StepsInAFrame_AreRefusedExactlyForTheTypesNotAllowedThere()
    {
        var refused = StepTypes.All.Where(t => !t.InFrame).Select(t => t.Keyword).ToList();

        var diagnostics = Diagnostics("""
            - frame:
                css: iframe
                steps:
                  - goto: "{target.url}"
                  - frame: { css: inner, steps: [ { click: OK } ] }
                  - send_email: { to: support, subject: Hi, body: Hello }
                  - expect_email: { as: welcome, within: 5m }
                  - click_email_link: { email: welcome }
                  - collect_emails: { for: 1d }
                  - reply: { email: welcome, body: Thanks }
                  - unsubscribe: { email: welcome }
                  - expect_no_email: { for: 2d, after: unsubscribed }
                  - click: OK
            """);

        Assert.That(diagnostics.Where(d => d.Contains("cannot run inside a frame")), Is.EqualTo(refused.Select(k => $"'{k}' cannot run inside a frame")));
    }

    [Test]
    public void Templates_OfEveryStep_IncludeItsLocatorsTemplates()
    {
        var fill = (FillStep)Read("- fill: { role: textbox, name: \"{persona.name}\", value: \"{probe.email}\" }")[0];

        Assert.That(fill.AllTemplates().SelectMany(t => t.Uses), Is.EquivalentTo(new[] { "persona.name", "probe.email" }));
        Assert.That(fill.Locators(), Is.EqualTo(new[] { fill.Locator }));
    }

    private static List<Step> Read(string yaml)
    {
        var diagnostics = new List<Diagnostic>();
        var steps = ReadSteps(yaml, diagnostics);
        Assert.That(diagnostics, Is.Empty);
        return steps;
    }

    private static List<string> Diagnostics(string yaml)
    {
        var diagnostics = new List<Diagnostic>();
        ReadSteps(yaml, diagnostics);
        return diagnostics.Select(d => d.Message).ToList();
    }

    private static List<Step> ReadSteps(string yaml, List<Diagnostic> diagnostics)
    {
        var (reader, root) = YamlReader.Parse(new SourceFile("journey.yaml", yaml), diagnostics, _ => null, new HashSet<string>());
        return new StepReader(reader).ReadList(root!, "journey");
    }
}
