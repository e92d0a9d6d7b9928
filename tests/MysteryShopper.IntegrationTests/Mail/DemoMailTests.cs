using MimeKit;
using MysteryShopper.Cli.Running;
using MysteryShopper.DemoSites;
using MysteryShopper.DemoSites.Mail;
using MysteryShopper.Execution;
using MysteryShopper.Pipeline;

namespace MysteryShopper.IntegrationTests.Mail;

/// <summary>Whole journeys through the real Postfix + Dovecot: the demo companies send by SMTP, probes read over IMAP.</summary>
[NonParallelizable]
public class DemoMailTests
{
    private LocalMailServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await MailServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.StopAsync(purge: true);

    private RunSettings Settings => new()
    {
        Imap = _server.Imap,
        Smtp = _server.Smtp,
        DemoTimeScale = 0.5,
    };

    /// <summary>The real parts, with the demo companies sending through the private Postfix and answering over its Dovecot.</summary>
    private CliRunParts Parts => new(TimeProvider.System) { DemoMail = new DemoMailServer("127.0.0.1", _server.SmtpPort, _server.ImapPort, _server.Password), DemoLab = true };

    [Test]
    public async Task Signup_ConfirmationLinkFromAnEmail_IsClickedAndTheWelcomeFollows()
    {
        var outcome = await DemoSuite.RunAsync("""
            name: double-opt-in
            targets: [corvid]
            journey:
              - goto: "{target.url}/newsletter"
              - fill: { label: "Name", value: "{persona.name}" }
              - fill: { label: "Email", value: "{probe.email}" }
              - check: { label: "Send me the newsletter" }
              - click: { role: button, name: "Subscribe", submit: true }
              - expect_email: { as: confirmation, within: 20s, subject: confirm }
              - click_email_link: { email: confirmation, text: "Confirm my subscription" }
              - expect_text: "Subscription confirmed"
              - expect_email: { as: welcome, within: 20s, subject: welcome }
            """, Settings, parts: Parts);

        var probe = outcome.Single();
        Assert.That(probe.Record.JourneyCompleted, Is.True, probe.Record.Failure?.ToString());
        Assert.That(probe.Record.Emails.Select(e => e.Source), Has.All.StartWith($"imap://127.0.0.1:{_server.ImapPort}/INBOX"));
        Assert.That(probe.Record.Observations.Count(o => o.Kind == ObservationKind.EmailLinkClicked), Is.EqualTo(1));
    }

    [Test]
    public async Task EmailLinks_ARedirectToAnotherHostIsStoppedAtTheHop_AndEachLinkIsOpenedOnce()
    {
        // The lab mails three links of Brightwave's own: one redirects to another host (localhost, the same site under
        // its other loopback name), one within the site, one answers 503. /lab/hits counts what its server saw.
        var outcome = await DemoSuite.RunAsync("""
            name: email-links
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/links"
              - fill: { label: "Email", value: "{probe.email}" }
              - fill: { label: "Reference", value: "{probe.token}" }
              - click: { role: button, name: "Send me the links", submit: true }
              - expect_email: { as: links, within: 20s, subject: "Your links" }
              - click_email_link: { email: links, text: "Open your account", optional: true }
              - click_email_link: { email: links, text: "Track your parcel", optional: true }
              - click_email_link: { email: links, text: "See your order" }
              - expect_text: "You have arrived"
              - goto: "{target.url}/lab/hits?ref={probe.token}"
              - extract: { css: "#hits", as: hits }
            """, Settings, parts: Parts);

        var record = outcome.Single().Record;
        Assert.That(record.JourneyCompleted, Is.True, record.Failure?.ToString());
        Assert.That(record.Emails.Select(e => e.Source), Has.All.StartWith($"imap://127.0.0.1:{_server.ImapPort}/INBOX"));
        var site = record.TargetUrl;
        var token = record.Token;
        Assert.That(record.Observations.Where(o => o.Kind == ObservationKind.StepSkipped).Select(o => o.Detail), Is.EqualTo(new[]
        {
            $"the link {site}/lab/go/away?ref={token} redirected to http://localhost:{new Uri(site).Port}/lab/landing?ref={token}, outside Brightwave's own site (127.0.0.1, brightwave.example); not followed",
            $"{site}/lab/go/broken?ref={token} answered HTTP 503 Service Unavailable",
        }));
        Assert.That(record.Observations.Single(o => o.Kind == ObservationKind.Extracted).Detail,
            Is.EqualTo("away 1, broken 1, home 1, landing 1, landing elsewhere 0"), "each link opened once, and the other host never reached");
        Assert.That(record.Observations.Where(o => o.Kind == ObservationKind.EmailLinkClicked).Select(o => o.Detail), Is.EqualTo(new[] { $"{site}/lab/go/home?ref={token}" }));
    }

