using System.Text.RegularExpressions;

namespace MysteryShopper.Scenarios;

/// <summary>
/// <c>${env:NAME}</c> in scenario values: replaced at load time from the environment, so secrets never live in YAML;
/// every value read this way is a secret, which <see cref="Redaction.Redactor"/> masks in every output.
/// </summary>
public static partial class Secrets
{
    [GeneratedRegex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    public static string Substitute(string text, Func<string, string> resolve) =>
        text.Contains("${env:", StringComparison.Ordinal) ? Reference().Replace(text, m => resolve(m.Groups[1].Value)) : text;
}
