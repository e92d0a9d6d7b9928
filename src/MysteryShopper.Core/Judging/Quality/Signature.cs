using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// How a mail opens and closes: the greeting's name ("Hi Sam,"), the sign-off's name when an individual signs
/// ("Best,\nEmma Clarke"; not "The Team", "Customer Support" or the company), and the body between them.
/// </summary>
internal sealed partial record Signature(string? Greeting, string? GreetedName, string? SignOff, string Body)
{
    // Words that make a sign-off a department or a company, not a person.
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "team", "the", "support", "customer", "customers", "service", "services", "sales", "help", "helpdesk", "desk", "success", "care", "billing",
        "operations", "crew", "staff", "department", "office", "marketing", "info", "admin", "noreply", "no-reply", "your", "our", "everyone", "all",
        "us", "friends", "folks", "family", "inc", "ltd", "llc", "gmbh", "limited", "company", "group", "hq", "bot", "assistant", "notifications",
    };

    private static readonly HashSet<string> Subdomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "mail", "email", "e", "em", "news", "newsletter", "support", "help", "hello", "info", "mg", "mailer", "bounce", "bounces", "reply", "www", "co", "com", "org", "net",
    };

    [GeneratedRegex(@"^(hi|hello|hey|dear|good (morning|afternoon|evening)|greetings|howdy)\b[ ,]*(?<name>[\p{L}'’-]+( [\p{Lu}][\p{L}'’-]+)?)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GreetingLine();

    [GeneratedRegex(@"^(best( regards| wishes)?|kind(est)? regards|warm(est)? regards|regards|many thanks|thanks( again| so much| a lot)?|thank you( again)?|cheers|sincerely|all the best|speak soon|talk soon|take care|have a (great|nice|good|lovely|wonderful) (day|week|weekend|evening)|bien à vous|cordialement|mit freundlichen grüßen|viele grüße|saludos|met vriendelijke groet|yours( sincerely| truly| faithfully)?|with thanks)\s*[,.!]?(\s+(?<name>\p{Lu}\S*( \S+){0,3}))?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClosingLine();

    [GeneratedRegex(@"^(--|—|–|-)\s*(?<name>\p{Lu}.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DashLine();

    [GeneratedRegex(@"^[\p{Lu}][\p{L}'’.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameWord();

    public static Signature Read(Letter letter, string ownText)
    {
        var lines = MailText.Lines(ownText);
        string? greeting = null, greeted = null;
        foreach (var line in lines.Take(10))
        {
            if (GreetingLine().Match(line) is { Success: true } g)
            {
                greeting = line.Length > 40 ? line[..40] : line;
                greeted = g.Groups["name"].Success ? g.Groups["name"].Value : null;
                break;
            }
        }

        var company = CompanyWords(letter);
        for (var i = lines.Count - 1; i >= Math.Max(1, lines.Count - 12); i--)
        {
            string? candidate = null;
            if (ClosingLine().Match(lines[i]) is { Success: true } closing)
            {
                candidate = closing.Groups["name"].Success ? closing.Groups["name"].Value : i + 1 < lines.Count ? lines[i + 1] : null;
            }
            else if (DashLine().Match(lines[i]) is { Success: true } dash)
            {
                candidate = dash.Groups["name"].Value;
            }
            else
            {
                continue;
            }

            var body = string.Join('\n', lines.Take(i));
            return new Signature(greeting, greeted, candidate is null ? null : PersonName(candidate, company), body);
        }

        return new Signature(greeting, greeted, null, string.Join('\n', lines));
    }

    /// <summary>The person's name in a sign-off line ("Emma Clarke | Customer Success"), or null when no individual signs.</summary>
    private static string? PersonName(string line, HashSet<string> company)
    {
        var name = line.Split(['|', ',', '(', '/', '·', '•'], 2)[0].Split(" - ", 2)[0].Split(" – ", 2)[0].Trim();
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 4 || words.Any(w => Generic.Contains(w.Trim('.')) || company.Contains(w)))
        {
            return null;
        }

        // "Emma at Brightwave", "Emma from Support": the first word is the person.
        var first = words[0];
        return NameWord().IsMatch(first) && words.Skip(1).TakeWhile(w => w is not ("at" or "from" or "@")).All(w => NameWord().IsMatch(w) || w.Length <= 3) ? name : null;
    }

    /// <summary>The company's own words, from the sender's domain and a department-style display name ("Brightwave Support").</summary>
    private static HashSet<string> CompanyWords(Letter letter)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var at = letter.From.LastIndexOf('@');
        if (at >= 0)
        {
            var labels = letter.From[(at + 1)..].Split('.');
            foreach (var label in labels.Take(Math.Max(1, labels.Length - 1)).Where(l => !Subdomains.Contains(l)))
            {
                words.Add(label);
            }
        }

        var display = letter.FromName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (display.Any(Generic.Contains))
        {
            words.UnionWith(display.Where(w => !Generic.Contains(w)));
        }

        return words;
    }
}
