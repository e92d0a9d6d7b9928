using MysteryShopper.Execution;
using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Reporting.Overview;

/// <summary>
/// What the overview needs of one probe, each time measured from one stated moment: when the shopper sent the form or
/// the email (<see cref="SentAt"/>), so "time to first email" and "first human reply" never mix starting points.
/// </summary>
public sealed record ProbeFacts(ProbeResult Probe)
{
    public string TargetId => Probe.Record.TargetId;
    public string TargetName => Probe.Record.TargetName;
    public string Role => Probe.Record.TargetRole;
    public string Scenario => Probe.Record.Scenario;

    /// <summary>Not decided yet: neither a success nor a failure of the journey.</summary>
    public bool Awaiting => Probe.IsAwaiting;

    /// <summary>Every non-optional step of the journey passed.</summary>
    public bool JourneyCompleted => Probe.Record.JourneyCompleted;

    /// <summary>An enquiry asks the company something (its scenario has questions): reply measures count only these.</summary>
    public bool IsEnquiry => Probe.Record.QuestionId is not null;

    /// <summary>When the shopper sent the enquiry or the form (the submitting click); null when the probe never sent anything.</summary>
    public DateTimeOffset? SentAt { get; } = Sent(Probe.Record).At;

    /// <summary>What <see cref="SentAt"/> is, in words to follow "after": "the form was sent", "the email was sent".</summary>
    public string SentWhat { get; } = Sent(Probe.Record).What;

    /// <summary>Seconds from the submitting click to the confirmation page (the built-in <c>submit_response</c>).</summary>
    public double? ConfirmationSeconds => Probe.Verdict.Metric("submit_response")?.Value;

    /// <summary>Seconds from <see cref="SentAt"/> to the first email of any kind.</summary>
    public double? FirstEmailSeconds => SentAt is { } sent && Probe.Record.Emails.Where(e => e.ReceivedAt >= sent).MinBy(e => e.ReceivedAt) is { } first
        ? (first.ReceivedAt - sent).TotalSeconds
        : null;

    /// <summary>The first message a person wrote (card kind human) after <see cref="SentAt"/>.</summary>
    public ReceivedEmail? FirstHumanReply => SentAt is { } sent
        ? Probe.Record.Emails.Where(e => e.ReceivedAt >= sent && KindOf(e) == MessageKind.Human).MinBy(e => e.ReceivedAt)
        : null;

    /// <summary>Seconds from <see cref="SentAt"/> to <see cref="FirstHumanReply"/>.</summary>
    public double? ReplySeconds => FirstHumanReply is { } reply && SentAt is { } sent ? (reply.ReceivedAt - sent).TotalSeconds : null;

    /// <summary>
    /// How long the probe has watched for a reply, from <see cref="SentAt"/> to when it finished (or parked, while it
    /// awaits). An unanswered enquiry is censored here, which is what lets reply curves count silence.
    /// </summary>
    public double? WindowSeconds => SentAt is { } sent ? Math.Max(0, (Probe.Record.FinishedAt - sent).TotalSeconds) : null;

    /// <summary>The kind of the first message after <see cref="SentAt"/> (an acknowledgement is auto or human); null when none came.</summary>
    public MessageKind? FirstResponseKind => SentAt is { } sent && Probe.Record.Emails.Where(e => e.ReceivedAt >= sent).MinBy(e => e.ReceivedAt) is { } first ? KindOf(first) : null;

    /// <summary>The first human reply answered every question (its card says answered: full).</summary>
    public bool AnsweredAll => FirstHumanReply is { } reply && Probe.Verdict.Cards.FirstOrDefault(c => c.Id == reply.Id)?.Card.Answered == Answer.Full;

    /// <summary>The company wrote again after its answer, unprompted (the built-in <c>follow_ups</c>).</summary>
    public bool FollowedUp => Probe.Verdict.Metric("follow_ups")?.Value > 0;

    public double? ExperienceScore => Probe.IsAwaiting ? null : Probe.Verdict.Experience?.Score;

    private MessageKind? KindOf(ReceivedEmail email) => Probe.Verdict.Cards.FirstOrDefault(c => c.Id == email.Id)?.Card.Kind ?? email.Kind;

    private static (DateTimeOffset? At, string What) Sent(ProbeRecord record)
    {
        if (record.Observations.FirstOrDefault(o => o.Kind == ObservationKind.EmailSent) is { } email)
        {
            return (email.At, "the email was sent");
        }

        // The confirmation's observation carries the seconds since the submitting click.
        if (record.Observations.FirstOrDefault(o => o.Kind == ObservationKind.SubmitResponse) is { Value: { } seconds } response)
        {
            return (response.At - TimeSpan.FromSeconds(seconds), "the form was sent");
        }

        return (null, "the probe started");
    }
}
