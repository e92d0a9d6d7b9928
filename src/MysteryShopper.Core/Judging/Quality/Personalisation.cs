namespace MysteryShopper.Judging.Quality;

/// <summary>
/// Personal only when a person wrote to the shopper: the mail is human, greets the shopper by first name (or full name)
/// in its first lines, and signs off as a named individual ("Best,\nEmma", "— Emma Clarke | Support"; not "The Team",
/// "Customer Support" or the company's name). Mail merge in automatic or bulk mail is never personal. Score 10 or 0.
/// </summary>
public static class Personalisation
{
    public static (bool Personal, CardPart Part) Judge(Letter letter, JudgeContext context, MessageKind kind)
    {
        var signature = Signature.Read(letter, MailText.OwnText(letter.Text));
        var evidence = new List<string>();
        if (kind != MessageKind.Human)
        {
            evidence.Add($"{CardJson.Word(kind)} mail: mail merge is not personal");
        }

        var greetsByName = signature.GreetedName is { } greeted && Names(context).Any(n => greeted.StartsWith(n, StringComparison.OrdinalIgnoreCase)
            && (greeted.Length == n.Length || !char.IsLetter(greeted[n.Length])));
        evidence.Add(signature.Greeting is null ? "no greeting" : greetsByName ? $"greets by name: {MailText.Quote(signature.Greeting)}" : $"greeting without the shopper's name: {MailText.Quote(signature.Greeting)}");
        evidence.Add(signature.SignOff is { } name ? $"signed by {MailText.Quote(name)}" : "no individual signs");

        var personal = kind == MessageKind.Human && greetsByName && signature.SignOff is not null;
        return (personal, new CardPart(Parts.Personal, personal ? "yes" : "no", personal ? 10 : 0, evidence));
    }

    private static IEnumerable<string> Names(JudgeContext context)
    {
        if (!string.IsNullOrWhiteSpace(context.FirstName))
        {
            yield return context.FirstName.Trim();
        }

        if (!string.IsNullOrWhiteSpace(context.FullName))
        {
            yield return context.FullName.Trim().Split(' ')[0];
        }
    }
}
