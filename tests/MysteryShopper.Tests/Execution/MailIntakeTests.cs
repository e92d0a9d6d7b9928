using MysteryShopper.Execution;

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
}
