using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// Merge tokens left visible to the reader, in the subject, the text and the HTML's visible text (not in styles or
/// attributes): <c>{{first_name}}</c>, <c>*|FNAME|*</c>, <c>%FIRSTNAME%</c>, <c>${name}</c>, <c>&lt;&lt;Name&gt;&gt;</c>,
/// and bracketed or braced field names (<c>[First Name]</c>, <c>{company}</c>). Ticket tags (<c>[Ticket #48213]</c>,
/// <c>[#12345]</c>), "type your reply above this line" markers and CSS rules are not tokens: a bracket or single brace
/// counts only when it holds a known field name. Score 0 when one is left, else 10.
/// </summary>
public static partial class Placeholders
{
    // Field names merge tools use, compared without spaces, underscores, dashes or dots and in lower case.
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "name", "firstname", "lastname", "fullname", "fname", "lname", "first", "last", "company", "companyname", "customername", "yourname",
        "contactname", "email", "emailaddress", "recipientname", "recipient", "username", "city", "agentname", "insertname", "contactfirstname",
        "contact.firstname", "subscribername", "title", "salutation", "organisation", "organization", "product", "productname", "sendername",
    };

    // %…% holds letters only, so "50% off and 20%" and URL escapes (%E2%80%99) are no tokens.
    [GeneratedRegex(@"\{\{\s*[^{}\r\n]{1,60}?\s*\}\}|\*\|[A-Za-z0-9_:]{1,40}\|\*|%%?[A-Za-z][A-Za-z_]{2,40}%%?|\$\{[A-Za-z][\w.]{0,40}\}|<<\s*[A-Za-z][\w .]{0,40}\s*>>|«\s*[A-Za-z][\w .]{0,40}\s*»",
        RegexOptions.CultureInvariant)]
    private static partial Regex MergeToken();

    [GeneratedRegex(@"\[\s*([A-Za-z][\w .-]{0,30})\s*\]|(?<![{$])\{\s*([A-Za-z][\w .-]{0,30})\s*\}(?!\})", RegexOptions.CultureInvariant)]
    private static partial Regex FieldToken();

    [GeneratedRegex(@"[\s_.-]", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    public static (bool Unfilled, CardPart Part) Judge(Letter letter)
    {
        var visible = letter.Html is null ? letter.Text : MailText.Html(letter).Text + "\n" + letter.Text;
        var tokens = Find(letter.Subject).Concat(Find(visible)).Distinct(StringComparer.Ordinal).ToList();
        var unfilled = tokens.Count > 0;
        var evidence = unfilled ? tokens.Take(5).Select(t => $"unfilled: {MailText.Quote(t)}").ToList() : ["no merge token left"];
        return (unfilled, new CardPart(Parts.Placeholder, unfilled ? "unfilled" : "none", unfilled ? 0 : 10, evidence));
    }

    private static IEnumerable<string> Find(string text)
    {
        foreach (Match m in MergeToken().Matches(text))
        {
            yield return m.Value;
        }

        foreach (Match m in FieldToken().Matches(text))
        {
            var inner = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            if (Fields.Contains(Separators().Replace(inner, "").ToLowerInvariant()))
            {
                yield return m.Value;
            }
        }
    }
}
