using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// VADER's compound sentiment of one sentence (Hutto &amp; Gilbert 2014; lexicon and rules from
/// github.com/cjhutto/vaderSentiment, MIT, shipped in <c>Lexicons/</c>): word valences, boosters and dampeners,
/// negation in the three words before, capitals emphasis, "but", "least", its special idioms and "!"/"?" emphasis.
/// A port of <c>SentimentIntensityAnalyzer.polarity_scores</c> without the emoji descriptions (mail prose seldom
/// has them); the README's examples give the same compound (see the tests).
/// </summary>
public static class Vader
{
    private const double BoosterIncrement = 0.293;
    private const double BoosterDecrement = -0.293;
    private const double CapsIncrement = 0.733;
    private const double NegationScalar = -0.74;

    private static readonly Lazy<FrozenDictionary<string, double>> LazyLexicon = new(Load);

    private static readonly FrozenSet<string> Negations = new[]
    {
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, double> Boosters = BuildBoosters();

    private static readonly FrozenDictionary<string, double> SpecialCases = new Dictionary<string, double>
    {
        ["the shit"] = 3, ["the bomb"] = 3, ["bad ass"] = 1.5, ["badass"] = 1.5, ["bus stop"] = 0.0,
        ["yeah right"] = -2, ["kiss of death"] = -1.5, ["to die for"] = 3,
        ["beating heart"] = 3.1, ["broken heart"] = -2.9,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The word valences (−4 to 4), read once from the embedded lexicon.</summary>
    public static FrozenDictionary<string, double> Lexicon => LazyLexicon.Value;

    /// <summary>The compound score of one sentence, −1 (most negative) to 1 (most positive).</summary>
    public static double Compound(string sentence)
    {
        var words = Words(sentence);
        if (words.Count == 0)
        {
            return 0;
        }

        var lower = words.Select(w => w.ToLowerInvariant()).ToArray();
        var capsDifferential = CapsDifferential(words);
        var sentiments = new List<double>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            if (Boosters.ContainsKey(lower[i]) || (i < words.Count - 1 && lower[i] == "kind" && lower[i + 1] == "of"))
            {
                sentiments.Add(0);
                continue;
            }

            sentiments.Add(Valence(words, lower, i, capsDifferential));
        }

        ButCheck(lower, sentiments);
        var sum = sentiments.Sum();
        var emphasis = PunctuationEmphasis(sentence);
        sum += sum > 0 ? emphasis : sum < 0 ? -emphasis : 0;
        return Math.Clamp(sum / Math.Sqrt((sum * sum) + 15), -1, 1);
    }

    private static double Valence(List<string> words, string[] lower, int i, bool capsDifferential)
    {
        if (!Lexicon.TryGetValue(lower[i], out var valence))
        {
            return 0;
        }

        // "no" before another lexicon word negates it rather than counting itself.
        if (lower[i] == "no" && i != words.Count - 1 && Lexicon.ContainsKey(lower[i + 1]))
        {
            valence = 0;
        }

        if ((i > 0 && lower[i - 1] == "no") || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && lower[i - 1] is "or" or "nor"))
        {
            valence = Lexicon[lower[i]] * NegationScalar;
        }

        if (IsUpper(words[i]) && capsDifferential)
        {
            valence += valence > 0 ? CapsIncrement : -CapsIncrement;
        }

        for (var start = 0; start < 3; start++)
        {
            if (i > start && !Lexicon.ContainsKey(lower[i - (start + 1)]))
            {
                var scalar = Scalar(words[i - (start + 1)], lower[i - (start + 1)], valence, capsDifferential);
                scalar *= start == 1 ? 0.95 : start == 2 ? 0.9 : 1;
                valence += scalar;
                valence = NegationCheck(valence, lower, start, i);
                if (start == 2)
                {
                    valence = SpecialIdioms(valence, lower, i);
                }
            }
        }

        return LeastCheck(valence, lower, i);
    }

    private static double Scalar(string word, string lower, double valence, bool capsDifferential)
    {
        if (!Boosters.TryGetValue(lower, out var scalar))
        {
            return 0;
        }

        if (valence < 0)
        {
            scalar = -scalar;
        }

        if (IsUpper(word) && capsDifferential)
        {
            scalar += valence > 0 ? CapsIncrement : -CapsIncrement;
        }

        return scalar;
    }

    private static bool Negated(string word) => Negations.Contains(word) || word.Contains("n't", StringComparison.Ordinal);

