using System.Text.RegularExpressions;

namespace MysteryShopper.Execution;

/// <summary>What a form field says about itself, as the browser read it just before a step would enter something.</summary>
public sealed record FieldFacts
{
    public string Autocomplete { get; init; } = "";
    public string Name { get; init; } = "";
    public string Id { get; init; } = "";

    /// <summary>The text of the field's labels, its <c>aria-label</c> and its placeholder.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>
/// MysteryShopper never enters payment details: a field is a payment field when its <c>autocomplete</c> has a
/// <c>cc-*</c> token (the HTML standard's card fields), when its name or id is one of the usual card names, or when its
/// label asks for a card number or security code. A numeric keyboard alone (<c>inputmode=numeric</c>) says nothing.
/// </summary>
public static partial class PaymentFields
{
    // Compared with the name or id in lower case, without separators: card_number, card-number and cardNumber alike.
    private static readonly string[] CardNameParts =
    [
        "cardnumber", "cardnum", "ccnumber", "ccnum", "creditcard", "debitcard", "cardholder", "cardsecurity",
        "cardcvc", "cardcvv", "cardexp", "ccexp", "expdate", "expirydate", "expirationdate", "expmonth", "expyear",
        "expirymonth", "expiryyear", "expirationmonth", "expirationyear",
    ];

    // Too short to look for inside other names ("discvc"?): only the whole name counts.
    private static readonly string[] CardNames = ["cvc", "cvv", "cvc2", "cvv2", "csc", "ccv", "cvn"];

    // "Security code" alone is left out: sites ask for the code they emailed that way. "MM/YY" is an expiry; a date of
    // birth's "DD/MM/YYYY" is not.
    [GeneratedRegex(@"\bcard\s*(number|no\b|num\b)|\b(cvc2?|cvv2?|csc)\b|card\s*security\s*code|card\s*verification|card\s*expir|(?<!/\s*)\bMM\s*/\s*YY\b", RegexOptions.IgnoreCase)]
    private static partial Regex CardLabel();

    /// <summary>Why the field is a payment field (what marks it, e.g. <c>autocomplete="cc-number", name="cardnumber"</c>), or null when it is not one.</summary>
    public static string? Why(FieldFacts field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var marks = new List<string>();
        if (field.Autocomplete.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(t => t.StartsWith("cc-", StringComparison.OrdinalIgnoreCase)))
        {
            marks.Add($"autocomplete=\"{field.Autocomplete.Trim()}\"");
        }

        foreach (var (attribute, value) in new[] { ("name", field.Name), ("id", field.Id) })
        {
            if (IsCardName(value))
            {
                marks.Add($"{attribute}=\"{value}\"");
            }
        }

        if (field.Labels.FirstOrDefault(l => CardLabel().IsMatch(l)) is { } label)
        {
            marks.Add($"label \"{label.Trim()}\"");
        }

        return marks.Count == 0 ? null : string.Join(", ", marks);
    }

    private static bool IsCardName(string value)
    {
        var name = string.Concat(value.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();
        return name.Length > 0 && (CardNames.Contains(name) || CardNameParts.Any(p => name.Contains(p, StringComparison.Ordinal)));
    }
}
