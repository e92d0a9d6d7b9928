using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Judging;

/// <summary>A number derived from observations. <see cref="Value"/> is null when it could not be measured.</summary>
public sealed record MetricValue(string Name, double? Value, bool IsDuration, string? Missing = null)
{
    /// <summary>
    /// The value is an upper bound: a receive time known only to the second (IMAP's INTERNALDATE) may lie before the
    /// start, so the true duration is somewhere from 0 to <see cref="Value"/> ("under 1 s", never "0 s").
    /// </summary>
    public bool UpperBound { get; init; }
}

/// <summary>How one expectation came out, with the reason in words. A failed <see cref="Warning"/> does not fail the probe.</summary>
public sealed record ExpectationResult(string Metric, string Threshold, double? Actual, bool Passed, string Reason)
{
    public bool Warning { get; init; }

    /// <summary>Where the expectation is written in its scenario file (CI points a failure there); null in verdicts stored before it was kept.</summary>
    public int? Line { get; init; }

    /// <inheritdoc cref="Line"/>
    public int? Column { get; init; }
}

/// <summary>What a named email was like, in the terms a CX lead asks about.</summary>
public sealed record EmailSummary(string As, string Subject, string From, double SecondsAfterStart, bool Personal, bool Unsubscribe, bool Automated);

/// <summary>
/// The quality card of one received message, with what identifies the message to a reader (the step that named it,
/// subject, sender, time) and the checks made outside it when it was first judged, so judging it again (another
/// rubric, <c>mshop rejudge</c>) reuses them with neither the network nor the mailbox.
/// </summary>
/// <param name="Id">The message's id: its Message-ID (the store's key), or a hash of it when it has none.</param>
/// <param name="As">The name an <c>expect_email</c> step gave it (<c>as:</c>), or null when no step named it.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="From">Its sender.</param>
/// <param name="ReceivedAt">When the mail server received it.</param>
/// <param name="Card">Its quality card.</param>
public sealed record MailCard(string Id, string? As, string Subject, string From, DateTimeOffset ReceivedAt, MessageCard Card)
{
    /// <summary>What was checked outside the message (DKIM, SpamAssassin), or null when nothing was.</summary>
    public DeliveryChecks? Checks { get; init; }
}

/// <summary>
/// A probe's experience: the mean composite of the emails its scenario judges (one that never came scores 0: no
/// reply is the worst experience), and its Net Promoter bucket.
/// </summary>
/// <param name="Score">The mean composite, 0–10.</param>
/// <param name="Grade">Its Net Promoter bucket.</param>
/// <param name="Judged">How many emails the scenario judges.</param>
/// <param name="NotReceived">How many of them never came (each scored 0).</param>
public sealed record ProbeExperience(double Score, Grade Grade, int Judged, int NotReceived);

/// <summary>The judgement of one probe: a pure function of its record, its scenario and its messages.</summary>
public sealed record ProbeVerdict(bool Passed, IReadOnlyList<MetricValue> Metrics, IReadOnlyList<ExpectationResult> Expectations, IReadOnlyList<EmailSummary> Emails)
{
    /// <summary>The card of every message attributed to the probe, oldest first.</summary>
    public IReadOnlyList<MailCard> Cards
    {
        get => _cards;

        // A verdict stored before cards existed has none: the source-generated reader then passes null.
        init => _cards = value ?? [];
    }

    private readonly IReadOnlyList<MailCard> _cards = [];

    /// <summary>The probe's experience grade; null when its scenario judges no email (or it was a dry run).</summary>
    public ProbeExperience? Experience { get; init; }

    public MetricValue? Metric(string name) => Metrics.FirstOrDefault(m => m.Name == name);
}

/// <summary>
/// What judging a probe's mail takes besides its record, loaded by the caller so <see cref="Judge.Evaluate"/> stays
/// pure: each message as a <see cref="Letter"/> read from its raw MIME, the checks made outside it, the shopper's full
/// name, and a rubric that replaces every card's own (<c>mshop rejudge --rubric</c>).
/// </summary>
public sealed record MailEvidence
{
    public static MailEvidence None { get; } = new();

    /// <summary>Letters by <see cref="ReceivedEmail.Id"/>; a message not here is judged from the bot's reading of it.</summary>
    public IReadOnlyDictionary<string, Letter> Letters { get; init; } = new Dictionary<string, Letter>();

