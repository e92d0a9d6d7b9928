using Microsoft.Extensions.Time.Testing;
using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Planning;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;
using MysteryShopper.Storage.Sqlite;
using MysteryShopper.Tests.Pipeline;
using Serilog.Core;

namespace MysteryShopper.Tests.Execution;

/// <summary>
/// The conversation steps (reply, unsubscribe, expect_no_email) and expect_email's kind, walked by the probe runner on
/// the real SQLite store with the fake browser, mailbox, sender and clock: what is sent, posted and opened, what is
/// recorded, and how a long expect_no_email parks and is finished by a later process.
/// </summary>
public sealed class ConversationStepsTests
{
    private string _folder = null!;
    private FakeTimeProvider _time = null!;
    private FakeBrowser _browser = null!;
    private FakeMailbox _mailbox = null!;
    private FakeSender _sender = null!;
    private FakeWebPoster _web = null!;
    private SqliteStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("mshop-conversation-").FullName;
        _time = new FakeTimeProvider(Some.Start);
        _browser = new FakeBrowser();
        _sender = new FakeSender(_time);
        _web = new FakeWebPoster();
        _store = await SqliteStore.OpenAsync(Path.Combine(_folder, "store.db"), CancellationToken.None);
        _mailbox = new FakeMailbox(_time, new StoreMailJournal(_store));
    }

    [TearDown]
    public async Task TearDown()
    {
        await _store.DisposeAsync();
        await _browser.DisposeAsync();
        await _mailbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Reply_ToAnAnswerWithReplyTo_GoesThereThreadedAndQuoted()
    {
        var probe = await PlanAsync("""
            - send_email: { to: support, subject: "Pricing", body: "Annual plan?", as: asked }
            - expect_email: { as: answer, within: 1h }
            - reply: { email: answer, body: "And for 50 seats?", quote: true, as: followup }
            """);
        _mailbox.Schedule(Mail(probe, "Pricing for you", 30, "Rival Support <support@rival.example>") with
        {
            ReplyTo = "sales@rival.example",
            Headers = new Dictionary<string, string> { ["References"] = "<sent-1@fake>" },
            Text = "Hi Sam,\n\nYes, 20% off yearly.\nJo",
        });

        var outcome = await Runner().RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.Record.Failure, Is.Null, outcome.Record.Failure?.Reason);
        var reply = _sender.Emails.Last();
        Assert.That(reply.To, Is.EqualTo("sales@rival.example"), "Reply-To wins over From");
        Assert.That(reply.Subject, Is.EqualTo("Re: Pricing for you"));
        Assert.That(reply.InReplyTo, Is.EqualTo($"answer-{probe.Token}-30@rival.example"));
        Assert.That(reply.References, Is.EqualTo(new[] { "sent-1@fake", $"answer-{probe.Token}-30@rival.example" }));
        Assert.That(reply.Text, Does.StartWith("And for 50 seats?\n\nOn Mon, 23 Nov 2026 at 09:00, Rival Support wrote:\n> Hi Sam,\n>\n> Yes, 20% off yearly.\n> Jo"));
        Assert.That(outcome.Record.Observations.Count(o => o.Kind == ObservationKind.EmailSent && o.Name == "followup"), Is.EqualTo(1), "followup.sent is a moment");
        Assert.That((await _store.SubmissionsAsync(probe.Token, CancellationToken.None)).Count, Is.EqualTo(2), "a reply is a submission");
    }

    [Test]
    public async Task Reply_SubjectAlreadyReAndNoReplyTo_GoesToFromWithTheSubjectOnceAndNoQuote()
    {
        var probe = await PlanAsync("""
            - expect_email: { as: answer, within: 1h }
            - reply: { email: answer, body: "Thanks" }
            """);
        _mailbox.Schedule(Mail(probe, "RE: your question", 30));

        await Runner().RunAsync(probe, CancellationToken.None);

        var reply = _sender.Emails.Single();
        Assert.That(reply.To, Is.EqualTo("news@rival.example"));
        Assert.That(reply.Subject, Is.EqualTo("RE: your question"));
        Assert.That(reply.Text, Is.EqualTo("Thanks"));
    }

    [Test]
    public async Task Unsubscribe_OneClickOffered_PostsItWithoutTheBrowserAndMarksTheMoment()
    {
        var probe = await PlanAsync(Leaving);
        _mailbox.Schedule(Newsletter(probe, 30, "<https://rival.example/u?t=9>, <mailto:leave@rival.example>", oneClick: true));

        var outcome = await Runner().RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.Record.Failure, Is.Null, outcome.Record.Failure?.Reason);
        Assert.That(_web.Posts.Single(), Is.EqualTo("https://rival.example/u?t=9 List-Unsubscribe=One-Click"));
        Assert.That(_browser.Steps.Where(s => s.StartsWith("open", StringComparison.Ordinal)), Is.Empty);
        Assert.That(_sender.Emails, Is.Empty, "the mailto is not needed");
        var mark = outcome.Record.Observations.Single(o => o.Kind == ObservationKind.Mark && o.Name == "left");
        Assert.That(mark.Detail, Is.EqualTo("'newsletter' by one-click POST, HTTP 200: https://rival.example/u?t=9"));
    }

    [Test]
    public async Task Unsubscribe_OneClickRefused_OpensTheListLinkOffTheSiteInTheBrowser()
    {
        var probe = await PlanAsync(Leaving);
        _web.Status = 500;
        _mailbox.Schedule(Newsletter(probe, 30, "<https://lists.mailer.example/u/42>", oneClick: true));

        var outcome = await Runner().RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.Record.Failure, Is.Null, outcome.Record.Failure?.Reason);
        Assert.That(_browser.Steps, Does.Contain("open-off-site:https://lists.mailer.example/u/42"), "the mail's own List-Unsubscribe host is allowed");
        Assert.That(outcome.Record.Observations.Single(o => o.Name == "left").Detail, Is.EqualTo("'newsletter' by its List-Unsubscribe link, opened in the browser: https://lists.mailer.example/u/42"));
    }

    [Test]
    public async Task Unsubscribe_MailtoOnly_SendsTheMailItAsksFor()
    {
        var probe = await PlanAsync(Leaving);
        _mailbox.Schedule(Newsletter(probe, 30, "<mailto:leave@rival.example?subject=unsubscribe%20me&body=bye>", oneClick: false));

        var outcome = await Runner().RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.Record.Failure, Is.Null, outcome.Record.Failure?.Reason);
        var sent = _sender.Emails.Single();
        Assert.That((sent.To, sent.Subject, sent.Text), Is.EqualTo(("leave@rival.example", "unsubscribe me", "bye")));
        Assert.That(_web.Posts, Is.Empty);
    }

    [Test]
    public async Task Unsubscribe_BodyLinkOnly_OpensItOnTheSiteAndRefusesOneOffIt()
    {
        var probe = await PlanAsync(Leaving);
        _mailbox.Schedule(Newsletter(probe, 30, null, oneClick: false) with { Links = [new EmailLink("Unsubscribe", "https://rival.example/leave?t=1")] });

        var outcome = await Runner().RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.Record.Failure, Is.Null, outcome.Record.Failure?.Reason);
        Assert.That(_browser.Steps, Does.Contain("open:https://rival.example/leave?t=1"));
    }

    [Test]
    public async Task Unsubscribe_NoWayOut_FailsSayingSo()
    {
        var probe = await PlanAsync(Leaving);
        _mailbox.Schedule(Newsletter(probe, 30, null, oneClick: false) with { Links = [new EmailLink("Unsubscribe", "https://tracker.example/leave")] });

        var outcome = await Runner().RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.Record.Failure!.Reason, Is.EqualTo(
            "could not unsubscribe from email 'newsletter' (\"Deals of the week\"): the body's unsubscribe link https://tracker.example/leave leads outside Rival's own site (rival.example); not followed"));
        Assert.That(_browser.Steps.Where(s => s.StartsWith("open", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task ExpectNoEmail_MailInTheWindow_FailsAtTheFirstNamingIt()
    {
        var probe = await PlanAsync(Leaving + "- expect_no_email: { for: 2d, after: left }\n");
        _mailbox.Schedule(Newsletter(probe, 30, "<https://rival.example/u>", oneClick: true));
        _mailbox.Schedule(Newsletter(probe, 33, null, oneClick: false) with { Id = "second@rival.example" });

        var outcome = await Runner(wait: TimeSpan.FromHours(1)).RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.Record.Failure!.Reason, Is.EqualTo("\"Deals of the week\" from Rival News <news@rival.example> arrived 3.0 s after 'left' (expected none for 2 d 0 h)"));
    }

    [Test]
    public async Task ExpectNoEmail_MailNotMatchingTheFilters_DoesNotCount()
    {
        var probe = await PlanAsync(Leaving + "- expect_no_email: { for: 10m, after: left, subject: deals }\n");
        _mailbox.Schedule(Newsletter(probe, 30, "<https://rival.example/u>", oneClick: true));
        _mailbox.Schedule(Mail(probe, "You are unsubscribed", 40));

        var outcome = await Runner(wait: TimeSpan.FromHours(1)).RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.End, Is.EqualTo(ProbeEnd.Completed));
        Assert.That(outcome.Record.Failure, Is.Null, outcome.Record.Failure?.Reason);
    }

    [Test]
    public async Task ExpectNoEmail_WindowBeyondTheWait_ParksThenALaterProcessPassesItFromTheStore()
    {
        var probe = await PlanAsync(Leaving + "- expect_no_email: { for: 2d, after: left }\n");
        _mailbox.Schedule(Newsletter(probe, 30, "<https://rival.example/u>", oneClick: true));

        var first = await Runner(wait: TimeSpan.FromMinutes(2)).RunAsync(probe, CancellationToken.None);

        Assert.That(first.End, Is.EqualTo(ProbeEnd.Parked));
        var left = first.Record.Observations.Single(o => o.Name == "left").At;
        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        Assert.That(stored.Deadline, Is.EqualTo(left + TimeSpan.FromDays(2)));

        _time.Advance(TimeSpan.FromDays(3));
        var resumed = await Runner(wait: TimeSpan.Zero).ResumeAsync(probe, stored, _time.GetUtcNow(), CancellationToken.None);

        Assert.That(resumed.End, Is.EqualTo(ProbeEnd.Completed));
        Assert.That(resumed.Record.Failure, Is.Null, resumed.Record.Failure?.Reason);
        Assert.That(_web.Posts, Has.Count.EqualTo(1), "the unsubscribe is never repeated by a resume");
    }

    [Test]
    public async Task ExpectNoEmail_MailStoredWhileParked_FailsWhenResumed()
    {
        var probe = await PlanAsync(Leaving + "- expect_no_email: { for: 2d, after: left }\n");
        _mailbox.Schedule(Newsletter(probe, 30, "<https://rival.example/u>", oneClick: true));
        var first = await Runner(wait: TimeSpan.FromMinutes(2)).RunAsync(probe, CancellationToken.None);
        Assert.That(first.End, Is.EqualTo(ProbeEnd.Parked));
        var left = first.Record.Observations.Single(o => o.Name == "left").At;
        var late = Newsletter(probe, 0, null, oneClick: false) with { Id = "late@rival.example", ReceivedAt = left + TimeSpan.FromDays(1), SeenAt = left + TimeSpan.FromDays(1) };
        await new StoreMailJournal(_store).KeepAsync(new IncomingMessage(late, "raw"u8.ToArray(), "fake", late.Id), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(30));

        var stored = (await _store.FindProbeAsync(probe.Token, CancellationToken.None))!;
        var resumed = await Runner(wait: TimeSpan.Zero).ResumeAsync(probe, stored, _time.GetUtcNow(), CancellationToken.None);

        Assert.That(resumed.End, Is.EqualTo(ProbeEnd.Completed));
        Assert.That(resumed.Record.Failure!.Reason, Does.StartWith("\"Deals of the week\"").And.Contain("arrived 1 d 0 h after 'left'"));
    }

    [Test]
    public async Task ExpectEmail_KindMarketing_TakesTheCardsKindOverHeaders()
    {
        var probe = await PlanAsync("""
            - expect_email: { as: newsletter, within: 1h, kind: marketing }
            """);
        _mailbox.Schedule(Mail(probe, "Re: your question", 10) with { Kind = MessageKind.Human, Headers = new Dictionary<string, string> { ["List-Id"] = "<news.rival.example>" } });
        _mailbox.Schedule(Mail(probe, "Deals", 20) with { Id = "deals@rival.example", Kind = MessageKind.Marketing });

        var outcome = await Runner().RunAsync(probe, CancellationToken.None);

        Assert.That(outcome.Record.Failure, Is.Null, outcome.Record.Failure?.Reason);
        Assert.That(outcome.Record.NamedEmails["newsletter"], Is.EqualTo("deals@rival.example"));
    }

    [TestCase(EmailKind.Auto, null, "Auto-Submitted", true)]
    [TestCase(EmailKind.Human, null, "Auto-Submitted", false)]
    [TestCase(EmailKind.Marketing, null, "List-Id", true)]
    [TestCase(EmailKind.Human, MessageKind.Human, "Auto-Submitted", true)]
    [TestCase(EmailKind.Auto, MessageKind.Human, "Auto-Submitted", false)]
    public void IsKind_CardKindElseHeadersOfAnOldReading_Decides(EmailKind wanted, MessageKind? card, string header, bool expected)
    {
        var email = Some.Email("Hello", 1) with { Kind = card, Headers = new Dictionary<string, string> { [header] = header == "List-Id" ? "<l.example>" : "auto-replied" } };

        Assert.That(ProbeRunner.IsKind(email, wanted), Is.EqualTo(expected));
    }

    private const string Leaving = """
        - expect_email: { as: newsletter, within: 1h }
        - unsubscribe: { email: newsletter, as: left }

        """;

    private RunnerOptions Options(TimeSpan wait) => new() { OutputDirectory = _folder, WaitInProcess = wait, FailureScreenshotsOnly = true };

    private ProbeRunner Runner(TimeSpan? wait = null) =>
        new(_ => Task.FromResult<IBrowser>(_browser), _mailbox, _sender, _store, Options(wait ?? TimeSpan.FromHours(1)), _time, Logger.None, _web);

    private static ReceivedEmail Mail(Probe probe, string subject, double seconds, string from = "Rival News <news@rival.example>") => new()
    {
        Id = $"answer-{probe.Token}-{seconds}@rival.example",
        From = from,
        To = [probe.Email],
        Subject = subject,
        Text = "Hello",
        Links = [],
        ReceivedAt = Some.Start.AddSeconds(seconds),
        SeenAt = Some.Start.AddSeconds(seconds),
        Token = probe.Token,
    };

    private static ReceivedEmail Newsletter(Probe probe, double seconds, string? listUnsubscribe, bool oneClick)
    {
        var headers = new Dictionary<string, string>();
        if (listUnsubscribe is not null)
        {
            headers["List-Unsubscribe"] = listUnsubscribe;
        }

        if (oneClick)
        {
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
        }

        return Mail(probe, "Deals of the week", seconds) with { Headers = headers, Kind = MessageKind.Marketing };
    }

    /// <summary>Plans one probe of a journey against Rival and reserves it in the store, as a run does.</summary>
    private async Task<Probe> PlanAsync(string journey)
    {
        var scenario = "name: talk\ntargets: [rival]\njourney:\n" + string.Concat(journey.ReplaceLineEndings("\n").Split('\n').Where(l => l.Length > 0).Select(l => $"  {l}\n"));
        var files = new List<SourceFile>
        {
            new("targets.yaml", """
                targets:
                  rival: { name: Rival, role: competitor, url: "https://rival.example", domains: [rival.example], emails: { support: support@rival.example } }
                """),
            new("personas.yaml", "personas: { default: { name: Sam Shopper } }"),
            new("talk.yaml", scenario),
        };
        var loaded = SuiteLoader.Load(files);
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join("\n", loaded.Diagnostics));
        var probe = Planner.Plan(loaded.Suite!, AddressPattern.Default, t => t.Url, PlanFilter.All).Single();
        var runId = $"run-{probe.Token}";
        await _store.CreateRunAsync(
            new StoredRun
            {
                Id = runId,
                Suite = "talk",
                Directory = _folder,
                StartedAt = _time.GetUtcNow(),
                SourcesJson = StoreJson.Sources(files),
                SettingsJson = StoreJson.Settings(new StoredSettings { AddressPattern = AddressPattern.Default.Pattern }),
            },
            CancellationToken.None);
        await _store.ReserveProbesAsync(
            _time.GetUtcNow() - TimeSpan.FromDays(1),
            _ => [new PlannedProbe(probe, null)],
            p => new StoredProbe
            {
                Token = p.Probe.Token,
                RunId = runId,
                ProbeId = p.Probe.Id,
                Ordinal = 0,
                PlannedAt = _time.GetUtcNow(),
                Scenario = p.Probe.Scenario.Name,
                ScenarioFile = p.Probe.Scenario.File,
                TargetId = p.Probe.Target.Id,
                TargetName = p.Probe.Target.Name,
                TargetRole = "competitor",
                TargetUrl = p.Probe.TargetUrl,
                Persona = p.Probe.Persona.Id,
                FirstName = p.Probe.Persona.FirstName,
                Email = p.Probe.Email,
                State = ProbeState.Planned,
            },
            CancellationToken.None);
        return probe;
    }

    /// <summary>A fake web client (named as such): it records each POST and answers with <see cref="Status"/>.</summary>
    private sealed class FakeWebPoster : IWebPoster
    {
        public List<string> Posts { get; } = [];

        public int Status { get; set; } = 200;

        public Task<WebAnswer> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Posts.Add($"{url} {string.Join('&', form.Select(f => $"{f.Key}={f.Value}"))}");
            return Task.FromResult(new WebAnswer(Status));
        }
    }
}
