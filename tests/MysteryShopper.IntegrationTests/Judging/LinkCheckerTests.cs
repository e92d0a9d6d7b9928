using System.Diagnostics;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Cli.Running;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Pipeline;
using MysteryShopper.Settings;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Judging;

/// <summary>Broken links found by requesting them from a real site on 127.0.0.1, politely and only where mshop may.</summary>
public class LinkCheckerTests
{
    private static readonly string[] OwnDomains = ["127.0.0.1"];

    private LinkSite _site = null!;

    [SetUp]
    public async Task StartSite() => _site = await LinkSite.StartAsync();

    [TearDown]
    public async Task StopSite() => await _site.DisposeAsync();

    private static LinkChecker Checker(TimeSpan? gap = null, TimeSpan? timeout = null, int perMessage = 20) =>
        new(new LinkCheckOptions { Gap = gap ?? TimeSpan.FromMilliseconds(20), Timeout = timeout ?? TimeSpan.FromSeconds(10), PerMessage = perMessage }, TimeProvider.System);

    private static Letter Mail(string html, params MailHeader[] headers) =>
        new() { Subject = "News", From = "news@brightwave.example", Html = html, Text = "", Headers = headers };

    private string Anchors(params string[] paths) => string.Concat(paths.Select(p => $"""<p><a href="{_site[p]}">Read more</a></p>"""));

    [Test]
    public async Task CheckAsync_OwnSite_FindsTheBrokenLinksAndFollowsRedirectsThatStayOnIt()
    {
        using var checker = Checker();

        var checks = await checker.CheckAsync(Mail(Anchors("/ok", "/missing", "/error", "/moved", "/moved-to-missing", "/no-head")), OwnDomains, CancellationToken.None);

        var byPath = checks.ToDictionary(c => new Uri(c.Url).PathAndQuery);
        Assert.That(checks.Where(c => c.Broken).Select(c => new Uri(c.Url).PathAndQuery), Is.EquivalentTo(new[] { "/missing", "/error", "/moved-to-missing" }));
        Assert.That(byPath["/ok"].Status, Is.EqualTo(200));
        Assert.That(byPath["/missing"].Status, Is.EqualTo(404));
        Assert.That(byPath["/error"].Status, Is.EqualTo(500));
        Assert.That((byPath["/moved"].Status, byPath["/moved"].Broken), Is.EqualTo(((int?)200, false)), "a redirect on the site is followed to its end");
        Assert.That(byPath["/moved-to-missing"].Status, Is.EqualTo(404));
        Assert.That((byPath["/no-head"].Status, byPath["/no-head"].Broken), Is.EqualTo(((int?)200, false)), "HEAD refused: asked again with GET");
        Assert.That(_site.Requests.Where(r => r.PathAndQuery == "/no-head").Select(r => r.Method), Is.EqualTo(new[] { "HEAD", "GET" }));
        Assert.That(_site.Requests.Where(r => r.PathAndQuery != "/no-head").Select(r => r.Method), Is.All.EqualTo("HEAD"));
    }

    [Test]
    public async Task CheckAsync_ActionLinks_AreNeverRequested()
    {
        using var checker = Checker();
        var html = $"""
            <a href="{_site["/ok"]}">Our blog</a>
            <a href="{_site["/preferences?u=42"]}">Unsubscribe</a>
            <a href="{_site["/account/confirm?id=7"]}">Yes, sign me up</a>
            <a href="{_site["/welcome?token=9f8e7d"]}">Get started</a>
            <a href="{_site["/start?reset_code=123456"]}">Reset</a>
            <a href="{_site["/p/42"]}">Verify your email address</a>
            """;
        var letter = Mail(html, new MailHeader("List-Unsubscribe", $"<{_site["/list/leave?u=42"]}>, <mailto:leave@brightwave.example>"))
            with { Html = html + $"""<a href="{_site["/list/leave?u=42"]}">Manage</a>""" };

        var checks = await checker.CheckAsync(letter, OwnDomains, CancellationToken.None);

        Assert.That(_site.Paths, Is.EqualTo(new[] { "/ok" }), "only the blog link was requested");
        Assert.That(checks.Where(c => c.Skipped == LinkSkip.ActionLink).ToList(), Has.Count.EqualTo(6));
        Assert.That(Links.Judge(letter, new DeliveryChecks { Links = checks }).Evidence, Has.Some.EqualTo("1 link checked: 0 broken; 6 not checked (action link)"));
    }

    [Test]
    public async Task CheckAsync_OtherDomains_AreNotRequestedNorRedirectsToThem()
    {
        using var checker = Checker();
        var letter = Mail(Anchors("/away") + $"""<a href="{_site.Elsewhere}/ok2">Partner</a>""");

        var checks = await checker.CheckAsync(letter, OwnDomains, CancellationToken.None);

        Assert.That(_site.Paths, Is.EqualTo(new[] { "/away" }), "neither the off-site redirect's target nor the other host's link was requested");
        var away = checks.Single(c => c.Url.EndsWith("/away", StringComparison.Ordinal));
        Assert.That((away.Status, away.Broken), Is.EqualTo(((int?)302, false)));
        Assert.That(away.Note, Is.EqualTo($"redirects off the site to {_site.Elsewhere}/ok (not followed)"));
        Assert.That(checks.Single(c => c.Url.Contains("localhost", StringComparison.Ordinal)).Skipped, Is.EqualTo(LinkSkip.OtherDomain));
    }

