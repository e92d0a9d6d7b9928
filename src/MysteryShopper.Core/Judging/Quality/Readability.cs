using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>The length in words a message should have; shorter or longer lowers the clear sub-score.</summary>
public readonly record struct WordBand(int Min, int Max)
{
    /// <summary>A reply: long enough to answer, short enough to read (50–250 words).</summary>
    public static WordBand Reply { get; } = new(50, 250);
}

/// <summary>What the readability measures counted in the company's prose.</summary>
public sealed record ReadabilityStats(
    int Words, int Sentences, int Syllables, int Paragraphs, int LongestParagraph, bool English, double? EnglishShare,
    IReadOnlyList<string> CallsToAction)
{
    public double WordsPerSentence => Sentences == 0 ? 0 : Words / (double)Sentences;

    public double SyllablesPerWord => Words == 0 ? 0 : Syllables / (double)Words;

    /// <summary>Flesch reading ease: 206.835 − 1.015·(words/sentences) − 84.6·(syllables/words); null for no words or not English.</summary>
    public double? Flesch => Words == 0 || !English ? null : 206.835 - (1.015 * WordsPerSentence) - (84.6 * SyllablesPerWord);

    /// <summary>Flesch–Kincaid grade: 0.39·(words/sentences) + 11.8·(syllables/words) − 15.59; null for no words or not English.</summary>
    public double? Grade => Words == 0 || !English ? null : (0.39 * WordsPerSentence) + (11.8 * SyllablesPerWord) - 15.59;
}

/// <summary>
/// How clear a message reads: Flesch reading ease and Flesch–Kincaid grade (English), sentence and paragraph length,
/// length against a band, calls to action. Only the company's prose counts (<see cref="Prose"/>): not the quoted
/// question, not the signature; links and addresses are not words.
/// <para>
/// Sub-score: 10, less (each capped) (60 − Flesch)/10 up to 4 (plain English and easier lose nothing); (words per
/// sentence − 20)/5 up to 2; 0.5 for a paragraph over 80 words, 1 over 120; below the band 2·(min − words)/min, above
/// it 2·(words − max)/max, up to 2; 0.5 for each call to action beyond three, up to 1.5. Prose that is not English
/// skips the Flesch part (a note in the evidence says so); a message with no prose scores 0.
/// </para>
/// </summary>
public static partial class Readability
{
    public static CardPart Judge(Letter letter) => Judge(letter, WordBand.Reply);