    /// <summary>Checks by <see cref="ReceivedEmail.Id"/>.</summary>
    public IReadOnlyDictionary<string, DeliveryChecks> Checks { get; init; } = new Dictionary<string, DeliveryChecks>();

    /// <summary>The persona's full name, for greetings by full name.</summary>
    public string FullName { get; init; } = "";

    /// <summary>When set, every card is judged by this rubric instead of its scenario's or its kind's.</summary>
    public Rubric? Rubric { get; init; }
}

public static class Judge
{
    /// <param name="scenario">The scenario the probe ran (its measures, judging and expectations).</param>
    /// <param name="target">The target, for business-hours measures (its time zone and hours).</param>
    /// <param name="record">What the bots recorded.</param>
    /// <param name="mail">The messages as letters, their checks and the rubric override; none: each message is judged from its reading.</param>
    public static ProbeVerdict Evaluate(ScenarioDefinition scenario, TargetDefinition? target, ProbeRecord record, MailEvidence? mail = null)
    {
        var cards = Cards(scenario, record, mail ?? MailEvidence.None);
        var metrics = scenario.Measures.Select(m => Measure(m, target, record)).ToList();
        metrics.AddRange(BuiltIns(record));
        metrics.AddRange(FollowUps(record, cards));
        metrics.AddRange(record.Observations.Where(o => o.Kind == ObservationKind.EmailsCollected).Select(o => new MetricValue($"{o.Name}.count", o.Value, false)));
        foreach (var judged in scenario.Judging)
        {
            metrics.AddRange(JudgeEmail(judged, scenario, record, cards));
        }

        var expectations = scenario.Expectations.Select(e => Check(e, metrics.FirstOrDefault(m => m.Name == e.Metric) ?? new MetricValue(e.Metric, null, false, "the step that gives it did not run"))).ToList();
        var emails = record.NamedEmails
            .Select(n => (As: n.Key, Email: record.Emails.FirstOrDefault(e => e.Id == n.Value)))
            .Where(n => n.Email is not null)
            .Select(n => Summarise(n.As, n.Email!, record))
            .OrderBy(s => s.SecondsAfterStart)
            .ToList();
        if (record.DryRunStoppedBefore is not null)
        {
            // A dry run measures nothing it could be judged on: it passes when it reached the first submit.
            return new ProbeVerdict(record.JourneyCompleted, metrics, [], emails) { Cards = cards };
        }

        return new ProbeVerdict(record.JourneyCompleted && expectations.All(e => e.Passed || e.Warning), metrics, expectations, emails)
        {
            Cards = cards,
            Experience = Experience(scenario, record, cards),
        };
    }

    /// <summary>The card of every message, oldest first: a message a judge entry names is weighed by that entry's rubric, any other by its kind's.</summary>
    private static List<MailCard> Cards(ScenarioDefinition scenario, ProbeRecord record, MailEvidence mail)
    {
        // A message two steps named (Brightwave's welcome is also its first email) is weighed by the name a judge
        // entry judges, and shown by it.
        var names = record.NamedEmails.GroupBy(n => n.Value, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(n => n.Key).FirstOrDefault(name => scenario.Judging.Any(j => j.Email == name)) ?? g.First().Key,
            StringComparer.Ordinal);
        var question = scenario.Questions.FirstOrDefault(q => q.Id == record.QuestionId);
        var context = new JudgeContext
        {
            Question = record.QuestionText ?? question?.Text,
            MustCover = question?.MustCover ?? [],
            FirstName = record.FirstName,
            FullName = mail.FullName,
        };
        var cards = new List<MailCard>();
        foreach (var email in record.Emails.OrderBy(e => e.ReceivedAt).DistinctBy(e => e.Id))
        {
            var letter = mail.Letters.GetValueOrDefault(email.Id) ?? Letters.From(email);
            var checks = mail.Checks.GetValueOrDefault(email.Id);
            var name = names.GetValueOrDefault(email.Id);
            var judged = name is null ? null : scenario.Judging.FirstOrDefault(j => j.Email == name);
            var card = MessageJudge.Judge(letter, context, mail.Rubric ?? RubricOf(judged, letter), checks);
            cards.Add(new MailCard(email.Id, name, email.Subject, email.From, email.ReceivedAt, card) { Checks = checks });
        }

        return cards;
    }

