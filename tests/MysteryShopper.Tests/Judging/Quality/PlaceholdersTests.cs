using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class PlaceholdersTests
{
    [TestCase("Hi {{first_name}},")]
    [TestCase("Hi {{ contact.firstname }},")]
    [TestCase("Dear %FIRSTNAME%,")]
    [TestCase("Hello [Name],")]
    [TestCase("Hello [First Name],")]
    [TestCase("Hi *|FNAME|*,")]
    [TestCase("Hello ${name},")]
    [TestCase("Dear <<Customer Name>>,")]
    [TestCase("Hi {first_name}, thanks")]
    public void Judge_MergeTokenLeftInText_IsUnfilled(string text)
    {
        var (unfilled, part) = Placeholders.Judge(SomeLetter.Text(text));

        Assert.That(unfilled, Is.True);
        Assert.That(part.Score, Is.EqualTo(0));
        Assert.That(part.Evidence[0], Does.StartWith("unfilled:"));
    }

    [TestCase("Your reference is [Ticket #48213].")]
    [TestCase("Re: [#12345] Delivery")]
    [TestCase("##- Please type your reply above this line -##")]
    [TestCase("Save 50% off and 20% more on annual plans.")]
    [TestCase("See https://example.com/caf%C3%A9%20bleu for details.")]
    [TestCase("[EXTERNAL] Hello Sam, we use p { color: red } in our templates.")]
    public void Judge_TicketTagsMarkersAndPercentages_AreNotPlaceholders(string text)
    {
        var (unfilled, part) = Placeholders.Judge(SomeLetter.Text(text));

        Assert.That(unfilled, Is.False);
        Assert.That(part.Score, Is.EqualTo(10));
    }

    [Test]
    public void Judge_CssBracesAndTokensInAttributes_AreNotPlaceholders()
    {
        var html = """
            <html><head><style>.wrap { max-width: 600px; } @media (max-width:480px) { .col { width: 100% !important; } }</style></head>
            <body><div class="wrap"><p>Hello Sam,</p><a href="https://x.example/?e={{ contact.email }}&n=*|FNAME|*">Read more</a><img src="a.png" alt="[Name]"></div></body></html>
            """;

        Assert.That(Placeholders.Judge(SomeLetter.Html(html)).Unfilled, Is.False);
    }

    [Test]
    public void Judge_TokenInVisibleHtmlText_IsUnfilled()
    {
        Assert.That(Placeholders.Judge(SomeLetter.Html("<p>Hi <b>{{first_name}}</b>,</p>")).Unfilled, Is.True);
    }

    [Test]
    public void Judge_TokenInSubject_IsUnfilled()
    {
        Assert.That(Placeholders.Judge(SomeLetter.Text("Our spring offer.", subject: "*|FNAME|*, your offer")).Unfilled, Is.True);
    }
}
