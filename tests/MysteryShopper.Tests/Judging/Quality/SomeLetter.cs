using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Judging.Quality;

/// <summary>Small letters and contexts for the quality card's tests.</summary>
internal static class SomeLetter
{
    public static Letter Text(string text, string from = "emma@brightwave.io", string fromName = "Emma Clarke", string subject = "Re: Annual plan", params MailHeader[] headers) =>
        new() { Subject = subject, From = from, FromName = fromName, Text = text, Headers = headers };

    public static Letter Html(string html, string text = "", params MailHeader[] headers) =>
        new() { Subject = "News", From = "news@brightwave.io", FromName = "Brightwave", Text = text, Html = html, Headers = headers };

    public static JudgeContext Pricing => new()
    {
        Question = "Do you offer an annual plan, and what discount would 20 seats get?",
        MustCover = [new CoverTerm("annual", []), new CoverTerm("discount", ["off", "reduction"]), new CoverTerm("seats", [])],
        FirstName = "Sam",
        FullName = "Sam Taylor",
    };
}
