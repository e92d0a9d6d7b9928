using System.Collections.Frozen;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// English syllables by a heuristic (no syllable package is served on NuGet here): groups of vowels (a e i o u, and
/// y after a consonant), less a silent final e (not "-le" after a consonant), a silent "-es"/"-ed" (not after
/// s, x, z, ch, sh, ce, ge / t, d), a silent e before "-ly", "-ment", "-ness", "-ful", "-less"; plus one for vowels
/// that are two syllables side by side (i-a, i-o, u-a, i-u, except "-tion", "-sion", "-cial", "-tial", "-cious"…)
/// and for "-ing" after a vowel (go-ing); "qu" and "gu" before a vowel count as consonants. Common words the rules
/// miss are listed. Every word has at least one syllable.
/// </summary>
public static class Syllables
{
    private static readonly FrozenDictionary<string, int> Exceptions = new Dictionary<string, int>
    {
        ["area"] = 3, ["areas"] = 3, ["idea"] = 3, ["ideas"] = 3, ["create"] = 2, ["created"] = 3, ["creates"] = 2,
        ["creating"] = 3, ["react"] = 2, ["video"] = 3, ["videos"] = 3, ["reality"] = 4, ["real"] = 1, ["really"] = 2,
        ["business"] = 2, ["businesses"] = 3, ["people"] = 2, ["someone"] = 2, ["something"] = 2, ["sometimes"] = 2,
        ["somewhere"] = 2, ["anyone"] = 3, ["everyone"] = 3, ["everything"] = 3, ["everywhere"] = 3, ["every"] = 2,
        ["evening"] = 2, ["being"] = 2, ["science"] = 2, ["quiet"] = 2, ["diet"] = 2, ["client"] = 2, ["clients"] = 2,
        ["poem"] = 2, ["ruin"] = 2, ["fluent"] = 2, ["truly"] = 2, ["via"] = 2, ["cooperate"] = 4, ["coordinate"] = 4,
        ["more"] = 1, ["one"] = 1, ["once"] = 1, ["whose"] = 1, ["done"] = 1, ["gone"] = 1,
        ["none"] = 1, ["some"] = 1, ["come"] = 1, ["give"] = 1, ["have"] = 1, ["live"] = 1, ["are"] = 1, ["were"] = 1,
        ["there"] = 1, ["where"] = 1, ["here"] = 1, ["please"] = 1, ["useful"] = 2, ["hello"] = 2,
        ["schedule"] = 2, ["available"] = 4, ["period"] = 3, ["experience"] = 4, ["serious"] = 3, ["usually"] = 4,
        ["naturally"] = 4, ["actually"] = 4, ["annually"] = 4, ["manual"] = 3, ["manually"] = 4,
        ["apologise"] = 4, ["apologize"] = 4, ["apologies"] = 4, ["apology"] = 4, ["team"] = 1, ["teams"] = 1,
        ["our"] = 1, ["hour"] = 1, ["hours"] = 1, ["your"] = 1, ["you're"] = 1, ["we're"] = 1, ["they're"] = 1,
        ["questions"] = 2, ["question"] = 2, ["onboarding"] = 3, ["trial"] = 2, ["trials"] = 2, ["dial"] = 2,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Syllables of one word (letters, apostrophes, hyphens); hyphenated words count each part.</summary>
    public static int Count(string word)
    {
        if (word.Contains('-', StringComparison.Ordinal))
        {
            return word.Split('-', StringSplitOptions.RemoveEmptyEntries).Sum(Count) is var sum && sum > 0 ? sum : 1;
        }

        if (Exceptions.TryGetValue(word, out var known))
        {
            return known;
        }

        var w = new string(word.ToLowerInvariant().Where(char.IsLetter).ToArray());
        if (w.Length == 0)
        {
            return 1;
        }

        if (Exceptions.TryGetValue(w, out known))
        {
            return known;
        }

        var extra = 0;
        if (w.Length > 4 && w.EndsWith("ing", StringComparison.Ordinal) && IsVowel(w, w.Length - 4))
        {
            extra++;
        }

        w = w.Replace("qu", "qw", StringComparison.Ordinal);
        w = SilentEndings(w);
        var groups = 0;
        for (var i = 0; i < w.Length; i++)
        {
            if (IsVowel(w, i) && (i == 0 || !IsVowel(w, i - 1)))
            {
                groups++;
            }
        }

        foreach (var pair in (string[])["ia", "io", "ua", "iu", "uo"])
        {
            for (var at = w.IndexOf(pair, StringComparison.Ordinal); at >= 0; at = w.IndexOf(pair, at + 1, StringComparison.Ordinal))
            {
                if (!Diphthong(w, at, pair))
                {
                    extra++;
                }
            }
        }

        return Math.Max(1, groups + extra);
    }

    // y is a vowel after a consonant (happy, style), a consonant at the start or after a vowel (you, play).
    private static bool IsVowel(string w, int i) =>
        w[i] is 'a' or 'e' or 'i' or 'o' or 'u' || (w[i] == 'y' && i > 0 && w[i - 1] is not ('a' or 'e' or 'i' or 'o' or 'u'));

    private static string SilentEndings(string w)
    {
        foreach (var suffix in (string[])["ly", "ment", "ness", "ful", "less"])
        {
            var e = w.Length - suffix.Length - 1;
            if (e >= 2 && w.EndsWith(suffix, StringComparison.Ordinal) && w[e] == 'e' && !IsVowel(w, e - 1))
            {
                w = w.Remove(e, 1);
                break;
            }
        }

        if (w.Length > 3 && w.EndsWith("es", StringComparison.Ordinal) && !w.EndsWith("ses", StringComparison.Ordinal)
            && !w.EndsWith("xes", StringComparison.Ordinal) && !w.EndsWith("zes", StringComparison.Ordinal)
            && !w.EndsWith("ches", StringComparison.Ordinal) && !w.EndsWith("shes", StringComparison.Ordinal)
            && !w.EndsWith("ces", StringComparison.Ordinal) && !w.EndsWith("ges", StringComparison.Ordinal)
            && !(w.EndsWith("les", StringComparison.Ordinal) && !IsVowel(w, w.Length - 4)) && !IsVowel(w, w.Length - 3))
        {
            return w[..^2];
        }

        if (w.Length > 3 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^2];
        }

        if (w.Length > 3 && w.EndsWith("ed", StringComparison.Ordinal) && w[^3] is not ('t' or 'd') && !IsVowel(w, w.Length - 3))
        {
            return w[..^2];
        }

        if (w.Length > 3 && w.EndsWith("ied", StringComparison.Ordinal))
        {
            return w[..^2];
        }

        if (w.Length > 2 && w[^1] == 'e' && w[^2] is not ('e' or 'a' or 'o' or 'i' or 'u')
            && !(w[^2] == 'l' && !IsVowel(w, w.Length - 3)))
        {
            return w[..^1];
        }

        return w;
    }

    // Pairs that are one sound: -tion, -sion, -cial, -tial, -cian, -cious, -tious, -gious, -xious; "qu"/"gu" + a.
    private static bool Diphthong(string w, int at, string pair)
    {
        var before = at > 0 ? w[at - 1] : ' ';
        return pair switch
        {
            "io" or "ia" or "iu" => before is 't' or 'c' or 's' or 'g' or 'x' && at > 0,
            "ua" or "uo" => before is 'g' or 'q',
            _ => false,
        };
    }
}
