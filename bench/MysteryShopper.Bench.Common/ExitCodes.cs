namespace MysteryShopper.Bench.Common;

/// <summary>Both benchmarks' exit codes (the same meanings as mshop's where they overlap).</summary>
public static class ExitCodes
{
    /// <summary>Measured (a goal missed is a figure, not a failure).</summary>
    public const int Measured = 0;

    /// <summary>What was measured went wrong: mail lost, doubled or misattributed, or never seen.</summary>
    public const int Failed = 1;

    /// <summary>An unknown argument or a missing value.</summary>
    public const int Usage = 2;

    /// <summary>Something the benchmark needs (the mail server) could not be started or reached.</summary>
    public const int Infrastructure = 3;

    /// <summary>Ctrl+C.</summary>
    public const int Cancelled = 130;
}
