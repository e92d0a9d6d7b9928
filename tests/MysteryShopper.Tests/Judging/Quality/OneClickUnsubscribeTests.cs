using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class OneClickUnsubscribeTests
{
    private static Letter With(params MailHeader[] headers) => SomeLetter.Text("Our news. Unsubscribe: https://x.example/u", headers: headers);

    [Test]
    public void Judge_HttpsUriAndOneClickPost_IsOneClick()
    {
        var letter = With(new("List-Unsubscribe", "<mailto:u@x.example>, <https://x.example/u?id=1>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));

        var (oneClick, part) = OneClickUnsubscribe.Judge(letter, MessageKind.Marketing);

        Assert.That(oneClick, Is.True);
        Assert.That(part.Score, Is.EqualTo(10));
        Assert.That(part.Evidence, Has.Member("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    }

    [Test]
    public void Judge_LowerCaseNamesAndFoldedValues_IsOneClick()
    {
        var letter = With(new("list-unsubscribe", "<https://x.example/u?id=1>,\r\n <mailto:u@x.example>"), new("LIST-UNSUBSCRIBE-POST", "\r\n List-Unsubscribe=One-Click"));

        Assert.That(OneClickUnsubscribe.Judge(letter, MessageKind.Marketing).OneClick, Is.True);
    }

    [Test]
    public void Judge_FoldedPostHeaderReadFromMime_IsOneClick()
    {
        var mime = "From: News <news@x.example>\r\nSubject: News\r\nList-Unsubscribe: <https://x.example/u>\r\nList-Unsubscribe-Post:\r\n List-Unsubscribe=One-Click\r\n\r\nUnsubscribe any time.\r\n";
        using var stream = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(mime));

        Assert.That(OneClickUnsubscribe.Judge(Letters.Read(stream), MessageKind.Marketing).OneClick, Is.True);
    }

    [Test]
    public void Judge_HttpUri_IsNotOneClick()
    {
        var letter = With(new("List-Unsubscribe", "<http://x.example/u>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));

        var (oneClick, part) = OneClickUnsubscribe.Judge(letter, MessageKind.Marketing);

        Assert.That(oneClick, Is.False);
        Assert.That(part.Evidence[0], Does.Contain("http: URI"));
    }

    [Test]
    public void Judge_MailtoOnly_IsNotOneClick()
    {
        var letter = With(new("List-Unsubscribe", "<mailto:u@x.example?subject=unsubscribe>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));

        var (oneClick, part) = OneClickUnsubscribe.Judge(letter, MessageKind.Marketing);

        Assert.That(oneClick, Is.False);
        Assert.That(part.Evidence[0], Does.Contain("mailto only"));
    }

    [Test]
    public void Judge_HttpsWithoutPost_IsNotOneClick()
    {
        Assert.That(OneClickUnsubscribe.Judge(With(new MailHeader("List-Unsubscribe", "<https://x.example/u>")), MessageKind.Marketing).OneClick, Is.False);
    }

    [Test]
    public void Judge_BodyLinkOnly_IsNotOneClick()
    {
        var (oneClick, part) = OneClickUnsubscribe.Judge(With(), MessageKind.Marketing);

        Assert.That(oneClick, Is.False);
        Assert.That(part.Evidence, Has.Member("an unsubscribe link in the body only"));
    }

    [Test]
    public void Judge_NotMarketing_IsNullWithoutScore()
    {
        var letter = With(new("List-Unsubscribe", "<https://x.example/u>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));

        var (oneClick, part) = OneClickUnsubscribe.Judge(letter, MessageKind.Human);

        Assert.That((oneClick, part.Score), Is.EqualTo(((bool?)null, (double?)null)));
    }

    [TestCase("http://127.0.0.1:5001/u?t=1")]
    [TestCase("http://127.8.9.10/u")]
    [TestCase("http://[::1]:8080/u")]
    [TestCase("http://localhost:5000/u")]
    public void Judge_HttpOnLoopback_IsOneClickAsASecureContext(string uri)
    {
        var letter = With(new("List-Unsubscribe", $"<{uri}>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));

        var (oneClick, part) = OneClickUnsubscribe.Judge(letter, MessageKind.Marketing);

        Assert.That(oneClick, Is.True);
        Assert.That(part.Evidence[0], Does.Contain("http on loopback: secure, as W3C Secure Contexts counts it"));
        Assert.That(OneClickUnsubscribe.Offer(letter), Is.EqualTo(uri));
    }

    [Test]
    public void Offer_HttpOffLoopbackOrNoPostHeader_IsNone()
    {
        Assert.That(OneClickUnsubscribe.Offer(["<http://x.example/u>"], ["List-Unsubscribe=One-Click"]), Is.Null);
        Assert.That(OneClickUnsubscribe.Offer(["<https://x.example/u>"], []), Is.Null);
        Assert.That(OneClickUnsubscribe.Offer(["<mailto:u@x.example>, <https://x.example/u>"], ["List-Unsubscribe=One-Click"]), Is.EqualTo("https://x.example/u"));
    }
}
