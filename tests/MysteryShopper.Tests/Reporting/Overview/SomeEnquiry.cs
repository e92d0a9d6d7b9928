using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Reporting;

namespace MysteryShopper.Tests.Reporting.Overview;

/// <summary>Enquiry probes built by hand: a question sent by email at 10 s, then the mail that came, each with its card.</summary>
public static class SomeEnquiry
{
    public const double SentAt = 10;

    /// <summary>
    /// One enquiry of <paramref name="targetId"/> watched until <paramref name="watchedFor"/> seconds after sending;
    /// <paramref name="mail"/> are (seconds after sending, kind, answered) of each message.
    /// </summary>
    public static ProbeResult Probe(string targetId, string name, string role, double watchedFor, int sample = 0, bool journeyCompleted = true, double? experience = null, double? followUps = null, params (double After, MessageKind Kind, Answer? Answered)[] mail)
    {
        var token = $"tok-{targetId}-{sample}";
        var emails = mail.Select((m, i) => Some.Email($"Re: question {i}", SentAt + m.After, "Hello", token) with { Id = $"{token}-{i}@x", Kind = m.Kind }).ToList();
        var cards = emails.Select((e, i) => new MailCard(e.Id, null, e.Subject, e.From, e.ReceivedAt, new MessageCard
        {
            Kind = mail[i].Kind,
            Answered = mail[i].Answered,
            Score = 5,
            Rubric = "reply",
            Parts = [],
        })).ToList();
        var record = SomeRun.Record(targetId, name, role, token, "presales-email") with
        {
            ProbeId = $"presales-email--{targetId}--{sample}",
            QuestionId = "annual-plan",
            QuestionText = "Annual plan?",
            JourneyCompleted = journeyCompleted,
            Observations = [new Observation(ObservationKind.ProbeStarted, Some.Start), new Observation(ObservationKind.EmailSent, Some.Start.AddSeconds(SentAt)) { Name = "asked", Detail = "support@x.example" }],
            Emails = emails,
            FinishedAt = Some.Start.AddSeconds(SentAt + watchedFor),
        };
        List<MetricValue> metrics = followUps is { } f ? [new MetricValue("follow_ups", f, false)] : [];
        var verdict = new ProbeVerdict(journeyCompleted, metrics, [], [])
        {
            Cards = cards,
            Experience = experience is { } score ? new ProbeExperience(score, Grades.Of(score), 1, 0) : null,
        };
        return new ProbeResult(record, verdict) { State = journeyCompleted ? "passed" : "timed_out" };
    }
}