    /// <summary>A judge entry's rubric with its changes; null (the kind's built-in) for a message no entry judges.</summary>
    private static Rubric? RubricOf(JudgeDefinition? judged, Letter letter)
    {
        if (judged is null)
        {
            return null;
        }

        var rubric = Rubrics.Builtin(judged.Rubric) ?? Rubrics.For(MessageKinds.Judge(letter).Kind);
        return judged.Weights.Count == 0 && judged.Required.Count == 0 && judged.Forbidden.Count == 0
            ? rubric
            : rubric.With(judged.Weights, judged.Required, judged.Forbidden);
    }

    /// <summary>
    /// Whether the company wrote again unprompted after its answer (the first human message, else the first message):
    /// the messages after it that answer nothing the probe sent after it, the time to the first, and their mean gap.
    /// </summary>
    private static IEnumerable<MetricValue> FollowUps(ProbeRecord record, List<MailCard> cards)
    {
        var answer = cards.FirstOrDefault(c => c.Card.Kind == MessageKind.Human) ?? cards.FirstOrDefault();
        if (answer is null)
        {
            const string none = "no message came, so nothing could follow an answer";
            yield return new MetricValue("follow_ups", null, false, none);
            yield return new MetricValue("time_to_follow_up", null, true, none);
            yield return new MetricValue("follow_up_interval", null, true, none);
            yield break;
        }

        // A reply to something the probe wrote after the answer was prompted, so it is not a follow-up.
        var askedAfter = record.Observations
            .Where(o => o.Kind == ObservationKind.EmailSent && o.At > answer.ReceivedAt && o.Detail is not null)
            .Select(o => o.Detail![(o.Detail!.LastIndexOf(' ') + 1)..].Trim('<', '>'))
            .ToHashSet(StringComparer.Ordinal);
        var replies = record.Emails.GroupBy(e => e.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().InReplyTo, StringComparer.Ordinal);
        var later = cards.Skip(cards.IndexOf(answer) + 1).ToList();
        // So is the first message after the probe opened a link from its mail (a confirmation brings the welcome).
        var afterClicks = record.Observations
            .Where(o => o.Kind == ObservationKind.EmailLinkClicked && o.At > answer.ReceivedAt)
            .Select(o => later.FirstOrDefault(c => c.ReceivedAt >= o.At)?.Id)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var followUps = later
            .Where(c => !afterClicks.Contains(c.Id) && !replies.GetValueOrDefault(c.Id, []).Any(id => askedAfter.Contains(id.Trim('<', '>'))))
            .ToList();
        yield return new MetricValue("follow_ups", followUps.Count, false);
        yield return followUps.Count == 0
            ? new MetricValue("time_to_follow_up", null, true, "nothing followed the answer unprompted")
            : new MetricValue("time_to_follow_up", Math.Max(0, (followUps[0].ReceivedAt - answer.ReceivedAt).TotalSeconds), true);
        yield return followUps.Count < 2
            ? new MetricValue("follow_up_interval", null, true, followUps.Count == 0 ? "nothing followed the answer unprompted" : "one follow-up has no interval")
            : new MetricValue("follow_up_interval", (followUps[^1].ReceivedAt - followUps[0].ReceivedAt).TotalSeconds / (followUps.Count - 1), true);
    }

    /// <summary>The mean composite of the judged emails (0 for one that never came); null when the scenario judges none.</summary>
    private static ProbeExperience? Experience(ScenarioDefinition scenario, ProbeRecord record, List<MailCard> cards)
    {
        if (scenario.Judging.Count == 0)
        {
            return null;
        }

        var scores = scenario.Judging.Select(j => record.NamedEmails.TryGetValue(j.Email, out var id) ? cards.FirstOrDefault(c => c.Id == id)?.Card.Score : null).ToList();
        var score = Math.Round(scores.Average(s => s ?? 0), 1, MidpointRounding.AwayFromZero);
        return new ProbeExperience(score, Grades.Of(score), scores.Count, scores.Count(s => s is null));
    }

