using System.Text.Json.Serialization;
using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Reporting.Preview;

namespace MysteryShopper.Reporting;

/// <summary>One probe as reports show it: what the bots recorded and how it was judged.</summary>
public sealed record ProbeResult(ProbeRecord Record, ProbeVerdict Verdict)
{
    private readonly string? _state;

    /// <summary>Where the probe stands (<c>passed</c>, <c>failed</c>, <c>awaiting</c>, <c>timed_out</c>…), as stored; else from the verdict.</summary>
    public string State
    {
        get => _state ?? (Verdict.Passed ? "passed" : "failed");
        init => _state = value;
    }

    /// <summary>Until when an awaiting probe waits for mail.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>An awaiting probe is not decided yet: it neither passes nor fails a run.</summary>
    public bool IsAwaiting => State == "awaiting";

    /// <summary>What an awaiting probe waits for, in words: "awaiting mail until … UTC; 'mshop collect' completes it".</summary>
    public string AwaitingText => Deadline is { } deadline
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"awaiting mail until {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC; 'mshop collect' completes it")
        : "awaiting mail; 'mshop collect' completes it";

    /// <summary>Safe previews of the probe's received emails, by <see cref="ReceivedEmail.Id"/> (from the stored raw messages).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, SafeEmail> Previews { get; init; } = new Dictionary<string, SafeEmail>();
}

/// <summary>A whole run: what every report format renders from, with no browser or mailbox needed.</summary>
public sealed record RunResult
{
    /// <summary>The version of results.json's format (<c>schema/results.schema.json</c>).</summary>
    /// <remarks>3 added every message's card, each probe's experience and each company's experience index; 2 files still read.</remarks>
    public const int CurrentSchemaVersion = 3;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required IReadOnlyList<ProbeResult> Probes { get; init; }

    /// <summary>Probes the plan held back (politeness limits), with the reason.</summary>
    public IReadOnlyList<SkippedProbe> Skipped { get; init; } = [];

    /// <summary>Emails that arrived during the run and matched no probe: kept and shown, never dropped.</summary>
    public IReadOnlyList<ReceivedEmail> Unattributed { get; init; } = [];

    /// <summary>Each company's experience index over its graded probes (derived from the probes: written, not read back).</summary>
    public IReadOnlyList<CompanyExperience> Experience => Comparison.Experiences(this);

    /// <summary>
    /// Earlier finished runs of the same suite (the same scenarios), oldest first, at most <c>--trend N</c> (10), that
    /// trends are drawn from; empty unless the report was given them. They carry each probe's identity, state and
    /// verdict (metrics, expectations, cards, experience) but not its observations or mail, so loading them stays cheap.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<RunResult> History { get; init; } = [];

    /// <summary>How this run compares with its baseline (<c>--baseline</c>); null when none was asked for (or <c>last</c> found no earlier run).</summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>Each scenario's <c>description</c> by its name, which heads its section of the HTML report; empty when the suite was not at hand.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> ScenarioDescriptions { get; init; } = new Dictionary<string, string>();

    /// <summary>The run's folder (screenshots and traces are relative to it), so the HTML report can embed small screenshots; null when unknown.</summary>
    [JsonIgnore]
    public string? Folder { get; init; }

    /// <summary>Every decided probe passed (awaiting ones are not decided yet and do not count).</summary>
    public bool AllPassed => Probes.Where(p => !p.IsAwaiting).All(p => p.Verdict.Passed);
}

/// <summary>A probe that was planned but not run, and why.</summary>
public sealed record SkippedProbe(string ProbeId, string Scenario, string TargetId, string Reason);

/// <summary>One output format. Each writes one file into the run's folder and returns its path.</summary>
public interface IReportWriter
{
    string FileName { get; }

    /// <summary>Renders the report into <paramref name="stream"/>, as UTF-8.</summary>
    Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken);

    Task<string> WriteAsync(RunResult run, string directory, CancellationToken cancellationToken);
}

/// <summary>A format that writes its rendering through <see cref="ReportFile"/>: never half a report on disk.</summary>
public abstract class FileReportWriter : IReportWriter
{
    public abstract string FileName { get; }

    public abstract Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken);

    public Task<string> WriteAsync(RunResult run, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        run = run.Folder is null ? run with { Folder = directory } : run;
        return ReportFile.WriteAsync(directory, FileName, (stream, ct) => RenderAsync(run, stream, ct), cancellationToken);
    }
}
