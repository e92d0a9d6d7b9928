using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;
using MysteryShopper.Storage;

namespace MysteryShopper.Tests.Judging;

/// <summary>Judge.Evaluate with cards: every message judged, the scenario's rubric changes, follow-ups and experience. Pure.</summary>
public sealed class JudgeCardsTests
{
    private const string Answer = "Hi Alex,\n\nYes, we offer an annual plan: it costs $900 a year, two months free.\n\nBest regards,\nEmma Clarke";

    private static ScenarioDefinition Scenario(string judge = "answer: { covers: question }") => SuiteLoader.Load(
    [
        new SourceFile("targets.yaml", "targets: { own: { role: own, url: 'https://own.example' } }"),
        new SourceFile("personas.yaml", "personas: { default: { name: Alex Morgan } }"),
        new SourceFile("s.yaml", $$"""
            name: ask
            targets: [own]
            questions:
              - text: "Do you offer an annual plan?"
                must_cover: [annual]
            journey:
              - mark: asked
              - expect_email: { as: answer, within: 1d }
            judge:
              {{judge}}
            """),
    ]).Suite!.Scenarios[0];

    private static ReceivedEmail Email(string subject, double seconds, string text = Answer, string from = "Emma Clarke <emma@own.example>") =>
        Some.Email(subject, seconds, text) with { From = from };

