using MysteryShopper.Cli;
using MysteryShopper.Execution;
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

    private ProbeResult Probe(string target) => _run.Probes.Single(p => p.Record.TargetId == target);

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
        foreach (var file in new[] { "report.html", "summary.md", "results.json", "junit.xml", "log.clef" })
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
    public void EveryProbe_HasAScreenshotFileTheReportShows()
    {
        var html = File.ReadAllText(Path.Combine(_runFolder, "report.html"));
        foreach (var probe in _run.Probes)
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
