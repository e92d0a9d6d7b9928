namespace MysteryShopper.Judging.Quality;

/// <summary>
/// One company's experience across a suite, in Net Promoter style: the share of promoter-grade probes (9–10) minus
/// the share of detractor-grade ones (0–6), from −100 to 100, shown with the mean composite and the counts.
/// </summary>
public sealed record ExperienceIndex(double Index, double? MeanScore, int Probes, int Promoters, int Passives, int Detractors)
{
    /// <summary>The index of one company's probes' experience scores (0–10 each), with their mean; null when there are none: no index is not 0.</summary>
    public static ExperienceIndex? Of(IReadOnlyCollection<double> scores)
    {
        if (scores.Count == 0)
        {
            return null;
        }

        var grades = scores.Select(Grades.Of).ToList();
        var mean = Math.Round(scores.Average(), 1, MidpointRounding.AwayFromZero);
        var promoters = grades.Count(g => g == Grade.Promoter);
        var detractors = grades.Count(g => g == Grade.Detractor);
        var index = Math.Round(100.0 * (promoters - detractors) / grades.Count, 1, MidpointRounding.AwayFromZero);
        return new ExperienceIndex(index, mean, grades.Count, promoters, grades.Count - promoters - detractors, detractors);
    }
}
