using MysteryShopper.Cli;
using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Json;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests;

/// <summary>
/// `mshop demo` end to end, as a user runs it: real Chromium, the three demo companies on loopback, the Maildir.
/// One run (demo delays as designed) serves every assertion; results are read back from results.json.
/// </summary>
[NonParallelizable]
public class DemoRunTests
{
    private const double TimeScale = 1.0;

    private int _exit;
    private string _output = "";
    private string _runFolder = "";
    private RunResult _run = null!;

    [OneTimeSetUp]
    public async Task RunTheDemo()
    {
        var reports = TestPaths.NewScratch("demo");
        using var output = new StringWriter();
        using var error = new StringWriter();
        _exit = await MshopCommandLine.InvokeAsync(["demo", "--time-scale", TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", reports], Logger.None, output, error);
        _output = output + error.ToString();
        Assert.That(_exit, Is.EqualTo(ExitCodes.Ok), _output);
        _runFolder = Directory.GetDirectories(reports).Single();
        _run = await JsonReportWriter.ReadAsync(Path.Combine(_runFolder, "results.json"), CancellationToken.None);
    }

    private ProbeResult Probe(string target, string scenario = "newsletter-signup") =>
        _run.Probes.Single(p => p.Record.TargetId == target && p.Record.Scenario == scenario);

    private static MysteryShopper.Judging.MailCard Card(ProbeResult probe, string subjectStart) =>
        probe.Verdict.Cards.Single(c => c.Subject.StartsWith(subjectStart, StringComparison.Ordinal));

    [Test]
    public void Demo_Finishes_ExitsZeroAndPrintsTheReportPath()
    {
        Assert.That(_exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(_output, Does.Contain("Report: ").And.Contain(Path.Combine(Path.GetFileName(_runFolder), "report.html")));
    }

    [Test]
    public void OwnCompany_Passes_WithAPersonalWelcomeInUnderFiveDemoSeconds()
    {
        var own = Probe("brightwave");

        Assert.That(own.Verdict.Passed, Is.True, own.Record.Failure?.ToString());
        var welcome = own.Verdict.Metric("time_to_welcome")!.Value!.Value;
        Assert.That(welcome / TimeScale, Is.LessThan(5), "welcome email, in demo seconds");
        Assert.That(own.Verdict.Emails.Single(e => e.As == "welcome").Personal, Is.True);
        Assert.That(own.Verdict.Metric("email_links_clicked")!.Value, Is.Zero);
    }

    [Test]
    public void Newsletter_Unsubscribe_BrightwaveByOneClick_CorvidByItsLink_BothHonourIt()
    {
        var brightwave = Probe("brightwave");
        var corvid = Probe("corvid");

        Assert.That(brightwave.Record.Observations.Single(o => o.Kind == ObservationKind.Mark && o.Name == "unsubscribed").Detail, Does.Contain("one-click POST"));
        Assert.That(corvid.Record.Observations.Single(o => o.Kind == ObservationKind.Mark && o.Name == "unsubscribed").Detail, Does.Contain("List-Unsubscribe link"));
        Assert.That(brightwave.Verdict.Metric("welcome.one_click_unsubscribe")!.Value, Is.EqualTo(1));
        var warning = corvid.Verdict.Expectations.Single(e => e.Metric == "welcome.one_click_unsubscribe");
        Assert.That((warning.Passed, warning.Warning), Is.EqualTo((false, true)), "Corvid's welcome has no one-click: a warning, not a failure");
    }

    [Test]
    public void PresalesQuestion_BrightwaveAnswersInPersonByFormAndByEmail_PromoterGradeCards()
    {
        foreach (var scenario in new[] { "presales-contact", "presales-email" })
        {
            var own = Probe("brightwave", scenario);
            Assert.That(own.Verdict.Passed, Is.True, scenario + ": " + own.Record.Failure);
            var answer = own.Verdict.Cards.Single(c => c.As == "answer").Card;
            Assert.That((answer.Kind, answer.Answered, answer.Personal, answer.Grade), Is.EqualTo((MessageKind.Human, Answer.Full, true, Grade.Promoter)), scenario);
            var acknowledgement = own.Verdict.Cards.Single(c => c.As is null).Card;
            Assert.That(acknowledgement.Kind, Is.EqualTo(MessageKind.Auto), scenario + ": the ticket acknowledgement");
            Assert.That(own.Verdict.Metric("time_to_answer")!.Value, Is.GreaterThan(0));
        }
    }

    [Test]
    public void PresalesQuestion_CompetitorsSendTemplatesPushySalesOrNothing_AndTheCardsSaySo()
    {
        var corvid = Card(Probe("corvid", "presales-contact"), "Request received").Card;
        Assert.That((corvid.Kind, corvid.Answered), Is.EqualTo((MessageKind.Auto, Answer.None)), "a template acknowledgement answers nothing");

        var dunmore = Card(Probe("dunmore", "presales-contact"), "Thanks for your interest").Card;
        Assert.That(dunmore.UnfilledPlaceholder, Is.True);
        Assert.That(dunmore.Parts.Single(p => p.Name == "placeholder").Evidence, Has.Some.Contain("{{first_name}}"));
        Assert.That(dunmore.Kind, Is.Not.EqualTo(MessageKind.Human), "a merge template with an offer is no person's answer");
        Assert.That(dunmore.Answered, Is.Null.Or.EqualTo(Answer.None), "a pushy sales reply answers nothing");
        Assert.That(dunmore.Grade, Is.EqualTo(Grade.Detractor));

        var silent = Probe("dunmore", "presales-email");
        Assert.That(silent.Record.Emails, Is.Empty, "Dunmore never reads its support mailbox");
        Assert.That(silent.Verdict.Experience!.NotReceived, Is.EqualTo(1), "silence is scored, as a detractor");
    }

    [Test]
    public void Output_NamesEachCompanysExperienceIndex()
    {
        Assert.That(_output, Does.Contain("Experience index").And.Contain("Brightwave +100").And.Contain("Dunmore Direct −100"));
    }

    [Test]
    public void CompetitorA_Passes_AfterClickingTheConfirmationLink()
    {
        var corvid = Probe("corvid");

        Assert.That(corvid.Verdict.Passed, Is.True, corvid.Record.Failure?.ToString());
        var clicked = corvid.Record.Observations.Single(o => o.Kind == ObservationKind.EmailLinkClicked);
        Assert.That(clicked.Detail, Does.Contain("/newsletter/confirm?token="));
        var welcomeId = corvid.Record.NamedEmails["welcome"];
        var welcome = corvid.Record.Emails.Single(e => e.Id == welcomeId);
        Assert.That(welcome.ReceivedAt, Is.GreaterThan(clicked.At), "the welcome comes only after the click");
        Assert.That(corvid.Record.Emails.Select(e => e.Subject), Is.EqualTo(new[] { "Please confirm your subscription", "Welcome to our newsletter" }));
    }

    [Test]
    public void CompetitorB_Fails_ItsEmailExpectationWithAClearReason()
    {
        var dunmore = Probe("dunmore");

        Assert.That(dunmore.Verdict.Passed, Is.False);
        var failure = dunmore.Record.Failure!;
        // Its deals arrive, but never a welcome.
        Assert.That(failure.Description, Does.StartWith("expect_email welcome"));
        Assert.That(failure.File, Does.EndWith("newsletter-signup.yaml"));
        Assert.That(failure.Reason, Does.StartWith($"no email with \"welcome\" in the subject arrived at {dunmore.Record.Email} within 15.0 s").And.Contain("Deals of the week"));
        Assert.That(dunmore.Verdict.Expectations.Single(e => e.Metric == "time_to_welcome").Reason, Does.Contain("did not happen"));
        Assert.That(dunmore.Record.Observations.Any(o => o.Kind == ObservationKind.Mark && o.Name == "signed_up"), Is.True, "signup itself worked");
    }

    [Test]
    public void Reports_Exist_AndNameAllThreeCompanies()
    {
        foreach (var file in new[] { "report.html", "report.md", "summary.md", "results.json", "junit.xml", "log.clef" })
        {
            Assert.That(File.Exists(Path.Combine(_runFolder, file)), Is.True, file);
        }

        var html = File.ReadAllText(Path.Combine(_runFolder, "report.html"));
        var markdown = File.ReadAllText(Path.Combine(_runFolder, "summary.md"));
        foreach (var company in new[] { "Brightwave", "Corvid &amp; Co", "Dunmore Direct" })
        {
            Assert.That(html, Does.Contain(company));
            Assert.That(markdown, Does.Contain(System.Net.WebUtility.HtmlDecode(company)));
        }
    }

    [Test]
    public void EveryBrowserProbe_HasAScreenshotFileTheReportShows()
    {
        var html = File.ReadAllText(Path.Combine(_runFolder, "report.html"));
        // The email question needs no browser, so it has no page to show.
        foreach (var probe in _run.Probes.Where(p => p.Record.Scenario != "presales-email"))
        {
            var screenshot = probe.Record.Screenshots[^1];
            Assert.That(new FileInfo(Path.Combine(_runFolder, screenshot)).Length, Is.GreaterThan(1000), screenshot);
            Assert.That(html, Does.Contain(screenshot));
        }
    }

    [Test]
    public void EveryReceivedMessage_HasACardWithEvidenceTheReportShows()
    {
        var html = File.ReadAllText(Path.Combine(_runFolder, "report.html"));
        foreach (var probe in _run.Probes)
        {
            Assert.That(probe.Verdict.Cards.Select(c => c.Id), Is.EquivalentTo(probe.Record.Emails.Select(e => e.Id)), probe.Record.ProbeId);
            Assert.That(probe.Verdict.Cards.Select(c => c.Card.Parts.Single(p => p.Name == "kind").Evidence), Has.All.Not.Empty, probe.Record.ProbeId);
        }

        Assert.That(_run.Probes.Sum(p => p.Verdict.Cards.Count), Is.GreaterThan(0));
        Assert.That(html, Does.Contain("<h2>Message cards</h2>"));
    }

    [Test]
    public async Task ReceivedMail_IsKeptInTheStoreWithItsRawMime()
    {
        // mshop demo keeps its store in the folder it runs from.
        await using var store = await MysteryShopper.Storage.Sqlite.SqliteStore.OpenAsync(Path.Combine(Environment.CurrentDirectory, ".mshop", "store.db"), CancellationToken.None);
        foreach (var probe in _run.Probes)
        {
            var kept = await store.MessagesOfProbeAsync(probe.Record.Token, CancellationToken.None);
            Assert.That(kept.Select(m => m.Key), Is.EquivalentTo(probe.Record.Emails.Select(e => e.Id)), probe.Record.ProbeId);
            Assert.That(kept.All(m => m.Raw.Length > 0), Is.True, "the message as received is kept");
        }
    }
}
