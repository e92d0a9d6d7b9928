using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Reporting;

namespace MysteryShopper.Tests.Reporting;

/// <summary>
/// Hand-built runs for the report tests. <see cref="ThreeCompanies"/> is a newsletter signup against Brightwave (own,
/// passes), Rival A (competitor, passes after a double opt-in, sends a hostile subject) and Rival B (competitor, fails
/// at a step and sends nothing), listed in that run order: Rival A, Brightwave, Rival B.
/// </summary>
public static class SomeRun
{
    public const string Scenario = "newsletter-signup";
    public const string ScenarioFile = "scenarios/newsletter.yaml";
    public const string HostileSubject = "<script>alert(1)</script>";
    public const string PipedSubject = "Confirm | Rival A";
    public const string RivalBReason = "no button named \"Subscribe\" on the page";
    public const string WelcomeMissing = "'welcome' did not happen";

    public static RunResult ThreeCompanies() => Run(RivalA(), Brightwave(), RivalB()) with
    {
        Unattributed = [Some.Email("Our spring sale", 40, token: "nobody") with { Token = null, From = "Spam <spam@elsewhere.example>" }],
        Skipped = [new SkippedProbe("newsletter-signup/rival-c", Scenario, "rival-c", SkipReason)],
    };

    public const string SkipReason = "rival-c allows 1 probe(s) per day and had 1 in the last 24 h | next at 09:00";

    public static RunResult Run(params ProbeResult[] probes) => new()
    {
        RunId = "2026-11-23T0900-abc123",
        StartedAt = Some.Start,
        FinishedAt = Some.Start.AddSeconds(60),
        Probes = probes,
    };

    public static ProbeResult Brightwave()
    {
        var welcome = Some.Email("Welcome to Brightwave, Sam!", 4.2, "Hi Sam, welcome aboard.", "tok-bw") with
        {
            Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<mailto:unsub@brightwave.example>" },
        };
        var record = Record("brightwave", "Brightwave", "own", "tok-bw") with
        {
            Observations =
            [
                At(ObservationKind.ProbeStarted, 0),
                At(ObservationKind.Mark, 1.2) with { Name = "signed_up" },
                At(ObservationKind.EmailReceived, 4.2) with { Name = "welcome", Detail = welcome.Subject },
                At(ObservationKind.Screenshot, 5) with { Name = "end", Detail = "screenshots/newsletter-signup--brightwave--end.png" },
                At(ObservationKind.ProbeFinished, 6),
            ],
            Emails = [welcome],
            NamedEmails = new Dictionary<string, string> { ["welcome"] = welcome.Id },
            Screenshots = ["screenshots/newsletter-signup--brightwave--end.png"],
        };
        var verdict = new ProbeVerdict(
            true,
            [TimeToWelcome(3.0), new MetricValue("emails_received", 1, false), new MetricValue("email_links_clicked", 0, false)],
            [new ExpectationResult("time_to_welcome", "< 5m", 3.0, true, "3.0 s meets < 5m")],
            [new EmailSummary("welcome", welcome.Subject, welcome.From, 4.2, Personal: true, Unsubscribe: true, Automated: false)]);
        return new ProbeResult(record, verdict);
    }

