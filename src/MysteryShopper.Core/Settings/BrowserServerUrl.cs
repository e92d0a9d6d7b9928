using System.Diagnostics.CodeAnalysis;

namespace MysteryShopper.Settings;

/// <summary>A Playwright browser server to use instead of a local browser: mshop.yaml's <c>browser.connect</c> and <c>--connect</c>.</summary>
public sealed record BrowserServerUrl
{
    public const string Hint = "give the endpoint a Playwright browser server prints, e.g. ws://127.0.0.1:3000/abc";

    private BrowserServerUrl(string text) => Text = text;

    /// <summary>The address as it was written.</summary>
    public string Text { get; }

    /// <summary>An absolute <c>ws://</c> or <c>wss://</c> address.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out BrowserServerUrl? url, [NotNullWhen(false)] out SettingProblem? problem)
    {
        var valid = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss";
        url = valid ? new BrowserServerUrl(text) : null;
        problem = valid ? null : new SettingProblem($"'{text}' is not a ws:// or wss:// address", Hint);
        return valid;
    }

    public override string ToString() => Text;
}
