using System.Text;
using System.Text.Json;
using MysteryShopper.DemoSites.Companies;

namespace MysteryShopper.DemoSites.Lab;

// The one CAPTCHA-like widget a lab page shows (see LabPages.CaptchaWidget for the markers).
internal sealed record LabCaptcha(string Key, string PagePath, string ContainerClass, string FrameTitle, string Name);

// The lab signup form as posted (trimmed), kept to re-render the form with its errors.
internal sealed record LabSignup(string FullName, string Email, string Country, string Plan, bool Marketing, string Phone, string Notes)
{
    // What the form shows before anything is posted: the marketing box starts ticked.
    public static LabSignup Blank { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, Marketing: true, string.Empty, string.Empty);
}

// One <option> or radio button: what is posted and what the user sees.
internal sealed record LabChoice(string Value, string Text);

// The HTML of the /lab pages. They use the company's layout and style sheet, plus LabStyle; pages shown
// inside a frame use FrameLayout (no header, so a frame never adds a second "Newsletter" link).
internal static class LabPages
{
    public const string ConsentCookie = "consent";

    public static IReadOnlyDictionary<string, string> NoErrors { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static IReadOnlyList<LabCaptcha> Captchas { get; } =
    [
        new("recaptcha", "/lab/captcha", "g-recaptcha", "reCAPTCHA", "reCAPTCHA"),
        new("hcaptcha", "/lab/hcaptcha", "h-captcha", "hCaptcha", "hCaptcha"),
        new("turnstile", "/lab/turnstile", "cf-turnstile", "Cloudflare Turnstile", "Turnstile"),
    ];

    public static IReadOnlyList<LabChoice> Countries { get; } =
    [
        new(string.Empty, "Choose…"),
        new("uk", "United Kingdom"),
        new("de", "Germany"),
    ];

    public static IReadOnlyList<LabChoice> Plans { get; } =
    [
        new("free", "Free"),
        new("pro", "Pro"),
    ];

    private static Html LabStyle { get; } = Html.Format($$"""

        <style>
        .lab-links li { margin: 8px 0; }
        .lab-choice label, .lab-label-row label { display: inline; width: auto; margin: 0 0 0 4px; padding: 0; font-weight: normal; font-variant: normal; vertical-align: baseline; }
        .lab-label-row label { margin: 0; font-weight: 600; }
        .lab-choice input[type=radio], .lab-choice input[type=checkbox] { width: auto; }
        .lab-label-row { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; position: relative; }
        fieldset { border: 0; margin: 16px 0; padding: 0; }
        legend { font-weight: 600; padding: 0; margin-bottom: 6px; }
        select { font: inherit; padding: 8px; min-width: 50%; }
        .field-error { color: #b42318; margin: 6px 0 0; font-weight: 600; }
        .help { padding: 0 9px; border-radius: 50%; font-size: .85rem; line-height: 1.6; }
        .tooltip { display: none; position: absolute; left: 100%; top: -4px; margin-left: 8px; white-space: nowrap; background: #1b2a3a; color: #ffffff; padding: 6px 10px; border-radius: 6px; font-size: .9rem; z-index: 10; }
        .help:hover + .tooltip, .help:focus + .tooltip { display: inline-block; }
        #cookie-banner { position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000; min-height: 150px; box-sizing: border-box; display: flex; flex-wrap: wrap; align-items: center; gap: 12px 20px; padding: 24px 40px; background: #ffffff; color: #1b2a3a; border-top: 3px solid #1b2a3a; box-shadow: 0 -6px 24px rgba(0, 0, 0, .25); }
        #cookie-banner[hidden] { display: none; }
        #cookie-banner p { flex: 1 1 280px; margin: 0; }
        .lab-continue { position: fixed; left: 0; right: 0; bottom: 32px; z-index: 1; text-align: center; }
        .lab-spacer { height: 160px; }
        #promo-banner { margin: 0 0 16px; padding: 18px; background: #fde68a; color: #422006; font-weight: 600; }
        #hero { display: block; width: 100%; height: auto; }
        #missing { width: 1px; height: 1px; }
        .lab-captcha-box { margin: 16px 0; }
        .lab-captcha-box iframe { width: 304px; height: 78px; border: 0; }
        #contact-frame { width: 100%; height: 440px; border: 1px solid #b8c7dd; }
        body.lab-frame { background: transparent; }
        body.lab-frame main { margin: 0; max-width: none; box-shadow: none; border: 0; }
        body.lab-captcha-frame main { padding: 0; background: transparent; }
        .captcha-widget { display: flex; align-items: center; gap: 12px; box-sizing: border-box; height: 74px; padding: 0 12px; background: #f9f9f9; border: 1px solid #d3d3d3; border-radius: 3px; font-family: Roboto, Arial, sans-serif; color: #222222; }
        .captcha-widget input { width: 24px; height: 24px; margin: 0; }
        .captcha-widget label { display: inline; width: auto; margin: 0; padding: 0; font: 14px Roboto, Arial, sans-serif; font-variant: normal; }
        .captcha-brand { margin-left: auto; font-size: 10px; color: #555555; }
        </style>
        """);

    public static Html Index(CompanyProfile company) => Page(company, "Lab", Html.Format($"""
        <h1>Lab</h1>
        <p>Test pages for the browser bot.</p>
        <ul class="lab-links">
        <li><a href="/lab/cookies">Cookie banner</a></li>
        <li><a href="/lab/iframe">Form in a frame</a></li>
        <li><a href="/lab/captcha">reCAPTCHA form</a></li>
        <li><a href="/lab/hcaptcha">hCaptcha form</a></li>
        <li><a href="/lab/turnstile">Turnstile form</a></li>
        <li><a href="/lab/slow-lcp">Slow page</a></li>
        <li><a href="/lab/form">Signup form</a></li>
        <li><a href="/lab/typing">Typing</a></li>
        <li><a href="/lab/busy">Busy page</a></li>
        <li><a href="/lab/links">Links by email</a></li>
        <li><a href="/lab/moved">A page that moves elsewhere</a></li>
        <li><a href="/lab/leave">Links that leave</a></li>
        <li><a href="/lab/dialogs">Dialogs</a></li>
        <li><a href="/lab/checkout">Checkout</a></li>
        <li><a href="/lab/search">Order search</a></li>
        </ul>
        """));

    // The banner covers the fixed "Continue" button until it is dismissed, so clicking Continue first fails.
    // consent is the cookie's value (accepted or rejected), or null when the visitor has not chosen yet.
    public static Html Cookies(CompanyProfile company, string? consent) => Page(company, "Cookie consent", Html.Format($$"""
        <h1>Welcome</h1>
        <p>Press Continue to carry on.</p>
        <p id="consent-state">Consent: {{consent ?? "none"}}</p>
        <p id="continue-state"></p>
        <div class="lab-spacer"></div>
        <div class="lab-continue"><button type="button" id="continue">Continue</button></div>
        <div id="cookie-banner" role="dialog" aria-label="Cookie consent"{{(consent is null ? Html.Empty : Html.Format($" hidden"))}}>
        <p>We use cookies to remember your choices and to understand how our site is used.</p>
        <button type="button" data-consent="accepted">Accept all</button>
        <button type="button" data-consent="rejected">Reject all</button>
        </div>
        <script>
        function showConsent() {
          const match = document.cookie.match(/(?:^|;\s*){{ConsentCookie}}=(accepted|rejected)(?:;|$)/);
          document.getElementById('consent-state').textContent = 'Consent: ' + (match ? match[1] : 'none');
        }
        for (const button of document.querySelectorAll('#cookie-banner button')) {
          button.addEventListener('click', () => {
            document.cookie = '{{ConsentCookie}}=' + button.dataset.consent + '; path=/; max-age=31536000; SameSite=Lax';
            document.getElementById('cookie-banner').hidden = true;
            showConsent();
          });
        }
        document.getElementById('continue').addEventListener('click', () => {
          document.getElementById('continue-state').textContent = 'Continued';
        });
        showConsent();
        </script>
        """));

    public static Html IframeHost(CompanyProfile company) => Page(company, "Form in a frame", Html.Format($"""
        <h1>Write to us</h1>
        <p>Our message form is below.</p>
        <iframe id="contact-frame" title="Contact form" src="/lab/iframe-form"></iframe>
        """));

    public static Html IframeForm(CompanyProfile company, string name, string email, IReadOnlyDictionary<string, string> errors) =>
        FrameLayout(company, "Contact form", Html.Format($"""
            <form method="post" action="/lab/iframe-form">
            <div class="field"><label for="name">Name</label><input id="name" name="name" value="{name}" required{Invalid(errors, "name")}>{FieldError(errors, "name")}</div>
            <div class="field"><label for="email">Email</label><input id="email" name="email" type="email" value="{email}" required{Invalid(errors, "email")}>{FieldError(errors, "email")}</div>
            <button type="submit">Send message</button>
            </form>
            """));

    public static Html IframeThanks(CompanyProfile company, string name, string email) =>
        FrameLayout(company, "Message received", Html.Format($"""
            <h1>Message received</h1>
            <p>Thank you, {FormFields.FirstWord(name)}. We will reply to {email}.</p>
            """));

    public static Html CaptchaForm(CompanyProfile company, LabCaptcha captcha, IReadOnlyList<string> errors) =>
        Page(company, $"{captcha.Name} form", Html.Format($"""
            <h1>Request a call back</h1>
            {Html.Join(errors.Select(error => Html.Format($"<p class=\"error\">{error}</p>")))}
            <form method="post" action="{captcha.PagePath}">
            <div class="field"><label for="email">Email</label><input id="email" name="email" type="email"></div>
            {CaptchaWidget(captcha)}
            <button type="submit">Submit</button>
            </form>
            """));

    public static Html CaptchaFrame(CompanyProfile company, LabCaptcha captcha) => FrameLayout(
        company,
        captcha.FrameTitle,
        Html.Format($"""
            <div class="captcha-widget">
            <input type="checkbox" id="not-a-robot"><label for="not-a-robot">I'm not a robot</label>
            <span class="captcha-brand">{captcha.Name}</span>
            </div>
            """),
        "lab-frame lab-captcha-frame");

    // The largest element, the hero image, only arrives after HeroDelaySeconds (late LCP); the promo banner
    // pushes everything down shiftMs after the first frame is painted (CLS > 0, even at TimeScale 0); one
    // console error; one image that answers 404.
    public static Html SlowPage(CompanyProfile company, int shiftMs) => Page(company, "Slow page", Html.Format($$"""
        <h1>Our spring collection</h1>
        <p>New arrivals, fresh colours and our best prices of the season.</p>
        <img id="hero" src="/lab/hero.svg" width="700" height="400" alt="Spring collection">
        <p>Every order ships free this week.</p>
        <img id="missing" src="/lab/missing.png" alt="">
        <script>
        console.error("demo error");
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
          const banner = document.createElement('div');
          banner.id = 'promo-banner';
          banner.textContent = 'Free delivery on every order this week';
          document.querySelector('main').prepend(banner);
        }, {{shiftMs}})));
        </script>
        """));

    // Detailed enough (a few kB) that Chromium does not discount it as a low-content image for LCP.
    public static Html HeroImage(CompanyProfile company) => Html.Format($"""
        <svg xmlns="http://www.w3.org/2000/svg" width="700" height="400" viewBox="0 0 700 400">
        <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7dd3fc"/><stop offset="1" stop-color="#fef3c7"/></linearGradient></defs>
        <rect width="700" height="400" fill="url(#sky)"/>
        <circle cx="560" cy="110" r="56" fill="#facc15"/>
        {Html.Join(Enumerable.Range(0, 24).Select(i => Html.Format($"<rect x=\"626\" y=\"106\" width=\"28\" height=\"8\" rx=\"4\" fill=\"#f59e0b\" transform=\"rotate({i * 15} 560 110)\"/>\n")))}
        {Html.Join(Enumerable.Range(0, 60).Select(i => Html.Format($"<circle cx=\"{(i * 53 % 680) + 10}\" cy=\"{(i * 37 % 150) + 20}\" r=\"{(i % 4) + 2}\" fill=\"#ffffff\" opacity=\"0.{(i % 7) + 2}\"/>\n")))}
        <path d="M0 300 C 120 220, 240 220, 360 290 S 580 360, 700 270 L 700 400 L 0 400 Z" fill="#4ade80"/>
        <path d="M0 340 C 160 280, 300 300, 420 350 S 620 380, 700 330 L 700 400 L 0 400 Z" fill="#16a34a"/>
        <text x="40" y="90" font-family="Georgia, serif" font-size="44" fill="#1e293b">{company.Name}</text>
        <text x="40" y="140" font-family="Georgia, serif" font-size="28" fill="#334155">Spring collection</text>
        </svg>
        """);

    // novalidate: the browser must not block an incomplete form, so a bot sees the server's own messages.
    public static Html SignupForm(CompanyProfile company, LabSignup signup, IReadOnlyDictionary<string, string> errors) =>
        Page(company, "Create an account", Html.Format($"""
            <h1>Create an account</h1>
            {(errors.Count > 0 ? Html.Format($"<p class=\"error\" id=\"form-errors\">Please correct the errors below.</p>") : Html.Empty)}
            <form method="post" action="/lab/form" novalidate>
            <div class="field"><label for="full-name">Full name</label><input id="full-name" name="fullName" value="{signup.FullName}" autocomplete="name" required{Invalid(errors, "full-name")}>{FieldError(errors, "full-name")}</div>
            <div class="field">
            <div class="lab-label-row"><label for="email">Email</label><button type="button" class="help" aria-label="Help" aria-describedby="email-help">?</button><span class="tooltip" id="email-help" role="tooltip">We never share your email</span></div>
            <input id="email" name="email" type="email" value="{signup.Email}" autocomplete="email" required{Invalid(errors, "email")}>{FieldError(errors, "email")}
            </div>
            <div class="field"><label for="country">Country</label><select id="country" name="country"{Invalid(errors, "country")}>{Options(Countries, signup.Country)}</select>{FieldError(errors, "country")}</div>
            <fieldset class="lab-choice"{Invalid(errors, "plan")}><legend>Plan</legend>{Radios("plan", Plans, signup.Plan)}{FieldError(errors, "plan")}</fieldset>
            <div class="field lab-choice"><input type="checkbox" id="marketing" name="marketing" value="yes"{(signup.Marketing ? Html.Format($" checked") : Html.Empty)}><label for="marketing">Marketing emails</label></div>
            <div class="field"><label for="phone">Phone</label><input id="phone" name="phone" type="tel" value="{signup.Phone}" placeholder="+44 …" autocomplete="tel"></div>
            <div class="field"><label for="notes">Notes</label><textarea id="notes" name="notes" rows="4" data-testid="notes">{signup.Notes}</textarea></div>
            <button type="submit">Create account</button>
            </form>
            """));

    public static Html SignupDone(CompanyProfile company, string reference) => Page(company, "Account created", Html.Format($"""
        <h1>Account created</h1>
        <p id="reference">Your reference is {reference}</p>
        <p>We have saved your details.</p>
        """));

    public static Html Typing(CompanyProfile company) => Page(company, "Search", Html.Format($$"""
        <h1>Search our shop</h1>
        <div class="field" role="search"><label for="search">Search</label><input id="search" name="q" type="search" autocomplete="off"></div>
        <p id="keys" aria-live="polite">0 keys</p>
        <script>
        let keys = 0;
        document.getElementById('search').addEventListener('keydown', () => {
          keys++;
          document.getElementById('keys').textContent = keys + (keys === 1 ? ' key' : ' keys');
        });
        </script>
        """));

    // A page whose script never yields once it has loaded: the bot must still finish the probe (evaluations and
    // screenshots time out instead of hanging the run).
    public static Html Busy(CompanyProfile company) => Page(company, "Busy page", Html.Format($$"""
        <h1>Working on it</h1>
        <p>This page's script keeps the browser busy forever, a moment after it has loaded.</p>
        <script>
        addEventListener('load', () => setTimeout(() => { for (;;) {} }, 300));
        </script>
        """));

    // The links email's form: the reference comes back in every link, so /lab/hits can count one probe's clicks.
    public static Html LinksForm(CompanyProfile company, IReadOnlyList<string> errors) => Page(company, "Links by email", Html.Format($$"""
        <h1>Get your links by email</h1>
        {{Html.Join(errors.Select(error => Html.Format($"<p class=\"error\">{error}</p>")))}}
        <form method="post" action="/lab/links">
        <div class="field"><label for="email">Email</label><input id="email" name="email" type="email"></div>
        <div class="field"><label for="reference">Reference</label><input id="reference" name="reference"></div>
        <button type="submit">Send me the links</button>
        </form>
        """));

    public static Html LinksSent(CompanyProfile company, string email) => Page(company, "Links sent", Html.Format($"""
        <h1>Links sent</h1>
        <p>We have sent your links to {email}.</p>
        """));

    // Where the links end up, on whichever host the browser asked for.
    public static Html Landing(CompanyProfile company, string host) => Page(company, "You have arrived", Html.Format($"""
        <h1>You have arrived</h1>
        <p id="host">This page was served for {host}.</p>
        """));

    public static Html Hits(CompanyProfile company, string reference, string hits) => Page(company, "Link hits", Html.Format($"""
        <h1>Link hits for {reference}</h1>
        <p id="hits">{hits}</p>
        """));

    // Moves itself to the same site under another host name a moment after it has loaded, as a
    // "we have moved" page or an affiliate hand-off does.
    public static Html Moved(CompanyProfile company, string elsewhere) => Page(company, "We have moved", Html.Format($$"""
        <h1>We have moved</h1>
        <p id="moved" data-to="{{elsewhere}}">Taking you to our new address…</p>
        <script>
        setTimeout(() => { location.href = document.getElementById('moved').dataset.to; }, 300);
        </script>
        """));

    // A link to a page whose server hangs up (the browser shows its error page), and one to another host, also
    // written out so a journey can extract it and go there on purpose.
    public static Html Leave(CompanyProfile company, string elsewhere) => Page(company, "Links that leave", Html.Format($"""
        <h1>More from us</h1>
        <ul class="lab-links">
        <li><a href="/lab/drop">Our old shop</a></li>
        <li><a href="{elsewhere}">Our partner</a> at <code id="partner-url">{elsewhere}</code></li>
        </ul>
        """));

    // An alert as the page loads, a confirm and a prompt behind buttons; what the page got back is shown.
    public static Html Dialogs(CompanyProfile company) => Page(company, "Account settings", Html.Format($$"""
        <h1>Account settings</h1>
        <button type="button" id="delete">Delete my account</button>
        <button type="button" id="rename">Rename my list</button>
        <p id="result" aria-live="polite">Nothing done yet</p>
        <script>
        alert('Welcome back! Our sale ends tonight.');
        const result = document.getElementById('result');
        document.getElementById('delete').addEventListener('click', () => {
          result.textContent = confirm('Delete your account for good?') ? 'Account deleted' : 'Account kept';
        });
        document.getElementById('rename').addEventListener('click', () => {
          const name = prompt('Name your list', 'My list');
          result.textContent = name === null ? 'List not renamed' : 'List renamed to ' + name;
        });
        </script>
        """));

    // Card fields marked every usual way (autocomplete, name, label, placeholder), and a numeric voucher field that is
    // not one. The page counts input into the card fields; "Pay with WalletPay" hands off to another host (302).
    public static Html Checkout(CompanyProfile company) => Page(company, "Checkout", Html.Format($$"""
        <h1>Checkout</h1>
        <form method="post" action="/lab/checkout">
        <div class="field"><label for="voucher">Voucher code</label><input id="voucher" name="voucher" inputmode="numeric" autocomplete="off"></div>
        <div class="field"><label for="card-number">Card number</label><input id="card-number" name="cardnumber" autocomplete="cc-number" inputmode="numeric" data-card></div>
        <div class="field"><label for="expiry">Expiry date</label><input id="expiry" name="exp-date" autocomplete="cc-exp" placeholder="MM / YY" data-card></div>
        <div class="field"><label for="cvc">CVC</label><input id="cvc" name="cvc" autocomplete="cc-csc" inputmode="numeric" data-card></div>
        <div class="field"><label for="card-type">Card type</label><select id="card-type" name="card_type" autocomplete="cc-type" data-card><option value="">Choose…</option><option>Visa</option><option>Mastercard</option></select></div>
        <div class="field"><label for="pan">Long number on the front</label><input id="pan" name="card_number" data-card></div>
        <p id="typed">Input in card fields: 0</p>
        <button type="submit">Pay now</button>
        <button type="submit" formaction="/lab/checkout/wallet">Pay with WalletPay</button>
        </form>
        <script>
        let typed = 0;
        for (const field of document.querySelectorAll('[data-card]')) {
          field.addEventListener('input', () => { typed++; document.getElementById('typed').textContent = 'Input in card fields: ' + typed; });
          field.addEventListener('keydown', () => { typed++; document.getElementById('typed').textContent = 'Input in card fields: ' + typed; });
        }
        </script>
        """));

    // What the server got: the voucher, and the names (never the values) of the card fields that came with something.
    public static Html CheckoutReceived(CompanyProfile company, string voucher, IReadOnlyList<string> cardFields) => Page(company, "Order not placed", Html.Format($"""
        <h1>Order not placed</h1>
        <p id="voucher-received">Voucher: {(voucher.Length == 0 ? "none" : voucher)}</p>
        <p id="card-received">Card details received: {(cardFields.Count == 0 ? "none" : string.Join(", ", cardFields))}</p>
        """));

    // query is what was searched for, empty before a search.
    public static Html Search(CompanyProfile company, string query) => Page(company, "Order search", Html.Format($"""
        <h1>Find an order</h1>
        <form method="get" action="/lab/search">
        <div class="field"><label for="q">Order search</label><input id="q" name="q" value="{query}"></div>
        <div class="field"><label for="code">Access code</label><input id="code" name="code" type="password" autocomplete="off"></div>
        <button type="submit">Search</button>
        </form>
        {(query.Length == 0 ? Html.Empty : SearchResult(query))}
        """));

    private static Html SearchResult(string query) => Html.Format($"""
        <p id="no-match">No orders match “{query}”.</p>
        <p><a id="again" href="/lab/search?q={Uri.EscapeDataString(query)}">Search again</a></p>
        <div id="last-search" data-json="{JsonSerializer.Serialize(query)}" data-base64="{Convert.ToBase64String(Encoding.UTF8.GetBytes(query))}"></div>
        """);

    private static Html Page(CompanyProfile company, string title, Html main) => DemoPages.Layout(company, title, main, LabStyle);

    private static Html FrameLayout(CompanyProfile company, string title, Html main) => FrameLayout(company, title, main, "lab-frame");

    private static Html FrameLayout(CompanyProfile company, string title, Html main, string bodyClass) => DemoPages.Document(company, title, LabStyle, Html.Format($"""
        <body class="{bodyClass}">
        <main>
        {main}
        </main>
        </body>
        """));

    // What a CAPTCHA detector can key on, as on real sites:
    // - the container's class: g-recaptcha (Google reCAPTCHA), h-captcha (hCaptcha), cf-turnstile (Cloudflare Turnstile);
    // - data-sitekey on the container, and data-provider (recaptcha, hcaptcha, turnstile; real sites have no such attribute);
    // - an iframe inside it whose src contains the provider's key (recaptcha, hcaptcha, turnstile; offline, so never
    //   google.com, hcaptcha.com or challenges.cloudflare.com) and whose title is reCAPTCHA, hCaptcha or Cloudflare Turnstile.
    private static Html CaptchaWidget(LabCaptcha captcha) => Html.Format($"""
        <div class="lab-captcha-box {captcha.ContainerClass}" data-sitekey="demo" data-provider="{captcha.Key}"><iframe src="/lab/captcha-frame?k={captcha.Key}" title="{captcha.FrameTitle}"></iframe></div>
        """);

    private static Html Options(IReadOnlyList<LabChoice> choices, string selected) => Html.Join(choices.Select(choice =>
        Html.Format($"<option value=\"{choice.Value}\"{(choice.Value == selected ? Html.Format($" selected") : Html.Empty)}>{choice.Text}</option>")));

    private static Html Radios(string name, IReadOnlyList<LabChoice> choices, string selected) => Html.Join(choices.Select(choice =>
        Html.Format($"<div><input type=\"radio\" id=\"{name}-{choice.Value}\" name=\"{name}\" value=\"{choice.Value}\"{(choice.Value == selected ? Html.Format($" checked") : Html.Empty)}><label for=\"{name}-{choice.Value}\">{choice.Text}</label></div>")));

    private static Html Invalid(IReadOnlyDictionary<string, string> errors, string field) =>
        errors.ContainsKey(field) ? Html.Format($" aria-invalid=\"true\" aria-describedby=\"{field}-error\"") : Html.Empty;

    private static Html FieldError(IReadOnlyDictionary<string, string> errors, string field) =>
        errors.TryGetValue(field, out var message) ? Html.Format($"<p class=\"field-error\" id=\"{field}-error\">{message}</p>") : Html.Empty;
}
