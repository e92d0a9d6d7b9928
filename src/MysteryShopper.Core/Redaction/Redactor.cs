using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Unicode;

namespace MysteryShopper.Redaction;

/// <summary>
/// The one redaction of secrets (the values of <c>${env:NAME}</c>) that every output of mshop goes through: the
/// console, the logs, every report, the store, traces and HARs. A secret is found however a browser, a form or a
/// writer encoded it, each of its characters on its own, so half-escaped and mixed forms are found too:
/// <list type="bullet">
/// <item>as it is, in any letter case (also in Unicode's decomposed form, <c>e</c> + <c>&#x301;</c>);</item>
/// <item>percent-encoded as UTF-8, either hex case, a space as <c>%20</c> or a form's <c>+</c>;</item>
/// <item>as an HTML character reference: named (<c>&amp;amp;</c>, <c>&amp;eacute;</c>), decimal or hex, padded or not;</item>
/// <item>as a JSON or JavaScript escape: <c>\u0026</c>, <c>\x26</c>, <c>\u{26}</c>, <c>\/</c>, <c>\"</c>;</item>
/// <item>any of these escaped once more (<c>%26amp%3B</c>, <c>\u0026amp;</c>, <c>&amp;#x2B;</c> for a form's <c>+</c>);</item>
/// <item>base64 of its UTF-8 bytes, standard or URL-safe, also inside a longer base64 text at any of the three
/// byte alignments (with the neighbouring characters that carry some of its bits).</item>
/// </list>
/// Each find is replaced by <see cref="Mask"/>. Bytes are read as UTF-8, or byte for byte when they are not UTF-8.
/// Secrets must have <see cref="MinimumLength"/> characters: shorter ones would mask ordinary text, so the suite
/// refuses them when it is loaded.
/// </summary>
public sealed class Redactor
{
    /// <summary>What a secret becomes.</summary>
    public const string Mask = "***";

    /// <summary>The fewest characters a secret may have: enough that masking it never masks ordinary text, and that its base64 is found at every alignment.</summary>
    public const int MinimumLength = 6;

    /// <summary>How many times over an escape is looked through: 2 finds an escape of an escape.</summary>
    private const int Depth = 2;

    private static readonly string[][] AsciiTemplates = Enumerable.Range(0, 128).Select(c => TemplatesOf(new Rune(c))).ToArray();

    private readonly string[] _secrets;
    private readonly List<Needle> _needles = [];
    private readonly List<Base64Core> _cores = [];
    private readonly Dictionary<int, string[]> _templates = [];
    private readonly SearchValues<char> _textStarts;
    private readonly SearchValues<char> _byteStarts;

    /// <summary>A redactor of <paramref name="secrets"/>; each must have at least <see cref="MinimumLength"/> characters.</summary>
    public Redactor(IEnumerable<string> secrets)
    {
        _secrets = secrets.Distinct(StringComparer.Ordinal).ToArray();
        for (var index = 0; index < _secrets.Length; index++)
        {
            var secret = _secrets[index];
            if (secret.Length < MinimumLength)
            {
                throw new ArgumentException($"a secret must have at least {MinimumLength} characters, this one has {secret.Length}", nameof(secrets));
            }

            foreach (var form in new[] { secret, secret.Normalize(NormalizationForm.FormC), secret.Normalize(NormalizationForm.FormD) }.Distinct(StringComparer.Ordinal))
            {
                var utf8 = Encoding.UTF8.GetBytes(form);
                AddNeedle(form, index, bytesOnly: false);

                // Bytes that are not UTF-8 are read one by one (Latin-1): the secret's UTF-8 bytes read that way.
                var latin1 = Encoding.Latin1.GetString(utf8);
                if (latin1 != form)
                {
                    AddNeedle(latin1, index, bytesOnly: true);
                }

                AddBase64(utf8, index);
            }
        }

        _textStarts = SearchValues.Create(Starts(bytesMode: false));
        _byteStarts = SearchValues.Create(Starts(bytesMode: true));
    }

    /// <summary>Masks nothing.</summary>
    public static Redactor None { get; } = new([]);

    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>This redactor's secrets and <paramref name="other"/>'s (masking more than needed is harmless).</summary>
    public Redactor With(Redactor other) =>
        other.IsEmpty ? this : IsEmpty ? other : new Redactor(_secrets.Concat(other._secrets));

    /// <summary><paramref name="text"/> with every secret, in every form above, replaced by <see cref="Mask"/>; the same instance when it shows none.</summary>
    public string Redact(string text) => Redact(text, bytesMode: false);

    /// <summary>Whether <paramref name="text"/> shows a secret in any of the forms above.</summary>
    public bool Reveals(string text) => !IsEmpty && Find(text, bytesMode: false).Any();

