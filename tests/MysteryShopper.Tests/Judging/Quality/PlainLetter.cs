using MysteryShopper.Judging.Quality;

namespace MysteryShopper.Tests.Judging.Quality;

/// <summary>A plain-text letter for the quality card's tests.</summary>
internal static class PlainLetter
{
    public static Letter Text(string text, string subject = "Re: Pricing", params (string Name, string Value)[] headers) => new()
    {
        Subject = subject,
        From = "anna.berg@brightwave.example",
        FromName = "Anna Berg",
        Headers = [.. headers.Select(h => new MailHeader(h.Name, h.Value))],
        Text = text,
    };
}
