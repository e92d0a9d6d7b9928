using System.Diagnostics;
using MimeKit;
using MysteryShopper.Bots.Mail;
using MysteryShopper.DemoSites;
using MysteryShopper.Execution;

namespace MysteryShopper.IntegrationTests.DemoSites;

/// <summary>
/// The demo companies' replies span the range a shopper meets, read as delivered: the real sites on loopback, their
/// forms posted over HTTP, their mail read from the Maildir, and mail to them written into the pickup folder by the
/// probes' own <see cref="PickupSender"/>. Small time scales keep each test to seconds.
/// </summary>
public class DemoRepliesTests
{
    private const string PlansQuestion = "Do you offer an annual plan, and what discount would 20 seats get?";

    [Test]
    public async Task Brightwave_ContactQuestionAboutPlans_GetsAnAckThenAPersonalAnswerWithThePrices()
    {
        await using var demo = await Demo.StartAsync(timeScale: 0.2);

        await demo.PostAsync("brightwave", "/contact", ("name", "Alex Morgan"), ("email", "alex@inbox.mshop.test"), ("message", PlansQuestion));
        var mail = await demo.WaitForAsync("alex@inbox.mshop.test", 2);

        var (ack, answer) = (mail[0], mail[1]);
        Assert.That(ack.Headers["Auto-Submitted"], Is.EqualTo("auto-replied"));
        Assert.That(answer.From.Mailboxes.Single().Name, Is.EqualTo("Hannah Moore"));
        Assert.That(answer.Headers["Auto-Submitted"], Is.Null, "a person's answer");
        Assert.That(answer.Subject, Is.EqualTo("Re: Your question"));
        Assert.That(answer.InReplyTo, Is.EqualTo(ack.MessageId));
        Assert.That(answer.TextBody, Does.StartWith("Hi Alex,").And.Contain("annual plan").And.Contain("15% less").And.Contain("For 20 seats that is EUR 1,224 a year"));
    }

    [Test]
    public async Task Corvid_ContactAnswer_IsAnAgentsRealAnswerDressedByTheHelpdesk()
    {
        // 0.00005 turns the next-day answer (20 h) into 3.6 s.
        await using var demo = await Demo.StartAsync(timeScale: 0.00005);

        await demo.PostAsync("corvid", "/contact", ("name", "Alex Morgan"), ("email", "alex@inbox.mshop.test"), ("message", PlansQuestion));
        var mail = await demo.WaitForAsync("alex@inbox.mshop.test", 2, TimeSpan.FromSeconds(20));

        var (ack, answer) = (mail[0], mail[1]);
        Assert.That(ack.TextBody, Does.Contain("dealt with in due course"), "the template acknowledgement");
        Assert.That(answer.From.Mailboxes.Single().Name, Does.StartWith("Edmund Hale"));
        Assert.That(answer.Headers["Auto-Submitted"], Is.EqualTo("auto-generated"), "the helpdesk marks every message, a person's too");
        Assert.That(answer.Headers["X-Mailer"], Does.Contain("Zendesk"));
        Assert.That(answer.Subject, Does.Match(@"\[#\d+\]$"));
        Assert.That(answer.TextBody, Does.StartWith("##- Please type your reply above this line -##"));
        Assert.That(answer.TextBody, Does.Contain("Dear Alex").And.Contain("annual trade account").And.Contain("10% discount").And.Contain("20 seats"));
        Assert.That(answer.InReplyTo, Is.EqualTo(ack.MessageId));
    }

    [Test]
    public async Task Dunmore_ContactForm_GetsAPushySalesReplyWithAnUnfilledFirstName()
    {
        await using var demo = await Demo.StartAsync(timeScale: 0.1);

        await demo.PostAsync("dunmore", "/contact", ("name", "Alex Morgan"), ("email", "alex@inbox.mshop.test"), ("message", PlansQuestion));
        var reply = (await demo.WaitForAsync("alex@inbox.mshop.test", 1)).Single();

        Assert.That(reply.TextBody, Does.StartWith("Hi {{first_name}},"));
        Assert.That(reply.TextBody, Does.Contain("BOOK A CALL TODAY").And.Contain("Limited-time offer").And.Not.Contain("annual"));
        Assert.That(reply.Headers["Auto-Submitted"], Is.Null, "it poses as personal");
    }

