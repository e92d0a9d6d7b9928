using MysteryShopper.Judging;
using MysteryShopper.Planning;
using MysteryShopper.Reporting;
using MysteryShopper.Settings;

namespace MysteryShopper.Scenarios;

/// <summary>Whose site a target is.</summary>
public enum TargetRole
{
    Own,
    Competitor,
}

/// <summary>How hard a target may be probed; counted across runs.</summary>
public sealed record PolitenessLimits(int? ProbesPerDay, TimeSpan? MinimumGap)
{
    public static readonly PolitenessLimits None = new(null, null);

    /// <summary>What <c>limits.probes_per_day</c> takes.</summary>
    public static readonly WholeNumbers ProbesPerDayRange = new(1);
}

/// <summary>A target's changes to one scenario, for sites whose markup differs.</summary>
public sealed record ScenarioOverride
{
    /// <summary>Named locators that replace the scenario's (<c>{ selector: NAME }</c>).</summary>
    public IReadOnlyDictionary<string, LocatorSpec> Selectors { get; init; } = new Dictionary<string, LocatorSpec>();

    /// <summary>Step id → the steps that take its place (none: the step is skipped).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Step>> Replace { get; init; } = new Dictionary<string, IReadOnlyList<Step>>();

    /// <summary>Step id → steps inserted right after it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Step>> InsertAfter { get; init; } = new Dictionary<string, IReadOnlyList<Step>>();

    /// <summary>Where the override is written (the scenario's name under <c>overrides:</c>).</summary>
    public required SourcePlace Place { get; init; }

    /// <summary>Where each step id under <c>replace:</c> and <c>insert_after:</c> is written.</summary>
    public IReadOnlyDictionary<string, SourcePlace> StepIdPlaces { get; init; } = new Dictionary<string, SourcePlace>();
}

/// <summary>One company's site, from <c>targets.yaml</c>.</summary>
public sealed record TargetDefinition
{
    public const string DemoScheme = "demo://";

    public required string Id { get; init; }
    public required string Name { get; init; }
    public required TargetRole Role { get; init; }

    /// <summary>The base URL; <c>demo://ID</c> names one of the built-in demo companies.</summary>
    public required string Url { get; init; }

    /// <summary>The domains this company's mail and links come from.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>Named addresses (<c>support</c>, <c>sales</c>) that <c>send_email</c> can use.</summary>
    public IReadOnlyDictionary<string, string> Emails { get; init; } = new Dictionary<string, string>();

    /// <summary>The company's time zone (IANA id), for business-hours response times.</summary>
    public string TimeZone { get; init; } = "UTC";

    public BusinessHours? BusinessHours { get; init; }
    public PolitenessLimits Limits { get; init; } = PolitenessLimits.None;
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Named locators for every scenario on this target.</summary>
    public IReadOnlyDictionary<string, LocatorSpec> Selectors { get; init; } = new Dictionary<string, LocatorSpec>();

    /// <summary>Scenario name → this target's changes to it.</summary>
    public IReadOnlyDictionary<string, ScenarioOverride> Overrides { get; init; } = new Dictionary<string, ScenarioOverride>();

    public required SourcePlace Place { get; init; }

    public bool IsDemo => Url.StartsWith(DemoScheme, StringComparison.OrdinalIgnoreCase);

    public string? DemoCompanyId => IsDemo ? Url[DemoScheme.Length..].Trim('/') : null;
}

/// <summary>The shopper's identity, from <c>personas.yaml</c>. The email address comes from each probe.</summary>
public sealed record PersonaDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public string Company { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Locale { get; init; } = "en-GB";
    public string TimeZone { get; init; } = "UTC";

    /// <summary><c>desktop</c>, or a named device to emulate (<c>iPhone 13</c>, <c>Pixel 5</c>).</summary>
    public string Device { get; init; } = "desktop";

    public required SourcePlace Place { get; init; }
}

/// <summary>A term an answer must mention, with words that count as the same.</summary>
public sealed record CoverTerm(string Term, IReadOnlyList<string> Synonyms)
{
    public IEnumerable<string> AllForms => Synonyms.Prepend(Term);
}

/// <summary>A question a shopper asks, from a scenario or <c>questions.yaml</c>.</summary>
public sealed record QuestionDefinition
{
    public required string Id { get; init; }
    public required string Text { get; init; }
    public IReadOnlyList<CoverTerm> MustCover { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required SourcePlace Place { get; init; }
}

/// <summary>A name used in a scenario, with where it was written.</summary>
public sealed record NameRef(string Name, SourcePlace Place);

/// <summary>
/// Which rubric judges which message, and what it checks. <see cref="Rubric"/> is a built-in rubric's name, or
/// <c>default</c>: the built-in one for the message's kind (marketing for marketing mail, reply for the rest).
/// </summary>
public sealed record JudgeDefinition(string Email, string Rubric, bool CoversQuestion, bool Personal, SourcePlace Place)
{
    /// <summary>Weights that replace the rubric's for the parts they name.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>();

