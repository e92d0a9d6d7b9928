using System.Globalization;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;
using YamlDotNet.RepresentationModel;

namespace MysteryShopper.Tests.Judging.Quality;

/// <summary>
/// Every message under TestData/mail/ (replies, helpdesk mail, acknowledgements, marketing from common platforms, several
/// charsets and encodings) gets the kind, answer, next step, personal, placeholder, one-click and links its
/// <c>NAME.expected.yaml</c> gives.
/// </summary>
public class MailCorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "mail");

    private static readonly string[] PartNames = ["kind", "answered", "next_step", "personal", "unfilled_placeholder", "one_click_unsubscribe", "links"];

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateFiles(Root, "*.eml")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .Select(name => new TestCaseData(name).SetName($"Judge_Mail_{name}"));

    [Test]
    public void Corpus_HasAtLeastFortyMessages_EachWithExpectations()
    {
        var names = Cases().Select(c => (string)c.Arguments[0]!).ToList();

        Assert.That(names, Has.Count.GreaterThanOrEqualTo(40));
        Assert.That(names.Where(n => !File.Exists(Path.Combine(Root, n + ".expected.yaml"))), Is.Empty, "messages without NAME.expected.yaml");
    }

    [TestCaseSource(nameof(Cases))]
    public void Judge_CorpusMessage_MatchesEveryExpectedPart(string name)
    {
        var disagreements = Compare(name).Where(c => c.Expected != c.Actual).Select(c => $"{c.Part}: expected {c.Expected}, got {c.Actual}").ToList();

        Assert.That(disagreements, Is.Empty);
    }

    [Test]
    public void Judge_SameMessageTwice_GivesTheSameEvidence()
    {
        using var stream = File.OpenRead(Path.Combine(Root, "zendesk_agent_reply_auto_submitted.eml"));
        var letter = Letters.Read(stream);
        var context = new JudgeContext { Question = "Do you offer an annual plan?", MustCover = [new CoverTerm("annual", [])], FirstName = "Sam" };

        string[] Evidence()
        {
            var (kind, kindPart) = MessageKinds.Judge(letter);
            return [.. kindPart.Evidence, .. Answers.Judge(letter, context, kind).Part.Evidence, .. Personalisation.Judge(letter, context, kind).Part.Evidence, .. Links.Judge(letter).Evidence];
        }

        var first = Evidence();
        var second = Evidence();

        Assert.That(second, Is.EqualTo(first).And.Not.Empty);
    }

    [Test]
    public void Judge_WholeCorpus_AgreesOnEveryPart()
    {
        var rows = Cases().SelectMany(c => Compare((string)c.Arguments[0]!)).ToList();
        foreach (var part in PartNames)
        {
            var ofPart = rows.Where(r => r.Part == part).ToList();
            var agreed = ofPart.Count(r => r.Expected == r.Actual);
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{part,-22} {agreed,3}/{ofPart.Count,-3} {100.0 * agreed / ofPart.Count,6:0.0} %"));
        }

        Assert.That(rows.Where(r => r.Expected != r.Actual).Select(r => $"{r.Name} {r.Part}"), Is.Empty);
    }

    /// <summary>Expected and actual value of every part of one message, as text.</summary>
    private static List<(string Name, string Part, string Expected, string Actual)> Compare(string name)
    {
        using var stream = File.OpenRead(Path.Combine(Root, name + ".eml"));
        var letter = Letters.Read(stream);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, name + ".expected.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var context = new JudgeContext
        {
            Question = Scalar(root, "question"),
            MustCover = ((YamlSequenceNode)root["must_cover"]).Select(Term).ToList(),
            FirstName = Scalar(root, "first_name") ?? "",
        };
        var expected = (YamlMappingNode)root["expected"];
        var links = (YamlMappingNode)expected["links"];

        var (kind, _) = MessageKinds.Judge(letter);
        var (answered, nextStep, _) = Answers.Judge(letter, context, kind);
        var (personal, _) = Personalisation.Judge(letter, context, kind);
        var (unfilled, _) = Placeholders.Judge(letter);
        var (oneClick, _) = OneClickUnsubscribe.Judge(letter, kind);
        var counts = Links.Count(letter);

        var band = Scalar(links, "count")!.Split('-').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var inBand = counts.Links.Count >= band[0] && counts.Links.Count <= band[^1];
        var linksExpected = $"count {Scalar(links, "count")}, tracked {Scalar(links, "tracked")}, without alt {Scalar(links, "images_without_alt")}";
        var linksActual = $"count {(inBand ? Scalar(links, "count") : counts.Links.Count.ToString(CultureInfo.InvariantCulture))}, tracked {Text(counts.Tracked.Count > 0)}, without alt {counts.ImagesWithoutAlt.Count.ToString(CultureInfo.InvariantCulture)}";

        return
        [
            (name, "kind", Scalar(expected, "kind")!, kind.ToString().ToLowerInvariant()),
            (name, "answered", Scalar(expected, "answered") ?? "null", answered?.ToString().ToLowerInvariant() ?? "null"),
            (name, "next_step", Scalar(expected, "next_step")!, Text(nextStep)),
            (name, "personal", Scalar(expected, "personal")!, Text(personal)),
            (name, "unfilled_placeholder", Scalar(expected, "unfilled_placeholder")!, Text(unfilled)),
            (name, "one_click_unsubscribe", Scalar(expected, "one_click_unsubscribe") ?? "null", oneClick is { } b ? Text(b) : "null"),
            (name, "links", linksExpected, linksActual),
        ];
    }

    private static string Text(bool value) => value ? "true" : "false";

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { } text } scalar
            && !(text == "null" && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain) ? text : null;

    private static CoverTerm Term(YamlNode node) => node switch
    {
        YamlScalarNode scalar => new CoverTerm(scalar.Value!, []),
        YamlMappingNode map => new CoverTerm(((YamlScalarNode)map.Children.Keys.First()).Value!,
            ((YamlSequenceNode)map.Children.Values.First()).Select(s => ((YamlScalarNode)s).Value!).ToList()),
        _ => throw new FormatException($"must_cover: a term or {{term: [synonyms]}}, not {node.NodeType}"),
    };
}
