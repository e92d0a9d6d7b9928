using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MysteryShopper.Redaction;

namespace MysteryShopper.Tests.Redaction;

public class RedactorTests
{
    /// <summary>Characters that every encoding treats differently: a space, &amp;, +, &lt;, ', /, and a letter beyond ASCII.</summary>
    private const string Secret = "hunter2 Xq9&sé+cret<'/";

    private static readonly Redactor Redactor = new([Secret]);

    public static IEnumerable<TestCaseData> Encodings() =>
        SecretEncodings.Of(Secret).Select(e => new TestCaseData(e.Form).SetName($"Redact_SecretAs {e.Name}_IsMasked"));

    [TestCaseSource(nameof(Encodings))]
    public void Redact_SecretInAnEncoding_IsMasked(string form)
    {
        var redacted = Redactor.Redact($"before {form} after");

        Assert.That(redacted, Is.EqualTo($"before {Redactor.Mask} after"), form);
    }

    [Test]
    public void Redact_EveryEncodingInOneText_MasksEachAndLeavesTheRest()
    {
        var forms = SecretEncodings.Of(Secret).Select(e => e.Form).ToList();

        var redacted = Redactor.Redact(string.Join(" | ", forms));

        Assert.That(redacted, Is.EqualTo(string.Join(" | ", forms.Select(_ => Redactor.Mask))));
    }

    [Test]
    public void Redact_MixedEscapes_EachCharacterReadOnItsOwn()
    {
        // A space as %20, & as a named reference, é as JSON, + as a form's %2B, < as a hex reference.
        var mixed = "hunter2%20Xq9&amp;s\\u00e9%2Bcret&#x3c;'/";

        Assert.That(Redactor.Redact($"q={mixed}&x=1"), Is.EqualTo($"q={Redactor.Mask}&x=1"));
    }

    [TestCase(10)]
    [TestCase(11)]
    [TestCase(12)]
    public void Redact_Base64InsideLongerBase64_MasksEveryCharacterThatCarriesBitsOfTheSecret(int before)
    {
        var prefix = Encoding.UTF8.GetBytes(new string('p', before));
        var secret = Encoding.UTF8.GetBytes(Secret);
        var encoded = Convert.ToBase64String([.. prefix, .. secret, .. "and some more text after it"u8.ToArray()]);

        var redacted = Redactor.Redact($"Authorization: Basic {encoded}");

        // Base64 characters carry 6 bits each: the first and last that hold any bit of the secret, and all between, go.
        var first = before * 8 / 6;
        var last = (((before + secret.Length) * 8) - 1) / 6;
        Assert.That(redacted, Is.EqualTo($"Authorization: Basic {encoded[..first]}{Redactor.Mask}{encoded[(last + 1)..]}"));
    }