    /// <summary>Phrases the email must contain, besides the rubric's own.</summary>
    public IReadOnlyList<string> Required { get; init; } = [];

    /// <summary>Phrases the email must not contain, besides the rubric's own.</summary>
    public IReadOnlyList<string> Forbidden { get; init; } = [];
}

/// <summary>A scenario file: a journey of steps plus what to measure, judge and expect.</summary>
public sealed record ScenarioDefinition
{
    public required string Name { get; init; }

    /// <summary>Where the name is written (for "used twice" errors); the file's start when unknown.</summary>
    public SourcePlace? NamePlace { get; init; }

    public string Description { get; init; } = "";
    public required string File { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required IReadOnlyList<NameRef> Targets { get; init; }
    public required NameRef Persona { get; init; }

    /// <summary>The questions asked; with <see cref="EachQuestion"/> each is its own probe, else the first is asked.</summary>
    public IReadOnlyList<QuestionDefinition> Questions { get; init; } = [];
    public bool EachQuestion { get; init; } = true;

    /// <summary>How many probes to make of each target (and question): repeated samples give distributions, not single numbers.</summary>
    public int Samples { get; init; } = 1;

    /// <summary>Named locators the steps use as <c>{ selector: NAME }</c>; targets may replace them.</summary>
    public IReadOnlyDictionary<string, LocatorSpec> Selectors { get; init; } = new Dictionary<string, LocatorSpec>();

    public required IReadOnlyList<Step> Journey { get; init; }
    public IReadOnlyList<MeasureDefinition> Measures { get; init; } = [];
    public IReadOnlyList<JudgeDefinition> Judging { get; init; } = [];
    public IReadOnlyList<ExpectationDefinition> Expectations { get; init; } = [];
}

/// <summary>A named duration between two moments of a probe: <c>welcome.received - submitted</c>.</summary>
public sealed record MeasureDefinition(string Name, MeasureExpression Expression, SourcePlace Place)
{
    /// <summary>Count only the target's business hours (its time zone and <c>business_hours</c>).</summary>
    public bool BusinessHours { get; init; }
}

public enum Severity
{
    Fail,
    Warn,
}

/// <summary>A threshold on a metric: <c>time_to_welcome: "&lt; 5s"</c>. A <see cref="Severity.Warn"/> one never fails the probe.</summary>
public sealed record ExpectationDefinition(string Metric, Threshold Threshold, SourcePlace Place)
{
    public Severity Severity { get; init; } = Severity.Fail;
}

/// <summary>Workspace settings from <c>mshop.yaml</c>; every value has a default.</summary>
public sealed record WorkspaceConfig
{
    /// <summary>Probe addresses, with <c>{token}</c>.</summary>
    public AddressPattern? Addresses { get; init; }
    public string? Maildir { get; init; }

    /// <summary>A real mailbox read over IMAP, instead of the Maildir.</summary>
    public MailServer? Imap { get; init; }

    /// <summary>An SMTP server probes send through, instead of the pickup folder.</summary>
    public MailServer? Smtp { get; init; }

    /// <summary>The pickup folder sent mail is written to (default: the run folder's outbox/).</summary>
    public string? Pickup { get; init; }
    public string? BrowserExecutable { get; init; }

    /// <summary>A Playwright browser server (<c>ws://…</c>) to use instead of a local browser.</summary>
    public BrowserServerUrl? BrowserConnect { get; init; }
    public bool Headless { get; init; } = true;
    public int? Parallel { get; init; }
    public TimeSpan? StepTimeout { get; init; }
    public string? ReportsFolder { get; init; }

    /// <summary>The store file (SQLite), relative to the workspace; default <c>.mshop/store.db</c>.</summary>
    public string? Store { get; init; }
    public IReadOnlyList<ReportFormat> ReportFormats { get; init; } = [];

    /// <summary>The checks made of each received message with the network (links, DKIM, spamd); none by default.</summary>
    public MessageChecks Checks { get; init; } = MessageChecks.None;

    /// <summary>When a change against a baseline run is a regression (<c>regression:</c>); the defaults when not written.</summary>
    public RegressionSettings Regression { get; init; } = RegressionSettings.Default;

    /// <summary>The folder mshop.yaml is in: relative paths in it are relative to this.</summary>
    public string? Folder { get; init; }
}

/// <summary>Everything loaded from a set of files.</summary>
public sealed record Suite
{
    public required IReadOnlyList<ScenarioDefinition> Scenarios { get; init; }
    public required IReadOnlyDictionary<string, TargetDefinition> Targets { get; init; }
    public required IReadOnlyDictionary<string, PersonaDefinition> Personas { get; init; }
    public IReadOnlyDictionary<string, QuestionDefinition> Questions { get; init; } = new Dictionary<string, QuestionDefinition>();
    public WorkspaceConfig Config { get; init; } = new();

    /// <summary>Secret values read from <c>${env:NAME}</c>; every output redacts them.</summary>
    public IReadOnlyCollection<string> Secrets { get; init; } = [];
}
