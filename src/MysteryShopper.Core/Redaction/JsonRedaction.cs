using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MysteryShopper.Redaction;

/// <summary>
/// Rewrites JSON with every string and property name redacted, token by token, so the result is still valid JSON
/// (a mask never cuts through a quote or an escape). A string that is all base64 (a HAR's binary body) is decoded,
/// redacted as bytes and encoded again.
/// </summary>
internal static class JsonRedaction
{
    private static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>
    /// The redacted document (<paramref name="json"/> itself when nothing in it was masked), or null when it is not
    /// one JSON document.
    /// </summary>
    public static byte[]? Rewrite(byte[] json, Redactor redactor)
    {
        var changed = false;
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using var writer = new Utf8JsonWriter(output, Writing);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        writer.WritePropertyName(Changed(reader.GetString()!, redactor.Redact, ref changed));
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(Changed(reader.GetString()!, value => String(value, redactor), ref changed));
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True:
                        writer.WriteBooleanValue(true);
                        break;
                    case JsonTokenType.False:
                        writer.WriteBooleanValue(false);
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }

            writer.Flush();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not valid UTF-16 (a lone surrogate): the caller redacts it as text.
            return null;
        }

        return changed ? output.WrittenSpan.ToArray() : json;
    }

    private static string Changed(string value, Func<string, string> redact, ref bool changed)
    {
        var redacted = redact(value);
        changed |= !ReferenceEquals(redacted, value);
        return redacted;
    }

    private static string String(string value, Redactor redactor)
    {
        if (value.Length >= 8 && value.Length % 4 == 0 && value.AsSpan().TrimEnd('=').IndexOfAnyExcept(Base64Alphabet) < 0)
        {
            var bytes = new byte[value.Length / 4 * 3];
            if (Convert.TryFromBase64String(value, bytes, out var written))
            {
                var decoded = bytes[..written];
                var redacted = redactor.Redact(decoded);
                if (!ReferenceEquals(redacted, decoded))
                {
                    value = Convert.ToBase64String(redacted);
                }
            }
        }

        return redactor.Redact(value);
    }

    private static readonly SearchValues<char> Base64Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
}
