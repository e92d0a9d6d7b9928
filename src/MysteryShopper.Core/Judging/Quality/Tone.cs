using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// Politeness, apology, pushy or negative wording and shouting, from lexicons shipped with the project: VADER's
/// (<see cref="Vader"/>, MIT) for the sentiment, and the small phrase lists below (ours) for the rest. Only the
/// company's prose counts (<see cref="Prose"/>), and the subject. Prose that is not English (<see cref="EnglishText"/>)
/// has no tone sub-score, with a note: the lexicons are English.
/// <para>
/// Sub-score: 6 + 3 × the mean VADER compound of the sentences (3 to 9; neutral facts are a 6); +1 for a polite phrase, +0.5 for a second;
/// when an apology is apt (the message refuses, or <c>late</c>): +0.5 with one, −1 without; −1 per pushy phrase (at
/// most −3), −1 per negative phrase (at most −3), −0.5 per shouted word in capitals (at most −2) and −1 per "!!" or
/// longer run (at most −2); clamped to 0–10.
/// </para>
/// </summary>
public static partial class Tone
{
    public static CardPart Judge(Letter letter) => Judge(letter, late: false);

    /// <summary>Judges with <paramref name="late"/>: the reply came later than promised, so an apology is apt.</summary>
    public static CardPart Judge(Letter letter, bool late)
    {
        var prose = Prose.Of(letter);
        var text = string.IsNullOrWhiteSpace(letter.Subject) ? prose : letter.Subject + "\n\n" + prose;
        var evidence = new List<string>();
        var shouted = Shouted(text);
        var bangs = Bangs().Matches(text).Select(m => m.Value).ToList();
        var language = EnglishText.Of(prose);
        if (!language.IsEnglish)
        {
            // VADER and the phrase lists are English: a German reply would read as neutral and impolite.
            evidence.Add(string.Create(CultureInfo.InvariantCulture, $"not English ({language.Share * 100:0}% English function words): tone skipped"));
            if (shouted.Count > 0 || bangs.Count > 0)
            {
                evidence.Add("shouting: " + Quote([.. shouted, .. bangs.Distinct(StringComparer.Ordinal)]));
            }

            return new CardPart(Parts.Tone, "not English", null, evidence);
        }

        var sentences = SentencesForSentiment(prose);
        var compound = sentences.Count == 0 ? 0 : sentences.Average(Vader.Compound);
        evidence.Add(string.Create(CultureInfo.InvariantCulture, $"VADER compound {compound:0.00} over {sentences.Count} sentences"));
        var score = 6 + (3 * compound);

        var polite = Found(Polite(), prose);
        var apology = Found(Apology(), prose);
        var refusal = Found(Refusal(), prose);
        var pushy = Found(Pushy(), text);
        var negative = Found(Negative(), prose);

        if (polite.Count > 0)
        {
            evidence.Add("polite: " + Quote(polite));
            score += polite.Count > 1 ? 1.5 : 1;
        }

        var apt = late || refusal.Count > 0;
        if (refusal.Count > 0)
        {
            evidence.Add("refuses: " + Quote(refusal));
        }

        if (apology.Count > 0)
        {
            evidence.Add("apology: " + Quote(apology));
            score += apt ? 0.5 : 0;
        }
        else if (apt)
        {
            evidence.Add(late ? "no apology for the delay" : "no apology with the refusal");
            score -= 1;
        }

        if (pushy.Count > 0)
        {
            evidence.Add("pushy: " + Quote(pushy));
            score -= Math.Min(3, pushy.Count);
        }

        if (negative.Count > 0)
        {
            evidence.Add("negative: " + Quote(negative));
            score -= Math.Min(3, negative.Count);
        }

        if (shouted.Count > 0 || bangs.Count > 0)
        {
            evidence.Add("shouting: " + Quote([.. shouted, .. bangs.Distinct(StringComparer.Ordinal)]));
            score -= Math.Min(2, 0.5 * shouted.Count) + Math.Min(2, bangs.Count);
        }

        var words = new List<string>();
        words.Add(compound >= 0.05 ? "positive" : compound <= -0.05 ? "negative" : "neutral");
        if (polite.Count > 0)
        {
            words.Add("polite");
        }

        if (apology.Count > 0)
        {
            words.Add("apologetic");
        }

        if (pushy.Count > 0)
        {
            words.Add("pushy");
        }

        if (negative.Count > 0)
        {
            words.Add("negative wording");
        }

        if (shouted.Count > 0 || bangs.Count > 0)
        {
            words.Add("shouting");
        }

        return new CardPart(Parts.Tone, string.Join(", ", words), Math.Round(Math.Clamp(score, 0, 10), 1, MidpointRounding.AwayFromZero), evidence);
    }