    [Test]
    public async Task Newsletters_AfterAnUnsubscribe_BrightwaveStopsAndDunmoreKeepsMailing()
    {
        // Brightwave: welcome at 0.1 s, issues at 2.1, 4.1, 6.1 s; Dunmore: deals at 0.2, 2.2, 4.2 ... 10.2 s.
        await using var demo = await Demo.StartAsync(timeScale: 0.1);
        await demo.PostAsync("brightwave", "/newsletter", ("name", "Alex Morgan"), ("email", "left@inbox.mshop.test"), ("consent", "on"));
        await demo.PostAsync("brightwave", "/newsletter", ("name", "Sam Reed"), ("email", "stayed@inbox.mshop.test"), ("consent", "on"));
        await demo.PostAsync("dunmore", "/newsletter", ("name", "Alex Morgan"), ("email", "dunmore@inbox.mshop.test"), ("consent", "on"));

        var welcome = (await demo.WaitForAsync("left@inbox.mshop.test", 1)).Single();
        Assert.That(welcome.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
        var oneClick = await demo.PostOneClickAsync(welcome);
        Assert.That(oneClick, Is.EqualTo(System.Net.HttpStatusCode.OK));

        var deals = (await demo.WaitForAsync("dunmore@inbox.mshop.test", 1)).Single();
        Assert.That(deals.Subject, Does.StartWith("Deals of the week").And.Not.Contain("welcome").IgnoreCase);
        Assert.That(deals.Headers["List-Unsubscribe"], Does.Contain("/unsubscribe?token="));
        Assert.That(deals.Headers["List-Unsubscribe-Post"], Is.Null, "no one-click");
        var page = await demo.Http.GetStringAsync(ListUnsubscribeUrl(deals));
        Assert.That(page, Does.Contain("You have been unsubscribed"));
        Assert.That(demo.MailTo("dunmore@inbox.mshop.test"), Has.Count.EqualTo(1), "at the unsubscribe");

        // Past Brightwave's second issue and Dunmore's third deals.
        var kept = await demo.WaitForAsync("stayed@inbox.mshop.test", 3);
        var afterDunmore = await demo.WaitForAsync("dunmore@inbox.mshop.test", 3);

        Assert.That(kept.Select(m => m.Subject), Has.Exactly(2).StartWith("Brightwave news, issue"), "a subscriber who stays gets the issues");
        Assert.That(kept[1].Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
        Assert.That(demo.MailTo("left@inbox.mshop.test").Select(m => m.Subject), Is.EqualTo(new[] { welcome.Subject }), "nothing after the one-click unsubscribe");
        Assert.That(afterDunmore.Skip(1).Select(m => m.Subject), Has.All.StartWith("Deals of the week"), "Dunmore mails on after the unsubscribe");
    }

    [Test]
    public async Task CorvidLetters_OnlyAReplyToTheConfirmAddressConfirms_ThenTheWelcomeFollows()
    {
        await using var demo = await Demo.StartAsync(timeScale: 0.1);
        await demo.PostAsync("corvid", "/letters", ("name", "Alex Morgan"), ("email", "alex@inbox.mshop.test"), ("consent", "on"));

        var confirmation = (await demo.WaitForAsync("alex@inbox.mshop.test", 1)).Single();
        var replyTo = confirmation.ReplyTo.Mailboxes.Single().Address;
        Assert.That(replyTo, Does.Match(@"^confirm\+[0-9a-f]{32}@corvid\.example$"));
        Assert.That(confirmation.TextBody, Does.Contain("simply reply to this email"));
        Assert.That(confirmation.HtmlBody, Does.Not.Contain("href"), "no link confirms: only a reply does");

        // Mail to the wrong address, or to confirm@ without the token, confirms nothing.
        await demo.SendAsync("alex@inbox.mshop.test", "confirm@corvid.example", "Re: please", "Yes please.");
        await demo.SendAsync("alex@inbox.mshop.test", "support@corvid.example", confirmation.Subject!, "Yes please.");
        var ack = await demo.WaitForAsync("alex@inbox.mshop.test", 2);
        Assert.That(ack[1].Subject, Is.EqualTo("Request received"), "support@ only acknowledges");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(demo.MailTo("alex@inbox.mshop.test"), Has.Count.EqualTo(2), "no welcome without the reply");

        await demo.SendAsync("alex@inbox.mshop.test", replyTo, "Re: " + confirmation.Subject, "Yes please.");
        var welcome = (await demo.WaitForAsync("alex@inbox.mshop.test", 3))[2];
        Assert.That(welcome.Subject, Is.EqualTo("Welcome to our Letters from the workshop"));

        // A second reply sends no second welcome.
        await demo.SendAsync("alex@inbox.mshop.test", replyTo, "Re: " + confirmation.Subject, "Yes, really.");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(demo.MailTo("alex@inbox.mshop.test"), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task PickupFolder_QuestionToSupport_IsAnsweredAsOverImap_AndOtherMailIsLeftAlone()
    {
        await using var demo = await Demo.StartAsync(timeScale: 0.2);

        await demo.SendAsync("alex@inbox.mshop.test", "support@brightwave.example", "Annual plan for our team?", "Hello,\n\nWhat would an annual plan cost for 50 seats?\n\nAlex Morgan");
        await demo.SendAsync("alex@inbox.mshop.test", "someone@elsewhere.example", "Not for the demo", "Hello");
        var sent = await demo.SendAsync("sam@inbox.mshop.test", "support@dunmore.example", "Annual plan?", "Hello");

        var mail = await demo.WaitForAsync("alex@inbox.mshop.test", 2);
        var (ack, answer) = (mail[0], mail[1]);
        Assert.That(ack.Subject, Does.Match(@"^Re: Annual plan for our team\? \[Ticket #\d+\]$"));
        Assert.That(answer.InReplyTo, Is.Not.Null);
        Assert.That(answer.TextBody, Does.Contain("For 50 seats that is EUR 3,060 a year").And.Contain("Hannah Moore"));
        Assert.That(Directory.GetFiles(Path.Combine(demo.Pickup, "cur")), Has.Length.EqualTo(1), "the question, taken");
        var left = Directory.GetFiles(Path.Combine(demo.Pickup, "new")).Select(f => MimeMessage.Load(f).To.Mailboxes.Single().Address);
        Assert.That(left, Is.EquivalentTo(new[] { "someone@elsewhere.example", "support@dunmore.example" }), "not theirs, or never read (Dunmore)");
        Assert.That(demo.MailTo("sam@inbox.mshop.test"), Is.Empty, sent.MessageId);
    }

    [Test]
    public async Task Run_EmailQuestionWithoutAMailServer_TheCompaniesReadThePickupFolderAndAnswer()
    {
        var workspace = TestPaths.NewScratch("replies-run");
        var outcome = await DemoSuite.RunAsync("""
            name: email-question
            targets: [brightwave, corvid]
            questions:
              - text: "Do you offer an annual plan, and what discount would 20 seats get?"
                must_cover: [annual, discount, seats]
            journey:
              - send_email: { as: question, to: "support@{target.id}.example", subject: "Annual plan for our team?", body: "Hello,\n\n{question.text}\n\n{persona.name}" }
              - expect_email: { as: ack, within: 20s, kind: auto }
              - expect_email: { as: answer, within: 20s, kind: human }
            judge:
              answer: { covers: question, personal: true }
            expect:
              answer.covered: "== 1"
            """, new MysteryShopper.Pipeline.RunSettings { WorkspaceFolder = workspace, UseServedDemo = false, DemoTimeScale = 0.5 });

        var brightwave = outcome.Result.Probes.Single(p => p.Record.TargetId == "brightwave");
        Assert.That(brightwave.Verdict.Passed, Is.True, brightwave.Record.Failure?.ToString());
        var answer = brightwave.Record.Emails.Single(e => e.Id == brightwave.Record.NamedEmails["answer"]);
        Assert.That(answer.From, Does.Contain("support@brightwave.example"));
        var corvid = outcome.Result.Probes.Single(p => p.Record.TargetId == "corvid");
        Assert.That(corvid.Record.Emails.Select(e => e.Subject), Is.EqualTo(new[] { "Request received" }), "Corvid acknowledges email, and that is all");
        var taken = Directory.GetFiles(Path.Combine(workspace, ".mshop", "outbox", "cur"));
        Assert.That(taken, Has.Length.EqualTo(2), "both questions, sent into the workspace's pickup folder and taken by the companies");
    }

    /// <summary>One set of demo companies with a Maildir and a pickup folder of its own, and ways to talk to them.</summary>
    private sealed class Demo : IAsyncDisposable
    {
        private readonly DemoCompanies _companies;

        private Demo(DemoCompanies companies, string maildir, string pickup)
        {
            _companies = companies;
            Maildir = maildir;
            Pickup = pickup;
        }

        public HttpClient Http { get; } = new();

        public string Maildir { get; }

        public string Pickup { get; }

        public static async Task<Demo> StartAsync(double timeScale)
        {
            var maildir = TestPaths.NewScratch("replies-mail");
            var pickup = TestPaths.NewScratch("replies-outbox");
            var companies = await DemoCompanies.StartAsync(new DemoOptions { MaildirPath = maildir, PickupPath = pickup, TimeScale = timeScale });
            return new Demo(companies, maildir, pickup);
        }

        public async Task PostAsync(string company, string path, params (string Key, string Value)[] form)
        {
            using var content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value)));
            using var response = await Http.PostAsync(new Uri(_companies[company].Url, path), content);
            Assert.That(response.IsSuccessStatusCode, Is.True, $"POST {company} {path}: {response.StatusCode}");
        }

        // RFC 8058: a POST of List-Unsubscribe=One-Click to the List-Unsubscribe https (here loopback http) URI.
        public async Task<System.Net.HttpStatusCode> PostOneClickAsync(MimeMessage message)
        {
            using var content = new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]);
            using var response = await Http.PostAsync(ListUnsubscribeUrl(message), content);
            return response.StatusCode;
        }

