using System.Text.Json.Serialization;

namespace MysteryShopper.Storage.Sqlite;

/// <summary>The JSON the store writes itself: an observation's named numbers.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Dictionary<string, double>))]
public sealed partial class StoreJsonContext : JsonSerializerContext;
