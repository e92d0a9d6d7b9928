using System.Text.Json;
using MysteryShopper.Cli;
using MysteryShopper.IntegrationTests.Judging;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary><c>mshop judge</c> as a CX lead or a script uses it on saved emails.</summary>
public class JudgeCommandTests
{
    private const string Reply = """
        From: Sam Carter <sam@brightwave.example>
        To: Alex Morgan <shopper+abc123@inbox.mshop.test>
        Subject: Re: Do you offer an annual plan?
        Date: Tue, 1 Dec 2026 09:00:00 +0000
        Message-ID: <reply-1@brightwave.example>
        Content-Type: text/plain; charset=utf-8

        Hi Alex,

        Yes, we do. The annual plan costs £90 a year, which is two months free compared with paying monthly.
        You can switch at any time from your account page, and the discount applies from the next bill.

        Best regards,
        Sam Carter
        Customer Success, Brightwave

        """;

    private const string Newsletter = """
        From: Corvid & Co <news@corvid.example>
        To: shopper+abc123@inbox.mshop.test
        Subject: This week at Corvid: 20% off everything
        Date: Tue, 1 Dec 2026 10:00:00 +0000
        Message-ID: <n-42@mail.corvid.example>
        List-Unsubscribe: <https://corvid.example/unsubscribe?u=abc123>, <mailto:unsubscribe@corvid.example>
        List-Unsubscribe-Post: List-Unsubscribe=One-Click
        Precedence: bulk
        Content-Type: text/plain; charset=utf-8

        Hello,

        This week only: 20% off everything in the shop. Read our newsletter for the latest products.

        You receive this because you subscribed. Unsubscribe: https://corvid.example/unsubscribe?u=abc123

        """;

    private static string[] Keys => ["file", "kind", "answered", "next_step", "personal", "unfilled_placeholder", "one_click_unsubscribe", "score", "grade", "rubric", "parts"];

    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("mshop-judge-").FullName;
        File.WriteAllText(Path.Combine(_folder, "1-reply.eml"), Reply.ReplaceLineEndings("\r\n"));
        File.WriteAllText(Path.Combine(_folder, "2-newsletter.eml"), Newsletter);
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not an email, and not named .eml: left alone");
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static Task<(int Exit, string Output, string Error)> Mshop(params string[] args) => MshopProcess.RunAsync(args);

    [Test]
    public async Task Judge_Folder_PrintsEachEmailsCardWithItsEvidence()
    {
        var (exit, output, error) = await Mshop("judge", _folder, "--question", "Do you offer an annual plan?", "--must-cover", "annual,discount", "--persona", "Alex Morgan");

        Assert.That((exit, error), Is.EqualTo((ExitCodes.Ok, "")));
        var reply = Path.Combine(_folder, "1-reply.eml");
        var newsletter = Path.Combine(_folder, "2-newsletter.eml");
        Assert.That(output, Does.Contain($"{reply}: human, answered full").And.Contain($"{newsletter}: marketing"));
        Assert.That(output.IndexOf(reply, StringComparison.Ordinal), Is.LessThan(output.IndexOf(newsletter, StringComparison.Ordinal)), "files in name order");
        Assert.That(output, Does.Not.Contain("notes.txt"));
        foreach (var part in new[] { "kind", "answered", "personal", "placeholder", "clear", "tone", "deliverability", "links" })
        {
            Assert.That(output, Does.Match($@"\n  {part} +"), part);
        }
    }

