namespace MysteryShopper.DemoSites.Companies;

internal sealed record NewsletterSignup(string Name, string Email)
{
    public string FirstName => FormFields.FirstWord(Name);
}

internal sealed record ContactMessage(string Name, string Email, string Message)
{
    public string FirstName => FormFields.FirstWord(Name);
}

// What a site answers to a valid newsletter POST: the page to show, and whether it really took the signup.
internal sealed record NewsletterOutcome(bool Accepted, Html Page);