    [Test]
    public void Redact_UrlSafeBase64_IsMasked()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"token:{Secret}")).Replace('+', '-').Replace('/', '_').TrimEnd('=');

        Assert.That(Redactor.Redact(encoded), Does.Contain(Redactor.Mask));
        Assert.That(SecretEncodings.Base64Cores(Secret).Where(c => Redactor.Redact(encoded).Contains(c, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Redact_OrdinaryText_IsLeftAlone()
    {
        const string text = "hunter2 is a famous password; Xq9 & s+cret <'/ %20 &amp; \\u0026 aGVsbG8gd29ybGQ=";

        Assert.That(Redactor.Redact(text), Is.SameAs(text));
        Assert.That(Redactor.Reveals(text), Is.False);
    }

    [Test]
    public void Redact_TwoSecrets_BothMaskedAndFound()
    {
        var redactor = new Redactor([Secret, "second-secret-value"]);

        var text = $"a {Secret} b {Uri.EscapeDataString("second-secret-value")} c";

        Assert.That(redactor.Redact(text), Is.EqualTo($"a {Redactor.Mask} b {Redactor.Mask} c"));
        Assert.That(redactor.SecretsIn(text), Is.EquivalentTo(new[] { Secret, "second-secret-value" }));
        Assert.That(redactor.SecretsIn("nothing here"), Is.Empty);
    }

    [Test]
    public void Constructor_SecretShorterThanTheMinimum_IsRefused()
    {
        Assert.That(() => new Redactor(["12345"]), Throws.ArgumentException.With.Message.Contains($"at least {Redactor.MinimumLength}"));
        Assert.That(new Redactor(["123456"]).Redact("pin 123456"), Is.EqualTo($"pin {Redactor.Mask}"));
    }

    [Test]
    public void None_MasksNothing()
    {
        Assert.That(Redactor.None.IsEmpty, Is.True);
        Assert.That(Redactor.None.Redact(Secret), Is.SameAs(Secret));
        Assert.That(Redactor.None.With(Redactor).Redact(Secret), Is.EqualTo(Redactor.Mask));
    }

    [Test]
    public void RedactBytes_Utf8_MaskedAndOtherwiseUnchanged()
    {
        var content = Encoding.UTF8.GetBytes($"<p>Ünïcode {Secret} stays</p>");

        Assert.That(Encoding.UTF8.GetString(Redactor.Redact(content)), Is.EqualTo($"<p>Ünïcode {Redactor.Mask} stays</p>"));
        var clean = Encoding.UTF8.GetBytes("nothing to see");
        Assert.That(Redactor.Redact(clean), Is.SameAs(clean));
    }

    [Test]
    public void RedactBytes_NotUtf8_SecretFoundAsUtf8AndAsLatin1BytesBinaryKept()
    {
        byte[] binary = [0x89, 0x50, 0x4E, 0x47, 0xFF, 0x00, 0xC3];
        byte[] content = [.. binary, .. Encoding.UTF8.GetBytes(Secret), .. binary, .. Encoding.Latin1.GetBytes(Secret), .. binary];

        var redacted = Redactor.Redact(content);

        byte[] expected = [.. binary, .. "***"u8.ToArray(), .. binary, .. "***"u8.ToArray(), .. binary];
        Assert.That(redacted, Is.EqualTo(expected));
    }

    [Test]
    public void RedactJson_SecretsInValuesNamesAndBase64_StillValidJson()
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes($"<html>{Uri.EscapeDataString(Secret)}</html>"));
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["url"] = $"https://example.test/?q={SecretEncodings.FormEncode(Secret)}",
            [Secret] = new[] { Secret, "kept" },
            ["content"] = new Dictionary<string, object> { ["text"] = body, ["encoding"] = "base64" },
            ["number"] = 1.50,
        });

        var redacted = Redactor.RedactJson(json);

        using var document = JsonDocument.Parse(redacted);
        var root = document.RootElement;
        Assert.That(root.GetProperty("url").GetString(), Is.EqualTo($"https://example.test/?q={Redactor.Mask}"));
        Assert.That(root.GetProperty(Redactor.Mask)[0].GetString(), Is.EqualTo(Redactor.Mask));
        Assert.That(root.GetProperty(Redactor.Mask)[1].GetString(), Is.EqualTo("kept"));
        Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(root.GetProperty("content").GetProperty("text").GetString()!)), Is.EqualTo($"<html>{Redactor.Mask}</html>"));
        Assert.That(root.GetProperty("number").GetRawText(), Is.EqualTo("1.5"));
        Assert.That(Redactor.Reveals(redacted), Is.False);
    }

    [Test]
    public void RedactJson_NothingSecret_SameInstance()
    {
        const string json = """{"a": "b", "c": [1, 2]}""";

        Assert.That(Redactor.RedactJson(json), Is.SameAs(json));
    }

    [Test]
    public void Redact_ManyMegabytesOfMarkup_IsQuick()
    {
        var page = new StringBuilder();
        while (page.Length < 4_000_000)
        {
            page.Append("<a href=\"/search?q=hunter%20x&amp;page=2\">h&eacute;llo \\u0026 world</a> %41%42 +\n");
        }

        var text = page.ToString();
        var watch = Stopwatch.StartNew();
        var redacted = Redactor.Redact(text + Secret);

        Assert.That(redacted, Does.EndWith(Redactor.Mask));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "redacting 4 MB of markup (about 1 s on a busy 2-core machine)");
        TestContext.Out.WriteLine($"4 MB of markup redacted in {watch.ElapsedMilliseconds} ms");
    }
}
