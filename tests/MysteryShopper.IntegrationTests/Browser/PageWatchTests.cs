using MysteryShopper.Bots.Browser;
using MysteryShopper.Execution;

namespace MysteryShopper.IntegrationTests.Browser;

/// <summary>What the page's own reports become: one timing per document with its latest figures, each CAPTCHA once.</summary>
public class PageWatchTests
{
    private sealed class ListJournal : IProbeJournal
    {
        public List<Observation> Observations { get; } = [];

        public void Add(Observation observation) => Observations.Add(observation);
    }

    private static string Report(double document, string url, double lcp, string? captcha = null) =>
        $$"""{"document":{{document}},"url":"{{url}}","numbers":{"lcp_ms":{{lcp}},"cls":0},"captcha":{{(captcha is null ? "null" : $"\"{captcha}\"")}}}""";

    [Test]
    public void EachDocument_KeepsItsLatestFigures_AndTheUrlItLoadedWith()
    {
        var journal = new ListJournal();
        var watch = new PageWatch(journal, TimeProvider.System);

        watch.Report(Report(1000.5, "https://shop.test/a", 120));
        watch.Report(Report(1000.5, "https://shop.test/a#moved", 1500));
        watch.Report(Report(2000.25, "https://shop.test/b", 80));
        watch.Flush();

        var timings = journal.Observations.Where(o => o.Kind == ObservationKind.PageTiming).ToList();
        Assert.That(timings.Select(t => t.Detail), Is.EqualTo(new[] { "https://shop.test/a", "https://shop.test/b" }));
        Assert.That(timings[0].Numbers!["lcp_ms"], Is.EqualTo(1500));
        Assert.That(timings[1].Numbers!["lcp_ms"], Is.EqualTo(80));
    }

    [Test]
    public void Captcha_IsObservedAtOnce_OncePerDocument()
    {
        var journal = new ListJournal();
        var watch = new PageWatch(journal, TimeProvider.System);

        watch.Report(Report(1, "https://shop.test/form", 10, "hCaptcha"));
        watch.Report(Report(1, "https://shop.test/form", 20, "hCaptcha"));
        Assert.That(journal.Observations.Select(o => (o.Kind, o.Name)), Is.EqualTo(new[] { (ObservationKind.CaptchaDetected, (string?)"hCaptcha") }));

        watch.Report(Report(2, "https://shop.test/form", 10, "hCaptcha"));
        Assert.That(journal.Observations.Count(o => o.Kind == ObservationKind.CaptchaDetected), Is.EqualTo(2), "a new document is a new sighting");
    }

    [TestCase("not json")]
    [TestCase("""{"document":1,"url":"about:blank","numbers":{},"captcha":"reCAPTCHA"}""")]
    [TestCase("""{"document":1,"url":"chrome-error://chromewebdata/","numbers":{},"captcha":null}""")]
    [TestCase("")]
    public void ReportsFromNoWebPage_OrGarbled_AreIgnored(string json)
    {
        var journal = new ListJournal();
        var watch = new PageWatch(journal, TimeProvider.System);

        watch.Report(json);
        watch.Flush();

        Assert.That(journal.Observations, Is.Empty);
    }

    [Test]
    public void Flush_HappensOnce_AndLateReportsAreDropped()
    {
        var journal = new ListJournal();
        var watch = new PageWatch(journal, TimeProvider.System);
        watch.Report(Report(1, "https://shop.test/", 10));

        watch.Flush();
        watch.Report(Report(2, "https://shop.test/late", 10, "Turnstile"));
        watch.Flush();

        Assert.That(journal.Observations.Select(o => o.Detail), Is.EqualTo(new[] { "https://shop.test/" }));
    }
}
