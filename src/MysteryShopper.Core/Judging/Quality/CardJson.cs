using System.Text.Json.Serialization;

namespace MysteryShopper.Judging.Quality;

/// <summary>One part of a card as JSON: what it found, its sub-score (null when it has none) and the evidence.</summary>
public sealed record PartJson(string Value, double? Score, IReadOnlyList<string> Evidence);

/// <summary>
/// A card as JSON, with stable keys: <c>mshop judge --json</c> prints one a message. Every key is always written
/// (<c>answered</c> and <c>one_click_unsubscribe</c> are null where they do not apply), so a script can rely on them.
/// </summary>
public sealed record CardJson(
    string? File,
    string Kind,
    string? Answered,
    bool NextStep,
    bool Personal,
    bool UnfilledPlaceholder,
    bool? OneClickUnsubscribe,
    double Score,
    string Grade,
    string Rubric,
    IReadOnlyDictionary<string, PartJson> Parts)
{
    public static CardJson From(MessageCard card, string? file) => new(
        file,
        Word(card.Kind),
        card.Answered is { } answered ? Word(answered) : null,
        card.NextStep,
        card.Personal,
        card.UnfilledPlaceholder,
        card.OneClickUnsubscribe,
        card.Score,
        Word(card.Grade),
        card.Rubric,
        card.Parts.ToDictionary(p => p.Name, p => new PartJson(p.Value, p.Score, p.Evidence), StringComparer.Ordinal));

    /// <summary>An enum's value as the card's words say it: auto, human, marketing; full, partial, none; promoter…</summary>
    public static string Word<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>
/// The JSON of <c>mshop judge --json</c> (one object a line, snake_case keys, nulls written), and of the checks kept with
/// each card (<see cref="DeliveryChecks"/>), so a card is judged again later without the network.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CardJson))]
[JsonSerializable(typeof(DeliveryChecks))]
public sealed partial class CardJsonContext : JsonSerializerContext;
