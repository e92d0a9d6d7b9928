using MathNet.Numerics.Distributions;

namespace MysteryShopper.Statistics;

/// <summary>How a Mann–Whitney p-value was found.</summary>
public enum MannWhitneyMethod
{
    /// <summary>From the exact distribution of U: small samples without ties.</summary>
    Exact,

    /// <summary>The normal approximation with the tie correction and the continuity correction.</summary>
    Normal,
}

/// <summary>
/// The outcome of a two-sided Mann–Whitney U test of <c>x</c> against <c>y</c>.
/// </summary>
/// <param name="U">U of the first sample: the pairs (x, y) with x &gt; y, ties counted a half (R's <c>W</c>).</param>
/// <param name="PValue">The two-sided p-value.</param>
/// <param name="Method">Whether <paramref name="PValue"/> is exact or approximate.</param>
public readonly record struct MannWhitneyResult(double U, double PValue, MannWhitneyMethod Method);

/// <summary>
/// The Mann–Whitney U test (Wilcoxon rank-sum), two-sided, as R's <c>wilcox.test(x, y)</c> computes it: exact when
/// both samples are small and nothing is tied (the exact distribution has no ties in it), else the normal
/// approximation with the tie correction of the variance and a continuity correction of 0.5.
/// </summary>
/// <remarks>
/// Why not a t-test: response times are skewed (a few replies take days), and a rank test does not care how far the
/// outliers are, only that they are later. Allocation-light: one array of U's frequencies for the exact test, and one
/// sorted copy of the pooled samples for the ranks.
/// </remarks>
public static class MannWhitney
{
    /// <summary>Up to this many values in each sample (and no ties) the p-value is exact; R goes to 49, beyond which the normal approximation is good.</summary>
    public const int ExactLimit = 20;

    /// <summary>The two-sided test of <paramref name="x"/> against <paramref name="y"/>; both need at least one value.</summary>
    public static MannWhitneyResult Test(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.IsEmpty || y.IsEmpty)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        var (u, tieSum) = RankSum(x, y);
        int m = x.Length, n = y.Length;
        if (m <= ExactLimit && n <= ExactLimit && tieSum == 0)
        {
            return new MannWhitneyResult(u, ExactPValue(u, m, n), MannWhitneyMethod.Exact);
        }

        return new MannWhitneyResult(u, NormalPValue(u, m, n, tieSum), MannWhitneyMethod.Normal);
    }

    /// <summary>U of <paramref name="x"/> from mid-ranks of the pooled samples, and Σ(t³ − t) over the groups of tied values.</summary>
    private static (double U, double TieSum) RankSum(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var pooled = new (double Value, bool FromX)[x.Length + y.Length];
        for (var i = 0; i < x.Length; i++)
        {
            pooled[i] = (x[i], true);
        }

        for (var j = 0; j < y.Length; j++)
        {
            pooled[x.Length + j] = (y[j], false);
        }

        Array.Sort(pooled, (a, b) => a.Value.CompareTo(b.Value));
        double rankSumX = 0, tieSum = 0;
        for (var start = 0; start < pooled.Length;)
        {
            var end = start;
            while (end + 1 < pooled.Length && pooled[end + 1].Value == pooled[start].Value)
            {
                end++;
            }

            // Ranks start .. end (1-based start + 1 .. end + 1) share their mean.
            var midRank = (start + end + 2) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (pooled[k].FromX)
                {
                    rankSumX += midRank;
                }
            }

            double t = end - start + 1;
            tieSum += t * t * t - t;
            start = end + 1;
        }

        return (rankSumX - x.Length * (x.Length + 1) / 2.0, tieSum);
    }

    /// <summary>
    /// R's two-sided exact p-value: twice the smaller tail (P(U ≤ u) below the centre, P(U ≥ u) above it), at most 1.
    /// </summary>
    private static double ExactPValue(double u, int m, int n)
    {
        var counts = Frequencies(m, n);
        var total = 0.0;
        foreach (var c in counts)
        {
            total += c;
        }

        var k = (int)u;
        double tail = 0;
        if (u > m * n / 2.0)
        {
            for (var i = k; i < counts.Length; i++)
            {
                tail += counts[i];
            }
        }
        else
        {
            for (var i = 0; i <= k; i++)
            {
                tail += counts[i];
            }
        }

        return Math.Min(1, 2 * tail / total);
    }

    /// <summary>
    /// How many of the C(m + n, m) arrangements give each U = 0 … m·n: the coefficients of the Gaussian binomial
    /// [m + n choose m]_q = Π (1 − q^(n+i)) / (1 − q^i), i = 1 … m, built in place (exact in longs up to 20 by 20).
    /// </summary>
    public static long[] Frequencies(int m, int n)
    {
        var c = new long[m * n + 1];
        c[0] = 1;
        for (var i = 1; i <= m; i++)
        {
            var up = n + i;
            for (var k = c.Length - 1; k >= up; k--)
            {
                c[k] -= c[k - up];
            }

            for (var k = i; k < c.Length; k++)
            {
                c[k] += c[k - i];
            }
        }

        return c;
    }

    /// <summary>R's <c>correct = TRUE</c> approximation: (U − mn/2 ∓ 0.5) / σ, σ with the tie correction; p = 1 when every value is the same.</summary>
    private static double NormalPValue(double u, int m, int n, double tieSum)
    {
        double mn = (double)m * n, total = m + n;
        var variance = mn / 12 * (total + 1 - tieSum / (total * (total - 1)));
        if (variance <= 0)
        {
            // Every value of both samples is the same: nothing tells them apart.
            return 1;
        }

        var z = u - mn / 2;
        z = (z - Math.Sign(z) * 0.5) / Math.Sqrt(variance);
        return Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }
}
