namespace MysteryShopper.Settings;

/// <summary>
/// Why a setting's value is refused, said once for mshop.yaml and the command line alike: <see cref="Message"/> follows
/// the name of where the value came from (the mshop.yaml key or the option), <see cref="Hint"/> says what to write instead.
/// </summary>
public sealed record SettingProblem(string Message, string? Hint = null)
{
    /// <summary>The problem as a command-line usage error: "--connect 'http://x' is not a ws:// or wss:// address (give ...)".</summary>
    public string ForOption(string option) => Hint is null ? $"{option} {Message}" : $"{option} {Message} ({Hint})";
}