    /// <summary>The metrics every probe has: mail, friction (fields, required fields, steps, CAPTCHA, double opt-in) and page timings.</summary>
    private static IEnumerable<MetricValue> BuiltIns(ProbeRecord record)
    {
        var observations = record.Observations;
        int Count(ObservationKind kind) => observations.Count(o => o.Kind == kind);
        var linksClicked = Count(ObservationKind.EmailLinkClicked);
        var response = observations.FirstOrDefault(o => o.Kind == ObservationKind.SubmitResponse);
        var passedActions = observations.Where(o => o.Kind == ObservationKind.StepPassed && o.Name is "fill" or "type" or "select" or "check" or "uncheck" or "click" or "press" or "hover" or "goto");
        var firstPage = observations.FirstOrDefault(o => o.Kind == ObservationKind.PageTiming)?.Numbers;
        double? Page(string key, double scale) => firstPage is not null && firstPage.TryGetValue(key, out var v) ? v * scale : null;

        yield return new MetricValue("emails_received", record.Emails.Count, false);
        yield return new MetricValue("email_links_clicked", linksClicked, false);
        yield return new MetricValue("double_opt_in", linksClicked > 0 ? 1 : 0, false);
        yield return new MetricValue("submit_response", response?.Value, true, "no confirmation followed a submitting step");
        yield return new MetricValue("fields_filled", passedActions.Count(o => o.Name is "fill" or "type" or "select" or "check" or "uncheck"), false);
        yield return new MetricValue("required_fields", observations.FirstOrDefault(o => o.Kind == ObservationKind.FormInspected)?.Value, false, "no submitting step ran");
        yield return new MetricValue("steps_to_confirmation", response is null ? null : passedActions.Count(o => o.At <= response.At), false, "no confirmation followed a submitting step");
        yield return new MetricValue("captcha_detected", Count(ObservationKind.CaptchaDetected) > 0 ? 1 : 0, false);
        yield return new MetricValue("console_errors", Count(ObservationKind.ConsoleError), false);
        yield return new MetricValue("failed_requests", Count(ObservationKind.RequestFailed), false);
        yield return new MetricValue("dialogs", Count(ObservationKind.Dialog), false);
        yield return new MetricValue("page_load", Page("load_ms", 0.001), true, "no page was loaded");
        yield return new MetricValue("lcp", Page("lcp_ms", 0.001), true, "the browser reported no largest contentful paint");
        yield return new MetricValue("cls", Page("cls", 1), false, "no page was loaded");
    }