    /// <summary>The secrets <paramref name="text"/> shows, as they are (a screenshot masks the elements that show them).</summary>
    public IReadOnlyList<string> SecretsIn(string text) =>
        IsEmpty ? [] : Find(text, bytesMode: false).Select(m => _secrets[m.Secret]).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// <paramref name="content"/> with every secret masked: read as UTF-8 when it is UTF-8, else byte for byte
    /// (so binary content is only changed where a secret is); the same instance when it shows none.
    /// </summary>
    public byte[] Redact(byte[] content)
    {
        if (IsEmpty || content.Length == 0)
        {
            return content;
        }

        var encoding = Utf8.IsValid(content) ? Encoding.UTF8 : Encoding.Latin1;
        var text = encoding.GetString(content);
        var redacted = Redact(text, bytesMode: encoding == Encoding.Latin1);
        return ReferenceEquals(redacted, text) ? content : encoding.GetBytes(redacted);
    }

    /// <summary>
    /// A JSON text with every string and property name redacted, still valid JSON (base64 strings are decoded,
    /// redacted and encoded again); text that is not JSON is redacted as text. The same instance when it shows none.
    /// </summary>
    public string RedactJson(string json)
    {
        if (IsEmpty || json.Length == 0)
        {
            return json;
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        return JsonRedaction.Rewrite(utf8, this) is { } rewritten
            ? ReferenceEquals(rewritten, utf8) ? json : Encoding.UTF8.GetString(rewritten)
            : Redact(json);
    }

    private string Redact(string text, bool bytesMode)
    {
        if (IsEmpty || text.Length == 0)
        {
            return text;
        }

        StringBuilder? result = null;
        var copied = 0;
        foreach (var (from, to, _) in Find(text, bytesMode))
        {
            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, from - copied).Append(Mask);
            copied = to;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The finds in <paramref name="text"/>, left to right, each the longest at its place, none overlapping.</summary>
    private IEnumerable<(int From, int To, int Secret)> Find(string text, bool bytesMode)
    {
        var starts = bytesMode ? _byteStarts : _textStarts;
        var scan = new Scan(this, text);
        var floor = 0;
        var i = 0;
        while (i < text.Length)
        {
            var k = text.AsSpan(i).IndexOfAny(starts);
            if (k < 0)
            {
                yield break;
            }

            var position = i + k;
            var (from, to, secret) = Longest(scan, text, position, floor, bytesMode);
            if (to > position)
            {
                yield return (from, to, secret);
                floor = to;
                i = to;
            }
            else
            {
                i = position + 1;
            }
        }
    }

    private (int From, int To, int Secret) Longest(Scan scan, string text, int position, int floor, bool bytesMode)
    {
        var best = (From: position, To: position, Secret: -1);
        foreach (var needle in _needles)
        {
            if (needle.BytesOnly && !bytesMode)
            {
                continue;
            }

            var first = needle.Runes[0];
            var c = text[position];
            if (c is not ('%' or '&' or '\\') && !(first.Value == ' ' && c == '+') && !(Rune.DecodeFromUtf16(text.AsSpan(position), out var found, out _) == OperationStatus.Done && Same(found, first)))
            {
                continue;
            }

            var end = scan.MatchEnd(position, needle.Runes);
            if (end > best.To)
            {
                best = (position, end, needle.Secret);
            }
        }

        foreach (var core in _cores)
        {
            if (!text.AsSpan(position).StartsWith(core.Text, StringComparison.Ordinal))
            {
                continue;
            }

            // The characters either side that also carry bits of the secret go too.
            var from = position;
            while (from > floor && position - from < core.Left && IsBase64(text[from - 1], core.UrlSafe))
            {
                from--;
            }

            var to = position + core.Text.Length;
            var right = to;
            while (to < text.Length && to - right < core.Right && IsBase64(text[to], core.UrlSafe))
            {
                to++;
            }

            // The padding of the group the secret ends in.
            var padding = to;
            while (core.Right > 0 && to < text.Length && to - padding < 2 && text[to] == '=')
            {
                to++;
            }

            if (to > best.To)
            {
                best = (from, to, core.Secret);
            }
        }

        return best;
    }

    /// <summary>
    /// One search through one text: reads the text character by character the ways a secret's characters may be
    /// written, remembering what it decoded at a place (an HTML reference is looked at many times).
    /// </summary>
    private sealed class Scan(Redactor redactor, string text)
    {
        private readonly Stack<List<int>> _lists = new();
        private readonly Dictionary<int, (Rune Rune, int End)?> _references = [];
        private (int Position, int Rune, int[] Ends) _first = (-1, -1, []);

        /// <summary>Where the longest reading of <paramref name="needle"/> from <paramref name="start"/> ends, or -1.</summary>
        public int MatchEnd(int start, Rune[] needle)
        {
            var frontier = Rent();
            frontier.Add(start);
            var next = Rent();
            try
            {
                for (var i = 0; i < needle.Length; i++)
                {
                    next.Clear();
                    if (i == 0)
                    {
                        // The forms of a secret (composed, decomposed) mostly start alike: the first character is read once.
                        next.AddRange(First(start, needle[0]));
                    }
                    else
                    {
                        foreach (var position in frontier)
                        {
                            Ends(position, needle[i], Depth, next);
                        }
                    }

                    if (next.Count == 0)
                    {
                        return -1;
                    }

                    Distinct(next);
                    (frontier, next) = (next, frontier);
                }

                return frontier.Max();
            }
            finally
            {
                Return(frontier);
                Return(next);
            }
        }

        private int[] First(int position, Rune rune)
        {
            if (_first.Position != position || _first.Rune != rune.Value)
            {
                var found = Rent();
                Ends(position, rune, Depth, found);
                _first = (position, rune.Value, [.. found]);
                Return(found);
            }

            return _first.Ends;
        }

        /// <summary>Adds to <paramref name="into"/> every place where one reading of <paramref name="rune"/> at <paramref name="position"/> ends.</summary>
        private void Ends(int position, Rune rune, int depth, List<int> into)
        {
            if (position >= text.Length)
            {
                return;
            }

            var c = text[position];
            if (rune.Value == ' ' && c == '+')
            {
                into.Add(position + 1);
            }
            else if (c == rune.Value || (Rune.DecodeFromUtf16(text.AsSpan(position), out var found, out var used) == OperationStatus.Done && Same(found, rune)))
            {
                into.Add(position + (rune.IsBmp ? 1 : 2));
            }

            // Every escape starts with one of these, however often it was escaped.
            if (depth == 0 || c is not ('%' or '&' or '\\'))
            {
                return;
            }

            foreach (var template in redactor.Templates(rune))
            {
                Sequence(position, template, depth - 1, into);
            }

            if (c == '&' && Reference(position) is var (decoded, end) && Same(decoded, rune))
            {
                into.Add(end);
            }
        }

        /// <summary>Adds where a reading of all of <paramref name="template"/> from <paramref name="position"/> ends.</summary>
        private void Sequence(int position, string template, int depth, List<int> into)
        {
            if (depth == 0 || text[position] is not ('%' or '&' or '\\'))
            {
                // Only an escape can stand for another character here: the template must be written as it is.
                if (text.AsSpan(position).StartsWith(template, StringComparison.OrdinalIgnoreCase))
                {
                    into.Add(position + template.Length);
                }

                return;
            }

            var frontier = Rent();
            frontier.Add(position);
            var next = Rent();
            try
            {
                foreach (var c in template)
                {
                    next.Clear();
                    foreach (var at in frontier)
                    {
                        Ends(at, new Rune(c), depth, next);
                    }

                    if (next.Count == 0)
                    {
                        return;
                    }

                    Distinct(next);
                    (frontier, next) = (next, frontier);
                }

                into.AddRange(frontier);
            }
            finally
            {
                Return(frontier);
                Return(next);
            }
        }

        /// <summary>An HTML character reference at <paramref name="position"/> (any named one, or a padded number), decoded.</summary>
        private (Rune Rune, int End)? Reference(int position)
        {
            if (_references.TryGetValue(position, out var known))
            {
                return known;
            }

            var limit = Math.Min(text.Length, position + 34);
            var end = position + 1;
            while (end < limit && (char.IsAsciiLetterOrDigit(text[end]) || (end == position + 1 && text[end] == '#')))
            {
                end++;
            }

            (Rune, int)? reference = null;
            if (end < limit && text[end] == ';' && end > position + 1)
            {
                var written = text.Substring(position, end - position + 1);
                var decoded = WebUtility.HtmlDecode(written);
                if (decoded != written && Rune.DecodeFromUtf16(decoded, out var rune, out var used) == OperationStatus.Done && used == decoded.Length)
                {
                    reference = (rune, end + 1);
                }
            }

            _references[position] = reference;
            return reference;
        }

        private List<int> Rent() => _lists.TryPop(out var list) ? list : new List<int>(4);

        private void Return(List<int> list)
        {
            list.Clear();
            _lists.Push(list);
        }

        private static void Distinct(List<int> positions)
        {
            if (positions.Count > 1)
            {
                positions.Sort();
                var kept = 1;
                for (var i = 1; i < positions.Count; i++)
                {
                    if (positions[i] != positions[kept - 1])
                    {
                        positions[kept++] = positions[i];
                    }
                }

                positions.RemoveRange(kept, positions.Count - kept);
            }
        }
    }

    private string[] Templates(Rune rune) =>
        rune.Value < 128 ? AsciiTemplates[rune.Value] : _templates.TryGetValue(rune.Value, out var templates) ? templates : TemplatesOf(rune);

    /// <summary>The escapes of one character that browsers, forms, HTML and JSON writers produce (compared ignoring case).</summary>
    private static string[] TemplatesOf(Rune rune)
    {
        var value = rune.Value;
        var templates = new List<string>();
        Span<byte> utf8 = stackalloc byte[4];
        var length = rune.EncodeToUtf8(utf8);
        templates.Add(string.Concat(utf8[..length].ToArray().Select(b => string.Create(CultureInfo.InvariantCulture, $"%{b:X2}"))));
        if (value == ' ')
        {
            templates.Add("+");
        }

        templates.Add(string.Create(CultureInfo.InvariantCulture, $"&#{value};"));
        templates.Add(string.Create(CultureInfo.InvariantCulture, $"&#x{value:X};"));
        templates.AddRange(value switch
        {
            '&' => ["&amp;"],
            '<' => ["&lt;"],
            '>' => ["&gt;"],
            '"' => ["&quot;", "\\\""],
            '\'' => ["&apos;", "\\'"],
            '\u00A0' => ["&nbsp;"],
            '/' => ["\\/"],
            '\\' => ["\\\\"],
            '\n' => ["\\n"],
            '\r' => ["\\r"],
            '\t' => ["\\t"],
            _ => [],
        });
        Span<char> utf16 = stackalloc char[2];
        var units = rune.EncodeToUtf16(utf16);
        templates.Add(string.Concat(utf16[..units].ToArray().Select(u => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)u:X4}"))));
        templates.Add(string.Create(CultureInfo.InvariantCulture, $"\\u{{{value:X}}}"));
        if (value < 0x100)
        {
            templates.Add(string.Create(CultureInfo.InvariantCulture, $"\\x{value:X2}"));
        }

        return [.. templates];
    }

    private void AddNeedle(string form, int secret, bool bytesOnly)
    {
        var runes = form.EnumerateRunes().ToArray();
        _needles.Add(new Needle(runes, secret, bytesOnly));
        foreach (var rune in runes.Where(r => r.Value >= 128))
        {
            _templates.TryAdd(rune.Value, TemplatesOf(rune));
        }
    }

    /// <summary>
    /// The base64 characters that only the secret's bytes decide, when it starts 0, 1 or 2 bytes into a 3-byte group,
    /// and how many characters either side carry some of its bits.
    /// </summary>
    private void AddBase64(byte[] utf8, int secret)
    {
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + utf8.Length];
            utf8.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded);
            var firstGroup = offset == 0 ? 0 : 1;
            var lastGroup = ((offset + utf8.Length) / 3) - 1;
            if (lastGroup < firstGroup)
            {
                continue;
            }

            var core = encoded.Substring(firstGroup * 4, (lastGroup - firstGroup + 1) * 4);
            var left = offset switch { 1 => 3, 2 => 2, _ => 0 };
            var right = ((offset + utf8.Length) % 3) switch { 1 => 2, 2 => 3, _ => 0 };
            _cores.Add(new Base64Core(core, secret, left, right, UrlSafe: false));
            var urlSafe = core.Replace('+', '-').Replace('/', '_');
            if (urlSafe != core)
            {
                _cores.Add(new Base64Core(urlSafe, secret, left, right, UrlSafe: true));
            }
        }
    }

