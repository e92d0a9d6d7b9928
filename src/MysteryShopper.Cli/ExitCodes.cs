namespace MysteryShopper.Cli;

/// <summary>What mshop's exit code means; documented in README.</summary>
public static class ExitCodes
{
    /// <summary>Every expectation was met (for <c>demo</c>: the run itself worked).</summary>
    public const int Ok = 0;

    /// <summary>An expectation failed or a journey broke.</summary>
    public const int ExpectationFailed = 1;

    /// <summary>Invalid input or configuration: a scenario error, an unknown command or option.</summary>
    public const int InvalidInput = 2;

    /// <summary>Infrastructure unavailable: no browser, mailbox or report folder.</summary>
    public const int InfrastructureUnavailable = 3;

    /// <summary>Stopped by Ctrl+C (what finished is stored and reported).</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (what finished is stored and reported).</summary>
    public const int Terminated = 143;
}
