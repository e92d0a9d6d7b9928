namespace MysteryShopper.Settings;

/// <summary>
/// When a change against the baseline is a regression (mshop.yaml's <c>regression:</c>). Samples: the Mann–Whitney
/// p-value must be under <see cref="Alpha"/> and Cliff's delta at least <see cref="MinEffect"/> in the worse
/// direction: significant and meaningful, so neither noise nor a trivial shift fails a build. Single values: worse by
/// more than <see cref="Tolerance"/> (a share of the baseline's value) and, for times, by more than
/// <see cref="MinChange"/>, so a 0.1 s page that takes 0.2 s is not a regression.
/// </summary>
public sealed record RegressionSettings
{
    /// <summary>The defaults: alpha 0.05, min_effect 0.33 (a medium effect by Romano et al.), tolerance 20 %, min_change 0.5 s.</summary>
    public static RegressionSettings Default { get; } = new();

    /// <summary>The greatest p-value that counts as significant, 0.001 to 0.5.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The smallest |Cliff's delta| that counts as meaningful, from 0 to 1.</summary>
    public double MinEffect { get; init; } = 0.33;

    /// <summary>How much worse a single value may get, as a share of the baseline's (0.2: 20 %).</summary>
    public double Tolerance { get; init; } = 0.2;

    /// <summary>How much a single time must also change by to count.</summary>
    public TimeSpan MinChange { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Alpha's range: a test at more than 0.5 would flag half of all unchanged metrics.</summary>
    public static readonly (double Min, double Max) AlphaRange = (0.001, 0.5);

    public static readonly (double Min, double Max) EffectRange = (0, 1);

    public static readonly (double Min, double Max) ToleranceRange = (0, 10);
}
