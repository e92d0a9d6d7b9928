using System.CommandLine;
using System.CommandLine.Parsing;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli;

/// <summary>Unknown commands and options, named as such with a suggestion, whatever else the command line holds.</summary>
public static class UsageErrors
{
    /// <summary>"unknown option --paralel for 'run' (did you mean --parallel?)" or "unknown command 'rn' (did you mean 'run'?)"; null when there is none.</summary>
    public static string? Unknown(ParseResult parsed)
    {
        var command = parsed.CommandResult;
        // A mistyped command comes first on the line: what follows it was meant for the command.
        if (command.Command.Subcommands.Count > 0 && parsed.UnmatchedTokens.Count > 0 && parsed.UnmatchedTokens[0] is var word && !LooksLikeOption(word))
        {
            return $"unknown command '{word}'{Of(command, "of")} ({Suggest.DidYouMean(word, command.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))})";
        }

        // A token after "--" is a value whatever it looks like.
        var given = parsed.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash).Where(t => t.Type == TokenType.Argument).Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        // An unknown option is taken for a value of the command's own argument (a path), or left unmatched.
        var asArguments = command.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value);
        foreach (var token in parsed.UnmatchedTokens.Concat(asArguments))
        {
            if (LooksLikeOption(token) && given.Contains(token))
            {
                var names = OptionsOf(command).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
                var closest = Suggest.Closest(token.Split('=')[0], names);
                var help = command.Command is RootCommand ? "mshop --help" : $"mshop {PathOf(command)} --help";
                return $"unknown option {token}{Of(command, "for")} ({(closest is null ? $"see '{help}'" : $"did you mean {closest}?")})";
            }
        }

        return null;
    }

    /// <summary>One parse error in words: an option given without its value says what the value is.</summary>
    public static string Describe(ParseError error) =>
        error.SymbolResult is OptionResult { Tokens.Count: 0, Implicit: false } given && given.Option.Arity.MinimumNumberOfValues > 0
            ? $"{given.Option.Name} needs a value" + (given.Option.HelpName is { } value ? $" ({value})" : "")
            : error.Message;

    /// <summary>Where to read more: the help of the command the line got as far as.</summary>
    public static string SeeHelp(ParseResult parsed) =>
        parsed.CommandResult.Command is RootCommand
            ? "Run 'mshop --help' to see the commands and their options."
            : $"Run 'mshop {PathOf(parsed.CommandResult)} --help' to see its options.";

    // "-1" and "-.5" are numbers, "-" alone is standard input: none of them an option.
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.';

    private static string Of(CommandResult command, string preposition) =>
        command.Command is RootCommand ? "" : $" {preposition} '{PathOf(command)}'";

    private static string PathOf(CommandResult command)
    {
        var names = new List<string>();
        for (var c = command; c is not null && c.Command is not RootCommand; c = c.Parent as CommandResult)
        {
            names.Insert(0, c.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>The command's options and its ancestors' recursive ones (--verbose, --help).</summary>
    private static IEnumerable<Option> OptionsOf(CommandResult command)
    {
        foreach (var option in command.Command.Options)
        {
            yield return option;
        }

        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }
}
