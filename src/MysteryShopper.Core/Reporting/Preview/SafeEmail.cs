namespace MysteryShopper.Reporting.Preview;

/// <summary>
/// A received email made safe to show: its headers and plain text as text, and its HTML body sanitized into a document
/// for a sandboxed iframe (no scripts, forms or remote loads; <c>cid:</c> images inlined). The report's preview and
/// <c>mshop preview</c> both show this.
/// </summary>
public sealed record SafeEmail
{
    public required string Subject { get; init; }
    public required string From { get; init; }

    /// <summary>Headers a reader wants to see, name and value, as text (never markup).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The plain text (the text part, else the text of the HTML body).</summary>
    public required string Text { get; init; }

    /// <summary>
    /// A whole HTML document for an iframe's <c>srcdoc</c> (with <c>sandbox</c> and no <c>allow-scripts</c>), carrying its
    /// own Content-Security-Policy; null when the message has no HTML body.
    /// </summary>
    public string? FrameDocument { get; init; }

    /// <summary>Remote images that were not loaded (their number), so a reader knows something was left out.</summary>
    public int BlockedRemoteImages { get; init; }

    /// <summary>The HTML body was cut to a size a report can carry; the full message is in the store.</summary>
    public bool Truncated { get; init; }
}
