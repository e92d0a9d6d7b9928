using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MysteryShopper.Bots.Mail;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop judge FILE.eml|FOLDER</c>: prints the quality card of any saved email, with the evidence for each part;
/// <c>--json</c> prints one JSON object a message. A file that is no email gets a note, never a stack trace.
/// </summary>
public static class JudgeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("paths") { Description = "Email files (.eml) or folders of them", Arity = ArgumentArity.OneOrMore };
        var question = new Option<string?>("--question") { HelpName = "TEXT", Description = "The question the message answers (default: none; then 'answered' is not judged)" };
        var mustCover = new Option<string?>("--must-cover") { HelpName = "TERMS", Description = "Terms a full answer covers, comma-separated, e.g. annual,discount" };
        var persona = new Option<string?>("--persona") { HelpName = "NAME", Description = "The shopper's name, for greetings (e.g. \"Sam Carter\")" };
        var rubric = new Option<string?>("--rubric") { HelpName = "NAME|FILE", Description = $"The rubric: {string.Join(" or ", Rubrics.Names)}, or a rubric YAML file (default: marketing for marketing mail, else reply)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object a message (stable keys) instead of the card" };
        var spamd = new Option<string?>("--spamd") { HelpName = "HOST:PORT", Description = "Score each message with this SpamAssassin daemon (spamd), e.g. 127.0.0.1:783" };
        var dkim = new Option<bool>("--check-dkim") { Description = "Verify DKIM signatures, looking their keys up in DNS" };
        var links = new Option<bool>("--check-links") { Description = "Request each message's links on the --own-domain domains to find broken ones (never unsubscribe, confirm or token links; one request a second per host)" };
        var ownDomains = new Option<string?>("--own-domain") { HelpName = "DOMAIN[,DOMAIN]", Description = "The target's own domains (subdomains included): the only hosts --check-links requests" };
        var command = new Command("judge", "Print the quality card of saved emails: kind, answered, personal, placeholders, unsubscribe, clarity, tone, deliverability, links")
        {
            paths, question, mustCover, persona, rubric, json, spamd, dkim, links, ownDomains,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (chosen, rubricProblem) = await RubricOption.ReadAsync(parse.GetValue(rubric), error, cancellationToken);
            if (rubricProblem)
            {
                return ExitCodes.InvalidInput;
            }

            SpamdAddress? spamAssassin = null;
            if (parse.GetValue(spamd) is { } endpoint && !SpamdAddress.TryParse(endpoint, out spamAssassin, out var problem))
            {
                await error.WriteLineAsync($"mshop: {problem.ForOption("--spamd")}");
                return ExitCodes.InvalidInput;
            }

            var domains = (parse.GetValue(ownDomains) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parse.GetValue(links) != domains.Length > 0)
            {
                await error.WriteLineAsync(domains.Length == 0
                    ? "mshop: --check-links needs --own-domain DOMAIN[,DOMAIN]: links are only requested on the target's own domains"
                    : "mshop: --own-domain is for --check-links: add --check-links to request the links on those domains");
                return ExitCodes.InvalidInput;
            }

            var checks = new MessageChecks { Links = parse.GetValue(links), Dkim = parse.GetValue(dkim), Spamd = spamAssassin };
            using var checker = MessageChecker.Create(checks, TimeProvider.System);
            var (files, missing) = EmailFiles(parse.GetValue(paths) ?? []);
            foreach (var path in missing)
            {
                await error.WriteLineAsync($"mshop: no such file or folder: {path}");
            }

            var name = parse.GetValue(persona)?.Trim() ?? "";
            var context = new JudgeContext
            {
                Question = parse.GetValue(question),
                MustCover = (parse.GetValue(mustCover) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => new CoverTerm(t, [])).ToList(),
                FullName = name,
                FirstName = name.Split(' ', 2)[0],
            };

            var unreadable = 0;
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                MessageCard card;
                try
                {
                    var raw = await File.ReadAllBytesAsync(file, cancellationToken);
                    var letter = Letters.Read(new MemoryStream(raw));
                    var found = checker is null ? null : await checker.CheckAsync(letter, raw, domains, cancellationToken);
                    card = MessageJudge.Judge(letter, context, chosen, found);
                }
                catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
                {
                    unreadable++;
                    await error.WriteLineAsync($"mshop: {file}: not judged: {Messages.FirstLine(e.Message)}");
                    continue;
                }

                await output.WriteAsync(parse.GetValue(json)
                    ? JsonSerializer.Serialize(CardJson.From(card, file), CardJsonContext.Default.CardJson) + "\n"
                    : Render(file, card));
            }

            if (files.Count == 0 && missing.Count == 0)
            {
                await error.WriteLineAsync("mshop: no .eml files found");
            }

            return missing.Count > 0 || unreadable > 0 || files.Count == 0 ? ExitCodes.InvalidInput : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The files given, and the .eml files in the folders given (sorted, sub-folders included); paths that do not exist apart.</summary>
    private static (List<string> Files, List<string> Missing) EmailFiles(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else
            {
                missing.Add(path);
            }
        }

        return (files, missing);
    }

    /// <summary>The card as a CX lead reads it: the verdict on one line, then each part with its sub-score and evidence.</summary>
    public static string Render(string file, MessageCard card)
    {
        var text = new System.Text.StringBuilder();
        var answered = card.Answered is { } a ? $", answered {CardJson.Word(a)}{(card.NextStep ? " (proposes a next step)" : "")}" : "";
        text.AppendLine(CultureInfo.InvariantCulture, $"{file}: {CardJson.Word(card.Kind)}{answered}, score {card.Score:0.0} ({CardJson.Word(card.Grade)}-grade, rubric {card.Rubric})");
        var width = card.Parts.Max(p => p.Name.Length);
        var valueWidth = Math.Min(24, card.Parts.Max(p => p.Value.Length));
        foreach (var part in card.Parts)
        {
            var score = part.Score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(4) : "   -";
            var evidence = part.Evidence.Count == 0 ? "" : "  " + string.Join("; ", part.Evidence);
            text.AppendLine(CultureInfo.InvariantCulture, $"  {part.Name.PadRight(width)}  {part.Value.PadRight(valueWidth)}  {score}{evidence}");
        }

        return text.AppendLine().ToString();
    }
}
