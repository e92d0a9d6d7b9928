namespace MysteryShopper.MailBench;

/// <summary>The benchmark's exit codes (the same meanings as mshop's where they overlap).</summary>
public static class ExitCodes
{
    /// <summary>Measured; no message lost or doubled (a latency goal missed is a figure, not a failure).</summary>
    public const int Measured = 0;

    /// <summary>Intake lost, doubled or misattributed a message, or the detection benchmark never saw one.</summary>
    public const int MailLost = 1;

    /// <summary>An unknown argument.</summary>
    public const int Usage = 2;

    /// <summary>The mail server could not be started or reached.</summary>
    public const int Infrastructure = 3;

    public const int Cancelled = 130;
}
