using System.Text.Json.Serialization;

namespace MysteryShopper.Reporting.Json;

/// <summary>The one JSON setup of results.json: camelCase, indented, enums as strings, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunResult))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