    [Test]
    public async Task Judge_Json_OneObjectPerMessageWithStableKeys()
    {
        var (exit, output, _) = await Mshop("judge", _folder, "--json", "--question", "Do you offer an annual plan?", "--must-cover", "annual,discount", "--persona", "Alex Morgan");

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        var cards = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(cards, Has.Count.EqualTo(2));
        Assert.That(cards.Select(c => c.EnumerateObject().Select(p => p.Name)), Has.All.EquivalentTo(Keys));
        Assert.That(cards.Select(c => c.GetProperty("kind").GetString()), Is.EqualTo(new[] { "human", "marketing" }));
        Assert.That(cards[0].GetProperty("answered").GetString(), Is.EqualTo("full"));
        Assert.That(cards[0].GetProperty("personal").GetBoolean(), Is.True);
        Assert.That(cards[0].GetProperty("one_click_unsubscribe").ValueKind, Is.EqualTo(JsonValueKind.Null), "not marketing");
        Assert.That(cards[1].GetProperty("answered").ValueKind, Is.EqualTo(JsonValueKind.Null), "marketing answers nothing");
        Assert.That(cards[1].GetProperty("one_click_unsubscribe").GetBoolean(), Is.True);
        Assert.That(cards.Select(c => c.GetProperty("score").GetDouble()), Has.All.InRange(0, 10));
        Assert.That(cards[0].GetProperty("parts").GetProperty("answered").GetProperty("evidence").GetArrayLength(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Judge_NoQuestion_AnsweredIsNull()
    {
        var (exit, output, _) = await Mshop("judge", Path.Combine(_folder, "1-reply.eml"), "--json");

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(JsonDocument.Parse(output).RootElement.GetProperty("answered").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("empty.eml", new byte[0])]
    [TestCase("picture.eml", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52 })]
    public async Task Judge_FileThatIsNoEmail_NoteWithoutStackTraceOthersStillJudged(string name, byte[] bytes)
    {
        await File.WriteAllBytesAsync(Path.Combine(_folder, name), bytes);

        var (exit, output, error) = await Mshop("judge", _folder);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith($"mshop: {Path.Combine(_folder, name)}: not judged: "));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(output, Does.Contain("1-reply.eml: human").And.Contain("2-newsletter.eml: marketing"));
    }

    [Test]
    public async Task Judge_UnknownRubric_ExitsInvalidInputWithDidYouMean()
    {
        var (exit, output, error) = await Mshop("judge", _folder, "--rubric", "replly");

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("unknown rubric 'replly'").And.Contain("did you mean 'reply'?"));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task Judge_RubricFile_WeighsTheCardItsWay()
    {
        var rubric = Path.Combine(_folder, "pricing.yaml");
        await File.WriteAllTextAsync(rubric, "name: pricing\nweights: { answered: 1, phrases: 1 }\nrequired: [\"two months free\"]\n");

        var (exit, output, error) = await Mshop("judge", Path.Combine(_folder, "1-reply.eml"), "--json", "--rubric", rubric, "--question", "Do you offer an annual plan?", "--must-cover", "annual");

        Assert.That((exit, error), Is.EqualTo((ExitCodes.Ok, "")));
        var card = JsonDocument.Parse(output).RootElement;
        Assert.That(card.GetProperty("rubric").GetString(), Is.EqualTo("pricing"));
        Assert.That(card.GetProperty("parts").GetProperty("phrases").GetProperty("score").GetDouble(), Is.EqualTo(10));
        Assert.That(card.GetProperty("score").GetDouble(), Is.EqualTo(10), "answered full and the phrase present: 10 with only those two weighed");
    }

    [Test]
    public async Task Judge_BrokenRubricFile_ItsErrorsWithTheirPlaces()
    {
        var rubric = Path.Combine(_folder, "broken.yaml");
        await File.WriteAllTextAsync(rubric, "name: broken\nweights: { answerd: 1 }\n");

        var (exit, output, error) = await Mshop("judge", _folder, "--rubric", rubric);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.StartWith($"{rubric}:2:12: error: unknown key 'answerd' in weights").And.Contain("did you mean 'answered'?"));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task Judge_PathThatDoesNotExist_ExitsInvalidInput()
    {
        var (exit, _, error) = await Mshop("judge", Path.Combine(_folder, "nope.eml"));

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain("no such file or folder"));
    }

    [Test]
    [NonParallelizable]
    public async Task Judge_Spamd_EachCardShowsItsSpamAssassinScore()
    {
        await using var spamd = await Spamd.StartAsync();

        var (exit, output, error) = await Mshop("judge", _folder, "--json", "--spamd", $"127.0.0.1:{spamd.Port}");

        Assert.That((exit, error), Is.EqualTo((ExitCodes.Ok, "")));
        var evidence = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("parts").GetProperty("deliverability"))
            .ToList();
        Assert.That(evidence, Has.Count.EqualTo(2));
        Assert.That(evidence.Select(d => d.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()).ToList()), Has.All.Some.StartsWith("SpamAssassin "));
        Assert.That(evidence.Select(d => d.GetProperty("score").ValueKind), Has.All.EqualTo(JsonValueKind.Number));
    }

    [TestCase("localhost")]
    [TestCase("127.0.0.1:0")]
    [TestCase("127.0.0.1:x")]
    public async Task Judge_SpamdNotHostAndPort_ExitsInvalidInput(string value)
    {
        var (exit, output, error) = await Mshop("judge", _folder, "--spamd", value);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain($"--spamd '{value}' is not HOST:PORT"));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task Judge_CheckLinks_NamesTheBrokenLinksAndNeverRequestsTheActionLinks()
    {
        await using var site = await LinkSite.StartAsync();
        var file = Path.Combine(_folder, "3-links.eml");
        File.WriteAllText(file, $"""
            From: Brightwave <news@brightwave.example>
            To: shopper+abc123@inbox.mshop.test
            Subject: What's new at Brightwave
            Date: Tue, 1 Dec 2026 11:00:00 +0000
            Message-ID: <links-1@brightwave.example>
            List-Unsubscribe: <{site["/leave?u=abc123"]}>
            Content-Type: text/html; charset=utf-8

            <p>Read <a href="{site["/ok"]}">our blog</a>, see <a href="{site["/missing"]}">the new plans</a>,
            or <a href="{site["/leave?u=abc123"]}">leave the list</a> and <a href="{site["/confirm?id=1"]}">confirm</a>.</p>

            """.ReplaceLineEndings("\r\n"));

        var (exit, output, error) = await Mshop("judge", file, "--check-links", "--own-domain", "127.0.0.1");

        Assert.That((exit, error), Is.EqualTo((ExitCodes.Ok, "")));
        Assert.That(output, Does.Contain($"broken: {site["/missing"]} (404)"));
        Assert.That(output, Does.Contain("2 links checked: 1 broken; 2 not checked (action link)"));
        Assert.That(site.Paths, Is.EquivalentTo(new[] { "/ok", "/missing" }));
    }

    [TestCase("--check-links", "--check-links needs --own-domain DOMAIN[,DOMAIN]")]
    [TestCase("--own-domain=example.com", "--own-domain is for --check-links")]
    public async Task Judge_CheckLinksWithoutOwnDomains_ExitsInvalidInput(string option, string message)
    {
        var (exit, output, error) = await Mshop("judge", _folder, option);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error, Does.Contain(message));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task Judge_Help_ShowsItsOwnOptions()
    {
        var (exit, output, _) = await Mshop("judge", "--help");

        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("--question").And.Contain("--must-cover").And.Contain("--persona").And.Contain("--rubric").And.Contain("--json").And.Contain("--check-links").And.Contain("--own-domain"));
    }
}
