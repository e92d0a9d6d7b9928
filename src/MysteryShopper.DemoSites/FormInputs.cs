namespace MysteryShopper.DemoSites;

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

// The lab signup form as posted (trimmed), kept to re-render the form with its errors.
internal sealed record LabSignup(string FullName, string Email, string Country, string Plan, bool Marketing, string Phone, string Notes)
{
    // What the form shows before anything is posted: the marketing box starts ticked.
    public static LabSignup Blank { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, Marketing: true, string.Empty, string.Empty);
}
