using MysteryShopper.Statistics;

namespace MysteryShopper.Reporting.Overview;

/// <summary>One point of a reply curve: the share answered within <see cref="Seconds"/>, with its 95 % band.</summary>
public sealed record ReplyPoint(double Seconds, double Share, double Lower, double Upper);

/// <summary>
/// One company's reply curve: the share of its enquiries a person answered within t (1 − S(t) of the Kaplan–Meier
/// estimate, unanswered enquiries censored at the end of their window), with the Greenwood band.
/// </summary>
public sealed record ReplyCurve(string TargetId, string TargetName, string Role, KaplanMeierCurve Estimate)
{
    public bool IsOwn => Comparison.IsOwnRole(Role);

    /// <summary>The curve's steps as shares answered, in time order.</summary>
    public IReadOnlyList<ReplyPoint> Points => Estimate.Steps.Select(s => new ReplyPoint(s.Time, 1 - s.Survival, 1 - s.Upper, 1 - s.Lower)).ToList();

    /// <summary>The share answered within <paramref name="seconds"/>; null beyond the longest window (the curve cannot say).</summary>
    /// <remarks>When every enquiry was answered, the share is known for any later time too: all of them.</remarks>
    public double? ShareWithin(double seconds) =>
        Estimate.LastTime is { } last && (seconds <= last || Estimate.EventCount == Estimate.Count) ? 1 - Estimate.SurvivalAt(seconds) : null;

    /// <summary>The longest anyone was watched: the curve ends here.</summary>
    public double Horizon => Estimate.LastTime ?? 0;

    /// <summary>A curve per company of the enquiries in <paramref name="facts"/>, own first.</summary>
    public static IReadOnlyList<ReplyCurve> Of(IEnumerable<ProbeFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts
            .Where(f => f.IsEnquiry && f.SentAt is not null)
            .GroupBy(f => f.TargetId, StringComparer.Ordinal)
            .Select(g => new ReplyCurve(g.First().TargetId, g.First().TargetName, g.First().Role,
                KaplanMeier.Estimate(g.Select(f => new SurvivalTime(f.ReplySeconds ?? f.WindowSeconds ?? 0, f.ReplySeconds is not null)))))
            .OrderBy(c => c.IsOwn ? 0 : 1)
            .ToList();
    }
}
