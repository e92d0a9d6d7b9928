using MysteryShopper.Execution;
using MysteryShopper.Storage;

namespace MysteryShopper.Tests.Execution;

/// <summary>How a message finds its probe: a reply, a token, or the target's domain with a waiting step's rules.</summary>
public class MailIntakeTests
{
    private static ReceivedEmail Mail(string subject, string? token, string from = "Brightwave <hello@brightwave.example>", params string[] inReplyTo) =>
        Some.Email(subject, 5, token: token ?? "") with { Token = token, From = from, InReplyTo = inReplyTo };

    [Test]
    public void Add_TokenInARecipient_AttributesToThatProbe()
    {
        var intake = new MailIntake(TimeProvider.System);

        intake.Add(Mail("Welcome", "abc"));

        Assert.That(intake.ReceivedFor("abc").Single().Subject, Is.EqualTo("Welcome"));
        Assert.That(intake.Unattributed, Is.Empty);
    }

    [Test]
    public void Add_ReplyToAMessageTheProbeSent_WinsOverTheToken()
    {
        var intake = new MailIntake(TimeProvider.System);
        intake.RegisterSent("asker", "<q1@inbox.mshop.test>");

        intake.Add(Mail("Re: pricing", "someone-else", "Anna <anna@brightwave.example>", "<q1@inbox.mshop.test>"));

        Assert.That(intake.ReceivedFor("asker"), Has.Count.EqualTo(1));
        Assert.That(intake.ReceivedFor("someone-else"), Is.Empty);
    }

