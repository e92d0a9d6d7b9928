using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

public class LinksTests
{
    [TestCase("https://brightwave.us21.list-manage.com/track/click?u=1&id=2")]
    [TestCase("https://url4012.brightwave.io/ls/click?upn=u001.x")]
    [TestCase("https://click.e.brightwave.io/?qs=abc")]
    [TestCase("https://links.brightwave.io/a/b")]
    [TestCase("https://mandrillapp.com/track/click/3012/brightwave.io?p=eyJ")]
    [TestCase("https://d2Jb7R04.na1.hubspotlinks.com/Ctc/OP+113/x")]
    [TestCase("https://trk.klclick.com/ls/click?upn=Q")]
    public void Count_ClickTrackingHost_IsATrackingRedirect(string url)
    {
        var counts = Links.Count(SomeLetter.Html($"""<p><a href="{url}">Read</a></p>"""));

        Assert.That(counts.Tracked, Is.EqualTo(new[] { url }));
    }

    [Test]
    public void Count_UtmParameters_AreNotARedirect()
    {
        var counts = Links.Count(SomeLetter.Html("""<a href="https://brightwave.io/blog?utm_source=newsletter&amp;utm_medium=email">Blog</a>"""));

        Assert.That((counts.Links.Count, counts.Tracked.Count), Is.EqualTo((1, 0)));
    }

    [Test]
    public void Count_ImagesWithoutAlt_LeaveOutDecorationAndPixels()
    {
        var html = """<img src="hero.jpg"><img src="spacer.gif" alt=""><img src="logo.png" alt="Brightwave"><img src="open.gif" width="1" height="1"><img src="p.gif" style="display: none">""";

        Assert.That(Links.Count(SomeLetter.Html(html)).ImagesWithoutAlt, Is.EqualTo(new[] { "hero.jpg" }));
    }

    [Test]
    public void Count_TextOnly_FindsUrlsWithoutTrailingPunctuation()
    {
        var counts = Links.Count(SomeLetter.Text("See https://docs.brightwave.io/export. Or book: https://calendly.com/emma/30min, thanks."));

        Assert.That(counts.Links, Is.EqualTo(new[] { "https://docs.brightwave.io/export", "https://calendly.com/emma/30min" }));
    }

    [Test]
    public void Count_HtmlMailtoAndAnchors_AreNotLinks()
    {
        var counts = Links.Count(SomeLetter.Html("""<a href="mailto:a@b.example">Mail</a><a href="#top">Top</a><a href="https://brightwave.io">Site</a>"""));

        Assert.That(counts.Links, Has.Count.EqualTo(1));
    }

    [Test]
    public void Judge_TrackedLinksAndMissingAlt_LowerTheScore()
    {
        var clean = Links.Judge(SomeLetter.Html("""<a href="https://brightwave.io">Site</a><img src="a.png" alt="A">"""));
        var poor = Links.Judge(SomeLetter.Html("""<a href="https://click.brightwave.io/x">Site</a><img src="a.png"><img src="b.png">"""));

        Assert.That((clean.Score, poor.Score), Is.EqualTo(((double?)10, (double?)5)));
        Assert.That(poor.Value, Is.EqualTo("1 link, 1 tracked, 2 images without alt"));
    }

    [TestCase("https://brightwave.io/unsubscribe?u=1", "Click here")]
    [TestCase("https://brightwave.io/email/opt-out/7", "Stop these emails")]
    [TestCase("https://brightwave.io/p/7", "Unsubscribe")]
    [TestCase("https://brightwave.io/p/7", "Manage your subscription")]
    [TestCase("https://brightwave.io/signup/confirm/7", "Yes, sign me up")]
    [TestCase("https://brightwave.io/p/7", "Confirm your address")]
    [TestCase("https://brightwave.io/p/7", "Verify email")]
    [TestCase("https://brightwave.io/account/verification/7", "Go")]
    [TestCase("https://brightwave.io/activate/7", "Get started")]
    [TestCase("https://brightwave.io/p/7", "Validate your account")]
    [TestCase("https://brightwave.io/optin?list=news", "Join")]
    [TestCase("https://brightwave.io/welcome?token=9f8e", "Get started")]
    [TestCase("https://brightwave.io/welcome?id=1&key=9f8e", "Get started")]
    [TestCase("https://brightwave.io/reset?reset_code=123456", "Reset")]
    [TestCase("https://brightwave.io/login?u=1&signature=abc", "Log in")]
    [TestCase("https://brightwave.io/login?sig=abc", "Log in")]
    [TestCase("https://brightwave.io/%75nsubscribe", "Leave")]
    public void IsAction_UrlOrTextActsForTheShopper_IsAnActionLink(string url, string text)
    {
        Assert.That(Links.IsAction(new LinkAnchor(url, text), []), Is.True);
    }

    [TestCase("https://brightwave.io/blog/annual-plans", "Read the post")]
    [TestCase("https://brightwave.io/pricing?utm_source=newsletter&utm_medium=email", "See pricing")]
    [TestCase("https://brightwave.io/docs/export?page=2", "Exporting")]
    [TestCase("https://brightwave.io/monkeys", "Our team")]
    public void IsAction_PlainPage_IsNotAnActionLink(string url, string text)
    {
        Assert.That(Links.IsAction(new LinkAnchor(url, text), []), Is.False);
    }

