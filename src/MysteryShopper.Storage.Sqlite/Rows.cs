using System.Text.Json;
using MysteryShopper.Execution;

namespace MysteryShopper.Storage.Sqlite;

// Rows as Dapper reads them (column probe_id → ProbeId); mapped to the contract's records by hand, since states and
// observation kinds are stored as words and Dapper parses enums only by their names.

internal sealed class RunRow
{
    public string Id { get; set; } = "";
    public string Suite { get; set; } = "";
    public string? Workspace { get; set; }
    public string Directory { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string SourcesJson { get; set; } = "";
    public string SettingsJson { get; set; } = "";
    public string SkippedJson { get; set; } = "[]";

    public StoredRun ToRun() => new()
    {
        Id = Id,
        Suite = Suite,
        Workspace = Workspace,
        Directory = Directory,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        SourcesJson = SourcesJson,
        SettingsJson = SettingsJson,
        SkippedJson = SkippedJson,
    };
}

internal sealed class ProbeRow
{
    public string Token { get; set; } = "";
    public string RunId { get; set; } = "";
    public string ProbeId { get; set; } = "";
    public long Ordinal { get; set; }
    public DateTimeOffset PlannedAt { get; set; }
    public string Scenario { get; set; } = "";
    public string ScenarioFile { get; set; } = "";
    public string TargetId { get; set; } = "";
    public string TargetName { get; set; } = "";
    public string TargetRole { get; set; } = "";
    public string TargetUrl { get; set; } = "";
    public string Persona { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string Email { get; set; } = "";
    public string? QuestionId { get; set; }
    public string? QuestionText { get; set; }
    public string State { get; set; } = "";
    public string? StateReason { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public string? CheckpointJson { get; set; }
    public string? StorageState { get; set; }
    public string? Owner { get; set; }
    public string? VerdictJson { get; set; }

    public StoredProbe ToProbe() => new()
    {
        Token = Token,
        RunId = RunId,
        ProbeId = ProbeId,
        Ordinal = checked((int)Ordinal),
        PlannedAt = PlannedAt,
        Scenario = Scenario,
        ScenarioFile = ScenarioFile,
        TargetId = TargetId,
        TargetName = TargetName,
        TargetRole = TargetRole,
        TargetUrl = TargetUrl,
        Persona = Persona,
        FirstName = FirstName,
        Email = Email,
        QuestionId = QuestionId,
        QuestionText = QuestionText,
        State = ProbeStates.Parse(State),
        StateReason = StateReason,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        Deadline = Deadline,
        CheckpointJson = CheckpointJson,
        StorageState = StorageState,
        Owner = Owner,
        VerdictJson = VerdictJson,
    };
}

internal sealed class PastRow
{
    public string TargetId { get; set; } = "";
    public DateTimeOffset PlannedAt { get; set; }
}

internal sealed class ObservationRow
{
    public string Token { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public long? Step { get; set; }
    public string? Name { get; set; }
    public string? Detail { get; set; }
    public long? Line { get; set; }
    public double? Value { get; set; }
    public string? NumbersJson { get; set; }

    public Observation ToObservation() => new(Enum.Parse<ObservationKind>(Kind), At)
    {
        Step = Step is { } step ? checked((int)step) : null,
        Name = Name,
        Detail = Detail,
        Line = Line is { } line ? checked((int)line) : null,
        Value = Value,
        Numbers = NumbersJson is null ? null : JsonSerializer.Deserialize(NumbersJson, StoreJsonContext.Default.DictionaryStringDouble),
    };
}

internal sealed class SubmissionRow
{
    public string Token { get; set; } = "";
    public long Step { get; set; }
    public string Description { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public Submission ToSubmission() => new(Token, checked((int)Step), Description, StartedAt, FinishedAt);
}

internal sealed class ArtifactRow
{
    public string Token { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Path { get; set; } = "";
}

internal sealed class MessageRow
{
    public string MessageKey { get; set; } = "";
    public string Mailbox { get; set; } = "";
    public string Source { get; set; } = "";
    public string? Token { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset SeenAt { get; set; }
    public string EmailJson { get; set; } = "";
    public byte[] Raw { get; set; } = [];

    public StoredMessage ToMessage() => new()
    {
        Key = MessageKey,
        Mailbox = Mailbox,
        Source = Source,
        Token = Token,
        ReceivedAt = ReceivedAt,
        SeenAt = SeenAt,
        EmailJson = EmailJson,
        Raw = Raw,
    };
}

internal sealed class PositionRow
{
    public string Mailbox { get; set; } = "";
    public long UidValidity { get; set; }
    public long NextUid { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class StateCountRow
{
    public string RunId { get; set; } = "";
    public string State { get; set; } = "";
    public long Count { get; set; }
}

internal sealed class MessageIdRow
{
    public string MessageId { get; set; } = "";
    public string Token { get; set; } = "";
}

internal sealed class TagRow
{
    public string Name { get; set; } = "";
    public string RunId { get; set; } = "";
    public DateTimeOffset TaggedAt { get; set; }
}

internal sealed class SentRow
{
    public string MessageId { get; set; } = "";
    public string Token { get; set; } = "";
    public string Recipient { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
    public byte[]? Raw { get; set; }
}
