using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.IntegrationTests.Cli;
using MysteryShopper.Judging;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.IntegrationTests.Reporting;

/// <summary>
/// The hostile email (TestData/hostile/hostile.eml, its URLs pointed at a listener on 127.0.0.1) received by a stored
/// probe and shown in the report that <c>mshop report</c> writes from the store, opened in real Chromium with every fold
/// open: no script runs, nothing is requested, the listener hears nothing, and the message is still there to read in
/// its sandboxed preview.
/// </summary>
public sealed class HostileEmailInReportTests
{
    private const string RunId = "20261201-090000-host";
    private const string Token = "hostile001";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Hostile = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "hostile", "hostile.eml");

    private string _workspace = null!;

    [SetUp]
    public void SetUp() => _workspace = DurableWorkspace.Create("hostile-report", new Dictionary<string, string> { ["look.yaml"] = DurableWorkspace.Look("presales", "brightwave") });

    [TearDown]
    public void TearDown() => Directory.Delete(_workspace, recursive: true);

    [Test]
    public async Task Report_HostileEmailReceived_RunsNothingLoadsNothingAndShowsTheMessage()
    {
        await using var trap = new NetworkTrap();
        var raw = (await File.ReadAllTextAsync(Hostile)).Replace("hostile.example:8080", trap.Host, StringComparison.Ordinal);
        await StoreRunWithMailAsync(System.Text.Encoding.UTF8.GetBytes(raw));

        var report = await MshopChild.RunAsync(_workspace, DurableWorkspace.CommandPatience, "report", RunId, "--report", "html");
        Assert.That(report.ExitCode, Is.Zero, report.Transcript);
        var html = Path.Combine(_workspace, "reports", RunId, "report.html");
        Assert.That(await File.ReadAllTextAsync(html), Does.Contain("<iframe").And.Contain("sandbox"), "the message is previewed in a sandboxed frame");

        var activity = await HarmlessPage.OpenAsync(html, trap, openFolds: true);

        HarmlessPage.AssertHarmless(activity);
        Assert.That(activity.FrameTexts, Has.Some.Contain("Your order").And.Contain("End of message."), "the preview still shows the message");
        Assert.That(activity.FrameTexts[0], Does.Contain("<img src=x onerror="), "the markup-laden subject is shown as text");
    }

    /// <summary>A finished run with one passed probe at Brightwave that received <paramref name="raw"/>.</summary>
    private async Task StoreRunWithMailAsync(byte[] raw)
    {
        await using var store = await SqliteStore.OpenAsync(StoreRows.PathIn(_workspace), CancellationToken.None);
        await store.CreateRunAsync(new StoredRun
        {
            Id = RunId,
            Suite = "presales",
            Workspace = _workspace,
            Directory = Path.Combine(_workspace, "reports", RunId),
            StartedAt = Start,
            SourcesJson = "[]",
            SettingsJson = "{}",
        }, CancellationToken.None);
        await BaselineCommandTests.InsertProbeAsync(store, RunId, Token, 0, Start);

        var message = MimeMessage.Load(new MemoryStream(raw));
        var email = EmailReader.Read(message, Start.AddMinutes(1), Start.AddMinutes(1), "1", _ => Token) with { Token = Token };
        await store.AddMessageAsync(new StoredMessage
        {
            Key = email.Id,
            Mailbox = "maildir:hostile",
            Source = "1",
            Token = Token,
            ReceivedAt = email.ReceivedAt,
            SeenAt = email.SeenAt,
            EmailJson = StoreJson.Email(email),
            Raw = raw,
        }, CancellationToken.None);

        var verdict = new ProbeVerdict(true, [new MetricValue("emails_received", 1, false)], [], []);
        await store.SaveVerdictAsync(Token, StoreJson.Verdict(verdict), [], CancellationToken.None);
        await store.UpdateProbeAsync(new ProbeUpdate(Token) { State = ProbeState.Passed, StartedAt = Start, FinishedAt = Start.AddMinutes(2) }, CancellationToken.None);
        await store.FinishRunAsync(RunId, Start.AddMinutes(3), CancellationToken.None);
    }
}
