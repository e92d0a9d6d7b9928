using System.Globalization;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// Whether a reply answers the question: full, partial or none, and whether it proposes a next step.
/// <para>
/// The rule: only the reply's own sentences count, between greeting and sign-off. Quoted text (<c>&gt;</c> lines,
/// "On … wrote:" and Outlook blocks), sentences that echo the question (they start "You asked…" or at least 80 % of their words
/// are the question's, and they add no number, yes/no or statement of their own), questions asked back,
/// acknowledgements and deflections ("book a call", "a rep will contact you", "it depends on") are set aside.
/// A must_cover term is addressed when one of the remaining sentences holds the term or a synonym (Snowball stems, so
/// any case and inflection; a phrase needs all its words) and concrete information besides the term itself: a number,
/// price, date or weekday, a yes/no, or a statement of what is offered ("includes", "supports", "available", "free",
/// "per seat", "don't"). Every term addressed: full; some: partial; none: none. With no must_cover terms, any concrete
/// sentence makes the answer full.
/// </para>
/// </summary>
public static class Answers
{
    /// <summary>Answered is null when nothing was asked (no question) or the mail is marketing.</summary>
    public static (Answer? Answered, bool NextStep, CardPart Part) Judge(Letter letter, JudgeContext context, MessageKind kind)
    {
        var own = MailText.OwnText(letter.Text);
        // A calendar link may hide behind a button, so the HTML (its hrefs too) is read when the text has no next step.
        var step = Signals.NextStep().Match(own);
        if (!step.Success && letter.Html is { } html)
        {
            step = Signals.NextStep().Match(html);
        }

        var nextStep = step.Success;
        List<string> stepEvidence = nextStep ? [$"next step: {MailText.Quote(step.Value)}"] : [];

        if (string.IsNullOrWhiteSpace(context.Question) || kind == MessageKind.Marketing)
        {
            var why = kind == MessageKind.Marketing ? "marketing mail" : "no question asked";
            return (null, nextStep, new CardPart(Parts.Answered, why, null, [why, .. stepEvidence]));
        }

        var words = new Words();
        var questions = MailText.Sentences(context.Question).Select(words.ContentStems).ToList();
        var asked = questions.SelectMany(q => q).ToHashSet(StringComparer.Ordinal);
        var signature = Signature.Read(letter, own);
        var evidence = new List<string>();
        var usable = new List<(string Sentence, List<string> Stems)>();
        foreach (var sentence in MailText.Sentences(signature.Body))
        {
            if (sentence == signature.Greeting)
            {
                continue;
            }

            if (Signals.Deflection().Match(sentence) is { Success: true } deflection)
            {
                evidence.Add($"deflects: {MailText.Quote(deflection.Value)}");
            }
            else if (Echoes(sentence, asked, words))
            {
                continue;
            }
            else if (sentence.EndsWith('?'))
            {
                evidence.Add($"asks back: {MailText.Quote(sentence)}");
            }
            else if (Signals.Acknowledgement().Match(sentence) is { Success: true } receipt)
            {
                evidence.Add($"acknowledges: {MailText.Quote(receipt.Value)}");
            }
            else
            {
                usable.Add((sentence, words.Stems(sentence)));
            }
        }

        Answer answered;
        if (context.MustCover.Count == 0)
        {
            var concrete = usable.FirstOrDefault(u => Concrete(u.Sentence, [], words) is not null);
            answered = concrete.Sentence is null ? Answer.None : Answer.Full;
            evidence.Insert(0, concrete.Sentence is null ? "no concrete information" : $"answers: {MailText.Quote(concrete.Sentence)}");
        }
        else
        {
            var addressed = 0;
            foreach (var term in context.MustCover)
            {
                if (Addresses(term, usable, words) is { } sentence)
                {
                    addressed++;
                    evidence.Insert(addressed - 1, $"{term.Term}: {MailText.Quote(sentence)}");
                }
                else
                {
                    evidence.Add($"not addressed: {term.Term}");
                }
            }

            answered = addressed == context.MustCover.Count ? Answer.Full : addressed > 0 ? Answer.Partial : Answer.None;
            evidence.Insert(addressed, string.Create(CultureInfo.InvariantCulture, $"{addressed} of {context.MustCover.Count} terms addressed"));
        }

        var score = answered switch { Answer.Full => 10, Answer.Partial => 5, _ => 0 };
        return (answered, nextStep, new CardPart(Parts.Answered, CardJson.Word(answered), score, [.. evidence, .. stepEvidence]));
    }

    /// <summary>The first usable sentence that holds the term (or a synonym) and concrete information besides it.</summary>
    private static string? Addresses(CoverTerm term, List<(string Sentence, List<string> Stems)> usable, Words words)
    {
        foreach (var form in term.AllForms.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            var stems = words.Stems(form);
            foreach (var (sentence, sentenceStems) in usable)
            {
                if (stems.All(sentenceStems.Contains) && Concrete(sentence, stems, words) is not null)
                {
                    return sentence;
                }
            }
        }

        return null;
    }

    /// <summary>Concrete information in the sentence that is not one of the term's own words ("free" in "free trial").</summary>
    private static string? Concrete(string sentence, List<string> termStems, Words words) =>
        Signals.Concrete().Matches(sentence).Select(m => m.Value).FirstOrDefault(v => !termStems.Contains(words.Stem(v)));

    /// <summary>A sentence that only repeats the question: "You asked…", or the question's words with nothing new.</summary>
    private static bool Echoes(string sentence, HashSet<string> asked, Words words)
    {
        var stems = words.ContentStems(sentence);
        if (!Signals.Echo().IsMatch(sentence) && (stems.Count < 3 || stems.Count(asked.Contains) < 0.8 * stems.Count))
        {
            return false;
        }

        return !Signals.Concrete().Matches(sentence).Any(m => !asked.Contains(words.Stem(m.Value)));
    }
}