    /// <summary>
    /// A judged email's metrics: its card's composite (quality), how far it answered, whether it has an unfilled
    /// placeholder or a one-click unsubscribe, the share of must_cover terms it mentions, and a greeting by name.
    /// </summary>
    private static IEnumerable<MetricValue> JudgeEmail(JudgeDefinition judged, ScenarioDefinition scenario, ProbeRecord record, List<MailCard> cards)
    {
        var email = record.NamedEmails.TryGetValue(judged.Email, out var id) ? record.Emails.FirstOrDefault(e => e.Id == id) : null;
        var missing = email is null ? $"'{judged.Email}' was not received" : null;
        var card = email is null ? null : cards.FirstOrDefault(c => c.Id == email.Id)?.Card;
        yield return new MetricValue($"{judged.Email}.quality", card?.Score, false, missing);
        yield return new MetricValue($"{judged.Email}.answered", card?.Answered switch { Answer.Full => 1, Answer.Partial => 0.5, Answer.None => 0, _ => null }, false,
            missing ?? (card?.Answered is null ? card?.Kind == MessageKind.Marketing ? "marketing mail answers nothing" : "nothing was asked" : null));
        yield return new MetricValue($"{judged.Email}.unfilled_placeholder", card is null ? null : card.UnfilledPlaceholder ? 1 : 0, false, missing);
        yield return new MetricValue($"{judged.Email}.one_click_unsubscribe", card?.OneClickUnsubscribe is { } oneClick ? oneClick ? 1 : 0 : null, false,
            missing ?? (card?.OneClickUnsubscribe is null ? "not marketing mail" : null));
        var question = scenario.Questions.FirstOrDefault(q => q.Id == record.QuestionId);
        double? covered = null;
        if (email is not null && question is { MustCover.Count: > 0 })
        {
            var text = email.Subject + "\n" + email.Text;
            covered = question.MustCover.Count(t => t.AllForms.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase))) / (double)question.MustCover.Count;
        }

        yield return new MetricValue($"{judged.Email}.covered", covered, false, missing ?? (covered is null ? "the question has no must_cover terms" : null));
        yield return new MetricValue($"{judged.Email}.personal", email is null ? null : IsPersonal(email, record) ? 1 : 0, false, missing);
    }

    private static bool IsPersonal(ReceivedEmail email, ProbeRecord record) =>
        record.FirstName.Length > 0 && (email.Subject + " " + email.Text).Contains(record.FirstName, StringComparison.OrdinalIgnoreCase);

    private static MetricValue Measure(MeasureDefinition measure, TargetDefinition? target, ProbeRecord record)
    {
        var end = Find(measure.Expression.End, record);
        var start = Find(measure.Expression.Start, record);
        var resolution = measure.Expression.End.Property == "received" && record.NamedEmails.TryGetValue(measure.Expression.End.Name, out var endId)
            ? record.Emails.FirstOrDefault(e => e.Id == endId)?.ReceivedAtResolution ?? TimeSpan.Zero
            : TimeSpan.Zero;
        if (end is null || start is null)
        {
            var missing = end is null ? measure.Expression.End : measure.Expression.Start;
            return new MetricValue(measure.Name, null, true, $"'{missing}' did not happen");
        }

        if (measure.BusinessHours)
        {
            if (target?.BusinessHours is not { } hours)
            {
                return new MetricValue(measure.Name, null, true, $"target '{record.TargetId}' has no business_hours");
            }

            var zone = TimeZoneInfo.FindSystemTimeZoneById(target.TimeZone);
            return new MetricValue(measure.Name, hours.Between(start.Value, end.Value, zone).TotalSeconds, true);
        }

        var seconds = (end.Value - start.Value).TotalSeconds;
        if (seconds < 0)
        {
            // Never a negative or clamped figure: the clocks disagree, and the report says so.
            return new MetricValue(measure.Name, null, true, $"'{measure.Expression.End}' is {Duration.Format(start.Value - end.Value)} before '{measure.Expression.Start}' by the mail server's clock");
        }

        var upperBound = resolution > TimeSpan.Zero && end.Value - resolution < start.Value;
        if (measure.Expression.End.Property is null && measure.Expression.Start.Property is null)
        {
            // Between two marks the bot itself pauses to take evidence; that time is not the site's.
            seconds -= record.Observations
                .Where(o => o.Kind == ObservationKind.Screenshot && o.At >= start.Value && o.At < end.Value)
                .Sum(o => o.Value ?? 0);
        }

        return new MetricValue(measure.Name, Math.Max(0, seconds), true) { UpperBound = upperBound };
    }

    private static DateTimeOffset? Find(Moment moment, ProbeRecord record) =>
        When(moment, record.StartedAt, record.Observations, name =>
            record.NamedEmails.TryGetValue(name, out var id) ? record.Emails.FirstOrDefault(e => e.Id == id)?.ReceivedAt : null);

    /// <summary>
    /// When a moment of a journey happened: <c>probe.started</c>, <c>NAME.sent</c>, <c>NAME.received</c> (by
    /// <paramref name="receivedAt"/>), else a mark (unsubscribe's <c>as</c> is one); null when it has not. Measures and
    /// <c>expect_no_email</c> both find their moments here.
    /// </summary>
    public static DateTimeOffset? When(Moment moment, DateTimeOffset startedAt, IEnumerable<Observation> observations, Func<string, DateTimeOffset?> receivedAt) => moment switch
    {
        { Name: "probe", Property: "started" } => startedAt,
        { Property: "sent" } => observations.FirstOrDefault(o => o.Kind == ObservationKind.EmailSent && o.Name == moment.Name)?.At,
        { Property: "received" } => receivedAt(moment.Name),
        _ => observations.FirstOrDefault(o => o.Kind == ObservationKind.Mark && o.Name == moment.Name)?.At,
    };

    private static ExpectationResult Check(ExpectationDefinition expectation, MetricValue metric)
    {
        var warning = expectation.Severity == Severity.Warn;
        var (line, column) = (expectation.Place.Line, expectation.Place.Column);
        if (metric.Value is not { } actual)
        {
            return new ExpectationResult(expectation.Metric, expectation.Threshold.Text, null, false, $"not measured: {metric.Missing}") { Warning = warning, Line = line, Column = column };
        }

        var shown = metric.IsDuration ? Duration.Format(TimeSpan.FromSeconds(actual)) : actual.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var passed = expectation.Threshold.IsMetBy(actual);
        return new ExpectationResult(expectation.Metric, expectation.Threshold.Text, actual, passed,
            passed ? $"{shown} meets {expectation.Threshold}" : $"{shown} does not meet {expectation.Threshold}") { Warning = warning, Line = line, Column = column };
    }

    private static EmailSummary Summarise(string name, ReceivedEmail email, ProbeRecord record) => new(
        name,
        email.Subject,
        email.From,
        (email.ReceivedAt - record.StartedAt).TotalSeconds,
        Personal: IsPersonal(email, record),
        Unsubscribe: email.Headers.ContainsKey("List-Unsubscribe"),
        Automated: AutoReply.IsAutomated(email));
}