    public static ProbeResult RivalA()
    {
        var confirm = Some.Email(PipedSubject, 5, "Please confirm: https://rival-a.example/confirm", "tok-ra") with
        {
            Links = [new EmailLink("Confirm", "https://rival-a.example/confirm")],
        };
        var welcome = Some.Email(HostileSubject, 32.5, "Welcome, valued customer", "tok-ra") with
        {
            Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://rival-a.example/unsub>", ["Precedence"] = "bulk" },
        };
        var record = Record("rival-a", "Rival A", "competitor", "tok-ra") with
        {
            Observations =
            [
                At(ObservationKind.ProbeStarted, 0),
                At(ObservationKind.Mark, 2.5) with { Name = "signed_up" },
                At(ObservationKind.EmailReceived, 5) with { Name = "confirm", Detail = confirm.Subject },
                At(ObservationKind.EmailLinkClicked, 6) with { Name = "confirm", Detail = "https://rival-a.example/confirm" },
                At(ObservationKind.EmailReceived, 32.5) with { Name = "welcome", Detail = welcome.Subject },
                At(ObservationKind.ProbeFinished, 34),
            ],
            FinishedAt = Some.Start.AddSeconds(34),
            Emails = [confirm, welcome],
            NamedEmails = new Dictionary<string, string> { ["confirm"] = confirm.Id, ["welcome"] = welcome.Id },
            Screenshots = ["screenshots/newsletter-signup--rival-a--end.png"],
        };
        var verdict = new ProbeVerdict(
            true,
            [TimeToWelcome(30.0), new MetricValue("emails_received", 2, false), new MetricValue("email_links_clicked", 1, false)],
            [new ExpectationResult("time_to_welcome", "< 5m", 30.0, true, "30.0 s meets < 5m")],
            [
                new EmailSummary("confirm", confirm.Subject, confirm.From, 5, Personal: false, Unsubscribe: false, Automated: false),
                new EmailSummary("welcome", welcome.Subject, welcome.From, 32.5, Personal: false, Unsubscribe: true, Automated: true),
            ]);
        return new ProbeResult(record, verdict);
    }

    public static ProbeResult RivalB()
    {
        var record = Record("rival-b", "Rival B", "competitor", "tok-rb") with
        {
            JourneyCompleted = false,
            Failure = new StepFailure(3, "click button \"Subscribe\"", ScenarioFile, 14, 5, RivalBReason),
            Observations =
            [
                At(ObservationKind.ProbeStarted, 0),
                At(ObservationKind.StepFailed, 15) with { Step = 3, Name = "click", Detail = RivalBReason, Line = 14 },
                At(ObservationKind.Screenshot, 15.5) with { Name = "failure", Detail = "screenshots/newsletter-signup--rival-b--failure.png" },
                At(ObservationKind.ProbeFinished, 16),
            ],
            FinishedAt = Some.Start.AddSeconds(16),
            Screenshots = ["screenshots/newsletter-signup--rival-b--failure.png"],
        };
        var verdict = new ProbeVerdict(
            false,
            [new MetricValue("time_to_welcome", null, true, WelcomeMissing), new MetricValue("emails_received", 0, false), new MetricValue("email_links_clicked", 0, false)],
            [new ExpectationResult("time_to_welcome", "< 5m", null, false, $"not measured: {WelcomeMissing}")],
            []);
        return new ProbeResult(record, verdict);
    }

    /// <summary>A record with no observations, emails or screenshots, finished 6 s after <see cref="Some.Start"/>.</summary>
    public static ProbeRecord Record(string targetId, string targetName, string role, string token, string scenario = Scenario) => new()
    {
        ProbeId = $"{scenario}--{targetId}--default",
        Scenario = scenario,
        ScenarioFile = ScenarioFile,
        TargetId = targetId,
        TargetName = targetName,
        TargetRole = role,
        TargetUrl = $"https://{targetId}.example",
        Persona = "default",
        FirstName = "Sam",
        Email = $"shopper+{token}@inbox.mshop.test",
        Token = token,
        StartedAt = Some.Start,
        FinishedAt = Some.Start.AddSeconds(6),
        JourneyCompleted = true,
        Observations = [],
        Emails = [],
        NamedEmails = new Dictionary<string, string>(),
        Screenshots = [],
    };

    /// <summary>A passing probe with no measures, for runs that only need columns.</summary>
    public static ProbeResult Plain(string targetId, string targetName, string role, string scenario = Scenario) => new(
        Record(targetId, targetName, role, $"tok-{targetId}", scenario),
        new ProbeVerdict(true, [new MetricValue("emails_received", 0, false), new MetricValue("email_links_clicked", 0, false)], [], []));

    public static MetricValue TimeToWelcome(double seconds) => new("time_to_welcome", seconds, true);

    private static Observation At(ObservationKind kind, double secondsAfterStart) => new(kind, Some.Start.AddSeconds(secondsAfterStart));
}
