using System.Text.RegularExpressions;

namespace MysteryShopper.Scenarios;

/// <summary>
/// <c>${env:NAME}</c> in scenario values: replaced at load time from the environment, so secrets never live in YAML;
/// the values are then redacted from every log line and report.
/// </summary>
public static partial class Secrets
{
    public const string Mask = "***";

    [GeneratedRegex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    public static string Substitute(string text, Func<string, string> resolve) =>
        text.Contains("${env:", StringComparison.Ordinal) ? Reference().Replace(text, m => resolve(m.Groups[1].Value)) : text;
}

/// <summary>Replaces every secret value in a text with <see cref="Secrets.Mask"/>, also as HTML, JSON and URL encode it.</summary>
public sealed class Redactor
{
    public static readonly Redactor None = new([]);

    private readonly List<string> _forms;

    public Redactor(IEnumerable<string> secrets)
    {
        _forms = secrets
            .Where(s => s.Length >= 3)
            .SelectMany(s => new[]
            {
                s,
                System.Net.WebUtility.HtmlEncode(s),
                System.Text.Json.JsonSerializer.Serialize(s)[1..^1],
                System.Text.Encodings.Web.JavaScriptEncoder.Default.Encode(s),
                Uri.EscapeDataString(s),
                System.Security.SecurityElement.Escape(s),
            })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length)
            .ToList();
    }

    public bool IsEmpty => _forms.Count == 0;

    public string Redact(string text)
    {
        foreach (var form in _forms)
        {
            text = text.Replace(form, Secrets.Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
