using MysteryShopper.Judging;
using Comparison = MysteryShopper.Reporting.Comparison;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Reporting.JUnit;
using MysteryShopper.Reporting.Json;
using MysteryShopper.Reporting.Markdown;

namespace MysteryShopper.Tests.Reporting;

/// <summary>The cards and the experience index in every report: decided once in Comparison, encoded where they are rendered.</summary>
public sealed class CardsReportTests
{
    private const string HostileEvidence = "answers: “<img src=x onerror=alert(1)>”";

    /// <summary>Brightwave promoter-grade, Rival A detractor-grade (its welcome judged), Rival B not graded.</summary>
    private static RunResult Graded()
    {
        var brightwave = SomeRun.Brightwave();
        var rivalA = SomeRun.RivalA();
        return SomeRun.Run(
            With(rivalA, Card(rivalA.Record.Emails[^1], "welcome", 4.2)),
            With(brightwave, Card(brightwave.Record.Emails[0], "welcome", 9.4)),
            SomeRun.RivalB());
    }

    private static ProbeResult With(ProbeResult probe, MailCard card) => probe with
    {
        Verdict = probe.Verdict with
        {
            Cards = [card],
            Experience = new ProbeExperience(card.Card.Score, Grades.Of(card.Card.Score), 1, 0),
        },
    };

    private static MailCard Card(MysteryShopper.Execution.ReceivedEmail email, string name, double score) =>
        new(email.Id, name, email.Subject, email.From, email.ReceivedAt, new MessageCard
        {
            Kind = MessageKind.Marketing,
            OneClickUnsubscribe = false,
            Score = score,
            Rubric = Rubrics.Marketing,
            Parts =
            [
                new CardPart(Parts.Kind, "marketing", null, ["List-Unsubscribe: <https://rival-a.example/unsub>"]),
                new CardPart(Parts.Answered, "marketing mail", null, [HostileEvidence]),
                new CardPart(Parts.Unsubscribe, "no one-click", 0, ["no List-Unsubscribe-Post header"]),
            ],
        }) { Checks = new DeliveryChecks { SpamScore = 2.1 } };

    [Test]
    public void Comparison_GradedProbes_ExperienceIndexPerCompanyOwnFirst()
    {
        var experience = Comparison.From(Graded()).Experience;

        Assert.That(experience.Select(e => (e.TargetId, e.Index.Index, e.Index.MeanScore)), Is.EqualTo(new[] { ("brightwave", 100.0, (double?)9.4), ("rival-a", -100.0, 4.2) }));
        Assert.That(experience.Select(e => e.Index.Probes), Is.All.EqualTo(1));
    }

    [Test]
    public void Comparison_AwaitingProbe_NotCountedInTheIndex()
    {
        var run = Graded();
        run = run with { Probes = [run.Probes[0] with { State = "awaiting" }, run.Probes[1], run.Probes[2]] };

        Assert.That(Comparison.From(run).Experience.Select(e => e.TargetId), Is.EqualTo(new[] { "brightwave" }));
    }

    [Test]
    public void Comparison_GradedProbes_ExperienceRowWithGradeAndStatus()
    {
        var row = Comparison.From(Graded()).Scenarios.Single().Row("Experience")!;

        Assert.That(row.Cells.Select(c => c.Text), Is.EqualTo(new[] { "9.4 (promoter-grade)", "4.2 (detractor-grade)", "not graded" }));
        Assert.That(row.Cells.Select(c => c.Status), Is.EqualTo(new[] { CellStatus.Good, CellStatus.Bad, CellStatus.Missing }));
    }

    [Test]
    public void Html_Cards_EachWithItsFindingsAndEvidenceEncoded()
    {
        var html = HtmlReportWriter.Render(Comparison.From(Graded()));

        Assert.That(html, Does.Contain("<h2>Message cards</h2>"));
        Assert.That(html, Does.Contain("<th scope=\"row\">welcome</th><td>marketing</td><td>—</td><td>no</td><td>no</td><td class=\"neutral\">none</td><td>no</td><td class=\"bad\">4.2</td><td>detractor</td><td>marketing</td>"));
        Assert.That(html, Does.Contain("<details class=\"evidence\"><summary>Evidence: welcome from"));
        Assert.That(html, Does.Contain("<li>no List-Unsubscribe-Post header</li>"));
        Assert.That(html, Does.Not.Contain("<img src=x"));
        Assert.That(html, Does.Contain("&lt;img src=x onerror=alert(1)&gt;"));
    }

