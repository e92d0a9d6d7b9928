namespace MysteryShopper.Statistics;

/// <summary>How large a Cliff's delta is, by the thresholds of Romano et al. (2006): 0.147, 0.33, 0.474.</summary>
public enum EffectMagnitude
{
    Negligible,
    Small,
    Medium,
    Large,
}

/// <summary>
/// Cliff's delta: of all pairs (x, y), the share with x &gt; y minus the share with x &lt; y, from −1 (every x is
/// smaller) to 1 (every x is larger). The effect size that goes with a rank test: it asks the same question (does one
/// sample tend to be larger?) without assuming a distribution, and reads as "how often is the new one slower".
/// </summary>
public static class CliffsDelta
{
    /// <summary>Cliff's delta of <paramref name="x"/> against <paramref name="y"/>; both need at least one value.</summary>
    public static double Of(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        // Samples are small (a handful of probes each): counting every pair is clearer than a sort, and allocates nothing.
        long greater = 0, less = 0;
        foreach (var a in x)
        {
            foreach (var b in y)
            {
                if (a > b)
                {
                    greater++;
                }
                else if (a < b)
                {
                    less++;
                }
            }
        }

        return (greater - less) / ((double)x.Length * y.Length);
    }

    /// <summary>Negligible below 0.147, small below 0.33, medium below 0.474, else large (Romano et al., 2006).</summary>
    public static EffectMagnitude Magnitude(double delta) => Math.Abs(delta) switch
    {
        < 0.147 => EffectMagnitude.Negligible,
        < 0.33 => EffectMagnitude.Small,
        < 0.474 => EffectMagnitude.Medium,
        _ => EffectMagnitude.Large,
    };
}
