namespace MysteryShopper.Scenarios;

/// <summary>How a browser step finds its element (Playwright's locator kinds).</summary>
public enum LocatorKind
{
    Label,
    Role,
    Text,
    Css,
    Placeholder,
    TestId,

    /// <summary>A named locator from the target's or scenario's <c>selectors:</c>, resolved per target.</summary>
    Selector,
}

/// <summary>An element on the page: <c>{ label: "Email" }</c>, <c>{ role: button, name: "Send" }</c>.</summary>
public sealed record LocatorSpec(LocatorKind Kind, Template Value, Template? Name = null)
{
    /// <summary>Match the whole text exactly rather than a case-insensitive part of it.</summary>
    public bool Exact { get; init; }

    public override string ToString() => Kind switch
    {
        LocatorKind.Role when Name is not null => $"role={Value} name=\"{Name}\"",
        LocatorKind.TestId => $"test_id=\"{Value}\"",
        _ => $"{Kind.ToString().ToLowerInvariant()}=\"{Value}\"",
    };
}

/// <summary>One journey step. <see cref="Place"/> is where the step starts in its file.</summary>
public abstract record Step
{
    public required SourcePlace Place { get; init; }

    /// <summary>A name targets' overrides use to replace or extend this step.</summary>
    public string? Id { get; init; }

    /// <summary>A failing optional step is recorded and skipped; the journey goes on.</summary>
    public bool Optional { get; init; }

    /// <summary>How long the step may take; null means the runner's default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>This step sends something to the target (a form, an email): dry runs stop before it, politeness limits count it.</summary>
    public bool Submit { get; init; }

    /// <summary>The step's keyword as written in YAML.</summary>
    public abstract string Keyword { get; }

    /// <summary>A one-line description for logs and reports.</summary>
    public abstract string Describe();
}

public sealed record GotoStep(Template Url) : Step
{
    public override string Keyword => "goto";
    public override string Describe() => $"goto {Url}";
}

public sealed record FillStep(LocatorSpec Locator, Template Value) : Step
{
    public override string Keyword => "fill";
    public override string Describe() => $"fill {Locator} with \"{Value}\"";
}

/// <summary>Types key by key, like a person, with <see cref="Delay"/> between keys.</summary>
public sealed record TypeStep(LocatorSpec Locator, Template Value) : Step
{
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(60);
    public override string Keyword => "type";
    public override string Describe() => $"type \"{Value}\" into {Locator}";
}

/// <summary>Chooses an option of a drop-down by its visible label or value.</summary>
public sealed record SelectStep(LocatorSpec Locator, Template Option) : Step
{
    public override string Keyword => "select";
    public override string Describe() => $"select \"{Option}\" in {Locator}";
}

public sealed record CheckStep(LocatorSpec Locator) : Step
{
    public override string Keyword => "check";
    public override string Describe() => $"check {Locator}";
}

public sealed record UncheckStep(LocatorSpec Locator) : Step
{
    public override string Keyword => "uncheck";
    public override string Describe() => $"uncheck {Locator}";
}

public sealed record ClickStep(LocatorSpec Locator) : Step
{
    public override string Keyword => "click";
    public override string Describe() => $"click {Locator}";
}

/// <summary>Presses a key (<c>Enter</c>, <c>Tab</c>, <c>Control+A</c>), in an element or on the page.</summary>
public sealed record PressStep(string Key, LocatorSpec? Locator) : Step
{
    public override string Keyword => "press";
    public override string Describe() => Locator is null ? $"press {Key}" : $"press {Key} in {Locator}";
}

public sealed record HoverStep(LocatorSpec Locator) : Step
{
    public override string Keyword => "hover";
    public override string Describe() => $"hover {Locator}";
}

/// <summary>Waits a fixed time.</summary>
public sealed record WaitStep(TimeSpan For) : Step
{
    public override string Keyword => "wait";
    public override string Describe() => $"wait {Duration.Format(For)}";
}

/// <summary>Records the moment it runs under a name that measures refer to.</summary>
public sealed record MarkStep(string Name) : Step
{
    public override string Keyword => "mark";
    public override string Describe() => $"mark {Name}";
}

