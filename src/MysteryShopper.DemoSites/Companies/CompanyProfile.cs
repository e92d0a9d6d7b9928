namespace MysteryShopper.DemoSites.Companies;

// Who a demo company is and how its site looks; behaviour lives in the DemoSite subclasses.
// LabReferenceBase: the lab signup form's references count up from it (10000 gives REF-10001, REF-10002...).
internal sealed record CompanyProfile(
    string Id,
    string Name,
    string Role,
    string Domain,
    string Tagline,
    string About,
    string NewsletterPitch,
    Html Style,
    int LabReferenceBase)
{
    public string HelloAddress => $"hello@{Domain}";

    public string SupportAddress => $"support@{Domain}";
}
