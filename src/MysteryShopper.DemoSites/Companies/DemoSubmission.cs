namespace MysteryShopper.DemoSites.Companies;

/// <summary>One form POST received by a demo company.</summary>
/// <param name="CompanyId">Id of the company whose form was posted.</param>
/// <param name="Form">
/// <c>newsletter</c>, <c>contact</c> or <c>letters</c> (Corvid &amp; Co's second list, confirmed by reply); from the /lab test pages, <c>lab-form</c> (the signup form), <c>iframe</c>
/// (the form inside a frame) or <c>captcha</c> (a form behind a CAPTCHA, never accepted).
/// </param>
/// <param name="Email">The email address as submitted (trimmed; may be empty or invalid when rejected).</param>
/// <param name="At">When the POST was handled, from the configured <see cref="TimeProvider"/>.</param>
/// <param name="Accepted">False when the site rejected the submission.</param>
public sealed record DemoSubmission(string CompanyId, string Form, string Email, DateTimeOffset At, bool Accepted);
