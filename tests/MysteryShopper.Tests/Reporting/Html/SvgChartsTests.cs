using System.Xml.Linq;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Reporting.Overview;
using MysteryShopper.Tests.Reporting.Overview;

namespace MysteryShopper.Tests.Reporting.Html;

public sealed class SvgChartsTests
{
    private static IReadOnlyList<ReplyCurve> Curves() => ReplyCurve.Of(new[]
    {
        SomeEnquiry.Probe("own", "Own & Co", "own", 3 * 86400, 0, mail: [(60, MessageKind.Human, Answer.Full)]),
        SomeEnquiry.Probe("own", "Own & Co", "own", 3 * 86400, 1, mail: [(7200, MessageKind.Human, Answer.Full)]),
        SomeEnquiry.Probe("rival", "<Rival>", "competitor", 3 * 86400, 0, mail: [(90000, MessageKind.Human, Answer.Full)]),
        SomeEnquiry.Probe("rival", "<Rival>", "competitor", 3 * 86400, 1),
    }.Select(p => new ProbeFacts(p)));

    [Test]
    public void ReplyCurves_TwoCompanies_MatchesTheSnapshot()
    {
        var svg = SvgCharts.ReplyCurves(Curves(), "Replies").ToString(SaveOptions.DisableFormatting);

        var snapshot = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Reporting", "reply-curves.svg");
        Assert.That(svg, Is.EqualTo(File.ReadAllText(snapshot).TrimEnd('\n')), "regenerate TestData/Reporting/reply-curves.svg when the chart changes on purpose");
    }

    [Test]
    public void ReplyCurves_EachStep_AnElementWithCompanyTimeShareAndBand()
    {
        var svg = SvgCharts.ReplyCurves(Curves(), "Replies");

        var points = svg.Descendants("circle").Select(c => ((string)c.Attribute("data-company")!, (string)c.Attribute("data-t")!, (string)c.Attribute("data-share")!)).ToList();
        Assert.That(points, Is.EqualTo(new[] { ("own", "60", "0.5"), ("own", "7200", "1"), ("rival", "90000", "0.5") }));
        Assert.That(svg.Descendants("line").Count(l => (string?)l.Attribute("data-censored") == "259200"), Is.EqualTo(1), "the rival's silent enquiry is a censored tick");
        Assert.That(svg.Descendants("text").Select(t => t.Value), Does.Contain("1 h").And.Contain("24 h").And.Contain("72 h").And.Contain("1 min"));
        Assert.That(svg.Descendants("title").Select(t => t.Value), Does.Contain("<Rival>: 50 % answered within 1 d 1 h (95 % band 9 %–94 %)").Or.Some.StartWith("<Rival>: 50 % answered within"));
    }

    [Test]
    public void ReplyCurves_MarkupInACompanyName_EncodedByTheXmlWriter()
    {
        var svg = SvgCharts.ReplyCurves(Curves(), "Replies").ToString(SaveOptions.DisableFormatting);

        Assert.That(svg, Does.Contain("&lt;Rival&gt;").And.Not.Contain("<Rival>"));
    }

    [Test]
    public void TimeAxis_SecondsMinutesAndDays_AllGetRoom()
    {
        var axis = new SvgCharts.TimeAxis(3 * 86400);

        Assert.That(axis.Of(0), Is.Zero);
        Assert.That(axis.Of(3 * 86400), Is.EqualTo(1));
        Assert.That(axis.Of(60), Is.GreaterThan(0.05), "a minute is visible");
        Assert.That(axis.Of(3600), Is.InRange(0.35, 0.65), "an hour near the middle");
        Assert.That(axis.Of(86400) - axis.Of(3600), Is.GreaterThan(0.2), "a day apart from an hour");
    }

    [Test]
    public void TrendChart_BaselineAndCurrentRun_MarkedWithEachPointsRunAndValue()
    {
        var trend = new Trend(LeaderboardColumn.ReplyRate,
        [
            new TrendSeries("own", "Own", "own",
            [
                new TrendPoint("r1", Some.Start, 0.5, IsBaseline: true, IsCurrent: false),
                new TrendPoint("r2", Some.Start.AddDays(7), null, false, false),
                new TrendPoint("r3", Some.Start.AddDays(14), 0.75, false, IsCurrent: true),
            ]),
        ]);

        var svg = SvgCharts.TrendChart(trend);

        var points = svg.Descendants("circle").Select(c => ((string)c.Attribute("data-run")!, (string)c.Attribute("data-value")!, (string)c.Attribute("class")!)).ToList();
        Assert.That(points, Is.EqualTo(new[] { ("r1", "0.5", "point baseline"), ("r3", "0.75", "point current") }));
        Assert.That(svg.Descendants("text").Select(t => t.Value), Does.Contain("baseline").And.Contain("3 runs, oldest left"));
    }
}