/// <summary>Waits until the page shows the text.</summary>
public sealed record ExpectTextStep(Template Text) : Step
{
    public override string Keyword => "expect_text";
    public override string Describe() => $"expect_text \"{Text}\"";
}

/// <summary>Waits until the page's URL contains a text or matches a regular expression.</summary>
public sealed record ExpectUrlStep(Template? Contains, string? Pattern) : Step
{
    public override string Keyword => "expect_url";
    public override string Describe() => Pattern is null ? $"expect_url containing \"{Contains}\"" : $"expect_url matching /{Pattern}/";
}

/// <summary>Waits until an element is visible.</summary>
public sealed record ExpectVisibleStep(LocatorSpec Locator) : Step
{
    public override string Keyword => "expect_visible";
    public override string Describe() => $"expect_visible {Locator}";
}

/// <summary>Saves a full-page screenshot under a name.</summary>
public sealed record ScreenshotStep(string Name) : Step
{
    public override string Keyword => "screenshot";
    public override string Describe() => $"screenshot {Name}";
}

/// <summary>Stores an element's text (or a regex group of it) as <c>{vars.NAME}</c> for later steps and the report.</summary>
public sealed record ExtractStep(LocatorSpec Locator, string As) : Step
{
    /// <summary>A regular expression; its first group (or whole match) is kept.</summary>
    public string? Pattern { get; init; }

    public override string Keyword => "extract";
    public override string Describe() => $"extract {As} from {Locator}";
}

/// <summary>Runs steps inside an iframe.</summary>
public sealed record FrameStep(LocatorSpec Frame, IReadOnlyList<Step> Steps) : Step
{
    public override string Keyword => "frame";
    public override string Describe() => $"frame {Frame} ({Steps.Count} step(s))";
}

/// <summary>Clicks a cookie banner's accept (or reject) button when one is shown; does nothing otherwise.</summary>
public sealed record DismissCookiesStep(bool Accept) : Step
{
    public override string Keyword => "dismiss_cookies";
    public override string Describe() => $"dismiss_cookies ({(Accept ? "accept" : "reject")})";
}

/// <summary>Sends an email from the probe's address; <see cref="As"/> names it so replies can be matched.</summary>
public sealed record SendEmailStep(Template To, Template Subject, Template Body) : Step
{
    public string? As { get; init; }
    public Template? Html { get; init; }
    public override string Keyword => "send_email";
    public override string Describe() => $"send_email to {To}: \"{Subject}\"";
}

/// <summary>Which kind of message an <c>expect_email</c> accepts.</summary>
public enum EmailKind
{
    Any,
    Auto,
    Human,
}

/// <summary>Waits for an email to the probe's address; <see cref="As"/> names it for later steps and measures.</summary>
public sealed record ExpectEmailStep(string As, TimeSpan Within) : Step
{
    /// <summary>Case-insensitive text the subject must contain.</summary>
    public string? Subject { get; init; }

    /// <summary>Case-insensitive text the sender's address or name must contain.</summary>
    public string? From { get; init; }

    /// <summary>Case-insensitive text the body must contain.</summary>
    public string? Body { get; init; }

    public EmailKind Kind { get; init; } = EmailKind.Any;

    public override string Keyword => "expect_email";
    public override string Describe() => $"expect_email {As} within {Duration.Format(Within)}";
}

/// <summary>Opens a link from a received email in the probe's own browser context.</summary>
public sealed record ClickEmailLinkStep(string Email) : Step
{
    /// <summary>Case-insensitive text the link's visible text must contain.</summary>
    public string? Text { get; init; }

    /// <summary>Case-insensitive text the link's URL must contain.</summary>
    public string? Url { get; init; }

    /// <summary>A regular expression the link's URL must match.</summary>
    public string? Pattern { get; init; }

    public override string Keyword => "click_email_link";
    public override string Describe() => $"click_email_link in {Email}" + (Text is null ? "" : $" \"{Text}\"");
}

/// <summary>Keeps every email that arrives over a window: what a company sends in its first week.</summary>
public sealed record CollectEmailsStep(TimeSpan For, string As) : Step
{
    public override string Keyword => "collect_emails";
    public override string Describe() => $"collect_emails {As} for {Duration.Format(For)}";
}
