namespace MysteryShopper.Statistics;

/// <summary>
/// One subject of a survival analysis: how long it was watched and whether the event (a reply) happened then. A probe
/// that was never answered is <em>censored</em> at the end of its window: we know only that no reply came before it.
/// </summary>
/// <param name="Time">When the event happened, or when watching stopped (censored), from the subject's own start.</param>
/// <param name="Event">True when the event happened at <see cref="Time"/>; false when the subject was censored there.</param>
public readonly record struct SurvivalTime(double Time, bool Event);

/// <summary>The estimate just after one event time: S(t), its Greenwood standard error and its 95 % band.</summary>
/// <param name="Time">An event time.</param>
/// <param name="AtRisk">Subjects still watched and without the event just before <see cref="Time"/>.</param>
/// <param name="Events">Events at <see cref="Time"/>.</param>
/// <param name="Survival">S(t): the estimated share still without the event after <see cref="Time"/>.</param>
/// <param name="StandardError">Greenwood's standard error of S(t).</param>
/// <param name="Lower">The band's lower bound on S(t).</param>
/// <param name="Upper">The band's upper bound on S(t).</param>
public sealed record KaplanMeierStep(double Time, int AtRisk, int Events, double Survival, double StandardError, double Lower, double Upper);

/// <summary>A product-limit curve: a step function that starts at S = 1 and drops at each event time.</summary>
/// <param name="Count">How many subjects it was estimated from.</param>
/// <param name="EventCount">How many had the event (the rest were censored).</param>
/// <param name="Steps">One step per distinct event time, in time order.</param>
/// <param name="Censored">The times subjects were censored, in order (a chart marks them).</param>
public sealed record KaplanMeierCurve(int Count, int EventCount, IReadOnlyList<KaplanMeierStep> Steps, IReadOnlyList<double> Censored)
{
    /// <summary>The last time anyone was watched: beyond it the curve says nothing.</summary>
    public double? LastTime => Steps.Count == 0 && Censored.Count == 0 ? null : Math.Max(Steps.Count > 0 ? Steps[^1].Time : 0, Censored.Count > 0 ? Censored[^1] : 0);

    /// <summary>S(t): 1 before the first event, then the value of the last step at or before <paramref name="time"/>.</summary>
    public double SurvivalAt(double time) => StepAt(time)?.Survival ?? 1;

    /// <summary>The 95 % band on S(t) at <paramref name="time"/> ([1, 1] before the first event).</summary>
    public (double Lower, double Upper) BandAt(double time) => StepAt(time) is { } step ? (step.Lower, step.Upper) : (1, 1);

    /// <summary>The median time to the event: the first time S(t) ≤ 0.5; null when the curve never gets there.</summary>
    public double? Median => Steps.FirstOrDefault(s => s.Survival <= 0.5)?.Time;

    private KaplanMeierStep? StepAt(double time)
    {
        KaplanMeierStep? found = null;
        foreach (var step in Steps)
        {
            if (step.Time > time)
            {
                break;
            }

            found = step;
        }

        return found;
    }
}

/// <summary>
/// The Kaplan–Meier product-limit estimator, with Greenwood's variance and a 95 % confidence band on the complementary
/// log-log scale. Reply curves use it so that silence counts: an unanswered enquiry is censored at the end of its
/// window, not dropped (dropping it would make a company that ignores half its mail look as fast as one that answers all).
/// </summary>
/// <remarks>
/// At each distinct event time tᵢ with nᵢ at risk and dᵢ events: S(t) = Π (1 − dᵢ/nᵢ) over tᵢ ≤ t, and Greenwood's
/// Var[S(t)] = S(t)² Σ dᵢ / (nᵢ(nᵢ − dᵢ)). Subjects censored at tᵢ count as at risk at tᵢ (events come first, the usual
/// convention). The band is Kalbfleisch and Prentice's log(−log S) transform: with σ² = Σ dᵢ / (nᵢ(nᵢ − dᵢ)) and
/// c = z σ / |ln S|, the bounds are S^exp(c) and S^exp(−c). Unlike S ± z·SE it never leaves [0, 1] and is not
/// symmetric near 0 or 1, where reply shares often are. It agrees with R's <c>survfit(conf.type = "log-log")</c>.
/// Where S = 1 the band is [1, 1]; where S = 0 (every subject at risk had the event) it is [0, 0].
/// </remarks>
public static class KaplanMeier
{
    /// <summary>The standard normal quantile for a two-sided 95 % band.</summary>
    public const double Z95 = 1.959963984540054;

    public static KaplanMeierCurve Estimate(IEnumerable<SurvivalTime> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var sorted = subjects.OrderBy(s => s.Time).ThenByDescending(s => s.Event).ToList();
        if (sorted.Any(s => double.IsNaN(s.Time) || s.Time < 0))
        {
            throw new ArgumentException("survival times must be zero or more", nameof(subjects));
        }

        var steps = new List<KaplanMeierStep>();
        var censored = new List<double>();
        var atRisk = sorted.Count;
        var survival = 1.0;
        var greenwood = 0.0;
        var i = 0;
        while (i < sorted.Count)
        {
            var time = sorted[i].Time;
            var events = 0;
            var leaving = 0;
            for (; i < sorted.Count && sorted[i].Time == time; i++)
            {
                leaving++;
                if (sorted[i].Event)
                {
                    events++;
                }
                else
                {
                    censored.Add(time);
                }
            }

            if (events > 0)
            {
                survival *= 1 - (double)events / atRisk;
                greenwood = atRisk == events ? double.PositiveInfinity : greenwood + (double)events / (atRisk * (double)(atRisk - events));
                var (lower, upper) = Band(survival, greenwood);
                var error = double.IsPositiveInfinity(greenwood) ? 0 : survival * Math.Sqrt(greenwood);
                steps.Add(new KaplanMeierStep(time, atRisk, events, survival, error, lower, upper));
            }

            atRisk -= leaving;
        }

        return new KaplanMeierCurve(sorted.Count, sorted.Count(s => s.Event), steps, censored);
    }

    private static (double Lower, double Upper) Band(double survival, double greenwood)
    {
        if (survival <= 0 || double.IsPositiveInfinity(greenwood))
        {
            return (0, 0);
        }

        if (survival >= 1)
        {
            return (1, 1);
        }

        var c = Z95 * Math.Sqrt(greenwood) / Math.Abs(Math.Log(survival));
        return (Math.Clamp(Math.Pow(survival, Math.Exp(c)), 0, 1), Math.Clamp(Math.Pow(survival, Math.Exp(-c)), 0, 1));
    }
}
