using MathNet.Numerics.Distributions;

namespace MysteryShopper.Statistics;

/// <summary>A proportion with its confidence interval: <see cref="Successes"/> of <see cref="Trials"/>.</summary>
public readonly record struct Proportion(int Successes, int Trials, double Lower, double Upper)
{
    /// <summary>The observed share, 0 to 1 (0 when there were no trials).</summary>
    public double Share => Trials == 0 ? 0 : (double)Successes / Trials;
}

/// <summary>
/// The Wilson score interval of a proportion (Wilson 1927; Newcombe 1998, method 3): unlike the textbook
/// p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not collapse to a point at 0 or n successes, which matters here
/// because a company's reply rate over five probes is often exactly 0 % or 100 %.
/// </summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95 % interval, the 97.5th percentile of the standard normal distribution.</summary>
    public static readonly double Z95 = Normal.InvCDF(0, 1, 0.975);

    /// <summary>The 95 % interval of <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    public static Proportion Interval(int successes, int trials) => Interval(successes, trials, Z95);

    /// <summary>The interval of <paramref name="successes"/> out of <paramref name="trials"/> for a given <paramref name="z"/>; [0, 1] when there were no trials.</summary>
    public static Proportion Interval(int successes, int trials, double z)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, successes);
        if (trials == 0)
        {
            return new Proportion(0, 0, 0, 1);
        }

        double n = trials, p = successes / n, z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0 and n successes the bound is exactly 0 or 1; rounding must not put it a hair outside.
        var lower = successes == 0 ? 0 : Math.Max(0, centre - half);
        var upper = successes == trials ? 1 : Math.Min(1, centre + half);
        return new Proportion(successes, trials, lower, upper);
    }
}
