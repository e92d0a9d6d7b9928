using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MimeKit;
using MysteryShopper.Execution;

namespace MysteryShopper.Reporting.Preview;

/// <summary>
/// The previews of a probe's stored messages, by the id of each reading, made when first asked for: loading a run
/// (for <c>show</c>, JSON or JUnit, which never show a preview) costs no sanitizing, and each raw message is parsed
/// at most once. A message kept without raw MIME (its reading quoted a secret) or that is not MIME at all is shown
/// from its reading: subject, sender and text.
/// </summary>
public sealed class PreviewDictionary : IReadOnlyDictionary<string, SafeEmail>
{
    private readonly Dictionary<string, Lazy<SafeEmail>> _previews = new(StringComparer.Ordinal);

    /// <param name="messages">Each message's reading and raw MIME (possibly empty), in the same order.</param>
    public PreviewDictionary(IEnumerable<(ReceivedEmail Email, byte[] Raw)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var (email, raw) in messages)
        {
            _previews.TryAdd(email.Id, new Lazy<SafeEmail>(() => Preview(email, raw)));
        }
    }

    private static SafeEmail Preview(ReceivedEmail email, byte[] raw)
    {
        if (raw.Length > 0)
        {
            try
            {
                return EmailPreview.From(MimeMessage.Load(new MemoryStream(raw, writable: false)));
            }
            catch (FormatException)
            {
                // Not MIME after all: the reading below is what there is to show.
            }
        }

        return new SafeEmail
        {
            Subject = email.Subject,
            From = email.From,
            Headers = [new("From", email.From), new("To", string.Join(", ", email.To)), new("Subject", email.Subject)],
            Text = email.Text.Length > EmailPreview.MaxTextLength ? email.Text[..EmailPreview.MaxTextLength] : email.Text,
            Truncated = email.Text.Length > EmailPreview.MaxTextLength,
        };
    }

    public SafeEmail this[string key] => _previews[key].Value;

    public IEnumerable<string> Keys => _previews.Keys;

    public IEnumerable<SafeEmail> Values => _previews.Values.Select(p => p.Value);

    public int Count => _previews.Count;

    public bool ContainsKey(string key) => _previews.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out SafeEmail value)
    {
        value = _previews.TryGetValue(key, out var preview) ? preview.Value : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, SafeEmail>> GetEnumerator() =>
        _previews.Select(p => new KeyValuePair<string, SafeEmail>(p.Key, p.Value.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