    [Test]
    public void Add_SameMessageTwice_CountsOnce()
    {
        var intake = new MailIntake(TimeProvider.System);
        var mail = Mail("Welcome", "abc");

        Assert.That(intake.Add(mail), Is.True);
        Assert.That(intake.Add(mail with { Folder = "Junk" }), Is.False);
        Assert.That(intake.ReceivedFor("abc"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task WaitFor_TokenlessMailFromTheTargetsDomain_IsClaimedByTheWaitingStep()
    {
        var intake = new MailIntake(TimeProvider.System);
        intake.RegisterProbe("p1", ["brightwave.example"], Some.Start);
        intake.RegisterProbe("p2", ["corvid.example"], Some.Start);
        intake.Add(Mail("Corvid news", null, "news@corvid.example"));
        intake.Add(Mail("Brightwave offers", null, "offers@mail.brightwave.example"));

        var claimed = await intake.WaitForAsync("p1", e => e.Subject.Contains("offers", StringComparison.Ordinal), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.That(claimed?.Subject, Is.EqualTo("Brightwave offers"));
        Assert.That(claimed!.Token, Is.EqualTo("p1"));
        Assert.That(intake.Unattributed.Select(e => e.Subject), Is.EqualTo(new[] { "Corvid news" }), "a message goes to one probe at most; the rest stay listed");
    }

    [Test]
    public async Task WaitFor_NothingMatches_ReturnsNullAfterTheWindow()
    {
        var intake = new MailIntake(TimeProvider.System);

        var result = await intake.WaitForAsync("nobody", _ => true, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.That(result, Is.Null);
    }

    private static IncomingMessage Incoming(ReceivedEmail email) => new(email, [1, 2, 3], "maildir:/test", email.Id);

    [Test]
    public async Task AddAsync_WithAJournal_KeepsBeforeItWakesTheWaiter()
    {
        var order = new List<string>();
        var journal = new RecordingJournal(order);
        var intake = new MailIntake(TimeProvider.System, journal);
        var waiting = intake.WaitForAsync("abc", _ => true, TimeSpan.FromSeconds(5), CancellationToken.None);
        journal.BeforeKeep = () => order.Add(waiting.IsCompleted ? "woken before keep" : "keep");

        var added = await intake.AddAsync(Incoming(Mail("Welcome", "abc")), CancellationToken.None);
        var email = await waiting;
        order.Add("woken");

        Assert.That(added, Is.True);
        Assert.That(order, Is.EqualTo(new[] { "keep", "woken" }));
        Assert.That(journal.Kept.Single().Raw, Is.EqualTo(new byte[] { 1, 2, 3 }), "the raw MIME goes to the journal");
        Assert.That(email?.Subject, Is.EqualTo("Welcome"));
    }

    [Test]
    public async Task AddAsync_JournalStoredItForAnotherProbe_TheStoredProbeCounts()
    {
        var journal = new RecordingJournal([]) { StoredToken = "first" };
        var intake = new MailIntake(TimeProvider.System, journal);
        var first = intake.WaitForAsync("first", _ => true, TimeSpan.FromSeconds(5), CancellationToken.None);

        await intake.AddAsync(Incoming(Mail("Welcome", "second")), CancellationToken.None);

        Assert.That((await first)?.Token, Is.EqualTo("first"), "another process stored and attributed it first");
        Assert.That(intake.ReceivedFor("second"), Is.Empty);
        Assert.That(journal.Kept.Single().Email.Token, Is.EqualTo("second"), "what this intake decided is what it asked to keep");
    }

    [Test]
    public async Task AddAsync_SameMessageTwice_IsKeptOnce()
    {
        var journal = new RecordingJournal([]);
        var intake = new MailIntake(TimeProvider.System, journal);
        var mail = Mail("Welcome", "abc");

        Assert.That(await intake.AddAsync(Incoming(mail), CancellationToken.None), Is.True);
        Assert.That(await intake.AddAsync(Incoming(mail with { Folder = "Junk" }), CancellationToken.None), Is.False);
        Assert.That(journal.Kept, Has.Count.EqualTo(1));
        Assert.That(intake.ReceivedFor("abc"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AddAsync_KeepFails_TheMessageIsTakenInWhenReadAgain()
    {
        var journal = new RecordingJournal([]) { FailNext = true };
        var intake = new MailIntake(TimeProvider.System, journal);
        var mail = Mail("Welcome", "abc");

        Assert.ThrowsAsync<StoreException>(() => intake.AddAsync(Incoming(mail), CancellationToken.None));
        Assert.That(intake.ReceivedFor("abc"), Is.Empty, "nothing is recorded that was not kept");

        Assert.That(await intake.AddAsync(Incoming(mail), CancellationToken.None), Is.True);
        Assert.That(intake.ReceivedFor("abc"), Has.Count.EqualTo(1));
    }

    /// <summary>A journal in memory that records what it was asked, in order; it may say another probe was first, or fail once.</summary>
    private sealed class RecordingJournal(List<string> order) : IMailJournal
    {
        public List<IncomingMessage> Kept { get; } = [];
        public Action? BeforeKeep { get; set; }
        public string? StoredToken { get; init; }
        public bool FailNext { get; set; }

        public Task<MailboxPosition?> PositionAsync(string mailbox, CancellationToken cancellationToken) => Task.FromResult<MailboxPosition?>(null);

        public Task SetPositionAsync(MailboxPosition position, CancellationToken cancellationToken)
        {
            order.Add("position");
            return Task.CompletedTask;
        }

        public Task<IReadOnlySet<string>> KeptSourcesAsync(string mailbox, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlySet<string>>(Kept.Select(m => m.Source).ToHashSet());

        public async Task<(ReceivedEmail Email, bool IsNew)> KeepAsync(IncomingMessage message, CancellationToken cancellationToken)
        {
            // A store takes a moment: a waiter woken before the keep would show here.
            await Task.Delay(20, cancellationToken);
            if (FailNext)
            {
                FailNext = false;
                throw StoreException.Full("test.db");
            }

            BeforeKeep?.Invoke();
            Kept.Add(message);
            return StoredToken is null ? (message.Email, true) : (message.Email with { Token = StoredToken }, false);
        }
    }
}