    private char[] Starts(bool bytesMode)
    {
        var starts = new HashSet<char>();
        foreach (var needle in _needles.Where(n => bytesMode || !n.BytesOnly))
        {
            var first = needle.Runes[0];
            foreach (var variant in new[] { first, Rune.ToUpperInvariant(first), Rune.ToLowerInvariant(first) })
            {
                starts.Add(variant.ToString()[0]);
            }

            if (first.Value == ' ')
            {
                starts.Add('+');
            }

            starts.UnionWith(['%', '&', '\\']);
        }

        foreach (var core in _cores)
        {
            starts.Add(core.Text[0]);
        }

        return [.. starts];
    }

    private static bool Same(Rune found, Rune wanted) => found == wanted || Rune.ToUpperInvariant(found) == Rune.ToUpperInvariant(wanted);

    private static bool IsBase64(char c, bool urlSafe) => char.IsAsciiLetterOrDigit(c) || (urlSafe ? c is '-' or '_' : c is '+' or '/');

    /// <summary>One form of a secret, as characters; <see cref="BytesOnly"/> forms are looked for in bytes that are not UTF-8.</summary>
    private sealed record Needle(Rune[] Runes, int Secret, bool BytesOnly);

    private sealed record Base64Core(string Text, int Secret, int Left, int Right, bool UrlSafe);
}