    /// <summary>Sentences as VADER expects them: split at . ! ? and line breaks, each with its own punctuation.</summary>
    private static List<string> SentencesForSentiment(string prose) =>
        SentenceSplit().Matches(prose).Select(m => m.Value.Trim()).Where(s => s.Any(char.IsLetter)).ToList();

    private static List<string> Found(Regex regex, string text) =>
        regex.Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();

    // Words of three letters or more in capitals, not acronyms; "FREE" and "NOW" shout, "GDPR" and "API" do not.
    private static List<string> Shouted(string text) =>
        Capitals().Matches(text).Select(m => m.Value).Where(w => !Acronyms.Contains(w)).Distinct(StringComparer.Ordinal).ToList();

    private static string Quote(IEnumerable<string> phrases) => string.Join(", ", phrases.Select(p => $"\"{p}\""));

    private static readonly FrozenSet<string> Acronyms = new[]
    {
        "API", "APIS", "FAQ", "FAQS", "USD", "EUR", "GBP", "CHF", "VAT", "GDPR", "CCPA", "HIPAA", "SOC", "ISO", "SSO",
        "SAML", "SLA", "SLAS", "CRM", "ERP", "PDF", "CSV", "URL", "HTML", "CSS", "SMS", "CEO", "CTO", "CFO", "COO", "VP",
        "HR", "IT", "UK", "USA", "EU", "EMEA", "APAC", "UTC", "GMT", "CET", "EST", "PST", "PDT", "BST", "AM", "PM",
        "TBD", "ETA", "ROI", "KPI", "SEO", "SAAS", "B2B", "B2C", "SDK", "CLI", "IOS", "AWS", "GCP", "MFA", "ID", "PIN",
        "OK", "RSVP", "NDA", "DPA", "MSA", "SKU", "QA", "FYI", "ASAP", "LLC", "LTD", "INC", "GMBH", "AG", "SA", "BV",
    }.ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[^.!?\n]+[.!?]*", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceSplit();

    [GeneratedRegex(@"\b\p{Lu}{3,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Capitals();

    [GeneratedRegex(@"!{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Bangs();

    [GeneratedRegex(@"\b(please|thank you|thanks|many thanks|happy to help|glad to help|happy to assist|we appreciate|i appreciate|appreciate your|kind regards|best regards|warm regards|feel free|don't hesitate|do not hesitate|hope this helps|you're welcome|my pleasure|great question|thanks for reaching out|thank you for reaching out)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Polite();

    [GeneratedRegex(@"\b(sorry|apologi[sz]e|apologi[sz]es|our apologies|my apologies|we regret|i regret)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Apology();

    [GeneratedRegex(@"\b(unfortunately|we (can ?not|can't|cannot|are unable to|are not able to|do not|don't) (offer|provide|support|do|give|accept|help)|(we're|we are) unable to|not (currently )?(available|possible|supported)|is not something we)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Refusal();

    [GeneratedRegex(@"\b(act now|act fast|limited time|limited-time|only today|today only|don't miss|do not miss|last chance|hurry|expires (soon|today|tonight|at midnight)|ends (soon|today|tonight|at midnight)|while (stocks|supplies) last|before it's too late|buy now|final hours|only \d+ (left|spots?|seats?)|once in a lifetime|now or never|you won't want to miss|selling fast)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pushy();

    [GeneratedRegex(@"\b(you must|you failed|you didn't|you did not|your fault|as i said|as i already said|as previously stated|as already (mentioned|stated)|as stated (before|above|previously)|obviously|clearly you|not our (problem|responsibility|fault)|we cannot be held|per our policy|against our policy|we refuse|no exceptions|read the (faq|documentation|manual) first|stop emailing)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Negative();
}
