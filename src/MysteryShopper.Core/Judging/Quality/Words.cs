using System.Text.RegularExpressions;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// Words reduced to their Snowball (Porter2) English stems, case- and inflection-insensitive: "Discounts", "discounted"
/// and "discount" meet. One instance per judgement: the stemmer keeps state, so it is never shared between threads.
/// </summary>
internal sealed partial class Words
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "for", "with", "at", "by", "from", "as", "is", "are", "was", "were", "be",
        "been", "it", "its", "this", "that", "these", "those", "do", "does", "did", "you", "your", "we", "our", "i", "me", "my", "us", "they",
        "them", "their", "he", "she", "his", "her", "can", "could", "would", "will", "shall", "should", "if", "so", "what", "which", "who",
        "how", "when", "there", "here", "have", "has", "had", "any", "some", "about", "into", "than", "then", "also", "just", "get",
    };

    private readonly EnglishStemmer _stemmer = new();
    private readonly Dictionary<string, string> _stems = new(StringComparer.Ordinal);

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    public string Stem(string word)
    {
        word = word.ToLowerInvariant().Replace('’', '\'');
        if (_stems.TryGetValue(word, out var stem))
        {
            return stem;
        }

        _stemmer.SetCurrent(word);
        _stemmer.Stem();
        return _stems[word] = _stemmer.Current;
    }

    /// <summary>Every word's stem, in order.</summary>
    public List<string> Stems(string text) => Token().Matches(text).Select(m => Stem(m.Value)).ToList();

    /// <summary>The stems of the words that carry meaning (no stop words).</summary>
    public HashSet<string> ContentStems(string text) =>
        Token().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => !StopWords.Contains(w)).Select(Stem).ToHashSet(StringComparer.Ordinal);
}