    [Test]
    public async Task CheckAsync_SlowPage_IsBrokenAfterTheTimeout()
    {
        using var checker = Checker(timeout: TimeSpan.FromMilliseconds(500));

        var checks = await checker.CheckAsync(Mail(Anchors("/slow")), OwnDomains, CancellationToken.None);

        Assert.That((checks[0].Broken, checks[0].Status, checks[0].Note), Is.EqualTo((true, (int?)null, "no answer within 0.5s")));
    }

    [Test]
    public async Task CheckAsync_NothingListening_IsBroken()
    {
        using var checker = Checker();

        var checks = await checker.CheckAsync(Mail("""<a href="http://127.0.0.1:9/pricing">Pricing</a>"""), OwnDomains, CancellationToken.None);

        Assert.That((checks[0].Broken, checks[0].Note), Is.EqualTo((true, "no answer: connection refused")));
    }

    [Test]
    public async Task CheckAsync_OneHost_OneRequestAtATimeAndTheGapBetween()
    {
        var gap = TimeSpan.FromMilliseconds(300);
        using var checker = Checker(gap: gap);

        await checker.CheckAsync(Mail(Anchors("/ok", "/ok2", "/missing", "/error")), OwnDomains, CancellationToken.None);

        var arrivals = _site.Requests.Select(r => r.At).ToList();
        Assert.That(arrivals, Has.Count.EqualTo(4));
        Assert.That(_site.MostAtOnce, Is.EqualTo(1));

        // Measured by the site: each request arrived at least the gap after the one before it (a few ms of timer slack).
        var apart = arrivals.Zip(arrivals.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).ToList();
        Assert.That(apart, Is.All.GreaterThanOrEqualTo(gap - TimeSpan.FromMilliseconds(5)), string.Join(", ", apart.Select(a => a.TotalMilliseconds)));
    }

    [Test]
    public async Task CheckAsync_MoreLinksThanTheLimit_RestAreNotChecked()
    {
        using var checker = Checker(perMessage: 2);

        var checks = await checker.CheckAsync(Mail(Anchors("/ok", "/ok2", "/missing")), OwnDomains, CancellationToken.None);

        Assert.That(_site.Paths, Is.EqualTo(new[] { "/ok", "/ok2" }));
        Assert.That(checks[2].Skipped, Is.EqualTo(LinkSkip.Limit));
        Assert.That(checks[2].Broken, Is.False);
    }

    [Test]
    public async Task CheckAsync_SameUrlInTwoMessages_IsRequestedOnce()
    {
        using var checker = Checker();

        var first = await checker.CheckAsync(Mail(Anchors("/missing", "/missing")), OwnDomains, CancellationToken.None);
        var second = await checker.CheckAsync(Mail(Anchors("/missing")), OwnDomains, CancellationToken.None);

        Assert.That(_site.Paths, Is.EqualTo(new[] { "/missing" }));
        Assert.That(first.Concat(second).Select(c => (c.Status, c.Broken)), Is.EqualTo(new[] { ((int?)404, true), (404, true) }));
    }

    [Test]
    public async Task MessageChecker_SpamdDownAndNoOwnDomains_NotesNotExceptions()
    {
        using var checker = new MessageChecker(new DeliveryChecker(null, new SpamAssassin("127.0.0.1", 9, TimeSpan.FromSeconds(5))), Checker());
        var letter = Mail(Anchors("/missing"));

        var withoutDomains = await checker.CheckAsync(letter, "From: a@b.example\r\n\r\nhi"u8.ToArray(), [], CancellationToken.None);
        var withoutRaw = await checker.CheckAsync(letter, null, OwnDomains, CancellationToken.None);

        Assert.That(withoutDomains.SpamNote, Does.StartWith("not scored: spamd at 127.0.0.1:9 did not answer"));
        Assert.That((withoutDomains.Links, withoutDomains.LinksNote), Is.EqualTo((Array.Empty<LinkCheck>(), "links not checked: the target's own domains are not known")));
        Assert.That((withoutRaw.SpamNote, withoutRaw.DkimNote), Is.EqualTo(("not scored: the message as received was not kept", (string?)null)), "DKIM is not on: no note of it");
        Assert.That(withoutRaw.Links.Single().Broken, Is.True);

        var card = MessageJudge.Judge(letter, new JudgeContext(), checks: withoutRaw);
        var links = card.Parts.Single(p => p.Name == "links");
        Assert.That(links.Evidence, Has.Some.EqualTo($"broken: {_site["/missing"]} (404)"));
        Assert.That(links.Value, Does.EndWith(", 1 broken"));
    }

    [Test]
    public async Task CliRunParts_ChecksInTheSettings_GiveTheRunAMessageCheckerThatMakesThem()
    {
        var parts = CliRunParts.System;

        var none = ((IRunParts)parts).CreateMessageChecker(new RunSettings(), Logger.None);
        var checker = ((IRunParts)parts).CreateMessageChecker(new RunSettings { Checks = new MessageChecks { Links = true } }, Logger.None);
        var checks = await checker!.CheckAsync(Mail(Anchors("/error")), null, OwnDomains, CancellationToken.None);
        (checker as IDisposable)?.Dispose();

        Assert.That(none, Is.Null, "no check is on by default");
        Assert.That(checks.Links.Select(l => (l.Status, l.Broken)), Is.EqualTo(new[] { ((int?)500, true) }));
        Assert.That((checks.DkimVerified, checks.SpamScore, checks.SpamNote), Is.EqualTo(((bool?)null, (double?)null, (string?)null)), "only the checks asked for are made");
    }
}
