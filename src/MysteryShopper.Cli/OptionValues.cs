using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MysteryShopper.Cli;

/// <summary>
/// Options whose values are checked as they are parsed: a bad value is reported as the option and what it accepts,
/// never as a .NET type, and a value given in range is the one the command reads.
/// </summary>
public static class OptionValues
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when not given.</summary>
    public static Option<int?> WholeNumber(string name, int min, int max, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = TextOf(result);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} needs a whole number from {min} to {max}, not '{text}'");
            return null;
        },
    };

    /// <summary>A factor above 0 and at most 100 (0.5 is twice as fast); null when not given.</summary>
    public static Option<double?> Scale(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "FACTOR",
        CustomParser = result =>
        {
            var text = TextOf(result);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value is > 0 and <= 100)
            {
                return value;
            }

            result.AddError($"{name} needs a number above 0 and at most 100 such as 0.5, not '{text}'");
            return null;
        },
    };

    /// <summary>One of <paramref name="words"/>, the first being the default.</summary>
    public static Option<string> OneOf(string name, string description, params string[] words)
    {
        var option = new Option<string>(name) { Description = description, HelpName = string.Join('|', words), DefaultValueFactory = _ => words[0] };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !words.Contains(TextOf(result), StringComparer.Ordinal))
            {
                result.AddError($"{name} must be {string.Join(" or ", words)}, not '{TextOf(result)}'");
            }
        });
        option.CompletionSources.Add(words);
        return option;
    }

    private static string TextOf(OptionResult result) => string.Join(' ', result.Tokens.Select(t => t.Value));

    private static string TextOf(ArgumentResult result) => string.Join(' ', result.Tokens.Select(t => t.Value));
}