    [Test]
    public void Html_GradedRun_ExperienceTablePerCompany()
    {
        var html = HtmlReportWriter.Render(Comparison.From(Graded()));

        Assert.That(html, Does.Contain("<h3 id=\"experience\">Experience index</h3>"));
        Assert.That(System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlDecode(html), ">\\s+<", "><"), Does.Contain("<td class=\"good\">+100</td><td>9.4</td><td>1</td><td>1</td><td>0</td><td>0</td>"));
        Assert.That(System.Text.RegularExpressions.Regex.Replace(html, ">\\s+<", "><"), Does.Contain("<td class=\"bad\">−100</td><td>4.2</td><td>1</td><td>0</td><td>0</td><td>1</td>"));
    }

    [Test]
    public void Html_RunWithoutCards_HasNoCardOrExperienceSection()
    {
        var html = HtmlReportWriter.Render(Comparison.From(SomeRun.ThreeCompanies()));

        Assert.That(html, Does.Not.Contain("Message cards"));
        Assert.That(html, Does.Not.Contain("<h3 id=\"experience\">Experience index</h3>"), "the leaderboard's column stays; the table of grades does not");
    }

    [Test]
    public void Markdown_GradedRun_CardsAndExperienceTables()
    {
        var md = MarkdownReportWriter.Render(Comparison.From(Graded()));

        Assert.That(md, Does.Contain("## Experience index"));
        Assert.That(md, Does.Contain("| Brightwave (own) | +100 | 9.4 | 1 | 1 | 0 | 0 |"));
        Assert.That(md, Does.Contain("## Message cards"));
        Assert.That(md, Does.Contain("| welcome | marketing | — | no | no | none | no | 4.2 | detractor |"));
    }

    [Test]
    public void JUnit_GradedProbe_CardScoreAsProperty()
    {
        var properties = JUnitReportWriter.Render(Graded()).Descendants("property").Select(p => ((string?)p.Attribute("name"), (string?)p.Attribute("value"))).ToList();

        Assert.That(properties, Does.Contain(("card.welcome.score", "9.4")));
        Assert.That(properties, Does.Contain(("experience.score", "4.2")));
    }

    [Test]
    public async Task Json_GradedRun_ValidAgainstTheSchemaWithCardsAndExperience()
    {
        using var folder = new TempFolder();
        var path = await new JsonReportWriter().WriteAsync(Graded(), folder.Path, CancellationToken.None);
        var schema = MysteryShopper.Tests.Schema.SchemaValidator.Load((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            await File.ReadAllTextAsync(Path.Combine(MysteryShopper.Tests.Schema.SchemaFiles.Folder, "results.schema.json")))!);
        var json = await File.ReadAllTextAsync(path);

        Assert.That(schema.Validate(json).Select(e => e.ToString()), Is.Empty);
        Assert.That(json, Does.Contain("\"experience\": ["));
        var read = await JsonReportWriter.ReadAsync(path, CancellationToken.None);
        Assert.That(read.Probes[1].Verdict.Cards.Single().Card.Parts.SelectMany(p => p.Evidence), Does.Contain(HostileEvidence));
        Assert.That(read.Probes[1].Verdict.Experience, Is.EqualTo(Graded().Probes[1].Verdict.Experience));
    }

    [Test]
    public async Task Json_VersionTwoFile_StillReads()
    {
        using var folder = new TempFolder();
        var path = await new JsonReportWriter().WriteAsync(SomeRun.ThreeCompanies(), folder.Path, CancellationToken.None);
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("\"schemaVersion\": 3", "\"schemaVersion\": 2", StringComparison.Ordinal));

        var read = await JsonReportWriter.ReadAsync(path, CancellationToken.None);

        Assert.That(read.SchemaVersion, Is.EqualTo(2));
        Assert.That(read.Probes.Select(p => p.Verdict.Cards.Count), Is.All.Zero);
        Assert.That(read.Experience, Is.Empty);
    }
}
