using System.Text.RegularExpressions;
using MysteryShopper.Scenarios;
using MysteryShopper.Scenarios.Language;

namespace MysteryShopper.Tests.Scenarios;

/// <summary>
/// Every ```yaml block of docs/scenarios.md loads with no diagnostics. A block is a scenario, loaded with the fixed
/// targets, personas and questions below; a block whose first line is <c># file: NAME.yaml</c> is that file:
/// targets, personas, questions or config files replace their fixed one (loaded with the named scenario blocks of the
/// page, and a small scenario that uses <c>own</c>, <c>rival</c> and <c>default</c>), and a named scenario block is a
/// scenario the others can refer to (for overrides).
/// </summary>
public partial class DocsExamplesTests
{
    private const string Targets = """
        targets:
          own:
            name: Our Company
            role: own
            url: https://www.example.com
            domains: [example.com]
            emails: { support: support@example.com, sales: sales@example.com }
            timezone: Europe/London
            business_hours: "Mon-Fri 09:00-17:30"
            selectors:
              send_button: { role: button, name: "Send" }
          rival:
            name: A Competitor
            role: competitor
            url: https://www.example.org
            domains: [example.org]
            emails: { support: support@example.org }
            timezone: America/New_York
            business_hours: "Mon-Fri 09:00-17:00"
            selectors:
              send_button: { css: "form#contact button[type=submit]" }
        """;

    private const string Personas = """
        personas:
          default:
            name: Alex Morgan
            company: Fernhill Consulting
        """;

    private const string Questions = """
        questions:
          annual-plan:
            text: "Do you offer an annual plan, and what discount would 20 seats get?"
            must_cover: [annual, { discount: [reduction, "% off"] }, seats]
        """;

    private const string Anchor = """
        name: docs-anchor
        targets: [own, rival]
        persona: default
        journey:
          - goto: "{target.url}"
        """;

    private static readonly string[] SharedFiles = [SuiteLoader.TargetsFile, SuiteLoader.PersonasFile, SuiteLoader.QuestionsFile, SuiteLoader.ConfigFile];

    [GeneratedRegex(@"^```yaml[ \t]*\r?\n(?<body>.*?)^```[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"\A#\s*file:\s*(?<name>\S+)")]
    private static partial Regex FileMarker();

    /// <summary>A ```yaml block of the page: the line its text starts on, the file name it stands for, and its text.</summary>
    public sealed record Example(int Line, string FileName, bool Named, string Text)
    {
        public bool IsScenario => !SharedFiles.Contains(FileName);

        public override string ToString() => $"docs/scenarios.md:{Line} ({FileName})";
    }

    public static IEnumerable<TestCaseData> Examples() =>
        ReadExamples().Select(e => new TestCaseData(e).SetName($"Docs_Example_AtLine{e.Line:D4}_{e.FileName}"));

    [Test]
    public void Page_HasExamplesOfEveryKind()
    {
        var examples = ReadExamples();

        Assert.That(examples.Count(e => e.IsScenario), Is.GreaterThanOrEqualTo(30));
        Assert.That(examples.Select(e => e.FileName), Is.SupersetOf(SharedFiles));
    }

    [TestCaseSource(nameof(Examples))]
    public void Example_Loads_WithNoDiagnostics(Example example)
    {
        var result = SuiteLoader.Load(FilesFor(example), name => $"docs-secret-for-{name}");

        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty, $"{example}:\n{example.Text}");
    }

    [Test]
    public void Page_ShowsEveryStepAndLocatorInAnExample()
    {
        var yaml = string.Join("\n", ReadExamples().Select(e => e.Text));

        Assert.That(StepReader.Keywords.Where(k => !Regex.IsMatch(yaml, $@"^\s*(- )?{k}:", RegexOptions.Multiline)), Is.Empty, "step keywords without an example");
        Assert.That(StepReader.LocatorKeys.Where(k => !Regex.IsMatch(yaml, $@"[{{ ]{k}:")), Is.Empty, "locator keys without an example");
        Assert.That(StepReader.Modifiers.Where(k => !Regex.IsMatch(yaml, $@"[{{ ]{k}:")), Is.Empty, "step modifiers without an example");
    }

    [Test]
    public void Page_NamesEveryKeyAndPlaceholder()
    {
        var page = File.ReadAllText(PagePath());
        var keys = ScenarioLanguage.Scenario.Names()
            .Concat(TargetLanguage.Target.Names())
            .Concat(PersonaLanguage.Persona.Names())
            .Concat(QuestionLanguage.Question.Names())
            .Concat(ConfigLanguage.Config.Names())
            .Distinct();

        Assert.That(keys.Where(k => !page.Contains($"`{k}", StringComparison.Ordinal)), Is.Empty, "keys the page does not describe");
        Assert.That(Template.Variables.Keys.Where(v => !page.Contains($"{{{v}}}", StringComparison.Ordinal)), Is.Empty, "placeholders the page does not describe");
        Assert.That(ScenarioReader.BuiltInMetrics.Where(m => !page.Contains($"`{m}`", StringComparison.Ordinal)), Is.Empty, "built-in metrics the page does not list");
        Assert.That(PersonaLanguage.Devices.Where(d => !page.Contains($"`{d}`", StringComparison.Ordinal)), Is.Empty, "devices the page does not list");
    }

    private static List<SourceFile> FilesFor(Example example)
    {
        var files = new List<SourceFile> { new(example.FileName, example.Text) };
        var shared = new Dictionary<string, string>
        {
            [SuiteLoader.TargetsFile] = Targets,
            [SuiteLoader.PersonasFile] = Personas,
            [SuiteLoader.QuestionsFile] = Questions,
        };
        files.AddRange(shared.Where(s => s.Key != example.FileName).Select(s => new SourceFile(s.Key, s.Value)));
        if (!example.IsScenario)
        {
            // A shared file is checked against the scenarios that use it.
            files.Add(new SourceFile("docs-anchor.yaml", Anchor));
            files.AddRange(ReadExamples().Where(e => e.Named && e.IsScenario).Select(e => new SourceFile(e.FileName, e.Text)));
        }

        return files;
    }

    private static List<Example> ReadExamples()
    {
        var page = File.ReadAllText(PagePath()).ReplaceLineEndings("\n");
        return YamlBlock().Matches(page).Select((m, index) =>
        {
            var body = m.Groups["body"];
            var line = page[..body.Index].Count(c => c == '\n') + 1;
            var marker = FileMarker().Match(body.Value);
            return marker.Success
                ? new Example(line, marker.Groups["name"].Value, true, body.Value)
                : new Example(line, $"example-{index + 1}.yaml", false, body.Value);
        }).ToList();
    }

    private static string PagePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MysteryShopper.sln")))
            {
                return Path.Combine(folder.FullName, "docs", "scenarios.md");
            }
        }

        throw new InvalidOperationException($"no MysteryShopper.sln above {AppContext.BaseDirectory}");
    }
}
