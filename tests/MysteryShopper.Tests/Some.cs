using MysteryShopper.Execution;

namespace MysteryShopper.Tests;

/// <summary>Small builders for test data.</summary>
public static class Some
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static ReceivedEmail Email(string subject, double secondsAfterStart, string text = "Hello", string token = "tok") => new()
    {
        Id = $"<{Guid.NewGuid():N}@test>",
        From = "Brightwave <hello@brightwave.example>",
        To = [$"shopper+{token}@inbox.mshop.test"],
        Subject = subject,
        Text = text,
        Links = [],
        ReceivedAt = Start.AddSeconds(secondsAfterStart),
        SeenAt = Start.AddSeconds(secondsAfterStart + 0.05),
        Token = token,
    };
}
