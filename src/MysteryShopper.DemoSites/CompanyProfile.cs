namespace MysteryShopper.DemoSites;

// Who a demo company is and how its site looks; behaviour lives in the DemoSite subclasses.
internal sealed record CompanyProfile(
    string Id,
    string Name,
    string Role,
    string Domain,
    string Tagline,
    string About,
    string NewsletterPitch,
    Html Style)
{
    public string HelloAddress => $"hello@{Domain}";

    public string SupportAddress => $"support@{Domain}";
}