    /// <summary>Judges against <paramref name="band"/> (the rubric's length) instead of a reply's 50–250 words.</summary>
    public static CardPart Judge(Letter letter, WordBand band)
    {
        var stats = Measure(Prose.Of(letter));
        var evidence = new List<string>();
        if (stats.Words == 0)
        {
            return new CardPart(Parts.Clear, "no text", 0, ["0 words of the company's own"]);
        }

        var score = 10.0;
        string value;
        if (stats is { Flesch: { } flesch, Grade: { } grade })
        {
            evidence.Add(Invariant($"Flesch {flesch:0.0}"));
            evidence.Add(Invariant($"grade {grade:0.0}"));
            score -= Math.Clamp((60 - flesch) / 10, 0, 4);
            value = Invariant($"{flesch:0} ({Band(flesch)})");
        }
        else
        {
            evidence.Add(Invariant($"not English ({stats.EnglishShare * 100:0}% English function words): Flesch skipped"));
            value = "not English";
        }

        evidence.Add(Invariant($"{stats.Words} words, {stats.Sentences} sentences, {stats.WordsPerSentence:0.0} words per sentence"));
        score -= Math.Clamp((stats.WordsPerSentence - 20) / 5, 0, 2);
        if (stats.LongestParagraph > 80)
        {
            evidence.Add(Invariant($"longest paragraph {stats.LongestParagraph} words"));
            score -= stats.LongestParagraph > 120 ? 1 : 0.5;
        }

        if (stats.Words < band.Min)
        {
            evidence.Add(Invariant($"short: {stats.Words} words, below {band.Min}"));
            score -= Math.Min(2, 2.0 * (band.Min - stats.Words) / band.Min);
        }
        else if (stats.Words > band.Max)
        {
            evidence.Add(Invariant($"long: {stats.Words} words, above {band.Max}"));
            score -= Math.Min(2, 2.0 * (stats.Words - band.Max) / band.Max);
        }

        evidence.Add(stats.CallsToAction.Count == 0
            ? "no call to action"
            : Invariant($"{stats.CallsToAction.Count} {(stats.CallsToAction.Count == 1 ? "call" : "calls")} to action: {string.Join(", ", stats.CallsToAction.Select(c => $"\"{c}\""))}"));
        score -= Math.Min(1.5, 0.5 * Math.Max(0, stats.CallsToAction.Count - 3));
        return new CardPart(Parts.Clear, value, Math.Round(Math.Clamp(score, 0, 10), 1, MidpointRounding.AwayFromZero), evidence);
    }

    /// <summary>Flesch's own bands, as style guides quote them.</summary>
    public static string Band(double flesch) => flesch switch
    {
        >= 90 => "very easy",
        >= 80 => "easy",
        >= 70 => "fairly easy",
        >= 60 => "plain English",
        >= 50 => "fairly difficult",
        >= 30 => "difficult",
        _ => "very difficult",
    };

    /// <summary>
    /// Counts <paramref name="prose"/>: a sentence ends at . ! ? (not after a known abbreviation such as "e.g."), at a
    /// paragraph's end, after a list item, and after a line of six words or fewer (a greeting, a heading, a sign-off);
    /// other line breaks are wrapping. A word holds a letter or digit; a hyphenated word is one word; a number is one
    /// word of one syllable per digit before its decimal point, at most four.
    /// </summary>
    public static ReadabilityStats Measure(string prose)
    {
        prose = Links().Replace(prose, " ");
        var paragraphs = Prose.Paragraphs(prose);
        int words = 0, sentences = 0, syllables = 0, longest = 0;
        var language = new EnglishText();
        foreach (var paragraph in paragraphs)
        {
            var paragraphWords = 0;
            foreach (var sentence in Sentences(paragraph))
            {
                var sentenceWords = 0;
                foreach (Match match in Word().Matches(sentence))
                {
                    var word = match.Value.Trim('\'', '’', '-');
                    if (word.Length == 0)
                    {
                        continue;
                    }

                    sentenceWords++;
                    syllables += char.IsDigit(word[0]) ? Math.Clamp(NumberDigits().Match(word).Length, 1, 4) : Syllables.Count(word);
                    language.Add(word);
                }

                if (sentenceWords > 0)
                {
                    sentences++;
                    words += sentenceWords;
                    paragraphWords += sentenceWords;
                }
            }

            longest = Math.Max(longest, paragraphWords);
        }

        var calls = CallToAction().Matches(prose).Select(m => m.Value.ToLowerInvariant()).ToList();
        return new ReadabilityStats(words, sentences, syllables, paragraphs.Count, longest, language.IsEnglish, language.Share, calls);
    }

    private static IEnumerable<string> Sentences(string paragraph)
    {
        var lines = paragraph.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var current = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (ListItem().IsMatch(line) || (i + 1 < lines.Count && ListItem().IsMatch(lines[i + 1])))
            {
                current.Add(line);
                foreach (var sentence in Split(string.Join(' ', current)))
                {
                    yield return sentence;
                }

                current.Clear();
                continue;
            }

            current.Add(line);
            if (Word().Count(line) <= 6 || i == lines.Count - 1)
            {
                foreach (var sentence in Split(string.Join(' ', current)))
                {
                    yield return sentence;
                }

                current.Clear();
            }
        }
    }

    private static IEnumerable<string> Split(string text)
    {
        var start = 0;
        foreach (Match end in SentenceEnd().Matches(text))
        {
            var before = text[start..end.Index];
            var last = before.Length == 0 ? "" : before[(before.LastIndexOf(' ') + 1)..].ToLowerInvariant();
            if (end.Value.StartsWith('.') && Abbreviations.Contains(last.TrimStart('(')))
            {
                continue;
            }

            yield return text[start..(end.Index + end.Length)];
            start = end.Index + end.Length;
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "approx", "no", "st", "jr", "sr",
        "a.m", "p.m", "u.s", "u.k", "fig", "dept", "est", "min", "max", "incl", "excl",
    }.ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-.,]*[\p{L}\p{N}]|[\p{L}\p{N}]", RegexOptions.CultureInvariant)]
    internal static partial Regex Word();

    [GeneratedRegex(@"^\d+", RegexOptions.CultureInvariant)]
    private static partial Regex NumberDigits();

    [GeneratedRegex(@"[.!?…]+[""'”’)\]]*(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^\s*([-*•–·]|\d{1,2}[.)])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"(https?://|www\.)\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Links();

    [GeneratedRegex(@"\b(click here|book (a|your) (call|demo|meeting|slot)|schedule (a|your) (call|demo|meeting)|sign up|register now|buy now|shop now|order now|learn more|read more|read (the|our) (tips|guide|post|article|story|blog|case study)|find out more|get started|start (your|a) (free )?trial|try (it )?(for )?free|reply to this (email|message)|call us|contact us|download (now|the)|subscribe now|upgrade now|claim (your|the) (offer|discount)|confirm (your )?(email|subscription)|activate your account|view (the )?offer)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CallToAction();
}
