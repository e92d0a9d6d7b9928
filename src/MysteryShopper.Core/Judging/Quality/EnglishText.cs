using System.Collections.Frozen;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// Whether words are English, for the lexicons and formulas that only hold for English: English prose is about half
/// function words (the, and, of, to, you…), jargon-heavy English a sixth; German, French, Spanish, Dutch or Italian mail
/// has few of ours and more of its own, and other scripts are not Latin. Fewer than eight words count as English.
/// </summary>
public sealed class EnglishText
{
    private int _words;
    private int _english;
    private int _foreign;
    private int _letters;
    private int _latin;

    public void Add(string word)
    {
        _words++;
        var lower = word.ToLowerInvariant();
        _english += FunctionWords.Contains(lower) ? 1 : 0;
        _foreign += ForeignFunctionWords.Contains(lower) ? 1 : 0;
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                _letters++;
                _latin += c < '\u0250' ? 1 : 0;
            }
        }
    }

    /// <summary>The share of English function words, null for no words.</summary>
    public double? Share => _words == 0 ? null : _english / (double)_words;

    public bool IsEnglish => _words < 8 || ((_letters == 0 || _latin >= _letters * 0.8) && Share >= 0.1 && _foreign <= _english);

    public static EnglishText Of(string prose)
    {
        var text = new EnglishText();
        foreach (var match in Readability.Word().EnumerateMatches(prose))
        {
            text.Add(prose.Substring(match.Index, match.Length));
        }

        return text;
    }

    private static readonly FrozenSet<string> FunctionWords = new[]
    {
        "the", "a", "an", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "from", "by", "about",
        "as", "into", "than", "then", "so", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
        "have", "has", "had", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "i", "you",
        "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "my", "your", "his", "its", "our", "their",
        "this", "that", "these", "those", "there", "here", "what", "which", "who", "when", "where", "how", "why", "not",
        "no", "yes", "all", "any", "some", "each", "every", "more", "most", "other", "only", "also", "just", "very",
        "please", "thank", "thanks", "hi", "hello", "dear", "regards", "i'm", "we're", "you're", "it's", "don't",
        "let", "get", "up", "out", "over", "after", "before", "per",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Function words of German, French, Spanish, Dutch and Italian that are not English words too (not "die", "an", "son").
    private static readonly FrozenSet<string> ForeignFunctionWords = new[]
    {
        "der", "das", "und", "ist", "nicht", "mit", "für", "sie", "ich", "wir", "ihr", "ihre", "ihnen", "ein", "eine",
        "einen", "zu", "den", "dem", "von", "auf", "auch", "sich", "bei", "vielen", "dank", "gerne", "bitte", "oder",
        "le", "la", "les", "et", "est", "des", "du", "une", "nous", "vous", "pour", "avec", "dans", "que", "qui", "pas",
        "sur", "bonjour", "merci", "votre", "vos", "el", "los", "las", "y", "es", "del", "por", "para", "con", "una",
        "su", "sus", "hola", "gracias", "usted", "het", "een", "en", "ik", "je", "niet", "voor", "op",
        "zijn", "bedankt", "il", "gli", "di", "che", "non", "grazie", "sono", "della", "questo",
    }.ToFrozenSet(StringComparer.Ordinal);
}
