namespace MysteryShopper.DemoSites;

/// <summary>One running demo company.</summary>
/// <param name="Id">Stable id: <c>brightwave</c>, <c>corvid</c> or <c>dunmore</c>.</param>
/// <param name="Name">Display name, as shown in the site header and email From.</param>
/// <param name="Role"><c>own</c> for the company the report is about, <c>competitor</c> otherwise.</param>
/// <param name="Url">Base address of the site, such as <c>http://127.0.0.1:40123</c>; trim a trailing '/' before appending paths.</param>
public sealed record DemoCompany(string Id, string Name, string Role, Uri Url)
{
    /// <summary>
    /// Where questions go by email, such as <c>support@brightwave.example</c>. Read over IMAP with
    /// <see cref="DemoOptions.MailServer"/>, else from <see cref="DemoOptions.PickupPath"/>: Brightwave acknowledges at
    /// once and a person answers, Corvid &amp; Co only acknowledges, Dunmore Direct never answers.
    /// </summary>
    public string SupportAddress { get; init; } = $"support@{Id}.example";
}
