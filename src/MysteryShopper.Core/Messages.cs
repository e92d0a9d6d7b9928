namespace MysteryShopper;

/// <summary>Shaping other libraries' messages for the one line a user reads.</summary>
public static class Messages
{
    /// <summary>The first line of a (Playwright, MailKit, .NET) message, trimmed: the rest is call logs and hints.</summary>
    public static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
