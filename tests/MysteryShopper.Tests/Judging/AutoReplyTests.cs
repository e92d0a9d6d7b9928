using MysteryShopper.Execution;
using MysteryShopper.Judging;

namespace MysteryShopper.Tests.Judging;

/// <summary>Automatic messages told from people's replies, with header sets modelled on common helpdesks and mail servers.</summary>
public class AutoReplyTests
{
    private static ReceivedEmail With(string subject, params (string Name, string Value)[] headers) =>
        Some.Email(subject, 1) with { Headers = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase) };

    public static IEnumerable<TestCaseData> Automatic()
    {
        yield return new TestCaseData(With("Re: Pricing", ("Auto-Submitted", "auto-replied"))).SetName("RFC 3834 auto-replied");
        yield return new TestCaseData(With("Your order", ("Auto-Submitted", "auto-generated"))).SetName("RFC 3834 auto-generated");
        yield return new TestCaseData(With("Automatic reply: Pricing", ("X-Auto-Response-Suppress", "All"), ("Auto-Submitted", "auto-generated"))).SetName("Exchange out of office");
        yield return new TestCaseData(With("Out of Office: Pricing", ("X-Autoreply", "yes"))).SetName("X-Autoreply");
        yield return new TestCaseData(With("Away", ("X-Autorespond", "Away until Monday"))).SetName("X-Autorespond");
        yield return new TestCaseData(With("Our spring offers", ("Precedence", "bulk"), ("List-Unsubscribe", "<https://x.example/u>"))).SetName("bulk newsletter");
        yield return new TestCaseData(With("Vacation", ("Precedence", "auto_reply"))).SetName("Precedence auto_reply");
        yield return new TestCaseData(With("Weekly digest", ("List-Id", "<news.example.com>"))).SetName("mailing list");
        yield return new TestCaseData(With("Tips", ("Feedback-ID", "1:news:mailchimp"))).SetName("Mailchimp-style Feedback-ID");
        yield return new TestCaseData(With("Undelivered Mail Returned to Sender", ("Return-Path", "<>"))).SetName("bounce with empty Return-Path");
        yield return new TestCaseData(With("[Ticket #48213] Re: Pricing")).SetName("Zendesk-style ticket subject");
        yield return new TestCaseData(With("Request received: Pricing question")).SetName("Freshdesk-style receipt");
        yield return new TestCaseData(With("We have received your message")).SetName("generic receipt");
        yield return new TestCaseData(With("[Case #00012345] Your enquiry")).SetName("Salesforce-style case subject");
    }

    [TestCaseSource(nameof(Automatic))]
    public void Reason_AutomaticMessage_SaysWhy(ReceivedEmail email)
    {
        Assert.That(AutoReply.Reason(email), Is.Not.Null);
        Assert.That(AutoReply.IsAutomated(email), Is.True);
    }

    public static IEnumerable<TestCaseData> Human()
    {
        yield return new TestCaseData(With("Re: Pricing", ("In-Reply-To", "<q1@inbox.mshop.test>"))).SetName("a person's reply");
        yield return new TestCaseData(With("Re: Pricing", ("Auto-Submitted", "no"))).SetName("Auto-Submitted: no");
        yield return new TestCaseData(With("Re: Your ticket question", ("Return-Path", "<anna@example.com>"))).SetName("a reply that mentions a ticket");
        yield return new TestCaseData(With("Thanks for asking about annual plans")).SetName("a personal thank-you");
    }

    [TestCaseSource(nameof(Human))]
    public void Reason_PersonsReply_IsNull(ReceivedEmail email) => Assert.That(AutoReply.Reason(email), Is.Null);

    [Test]
    public void Reason_NamesTheSignal() =>
        Assert.That(AutoReply.Reason(With("x", ("Precedence", "bulk"))), Is.EqualTo("Precedence: bulk"));
}