    [Test]
    public void IsAction_ListUnsubscribeUri_IsAnActionLinkWhateverItsWords()
    {
        var letter = SomeLetter.Html("""<a href="https://brightwave.io/l/42">Manage</a>""", "", new MailHeader("List-Unsubscribe", "<https://brightwave.io/l/42>, <mailto:leave@brightwave.io>"));

        var link = Links.Anchors(letter).Single();

        Assert.That(Links.IsAction(link, OneClickUnsubscribe.Uris(letter)), Is.True);
        Assert.That(Links.IsAction(link, []), Is.False);
    }

    [Test]
    public void Anchors_Html_KeepTheWordsTheLinkIsWrittenUnder()
    {
        var anchors = Links.Anchors(SomeLetter.Html("""<a href="https://brightwave.io/a">Read <b>more</b></a><a href="https://brightwave.io/b" title="Our blog"><img src="x.png" alt="Blog"></a>"""));

        Assert.That(anchors, Is.EqualTo(new[] { new LinkAnchor("https://brightwave.io/a", "Read more"), new LinkAnchor("https://brightwave.io/b", "Our blog Blog") }));
    }

    [Test]
    public void Anchors_PlainText_TakeTheWordsBeforeTheUrl()
    {
        var letter = SomeLetter.Text("Hi Sam,\n\nConfirm your address:\n\n  https://brightwave.io/c/8f7e\n\nOur blog: https://brightwave.io/blog\nhttps://brightwave.io/first");

        var anchors = Links.Anchors(letter);

        Assert.That(anchors.Select(a => a.Text), Is.EqualTo(new[] { "Confirm your address:", "Our blog:", "Our blog: https://brightwave.io/blog" }));
        Assert.That(anchors.Select(a => Links.IsAction(a, [])), Is.EqualTo(new[] { true, false, false }));
    }

    [Test]
    public void Judge_CheckedLinks_BrokenOnesLowerTheScoreAndAreNamed()
    {
        var letter = SomeLetter.Html("""<a href="https://brightwave.io/a">A</a><a href="https://brightwave.io/b">B</a><a href="https://brightwave.io/c">C</a><a href="https://brightwave.io/unsubscribe">Leave</a><a href="https://rival.example/x">X</a>""");
        var checks = new DeliveryChecks
        {
            Links =
            [
                new LinkCheck("https://brightwave.io/a") { Status = 200 },
                new LinkCheck("https://brightwave.io/b") { Status = 404, Broken = true },
                new LinkCheck("https://brightwave.io/c") { Broken = true, Note = "no answer within 10s" },
                new LinkCheck("https://brightwave.io/unsubscribe") { Skipped = LinkSkip.ActionLink },
                new LinkCheck("https://rival.example/x") { Skipped = LinkSkip.OtherDomain },
            ],
        };

        var part = Links.Judge(letter, checks);

        Assert.That(part.Score, Is.EqualTo(6));
        Assert.That(part.Value, Is.EqualTo("5 links, 0 tracked, 0 images without alt, 2 broken"));
        Assert.That(part.Evidence, Is.EqualTo(new[]
        {
            "5 links",
            "3 links checked: 2 broken; 1 not checked (action link); 1 not checked (another domain)",
            "broken: https://brightwave.io/b (404)",
            "broken: https://brightwave.io/c (no answer within 10s)",
        }));
    }

    [Test]
    public void Judge_ManyBrokenLinks_TakeAtMostSix()
    {
        var urls = Enumerable.Range(1, 5).Select(i => $"https://brightwave.io/{i}").ToList();
        var letter = SomeLetter.Html(string.Concat(urls.Select(u => $"""<a href="{u}">Go</a>""")));

        var part = Links.Judge(letter, new DeliveryChecks { Links = urls.Select(u => new LinkCheck(u) { Status = 500, Broken = true }).ToList() });

        Assert.That(part.Score, Is.EqualTo(4));
    }

    [Test]
    public void Judge_NoLinkChecks_IsAsWithoutChecks()
    {
        var letter = SomeLetter.Html("""<a href="https://click.brightwave.io/x">Site</a><img src="a.png">""");

        var part = Links.Judge(letter, new DeliveryChecks { SpamScore = 1 });

        Assert.That(part, Is.EqualTo(Links.Judge(letter)).Using<CardPart>((a, b) => a.Value == b.Value && a.Score == b.Score && a.Evidence.SequenceEqual(b.Evidence)));
    }

    [Test]
    public void Judge_LinksNotCheckable_SaysWhy()
    {
        var part = Links.Judge(SomeLetter.Html("""<a href="https://brightwave.io">Site</a>"""), new DeliveryChecks { LinksNote = "links not checked: the target's own domains are not known" });

        Assert.That(part.Evidence, Does.Contain("links not checked: the target's own domains are not known"));
        Assert.That(part.Score, Is.EqualTo(10));
    }

    [Test]
    public void DeliveryChecks_AsJson_RoundTripsWithTheLinkResults()
    {
        var checks = new DeliveryChecks
        {
            DkimVerified = true,
            SpamScore = 1.5,
            SpamRules = ["HTML_MESSAGE"],
            Links = [new LinkCheck("https://brightwave.io/b") { Status = 404, Broken = true }, new LinkCheck("https://brightwave.io/unsubscribe") { Skipped = LinkSkip.ActionLink }],
        };

        var json = System.Text.Json.JsonSerializer.Serialize(checks, CardJsonContext.Default.DeliveryChecks);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, CardJsonContext.Default.DeliveryChecks)!;

        Assert.That(json, Does.Contain("\"skipped\":\"ActionLink\""));
        Assert.That(back.Links, Is.EqualTo(checks.Links));
        Assert.That((back.DkimVerified, back.SpamScore, back.SpamRules), Is.EqualTo((checks.DkimVerified, checks.SpamScore, checks.SpamRules)));
    }
}
