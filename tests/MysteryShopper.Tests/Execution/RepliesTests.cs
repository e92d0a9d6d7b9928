using MysteryShopper.Execution;

namespace MysteryShopper.Tests.Execution;

public class RepliesTests
{
    [TestCase("Pricing", "Re: Pricing")]
    [TestCase("Re: Pricing", "Re: Pricing")]
    [TestCase("RE:Pricing", "RE:Pricing")]
    [TestCase("Fwd: Pricing", "Re: Fwd: Pricing")]
    public void Subject_ReOnce(string original, string expected) =>
        Assert.That(Replies.Subject(original), Is.EqualTo(expected));

    [Test]
    public void Thread_OriginalWithReferences_AppendsItsMessageIdOnce()
    {
        var original = Some.Email("Hi", 1) with { Id = "b@x.example", Headers = new Dictionary<string, string> { ["References"] = "<a@x.example>\r\n <b@x.example>" } };

        var (inReplyTo, references) = Replies.Thread(original);

        Assert.That(inReplyTo, Is.EqualTo("b@x.example"));
        Assert.That(references, Is.EqualTo(new[] { "a@x.example", "b@x.example" }));
    }

    [Test]
    public void Thread_OriginalKnownByAHash_HasNoInReplyTo()
    {
        var (inReplyTo, references) = Replies.Thread(Some.Email("Hi", 1) with { Id = "sha256:00ff" });

        Assert.That(inReplyTo, Is.Null);
        Assert.That(references, Is.Empty);
    }

    [Test]
    public void AddressOf_ReplyToElseFromsAddress()
    {
        var email = Some.Email("Hi", 1) with { From = "\"Jo, Sales\" <jo@x.example>" };

        Assert.That(Replies.AddressOf(email), Is.EqualTo("jo@x.example"));
        Assert.That(Replies.AddressOf(email with { ReplyTo = "list@x.example" }), Is.EqualTo("list@x.example"));
    }

    [Test]
    public void Html_Quoted_EncodesTheOriginalInABlockquote()
    {
        var email = Some.Email("Hi", 1) with { From = "Jo <jo@x.example>", Text = "a <b> & c" };

        var html = Replies.Html("<p>Thanks</p>", email, quote: true);

        Assert.That(html, Does.StartWith("<p>Thanks</p>").And.Contain("Jo wrote:").And.Contain("<blockquote type=\"cite\">a &lt;b&gt; &amp; c</blockquote>"));
    }

    [TestCase("mailto:leave@x.example?subject=Unsubscribe%20me&body=bye", "leave@x.example", "Unsubscribe me", "bye")]
    [TestCase("MAILTO:leave@x.example", "leave@x.example", null, null)]
    [TestCase("mailto:?to=leave@x.example&subject=stop", "leave@x.example", "stop", null)]
    public void Mailto_TryParse_ReadsAddressSubjectAndBody(string uri, string to, string? subject, string? body) =>
        Assert.That(Mailto.TryParse(uri), Is.EqualTo(new Mailto(to, subject, body)));

    [TestCase("https://x.example/u")]
    [TestCase("mailto:not-an-address")]
    public void Mailto_TryParse_NotAMailAddress_IsNull(string uri) =>
        Assert.That(Mailto.TryParse(uri), Is.Null);
}
