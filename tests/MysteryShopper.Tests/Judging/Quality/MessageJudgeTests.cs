using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Judging.Quality;

/// <summary>The whole card from <see cref="MessageJudge.Judge"/>: every part, the default rubric by kind, the composite.</summary>
public class MessageJudgeTests
{
    private static readonly JudgeContext Shopper = new()
    {
        Question = "Do you offer an annual plan, and what discount would 20 seats get?",
        MustCover = [new CoverTerm("annual", ["yearly"]), new CoverTerm("discount", ["off"]), new CoverTerm("seats", ["users"])],
        FirstName = "Sam",
        FullName = "Sam Shopper",
    };

    private static readonly Letter Reply = new()
    {
        Subject = "Re: Pricing for 20 seats",
        From = "anna.berg@brightwave.example",
        FromName = "Anna Berg",
        Headers =
        [
            new MailHeader("Message-ID", "<CAF3xq7a9d@mail.brightwave.example>"),
            new MailHeader("In-Reply-To", "<q1.tok@inbox.mshop.test>"),
            new MailHeader("References", "<q1.tok@inbox.mshop.test>"),
            new MailHeader("Authentication-Results", "mx.mshop.test; spf=pass smtp.mailfrom=brightwave.example; dkim=pass header.d=brightwave.example; dmarc=pass header.from=brightwave.example"),
            new MailHeader("Content-Type", "text/plain; charset=UTF-8"),
        ],
        Text = "Hi Sam,\r\n\r\nThanks for your question. Yes, we offer an annual plan: it costs $490 per seat a year instead of $49 a month,\r\n"
            + "so two months are free. For 20 seats we add a further 10% discount, which brings the total to $8,820 a year.\r\n\r\n"
            + "You can switch to annual billing at any time from the billing page, and I'm happy to set it up for you today.\r\n\r\n"
            + "Best regards,\r\nAnna Berg\r\nCustomer Success, Brightwave\r\n\r\n"
            + "On Mon, 23 Nov 2026 at 09:00, Sam Shopper <shopper+tok@inbox.mshop.test> wrote:\r\n"
            + "> Do you offer an annual plan, and what discount would 20 seats get?\r\n",
    };

    private static readonly Letter Newsletter = new()
    {
        Subject = "5 ways to plan your spring projects",
        From = "news@brightwave.example",
        FromName = "Brightwave",
        Headers =
        [
            new MailHeader("List-Unsubscribe", "<https://brightwave.example/unsubscribe/u83jd>, <mailto:unsubscribe@brightwave.example?subject=u83jd>"),
            new MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            new MailHeader("Precedence", "bulk"),
            new MailHeader("List-Id", "Brightwave news <news.brightwave.example>"),
            new MailHeader("Feedback-ID", "spring26:newsletter:brightwave"),
        ],
        Html = "<html><body><h1>Plan your spring</h1><p>Five short tips from our team.</p><p><a href=\"https://brightwave.example/blog/spring\">Read the tips</a></p>"
            + "<p><a href=\"https://brightwave.example/unsubscribe/u83jd\">Unsubscribe</a></p></body></html>",
        Text = "Plan your spring\n\nFive short tips from our team to plan projects, share the work and finish on time.\n\nRead the tips: https://brightwave.example/blog/spring\n\nUnsubscribe: https://brightwave.example/unsubscribe/u83jd",
    };

    [Test]
    public void Judge_PersonsReply_FillsEveryFieldWithTheReplyRubric()
    {
        var card = MessageJudge.Judge(Reply, Shopper);

        Assert.That(card.Kind, Is.EqualTo(MessageKind.Human));
        Assert.That(card.Rubric, Is.EqualTo(Rubrics.Reply));
        Assert.That(card.Answered, Is.EqualTo(Answer.Full));
        Assert.That(card.Personal, Is.True);
        Assert.That(card.UnfilledPlaceholder, Is.False);
        Assert.That(card.OneClickUnsubscribe, Is.Null);
        Assert.That(card.Parts.Select(p => p.Name), Is.EqualTo(new[]
        {
            Parts.Kind, Parts.Answered, Parts.Personal, Parts.Placeholder, Parts.Unsubscribe, Parts.Clear, Parts.Tone,
            Parts.Deliverability, Parts.Links, Parts.Phrases,
        }));
        Assert.That(card.Parts.Where(p => p.Score is not null).Select(p => p.Score), Is.All.InRange(0, 10));
        Assert.That(card.Score, Is.EqualTo(MessageJudge.Composite(card.Parts, Rubrics.Builtin(Rubrics.Reply)!)));
        Assert.That(card.Parts.Single(p => p.Name == Parts.Clear), Is.EqualTo(Readability.Judge(Reply, WordBand.Reply)).Using<CardPart>(SamePart));
        Assert.That(card.Score, Is.GreaterThanOrEqualTo(7), "a prompt, full, personal, polite answer is at least passive-grade");
    }

    [Test]
    public void Judge_Newsletter_UsesTheMarketingRubricAndOneClick()
    {
        var card = MessageJudge.Judge(Newsletter, new JudgeContext { FirstName = "Sam" });

        Assert.That(card.Kind, Is.EqualTo(MessageKind.Marketing));
        Assert.That(card.Rubric, Is.EqualTo(Rubrics.Marketing));
        Assert.That(card.Answered, Is.Null);
        Assert.That(card.OneClickUnsubscribe, Is.True);
        Assert.That(card.Score, Is.EqualTo(MessageJudge.Composite(card.Parts, Rubrics.Builtin(Rubrics.Marketing)!)));
    }

    [Test]
    public void Judge_GivenRubric_WeighsWithItAndChecksItsPhrases()
    {
        var rubric = Rubrics.Builtin(Rubrics.Reply)!.With(required: ["annual plan"], forbidden: ["book a call"]) with { Name = "pricing-reply" };

        var card = MessageJudge.Judge(Reply, Shopper, rubric);

        Assert.That(card.Rubric, Is.EqualTo("pricing-reply"));
        Assert.That(card.Parts.Single(p => p.Name == Parts.Phrases).Score, Is.EqualTo(10));
        Assert.That(card.Score, Is.EqualTo(MessageJudge.Composite(card.Parts, rubric)));
    }

    private static bool SamePart(CardPart a, CardPart b) =>
        a.Name == b.Name && a.Value == b.Value && a.Score == b.Score && a.Evidence.SequenceEqual(b.Evidence);
}
