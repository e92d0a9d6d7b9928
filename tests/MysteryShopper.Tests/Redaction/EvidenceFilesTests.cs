using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MysteryShopper.Redaction;
using MysteryShopper.Tests.Reporting;

namespace MysteryShopper.Tests.Redaction;

public sealed class EvidenceFilesTests : IDisposable
{
    private const string Secret = "hunter2 Xq9&sé+cret<'/";

    private static readonly Redactor Redactor = new([Secret]);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xC3, 0x28];
    private static readonly string Page = $"<p>You searched for {System.Net.WebUtility.HtmlEncode(Secret)}</p>";

    /// <summary>Playwright names a resource by a hash of its content (SHA-1: 40 hex digits).</summary>
    private static readonly string PageHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Page)))[..40];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Test]
    public async Task RewriteTraceAsync_EveryTextEntry_RedactedAndStillJson_BinaryEntriesKept()
    {
        Directory.CreateDirectory(_folder.Path);
        var source = Path.Combine(_folder.Path, "recorded.zip");
        var form = SecretEncodings.FormEncode(Secret);
        using (var zip = ZipFile.Open(source, ZipArchiveMode.Create))
        {
            Add(zip, "trace.trace", string.Join('\n',
                JsonSerializer.Serialize(new { type = "before", method = "fill", @params = new { value = Secret } }),
                JsonSerializer.Serialize(new { type = "frame-snapshot", html = new object[] { "INPUT", new Dictionary<string, string> { ["__playwright_value_"] = Secret } } }),
                """{"type":"log","message":"no secret here"}""",
                ""));
            Add(zip, "trace.network", JsonSerializer.Serialize(new { request = new { url = $"http://127.0.0.1/lab/search?q={form}" }, response = new { content = new { _file = $"resources/{PageHash}.html" } } }) + "\n");
            Add(zip, $"resources/{PageHash}.html", Page);
            zip.CreateEntry("resources/image.png").Open().Write(Png);
        }

        var kept = Path.Combine(_folder.Path, "traces", "kept.zip");
        await EvidenceFiles.RewriteTraceAsync(source, kept, Redactor, CancellationToken.None);

        using var rewritten = ZipFile.OpenRead(kept);
        var page = rewritten.Entries.Single(e => e.FullName.EndsWith(".html", StringComparison.Ordinal)).FullName;
        Assert.That(rewritten.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "trace.trace", "trace.network", page, "resources/image.png" }));
        Assert.That(page, Does.Not.Contain(PageHash), "a resource named by the hash of a page with the secret would let a guess be checked");
        Assert.That(page, Does.Match("^resources/[0-9a-f]{40}\\.html$"));
        var events = Read(rewritten, "trace.trace").Split('\n');
        Assert.That(events, Has.Length.EqualTo(4));
        foreach (var line in events.Where(l => l.Length > 0))
        {
            Assert.That(() => JsonDocument.Parse(line).Dispose(), Throws.Nothing, line);
        }

        Assert.That(events[0], Does.Contain("\"value\":\"***\""));
        Assert.That(events[1], Does.Contain("\"__playwright_value_\":\"***\""));
        Assert.That(events[2], Is.EqualTo("""{"type":"log","message":"no secret here"}"""), "a line without a secret is kept as written");
        Assert.That(Read(rewritten, "trace.network"), Does.Contain("/lab/search?q=***").And.Contain($"\"_file\":\"{page}\""));
        Assert.That(Read(rewritten, page), Is.EqualTo("<p>You searched for ***</p>"));
        using var image = new MemoryStream();
        await rewritten.GetEntry("resources/image.png")!.Open().CopyToAsync(image);
        Assert.That(image.ToArray(), Is.EqualTo(Png));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(kept)!), Is.EqualTo(new[] { kept }), "no temporary file left");
    }

    [Test]
    public async Task RewriteJsonAsync_Har_TextAndBase64BodiesRedacted()
    {
        Directory.CreateDirectory(_folder.Path);
        var har = Path.Combine(_folder.Path, "probe.har");
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes($"<html><input value=\"{System.Net.WebUtility.HtmlEncode(Secret)}\"></html>"));
        await File.WriteAllTextAsync(har, JsonSerializer.Serialize(new
        {
            log = new
            {
                entries = new[]
                {
                    new
                    {
                        request = new { url = $"http://127.0.0.1/?q={SecretEncodings.FormEncode(Secret)}", postData = new { text = $"q={SecretEncodings.FormEncode(Secret)}" } },
                        response = new { content = new { text = body, encoding = "base64" } },
                    },
                },
            },
        }, Indented));

        await EvidenceFiles.RewriteJsonAsync(har, Redactor, CancellationToken.None);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(har));
        var entry = document.RootElement.GetProperty("log").GetProperty("entries")[0];
        Assert.That(entry.GetProperty("request").GetProperty("url").GetString(), Is.EqualTo("http://127.0.0.1/?q=***"));
        Assert.That(entry.GetProperty("request").GetProperty("postData").GetProperty("text").GetString(), Is.EqualTo("q=***"));
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(entry.GetProperty("response").GetProperty("content").GetProperty("text").GetString()!));
        Assert.That(decoded, Is.EqualTo("<html><input value=\"***\"></html>"));
    }

    [Test]
    public async Task RewriteJsonAsync_NoSecret_FileUntouched()
    {
        Directory.CreateDirectory(_folder.Path);
        var har = Path.Combine(_folder.Path, "clean.har");
        const string text = "{\n  \"log\": { \"entries\": [] }\n}\n";
        await File.WriteAllTextAsync(har, text);

        await EvidenceFiles.RewriteJsonAsync(har, Redactor, CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(har), Is.EqualTo(text));
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
