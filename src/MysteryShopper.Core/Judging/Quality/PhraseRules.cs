using System.Text.RegularExpressions;

namespace MysteryShopper.Judging.Quality;

/// <summary>
/// The rubric's required and forbidden phrases in the subject and the company's prose (any case, any spacing, whole
/// words). Sub-score: 10 × the share of required phrases found, less 3 per forbidden phrase found, 0 to 10; no
/// sub-score when the rubric sets none.
/// </summary>
public static class PhraseRules
{
    public static CardPart Judge(Letter letter, Rubric rubric)
    {
        if (rubric.Required.Count == 0 && rubric.Forbidden.Count == 0)
        {
            return new CardPart(Parts.Phrases, "none set", null, []);
        }

        var text = letter.Subject + "\n" + Prose.Of(letter);
        var missing = rubric.Required.Where(p => !Contains(text, p)).ToList();
        var forbidden = rubric.Forbidden.Where(p => Contains(text, p)).ToList();
        var evidence = new List<string>();
        evidence.AddRange(rubric.Required.Except(missing).Select(p => $"has \"{p}\""));
        evidence.AddRange(missing.Select(p => $"missing \"{p}\""));
        evidence.AddRange(forbidden.Select(p => $"forbidden \"{p}\""));
        var share = rubric.Required.Count == 0 ? 1 : (rubric.Required.Count - missing.Count) / (double)rubric.Required.Count;
        var score = Math.Clamp((10 * share) - (3 * forbidden.Count), 0, 10);
        var value = missing.Count == 0 && forbidden.Count == 0 ? "as required"
            : string.Join(", ", new[] { missing.Count > 0 ? $"{missing.Count} missing" : null, forbidden.Count > 0 ? $"{forbidden.Count} forbidden" : null }.OfType<string>());
        return new CardPart(Parts.Phrases, value, Math.Round(score, 1, MidpointRounding.AwayFromZero), evidence);
    }

    // A phrase's words in order, separated by any whitespace, not inside longer words; a rubric's few phrases are
    // matched once per message, so they are not worth precompiling.
    private static bool Contains(string text, string phrase)
    {
        var pattern = @"(?<![\p{L}\p{N}])" + string.Join(@"\s+", phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)) + @"(?![\p{L}\p{N}])";
        return Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
