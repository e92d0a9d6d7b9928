using System.Text.Json;
using System.Text.Json.Serialization;
using MysteryShopper.Execution;
using MysteryShopper.Judging;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Storage;

/// <summary>The one JSON setup of what the store keeps as JSON: checkpoints, emails' readings, verdicts, suites.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProbeCheckpoint))]
[JsonSerializable(typeof(ReceivedEmail))]
[JsonSerializable(typeof(ProbeVerdict))]
[JsonSerializable(typeof(List<SkippedProbe>))]
[JsonSerializable(typeof(List<StoredSource>))]
[JsonSerializable(typeof(StoredSettings))]
public sealed partial class StoreJsonContext : JsonSerializerContext;

/// <summary>One file of a suite as it was loaded.</summary>
public sealed record StoredSource(string Path, string Text);

/// <summary>What a later process needs of a run's settings to go on with its probes and render its reports.</summary>
public sealed record StoredSettings
{
    public required string AddressPattern { get; init; }
    public IReadOnlyList<string> Reports { get; init; } = [];
    public bool Trace { get; init; } = true;
    public bool FailureScreenshotsOnly { get; init; }
    public double StepTimeoutSeconds { get; init; } = 15;
    public bool DryRun { get; init; }

    /// <summary>The run's message checks (<see cref="Pipeline.RunSettings.Checks"/>), so a later <c>collect</c> checks the same way.</summary>
    public bool CheckLinks { get; init; }

    public bool CheckDkim { get; init; }

    /// <summary>The spamd's HOST:PORT, or null.</summary>
    public string? Spamd { get; init; }

    /// <summary>Which part of a split run this is (<c>--shard i/n</c>); null for a whole run. <c>mshop merge</c> checks it.</summary>
    public StoredShard? Shard { get; init; }
}

/// <summary>
/// A shard's place in its split run: its index and count, and the fingerprint of the whole plan it split
/// (<see cref="Planning.Shard.Fingerprint"/>), so shards of different suites or options are never merged.
/// </summary>
public sealed record StoredShard(int Index, int Count, string Plan);

/// <summary>Reading and writing the store's JSON columns.</summary>
public static class StoreJson
{
    public static ReceivedEmail Email(StoredMessage message) =>
        (JsonSerializer.Deserialize(message.EmailJson, StoreJsonContext.Default.ReceivedEmail) ?? throw new InvalidDataException($"message {message.Key} has no reading"))
        with { Token = message.Token };

    public static string Email(ReceivedEmail email) => JsonSerializer.Serialize(email, StoreJsonContext.Default.ReceivedEmail);

    public static string Verdict(ProbeVerdict verdict) => JsonSerializer.Serialize(verdict, StoreJsonContext.Default.ProbeVerdict);

    public static ProbeVerdict? Verdict(string? json) => json is null ? null : JsonSerializer.Deserialize(json, StoreJsonContext.Default.ProbeVerdict);

    public static string Skipped(IReadOnlyList<SkippedProbe> skipped) => JsonSerializer.Serialize(skipped.ToList(), StoreJsonContext.Default.ListSkippedProbe);

    public static IReadOnlyList<SkippedProbe> Skipped(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.ListSkippedProbe) ?? [];

    public static string Sources(IEnumerable<SourceFile> files) =>
        JsonSerializer.Serialize(files.Select(f => new StoredSource(f.Path, f.Text)).ToList(), StoreJsonContext.Default.ListStoredSource);

    public static IReadOnlyList<SourceFile> Sources(string json) =>
        (JsonSerializer.Deserialize(json, StoreJsonContext.Default.ListStoredSource) ?? []).Select(s => new SourceFile(s.Path, s.Text)).ToList();

    public static string Settings(StoredSettings settings) => JsonSerializer.Serialize(settings, StoreJsonContext.Default.StoredSettings);

    public static StoredSettings? Settings(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.StoredSettings);
}