    private static double NegationCheck(double valence, string[] lower, int start, int i)
    {
        switch (start)
        {
            case 0:
                return Negated(lower[i - 1]) ? valence * NegationScalar : valence;
            case 1:
                if (lower[i - 2] == "never" && lower[i - 1] is "so" or "this")
                {
                    return valence * 1.25;
                }

                if (lower[i - 2] == "without" && lower[i - 1] == "doubt")
                {
                    return valence;
                }

                return Negated(lower[i - 2]) ? valence * NegationScalar : valence;
            default:
                if ((lower[i - 3] == "never" && lower[i - 2] is "so" or "this") || lower[i - 1] is "so" or "this")
                {
                    return valence * 1.25;
                }

                if (lower[i - 3] == "without" && (lower[i - 2] == "doubt" || lower[i - 1] == "doubt"))
                {
                    return valence;
                }

                return Negated(lower[i - 3]) ? valence * NegationScalar : valence;
        }
    }

    private static double SpecialIdioms(double valence, string[] lower, int i)
    {
        var three = lower[i - 3];
        var oneZero = $"{lower[i - 1]} {lower[i]}";
        var twoOneZero = $"{lower[i - 2]} {lower[i - 1]} {lower[i]}";
        var twoOne = $"{lower[i - 2]} {lower[i - 1]}";
        var threeTwoOne = $"{three} {lower[i - 2]} {lower[i - 1]}";
        var threeTwo = $"{three} {lower[i - 2]}";
        foreach (var sequence in (string[])[oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo])
        {
            if (SpecialCases.TryGetValue(sequence, out var special))
            {
                valence = special;
                break;
            }
        }

        if (lower.Length - 1 > i && SpecialCases.TryGetValue($"{lower[i]} {lower[i + 1]}", out var next))
        {
            valence = next;
        }

        if (lower.Length - 1 > i + 1 && SpecialCases.TryGetValue($"{lower[i]} {lower[i + 1]} {lower[i + 2]}", out var nextTwo))
        {
            valence = nextTwo;
        }

        foreach (var gram in (string[])[threeTwoOne, threeTwo, twoOne])
        {
            if (Boosters.TryGetValue(gram, out var booster))
            {
                valence += booster;
            }
        }

        return valence;
    }

    private static double LeastCheck(double valence, string[] lower, int i)
    {
        if (i > 1 && !Lexicon.ContainsKey(lower[i - 1]) && lower[i - 1] == "least")
        {
            return lower[i - 2] is not "at" and not "very" ? valence * NegationScalar : valence;
        }

        return i > 0 && !Lexicon.ContainsKey(lower[i - 1]) && lower[i - 1] == "least" ? valence * NegationScalar : valence;
    }

    // VADER's contrastive "but": what comes before counts half, what comes after one and a half times. Its loop
    // finds each value's first equal with list.index, and that quirk is kept so the scores stay VADER's.
    private static void ButCheck(string[] lower, List<double> sentiments)
    {
        var but = Array.IndexOf(lower, "but");
        if (but < 0)
        {
            return;
        }

        for (var k = 0; k < sentiments.Count; k++)
        {
            var sentiment = sentiments[k];
            var si = sentiments.IndexOf(sentiment);
            if (si < but)
            {
                sentiments[si] = sentiment * 0.5;
            }
            else if (si > but)
            {
                sentiments[si] = sentiment * 1.5;
            }
        }
    }

    private static double PunctuationEmphasis(string text)
    {
        var exclamations = Math.Min(4, text.Count(c => c == '!'));
        var questions = text.Count(c => c == '?');
        var questionEmphasis = questions <= 1 ? 0 : questions <= 3 ? questions * 0.18 : 0.96;
        return (exclamations * 0.292) + questionEmphasis;
    }

    // Python's str.split() then strip(string.punctuation), keeping the token when two or fewer characters would remain (emoticons).
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var stripped = token.Trim(AsciiPunctuation);
            words.Add(stripped.Length <= 2 ? token : stripped);
        }

        return words;
    }

    private static readonly char[] AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".ToCharArray();

    private static bool CapsDifferential(List<string> words)
    {
        var upper = words.Count(IsUpper);
        var differential = words.Count - upper;
        return differential > 0 && differential < words.Count;
    }

    // Python's str.isupper(): at least one cased letter, and no lower-case one.
    private static bool IsUpper(string word) => word.Any(char.IsUpper) && !word.Any(char.IsLower);

    private static FrozenDictionary<string, double> BuildBoosters()
    {
        var boosters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in new[]
        {
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
            "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme",
            "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
            "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
            "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
            "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous",
            "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very",
        })
        {
            boosters[word] = BoosterIncrement;
        }

        foreach (var word in new[]
        {
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
            "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight", "slightly",
            "somewhat", "sort of", "sorta", "sortof", "sort-of",
        })
        {
            boosters[word] = BoosterDecrement;
        }

        return boosters.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, double> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Quality/vader_lexicon.txt")
            ?? throw new InvalidOperationException("The VADER lexicon is not embedded in MysteryShopper.Core (Quality/vader_lexicon.txt).");
        using var reader = new StreamReader(stream);
        var lexicon = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var columns = line.Split('\t');
            if (columns.Length >= 2 && double.TryParse(columns[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
            {
                lexicon[columns[0]] = valence;
            }
        }

        return lexicon.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
