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
}
