using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MysteryShopper.Tests.Redaction;

/// <summary>
/// Every form a secret takes on its way through a browser, a form and our writers, made independently of the
/// redactor: what the unit tests mask one by one and what the real-browser test searches every output file for.
/// </summary>
public static class SecretEncodings
{
    /// <summary>The secret's encodings, by name (compare ignoring case: hex digits come in either case).</summary>
    public static IReadOnlyList<(string Name, string Form)> Of(string secret)
    {
        var form = FormEncode(secret);
        var html = WebUtility.HtmlEncode(secret);
        var forms = new List<(string, string)>
        {
            ("plain", secret),
            ("upper case", secret.ToUpperInvariant()),
            ("decomposed (NFD)", secret.Normalize(NormalizationForm.FormD)),
            ("percent, %20 (encodeURIComponent)", Percent(secret, "-_.!~*'()", spaceAsPlus: false)),
            ("percent, %20, lower-case hex", LowerHex(Uri.EscapeDataString(secret))),
            ("encodeURI (reserved characters kept)", Percent(secret, "-_.!~*'();,/?:@&=+$#", spaceAsPlus: false)),
            ("form, + (Chromium's GET and POST)", form),
            ("form, +, lower-case hex", LowerHex(form)),
            ("form, + (WebUtility.UrlEncode)", WebUtility.UrlEncode(secret)),
            ("HTML (WebUtility, &#233;)", html),
            ("HTML (HtmlEncoder, &#xE9; &#x2B;)", HtmlEncoder.Default.Encode(secret)),
            ("HTML (SecurityElement, &apos;)", SecurityElement.Escape(secret)),
            ("HTML as Chromium serializes text (&amp; &lt; &gt; only)", secret.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")),
            ("HTML as Chromium serializes an attribute (&amp; &quot;)", secret.Replace("&", "&amp;").Replace("\"", "&quot;")),
            ("HTML half escaped (only &amp;)", secret.Replace("&", "&amp;")),
            ("HTML named references (&eacute;, like PHP's htmlentities)", secret.Replace("&", "&amp;").Replace("é", "&eacute;").Replace("<", "&lt;").Replace("'", "&#039;")),
            ("HTML padded hex references", string.Concat(secret.EnumerateRunes().Select(r => r.Value < 128 && char.IsAsciiLetterOrDigit((char)r.Value) ? r.ToString() : string.Create(CultureInfo.InvariantCulture, $"&#x{r.Value:X4};")))),
            ("JSON (System.Text.Json default, \\u0026)", Json(secret, JavaScriptEncoder.Default)),
            ("JSON, lower-case \\u escapes", LowerHex(Json(secret, JavaScriptEncoder.Default))),
            ("JSON as JavaScript's JSON.stringify writes it", Json(secret, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)),
            ("JSON with \\/ (PHP's json_encode)", LowerHex(Json(secret, JavaScriptEncoder.Default)).Replace("/", "\\/")),
            ("JavaScript \\x escapes", string.Concat(secret.Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : c < 256 ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}")))),
            ("HTML of the form encoding (&#x2B;)", HtmlEncoder.Default.Encode(form)),
            ("JSON of the form encoding (\\u002B)", Json(form, JavaScriptEncoder.Default)),
            ("JSON of the HTML (\\u0026amp;)", Json(html, JavaScriptEncoder.Default)),
            ("percent of the percent (%2526)", Uri.EscapeDataString(Uri.EscapeDataString(secret))),
            ("percent of the HTML (%26amp%3B)", Uri.EscapeDataString(html)),
            ("base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))),
            ("base64, URL-safe, unpadded", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('=').Replace('+', '-').Replace('/', '_')),
        };
        return forms;
    }

    /// <summary>
    /// The base64 characters only the secret decides, at each of the three byte alignments inside a longer base64
    /// text, standard and URL-safe (compare exactly).
    /// </summary>
    public static IReadOnlyList<string> Base64Cores(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        var cores = new List<string>();
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String([.. new byte[offset], .. bytes]);
            var skip = offset == 0 ? 0 : 4;
            var groups = ((offset + bytes.Length) / 3) - (offset == 0 ? 0 : 1);
            var core = encoded.Substring(skip, groups * 4);
            cores.Add(core);
            cores.Add(core.Replace('+', '-').Replace('/', '_'));
        }

        return cores;
    }

    /// <summary>application/x-www-form-urlencoded as browsers write it.</summary>
    public static string FormEncode(string text) => Percent(text, "*-._", spaceAsPlus: true);

    private static string Percent(string text, string keep, bool spaceAsPlus)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || keep.Contains(c, StringComparison.Ordinal)))
            {
                result.Append(c);
            }
            else if (c == ' ' && spaceAsPlus)
            {
                result.Append('+');
            }
            else
            {
                result.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return result.ToString();
    }

    private static readonly JsonSerializerOptions Strict = new() { Encoder = JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(string text, JavaScriptEncoder encoder) =>
        JsonSerializer.Serialize(text, encoder == JavaScriptEncoder.Default ? Strict : Relaxed)[1..^1];

    /// <summary>Hex digits after %, \u and \x in lower case, the rest as it is.</summary>
    private static string LowerHex(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"(%[0-9A-F]{2}|\\u[0-9A-F]{4})", m => m.Value.ToLowerInvariant());
}