    private static ProbeRecord Record(IReadOnlyList<ReceivedEmail> emails, string? answerId = null, params Observation[] observations) => new()
    {
        ProbeId = "ask/own/default",
        Scenario = "ask",
        ScenarioFile = "s.yaml",
        TargetId = "own",
        TargetName = "Own",
        TargetRole = "own",
        TargetUrl = "https://own.example",
        Persona = "default",
        FirstName = "Alex",
        Email = "shopper+tok@inbox.mshop.test",
        Token = "tok",
        QuestionId = "q1",
        QuestionText = "Do you offer an annual plan?",
        StartedAt = Some.Start,
        FinishedAt = Some.Start.AddHours(1),
        JourneyCompleted = true,
        Observations = [new Observation(ObservationKind.Mark, Some.Start.AddSeconds(1)) { Name = "asked" }, .. observations],
        Emails = emails,
        NamedEmails = answerId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["answer"] = answerId },
        Screenshots = [],
    };

    [Test]
    public void Evaluate_EveryMessage_HasACardWithEvidenceAndTheNameAStepGaveIt()
    {
        var ack = Email("We got your message", 5, "Thanks for contacting us. This is an automated reply; we will get back to you soon.", "Own <noreply@own.example>");
        var answer = Email("Re: Annual plan", 60);

        var verdict = Judge.Evaluate(Scenario(), null, Record([ack, answer], answer.Id));

        Assert.That(verdict.Cards.Select(c => (c.Id, c.As)), Is.EqualTo(new[] { (ack.Id, (string?)null), (answer.Id, "answer") }));
        Assert.That(verdict.Cards.Select(c => c.Subject), Is.EqualTo(new[] { ack.Subject, answer.Subject }));
        Assert.That(verdict.Cards.SelectMany(c => c.Card.Parts).Where(p => p.Name is Parts.Kind or Parts.Answered or Parts.Personal).Select(p => p.Evidence), Has.All.Not.Empty, "each part says what decided it");
        var card = verdict.Cards[1].Card;
        Assert.That(card.Answered, Is.EqualTo(MysteryShopper.Judging.Quality.Answer.Full));
        Assert.That(card.Personal, Is.True);
    }

    [Test]
    public void Evaluate_JudgedEmail_QualityAnsweredPlaceholderAndUnsubscribeMetrics()
    {
        var answer = Email("Re: Annual plan", 60);

        var verdict = Judge.Evaluate(Scenario(), null, Record([answer], answer.Id));

        var card = verdict.Cards.Single().Card;
        Assert.That(verdict.Metric("answer.quality")!.Value, Is.EqualTo(card.Score));
        Assert.That(verdict.Metric("answer.answered")!.Value, Is.EqualTo(1));
        Assert.That(verdict.Metric("answer.covered")!.Value, Is.EqualTo(1));
        Assert.That(verdict.Metric("answer.personal")!.Value, Is.EqualTo(1));
        Assert.That(verdict.Metric("answer.unfilled_placeholder")!.Value, Is.Zero);
        Assert.That(verdict.Metric("answer.one_click_unsubscribe"), Is.EqualTo(new MetricValue("answer.one_click_unsubscribe", null, false, "not marketing mail")));
    }

    [Test]
    public void Evaluate_MessageTwoStepsNamed_IsJudgedAndGradedUnderTheNameTheJudgeEntryGives()
    {
        // As Brightwave's welcome is both the newsletter journey's first_email and its welcome.
        var answer = Email("Re: Annual plan", 60);
        var record = Record([answer]) with { NamedEmails = new Dictionary<string, string> { ["first"] = answer.Id, ["answer"] = answer.Id } };

        var verdict = Judge.Evaluate(Scenario("answer: { rubric: reply, weights: { answered: 100 } }"), null, record);

        var card = verdict.Cards.Single();
        Assert.That(card.As, Is.EqualTo("answer"));
        Assert.That(verdict.Experience!.NotReceived, Is.Zero);
        Assert.That(verdict.Experience.Score, Is.EqualTo(card.Card.Score));
        Assert.That(verdict.Metric("answer.quality")!.Value, Is.EqualTo(card.Card.Score));
    }

    [Test]
    public void Evaluate_JudgedEmailNeverCame_MetricsMissingAndExperienceIsADetractorZero()
    {
        var verdict = Judge.Evaluate(Scenario(), null, Record([]));

        Assert.That(verdict.Metric("answer.quality"), Is.EqualTo(new MetricValue("answer.quality", null, false, "'answer' was not received")));
        Assert.That(verdict.Experience, Is.EqualTo(new ProbeExperience(0, Grade.Detractor, 1, 1)));
        Assert.That(verdict.Cards, Is.Empty);
    }

    [Test]
    public void Evaluate_ScenarioWithoutJudge_NotGraded()
    {
        var scenario = Scenario() with { Judging = [] };
        var answer = Email("Re: Annual plan", 60);

        var verdict = Judge.Evaluate(scenario, null, Record([answer], answer.Id));

        Assert.That(verdict.Experience, Is.Null);
        Assert.That(verdict.Cards, Has.Count.EqualTo(1), "every message still gets a card");
        Assert.That(verdict.Cards[0].Card.Rubric, Is.EqualTo(Rubrics.Reply));
    }

    [Test]
    public void Evaluate_ScenarioWeightsAndForbiddenPhrase_ChangeTheComposite()
    {
        var answer = Email("Re: Annual plan", 60);
        var plain = Judge.Evaluate(Scenario("answer: { rubric: reply }"), null, Record([answer], answer.Id)).Cards.Single().Card;

        var weighed = Judge.Evaluate(Scenario("answer: { rubric: reply, weights: { answered: 100 }, forbidden: [\"two months free\"] }"), null, Record([answer], answer.Id)).Cards.Single().Card;

        Assert.That(weighed.Score, Is.Not.EqualTo(plain.Score));
        Assert.That(weighed.Parts.Single(p => p.Name == Parts.Phrases).Evidence, Has.Some.Contains("two months free"));
    }

    [Test]
    public void Evaluate_RubricOverride_JudgesEveryCardByIt()
    {
        var answer = Email("Re: Annual plan", 60);
        var other = Email("Also", 90);

        var verdict = Judge.Evaluate(Scenario(), null, Record([answer, other], answer.Id), new MailEvidence { Rubric = Rubrics.Builtin(Rubrics.Marketing) });

        Assert.That(verdict.Cards.Select(c => c.Card.Rubric), Is.All.EqualTo(Rubrics.Marketing));
    }

    [Test]
    public void Evaluate_LetterFromRawMime_IsJudgedInsteadOfTheReading()
    {
        var answer = Email("Re: Annual plan", 60);
        var raw = new Letter { Subject = answer.Subject, From = "emma@own.example", FromName = "Emma Clarke", Text = "Hi {{first_name}},\n\nYes, the annual plan costs $900.\n\nBest,\nEmma" };

        var verdict = Judge.Evaluate(Scenario(), null, Record([answer], answer.Id), new MailEvidence { Letters = new Dictionary<string, Letter> { [answer.Id] = raw } });

        Assert.That(verdict.Cards.Single().Card.UnfilledPlaceholder, Is.True);
        Assert.That(verdict.Metric("answer.unfilled_placeholder")!.Value, Is.EqualTo(1));
    }

    [Test]
    public void Evaluate_StoredChecks_KeptWithTheCardAndUsedByDeliverability()
    {
        var answer = Email("Re: Annual plan", 60);
        var checks = new DeliveryChecks { SpamScore = 9, SpamRules = ["BAYES_99"] };

        var verdict = Judge.Evaluate(Scenario(), null, Record([answer], answer.Id), new MailEvidence { Checks = new Dictionary<string, DeliveryChecks> { [answer.Id] = checks } });

        Assert.That(verdict.Cards.Single().Checks, Is.SameAs(checks));
        Assert.That(verdict.Cards.Single().Card.Parts.Single(p => p.Name == Parts.Deliverability).Score, Is.LessThan(10));
    }

    [Test]
    public void Evaluate_FollowUps_CountTimeAndIntervalLeavingOutPromptedReplies()
    {
        var ack = Email("Received", 5, "This is an automated reply: we received your message.", "Own <noreply@own.example>");
        var answer = Email("Re: Annual plan", 60);
        var first = Email("Any questions?", 3660, "Hi Alex,\n\nJust checking in on the annual plan.\n\nBest,\nEmma Clarke");
        var prompted = Email("Re: one more thing", 5000) with { InReplyTo = ["<sent-later@inbox.mshop.test>"] };
        var second = Email("Still interested?", 7260, "Hi Alex,\n\nShall we talk?\n\nBest,\nEmma Clarke");
        var sent = new Observation(ObservationKind.EmailSent, Some.Start.AddSeconds(4000)) { Name = "nudge", Detail = "sales@own.example <sent-later@inbox.mshop.test>" };

        var verdict = Judge.Evaluate(Scenario(), null, Record([ack, answer, first, prompted, second], answer.Id, sent));

        Assert.That(verdict.Metric("follow_ups")!.Value, Is.EqualTo(2));
        Assert.That(verdict.Metric("time_to_follow_up")!.Value, Is.EqualTo(3600));
        Assert.That(verdict.Metric("follow_up_interval")!.Value, Is.EqualTo(3600));
    }

    [Test]
    public void Evaluate_MailAfterTheProbeOpenedALinkFromIt_IsPromptedNotAFollowUp()
    {
        // A double opt-in: the confirmation request, the probe's click, then the welcome the click asked for.
        var confirm = Email("Please confirm your subscription", 5, "Hello,\n\nPlease confirm: https://own.example/confirm?token=1", "Own <news@own.example>");
        var welcome = Email("Welcome to our newsletter", 20, "Hello,\n\nWelcome aboard.", "Own <news@own.example>");
        var offer = Email("This week's offer", 80, "Hello,\n\n20% off this week.", "Own <news@own.example>");
        var clicked = new Observation(ObservationKind.EmailLinkClicked, Some.Start.AddSeconds(10)) { Name = "confirm" };

        var verdict = Judge.Evaluate(Scenario(), null, Record([confirm, welcome, offer], null, clicked));

        Assert.That(verdict.Metric("follow_ups")!.Value, Is.EqualTo(1), "the welcome answers the click; the offer comes unprompted");
        Assert.That(verdict.Metric("time_to_follow_up")!.Value, Is.EqualTo(75));
    }

    [Test]
    public void Evaluate_NoMail_FollowUpsMissingWithAReason()
    {
        var verdict = Judge.Evaluate(Scenario(), null, Record([]));

        Assert.That(new[] { "follow_ups", "time_to_follow_up", "follow_up_interval" }.Select(m => verdict.Metric(m)!), Has.All.Matches<MetricValue>(m => m.Value == null && m.Missing!.Contains("no message came")));
    }

    [Test]
    public void Evaluate_OneFollowUp_IntervalMissing()
    {
        var answer = Email("Re: Annual plan", 60);
        var first = Email("Any questions?", 660);

        var verdict = Judge.Evaluate(Scenario(), null, Record([answer, first], answer.Id));

        Assert.That(verdict.Metric("follow_ups")!.Value, Is.EqualTo(1));
        Assert.That(verdict.Metric("time_to_follow_up")!.Value, Is.EqualTo(600));
        Assert.That(verdict.Metric("follow_up_interval")!.Missing, Is.EqualTo("one follow-up has no interval"));
    }

    [Test]
    public void StoreJson_VerdictWithCards_RoundTripsCardsChecksAndExperience()
    {
        var answer = Email("Re: Annual plan", 60);
        var verdict = Judge.Evaluate(Scenario(), null, Record([answer], answer.Id), new MailEvidence { Checks = new Dictionary<string, DeliveryChecks> { [answer.Id] = new() { DkimVerified = true } } });

        var read = StoreJson.Verdict(StoreJson.Verdict(verdict))!;

        Assert.That(read.Experience, Is.EqualTo(verdict.Experience));
        Assert.That(read.Cards.Single().Checks!.DkimVerified, Is.True);
        Assert.That(read.Cards.Single().Card.Score, Is.EqualTo(verdict.Cards.Single().Card.Score));
        Assert.That(read.Cards.Single().Card.Parts.Select(p => (p.Name, p.Value, p.Score)), Is.EqualTo(verdict.Cards.Single().Card.Parts.Select(p => (p.Name, p.Value, p.Score))));
        Assert.That(read.Cards.Single().Card.Parts.SelectMany(p => p.Evidence), Is.EqualTo(verdict.Cards.Single().Card.Parts.SelectMany(p => p.Evidence)));
    }

    [Test]
    public void StoreJson_VerdictWithoutCards_ReadsWithNone()
    {
        var read = StoreJson.Verdict("""{"passed":true,"metrics":[],"expectations":[],"emails":[]}""")!;

        Assert.That(read.Cards, Is.Empty);
        Assert.That(read.Experience, Is.Null);
    }
}
