namespace MysteryShopper.DemoSites.Companies;

// The HTML of the demo sites. Each page has exactly one "Newsletter" and one "Contact us" link,
// so a bot looking them up by accessible name finds a single match.
internal static class DemoPages
{
    public static Html Layout(CompanyProfile company, string title, Html main) => Layout(company, title, main, Html.Empty);

    // head goes right after the company's style sheet; empty, the page is exactly the three-argument one.
    public static Html Layout(CompanyProfile company, string title, Html main, Html head) => Document(company, title, head, Html.Format($"""
        <body>
        <header>
        <a class="brand" href="/">{company.Name}</a>
        <nav><a href="/newsletter">Newsletter</a> <a href="/contact">Contact us</a></nav>
        </header>
        <main>
        {main}
        </main>
        <footer>{company.Name} is a fictitious company, run by MysteryShopper for demonstrations.</footer>
        </body>
        """));

    // The document every demo page shares: the company's style sheet, then head, then the body as given.
    public static Html Document(CompanyProfile company, string title, Html head, Html body) => Html.Format($$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} | {{company.Name}}</title>
        <style>
        {{company.Style}}
        </style>{{head}}
        </head>
        {{body}}
        </html>
        """);

    public static Html Home(CompanyProfile company) => Layout(company, "Home", Html.Format($"""
        <h1>{company.Tagline}</h1>
        <p class="lead">{company.About}</p>
        <p>Use the links above to join our mailing list or to send us a question.</p>
        """));

    public static Html NewsletterForm(CompanyProfile company, IReadOnlyList<string> errors) =>
        SignupForm(company, errors, "Newsletter", "Our newsletter", company.NewsletterPitch, "/newsletter");

    // A list's signup form: the same fields for every list, so one scenario fills in any of them.
    public static Html SignupForm(CompanyProfile company, IReadOnlyList<string> errors, string title, string heading, string pitch, string action) => Layout(company, title, Html.Format($"""
        <h1>{heading}</h1>
        <p>{pitch}</p>
        {Errors(errors)}
        <form method="post" action="{action}">
        <div class="field"><label for="name">Name</label><input id="name" name="name" required></div>
        <div class="field"><label for="email">Email</label><input id="email" name="email" type="email" required></div>
        <div class="field consent"><input type="checkbox" id="consent" name="consent" required> <label for="consent">Send me the newsletter</label></div>
        <button type="submit">Subscribe</button>
        </form>
        """));

    public static Html ContactForm(CompanyProfile company, IReadOnlyList<string> errors) => Layout(company, "Contact us", Html.Format($"""
        <h1>Get in touch</h1>
        <p>Questions about an order, a product or anything else? Write to us.</p>
        {Errors(errors)}
        <form method="post" action="/contact">
        <div class="field"><label for="name">Name</label><input id="name" name="name" required></div>
        <div class="field"><label for="email">Email</label><input id="email" name="email" type="email" required></div>
        <div class="field"><label for="message">Message</label><textarea id="message" name="message" rows="6"></textarea></div>
        <button type="submit">Send</button>
        </form>
        """));

    public static Html Message(CompanyProfile company, string title, string heading, params string[] paragraphs) =>
        Layout(company, title, Html.Format($"""
            <h1>{heading}</h1>
            {Html.Join(paragraphs.Select(paragraph => Html.Format($"<p>{paragraph}</p>")))}
            """));

    private static Html Errors(IReadOnlyList<string> errors) =>
        Html.Join(errors.Select(error => Html.Format($"<p class=\"error\">{error}</p>")));
}
