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
}

/// <summary>An element on the page: <c>{ label: "Email" }</c>, <c>{ role: button, name: "Send" }</c>.</summary>
public sealed record LocatorSpec(LocatorKind Kind, Template Value, Template? Name = null)
{
    public override string ToString() => Kind switch
    {
        LocatorKind.Role when Name is not null => $"role={Value} name=\"{Name}\"",
        _ => $"{Kind.ToString().ToLowerInvariant()}=\"{Value}\"",
    };
}

/// <summary>One journey step. <see cref="Place"/> is where the step starts in its file.</summary>
public abstract record Step
{
    public required SourcePlace Place { get; init; }

    /// <summary>A failing optional step is recorded and skipped; the journey goes on.</summary>
    public bool Optional { get; init; }

    /// <summary>How long the step may take; null means the runner's default.</summary>
    public TimeSpan? Timeout { get; init; }

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

public sealed record CheckStep(LocatorSpec Locator) : Step
{
    public override string Keyword => "check";
    public override string Describe() => $"check {Locator}";
}

public sealed record ClickStep(LocatorSpec Locator) : Step
{
    public override string Keyword => "click";
    public override string Describe() => $"click {Locator}";
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

/// <summary>Waits for an email to the probe's address; <see cref="As"/> names it for later steps and measures.</summary>
public sealed record ExpectEmailStep(string As, TimeSpan Within) : Step
{
    /// <summary>Case-insensitive text the subject must contain.</summary>
    public string? Subject { get; init; }

    /// <summary>Case-insensitive text the sender's address or name must contain.</summary>
    public string? From { get; init; }

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

    public override string Keyword => "click_email_link";
    public override string Describe() => $"click_email_link in {Email}" + (Text is null ? "" : $" \"{Text}\"");
}
