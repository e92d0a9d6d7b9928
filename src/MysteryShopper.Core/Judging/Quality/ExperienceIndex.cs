namespace MysteryShopper.Judging.Quality;

/// <summary>
/// One company's experience across a suite, in Net Promoter style: the share of promoter-grade probes (9–10) minus
/// the share of detractor-grade ones (0–6), from −100 to 100, shown with the mean composite and the counts.
/// </summary>
public sealed record ExperienceIndex(double Index, double? MeanScore, int Probes, int Promoters, int Passives, int Detractors)
{
    /// <summary>The index of <paramref name="cards"/> (one company's probes); null when there are none: no index is not 0.</summary>
    public static ExperienceIndex? Of(IReadOnlyCollection<MessageCard> cards) =>
        cards.Count == 0 ? null : From(cards.Select(c => c.Grade).ToList(), Math.Round(cards.Average(c => c.Score), 1, MidpointRounding.AwayFromZero));

    /// <summary>The index of probes' experience scores (0–10 each), with their mean; null when there are none.</summary>
    public static ExperienceIndex? Of(IReadOnlyCollection<double> scores) =>
        scores.Count == 0 ? null : From(scores.Select(Grades.Of).ToList(), Math.Round(scores.Average(), 1, MidpointRounding.AwayFromZero));

    /// <summary>The index of grades alone (no mean composite); null when there are none.</summary>
    public static ExperienceIndex? Of(IReadOnlyCollection<Grade> grades) => grades.Count == 0 ? null : From(grades, null);

    private static ExperienceIndex From(IReadOnlyCollection<Grade> grades, double? mean)
    {
        var promoters = grades.Count(g => g == Grade.Promoter);
        var detractors = grades.Count(g => g == Grade.Detractor);
        var index = Math.Round(100.0 * (promoters - detractors) / grades.Count, 1, MidpointRounding.AwayFromZero);
        return new ExperienceIndex(index, mean, grades.Count, promoters, grades.Count - promoters - detractors, detractors);
    }
}
