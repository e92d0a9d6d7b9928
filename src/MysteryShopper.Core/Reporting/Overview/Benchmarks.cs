using MysteryShopper.Judging.Quality;
using MysteryShopper.Statistics;

namespace MysteryShopper.Reporting.Overview;

/// <summary>
/// One company's enquiries in the terms published customer-service audits use, so a reader can set them beside a
/// study: reply rate within the window, when replies came (5 min, 1 h, 1–24 h, over 24 h, never), whether the first
/// response was automatic or a person, follow-ups, replies that answered every question, and mean and median reply
/// times. Every time runs from when the enquiry was sent; a "reply" is the first message a person wrote.
/// </summary>
public sealed record BenchmarkMeasures(string TargetId, string TargetName, string Role)
{
    public const double FiveMinutes = 300;
    public const double OneHour = 3600;
    public const double OneDay = 86400;

    public bool IsOwn => Comparison.IsOwnRole(Role);

    public int Enquiries { get; init; }
    public int Replied { get; init; }
    public int Within5Minutes { get; init; }

    /// <summary>Over 5 minutes, up to 1 hour.</summary>
    public int Within1Hour { get; init; }

    /// <summary>Over 1 hour, up to 24 hours.</summary>
    public int Within1To24Hours { get; init; }
    public int Over24Hours { get; init; }

    /// <summary>No reply within the window.</summary>
    public int Never => Enquiries - Replied;

    /// <summary>The first response was automatic (an acknowledgement).</summary>
    public int AcknowledgedAutomatically { get; init; }

    /// <summary>The first response was a person's.</summary>
    public int AcknowledgedByPerson { get; init; }

    /// <summary>Replied enquiries the company wrote about again, unprompted.</summary>
    public int FollowedUp { get; init; }

    /// <summary>Replies that answered every question.</summary>
    public int AnsweredAll { get; init; }

    /// <summary>Mean seconds to a reply, over the replies (silence has no time: see the median from the reply curve).</summary>
    public double? MeanReplySeconds { get; init; }
    public double? MedianReplySeconds { get; init; }

    /// <summary>The Kaplan–Meier median, which counts unanswered enquiries (null when fewer than half were answered).</summary>
    public double? CurveMedianSeconds { get; init; }

    /// <summary>The shortest window any enquiry was watched for: a bucket beyond it could not be seen.</summary>
    public double? ShortestWindowSeconds { get; init; }

    public static double? Rate(int count, int of) => of == 0 ? null : (double)count / of;

    /// <summary>The measures of each company's enquiries in <paramref name="facts"/> (companies without one are left out), own first.</summary>
    public static IReadOnlyList<BenchmarkMeasures> Of(IEnumerable<ProbeFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts
            .Where(f => f.IsEnquiry && f.SentAt is not null && (!f.Awaiting || f.FirstHumanReply is not null))
            .GroupBy(f => f.TargetId, StringComparer.Ordinal)
            .Select(g => Measure(g.ToList()))
            .OrderBy(m => m.IsOwn ? 0 : 1)
            .ToList();
    }

    private static BenchmarkMeasures Measure(List<ProbeFacts> enquiries)
    {
        var replies = enquiries.Select(e => e.ReplySeconds).OfType<double>().ToList();
        var first = enquiries[0];
        return new BenchmarkMeasures(first.TargetId, first.TargetName, first.Role)
        {
            Enquiries = enquiries.Count,
            Replied = replies.Count,
            Within5Minutes = replies.Count(s => s <= FiveMinutes),
            Within1Hour = replies.Count(s => s is > FiveMinutes and <= OneHour),
            Within1To24Hours = replies.Count(s => s is > OneHour and <= OneDay),
            Over24Hours = replies.Count(s => s > OneDay),
            AcknowledgedAutomatically = enquiries.Count(e => e.FirstResponseKind == MessageKind.Auto),
            AcknowledgedByPerson = enquiries.Count(e => e.FirstResponseKind == MessageKind.Human),
            FollowedUp = enquiries.Count(e => e.ReplySeconds is not null && e.FollowedUp),
            AnsweredAll = enquiries.Count(e => e.AnsweredAll),
            MeanReplySeconds = replies.Count == 0 ? null : replies.Average(),
            MedianReplySeconds = Sample.Median(replies),
            CurveMedianSeconds = KaplanMeier.Estimate(enquiries.Select(e => new SurvivalTime(e.ReplySeconds ?? e.WindowSeconds ?? 0, e.ReplySeconds is not null))).Median,
            ShortestWindowSeconds = enquiries.Select(e => e.WindowSeconds).OfType<double>().DefaultIfEmpty().Min(),
        };
    }
}
