using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MysteryShopper.Reporting;
using MysteryShopper.Settings;

namespace MysteryShopper.Cli;

/// <summary>
/// Options whose values are checked as they are parsed: a bad value is reported as the option and what it accepts,
/// never as a .NET type, and a value given in range is the one the command reads.
/// </summary>
public static class OptionValues
{
    /// <summary>A whole number in <paramref name="range"/>; null when not given.</summary>
    public static Option<int?> WholeNumber(string name, WholeNumbers range, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            if (range.TryParse(TextOf(result), out var value, out var problem))
            {
                return value;
            }

            result.AddError($"{name} needs {problem.Message}");
            return null;
        },
    };

    /// <summary>A value <paramref name="parse"/> accepts, the problem otherwise said as mshop.yaml says it, of the option; null when not given.</summary>
    public static Option<T?> Setting<T>(string name, string helpName, string description, SettingParser<T> parse)
        where T : class => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            if (parse(TextOf(result), out var value, out var problem))
            {
                return value;
            }

            result.AddError(problem.ForOption(name));
            return null;
        },
    };

    /// <summary>Comma-separated report formats (<see cref="ReportFormat"/>); null when not given.</summary>
    public static Option<IReadOnlyList<ReportFormat>?> ReportFormats(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "FORMATS",
        CustomParser = result =>
        {
            var problems = new List<string>();
            var formats = ReportFormat.ParseList(TextOf(result), name, problems);
            foreach (var problem in problems)
            {
                result.AddError(problem);
            }

            return problems.Count == 0 ? formats : null;
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