    [Test]
    public async Task Question_SentBySmtp_GetsAnAutoAckThenAPersonsAnswer_MatchedByInReplyTo()
    {
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
            measure:
              first_reply: answer.received - question.sent
              first_ack: ack.received - question.sent
            judge:
              answer: { covers: question, personal: true }
            expect:
              answer.covered: "== 1"
            """, Settings, parts: Parts);

        var brightwave = outcome.Result.Probes.Single(p => p.Record.TargetId == "brightwave");
        Assert.That(brightwave.Verdict.Passed, Is.True, brightwave.Record.Failure?.ToString());
        var sent = brightwave.Record.Observations.Single(o => o.Kind == ObservationKind.EmailSent).Detail!.Split(' ')[1];
        var answer = brightwave.Record.Emails.Single(e => e.Id == brightwave.Record.NamedEmails["answer"]);
        var ack = brightwave.Record.Emails.Single(e => e.Id == brightwave.Record.NamedEmails["ack"]);
        Assert.That(answer.InReplyTo, Does.Contain(sent.Trim('<', '>')).Or.Contain(sent));
        Assert.That(ack.Headers["Auto-Submitted"], Is.EqualTo("auto-replied"));
        Assert.That(ack.ReceivedAt, Is.LessThan(answer.ReceivedAt));
        Assert.That(brightwave.Verdict.Metric("answer.personal")!.Value, Is.EqualTo(1));
        Assert.That(brightwave.Verdict.Metric("first_reply")!.Value, Is.GreaterThan(brightwave.Verdict.Metric("first_ack")!.Value!.Value));

        var corvid = outcome.Result.Probes.Single(p => p.Record.TargetId == "corvid");
        Assert.That(corvid.Verdict.Passed, Is.False, "corvid only acknowledges");
        Assert.That(corvid.Record.Failure!.Description, Does.StartWith("expect_email answer"));
        Assert.That(corvid.Record.Failure.Reason, Does.Contain("from a person").And.Contain("\"Request received\""));
    }

    [Test]
    public async Task CorvidLetters_AReplyToThePlusAddressThroughPostfix_ConfirmsAndTheWelcomeFollows()
    {
        // The companies watch confirm@corvid.example over IMAP; Postfix delivers confirm+TOKEN@ there.
        await using var demo = await DemoCompanies.StartAsync(new DemoOptions
        {
            MaildirPath = TestPaths.NewScratch("letters-unused"),
            MailServer = new DemoMailServer("127.0.0.1", _server.SmtpPort, _server.ImapPort, _server.Password),
            TimeScale = 0.1,
        });
        var shopper = $"shopper+letters{Guid.NewGuid():N}"[..32] + "@inbox.mshop.test";
        using (var http = new HttpClient())
        using (var form = new FormUrlEncodedContent([KeyValuePair.Create("name", "Alex Morgan"), KeyValuePair.Create("email", shopper), KeyValuePair.Create("consent", "on")]))
        {
            using var response = await http.PostAsync(new Uri(demo["corvid"].Url, "letters"), form);
            Assert.That(response.IsSuccessStatusCode, Is.True);
        }

        var confirmation = (await DeliveredToAsync(shopper, 1)).Single();
        var replyTo = confirmation.ReplyTo.Mailboxes.Single().Address;
        Assert.That(replyTo, Does.StartWith("confirm+").And.EndWith("@corvid.example"));

        var reply = new MimeMessage { Subject = "Re: " + confirmation.Subject, InReplyTo = confirmation.MessageId, Body = new TextPart("plain") { Text = "Yes please." } };
        reply.From.Add(new MailboxAddress("Alex Morgan", shopper));
        reply.To.Add(MailboxAddress.Parse(replyTo));
        using (var smtp = new MailKit.Net.Smtp.SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", _server.SmtpPort, MailKit.Security.SecureSocketOptions.None);
            await smtp.SendAsync(reply);
            await smtp.DisconnectAsync(true);
        }

        var welcome = (await DeliveredToAsync(shopper, 2))[1];
        Assert.That(welcome.Subject, Is.EqualTo("Welcome to our Letters from the workshop"));
    }

    // The messages Dovecot delivered for address (a plus-address of the shopper's mailbox), in the order they came.
    private async Task<List<MimeMessage>> DeliveredToAsync(string address, int count)
    {
        var mailbox = Path.Combine(_server.Folder, "mail", "inbox.mshop.test", "shopper");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var mail = new[] { "new", "cur" }
                .SelectMany(folder => Directory.Exists(Path.Combine(mailbox, folder)) ? Directory.GetFiles(Path.Combine(mailbox, folder)) : [])
                .OrderBy(File.GetLastWriteTimeUtc)
                .Select(file => MimeMessage.Load(file))
                .Where(message => message.To.Mailboxes.Any(m => m.Address.Equals(address, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (mail.Count >= count)
            {
                return mail;
            }

            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(deadline), $"{mail.Count} of {count} emails arrived for {address}: {string.Join(", ", mail.Select(m => m.Subject))}");
            await Task.Delay(100);
        }
    }
}