        public Task<SentEmail> SendAsync(string from, string to, string subject, string text) =>
            new PickupSender(Pickup, TimeProvider.System).SendAsync(new OutgoingEmail(from, "Alex Morgan", to, subject, text, null), CancellationToken.None);

        // In the order delivered: by the file's time, finer than the Date header's seconds.
        public List<MimeMessage> MailTo(string address) =>
            Directory.GetFiles(Path.Combine(Maildir, "new"))
                .OrderBy(File.GetLastWriteTimeUtc)
                .Select(file => MimeMessage.Load(file))
                .Where(message => message.To.Mailboxes.Any(m => m.Address.Equals(address, StringComparison.OrdinalIgnoreCase)))
                .ToList();

        // The first count messages to address, in the order sent, once they are all there (15 s at most).
        public async Task<List<MimeMessage>> WaitForAsync(string address, int count, TimeSpan? within = null)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var mail = MailTo(address);
                if (mail.Count >= count)
                {
                    return mail.Take(count).ToList();
                }

                if (clock.Elapsed > (within ?? TimeSpan.FromSeconds(15)))
                {
                    Assert.Fail($"{mail.Count} of {count} emails arrived for {address}: {string.Join(", ", mail.Select(m => m.Subject))}");
                }

                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _companies.DisposeAsync();
        }
    }

    private static Uri ListUnsubscribeUrl(MimeMessage message) =>
        new(message.Headers["List-Unsubscribe"]!.Split(',')[0].Trim().Trim('<', '>'));
}
