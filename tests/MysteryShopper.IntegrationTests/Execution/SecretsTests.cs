using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;
using MysteryShopper.Tests.Redaction;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace MysteryShopper.IntegrationTests.Execution;

/// <summary>
/// Secrets from <c>${env:NAME}</c> typed into a real page in real Chromium, submitted by a GET form, echoed back by
/// the page every way a page can (text, field, link, JSON, base64, cookie), quoted in a failure and put in a URL:
/// nothing the run leaves (every file of the workspace, the entries of the trace, the HAR, every column of the
/// store) and nothing it prints (the console log, the summary) holds either secret in any encoding.
/// </summary>
public class SecretsTests
{
    /// <summary>A space, &amp;, +, &lt;, ', / and é: each written differently by a form, a URL, HTML and JSON.</summary>
    private const string Secret = "hunter2 Xq9&sé+cret<'/";

    /// <summary>A secret that can stand in a URL as it is, as a token would.</summary>
    private const string Token = "tok-Zr8wQ1-b7Kd";

    /// <summary>Playwright paints masked elements this colour (#FF00FF).</summary>
    private static readonly (byte R, byte G, byte B) MaskColour = (255, 0, 255);

    [Test]
    public async Task Run_SecretTypedSubmittedEchoedQuotedAndInTheUrl_AppearsInNoOutputInAnyEncoding()
    {
        var workspace = TestPaths.NewScratch("secrets");
        using var console = new ConsoleCapture();
        var (suite, files) = await LoadAsync("""
            name: secret-search
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/search?q=${env:MSHOP_TEST_TOKEN}&ref=${env:MSHOP_TEST_TOKEN}"
              - expect_text: "No orders match"
              - goto: "{target.url}/lab/search"
              - fill: { label: "Order search", value: "${env:MSHOP_TEST_SECRET}" }
              - type: { label: "Access code", value: "${env:MSHOP_TEST_SECRET}" }
              - screenshot: typed
              - click: { role: button, name: "Search", submit: true }
              - expect_text: "No orders match"
              - expect_text: { text: "${env:MSHOP_TEST_SECRET} was found", timeout: 2s }
            """);

        var outcome = await RunPipeline.RunAsync(suite, files, new RunSettings { WorkspaceFolder = workspace, Har = true, Trace = true }, DemoSuite.WithLab, console.Logger, TimeProvider.System, CancellationToken.None);
        using var summary = new StringWriter(CultureInfo.InvariantCulture);
        await ConsoleSummary.WriteAsync(outcome, summary);

        // The run did what it should, so there was something to leak: the last step failed quoting the page.
        var failure = outcome.Result.Probes.Single().Record.Failure;
        Assert.That(failure, Is.Not.Null);
        Assert.That(failure!.Description, Is.EqualTo($"expect_text \"{Redactor.Mask} was found\""), failure.ToString());
        Assert.That(failure.Reason, Does.Contain("No orders match").And.Contain(Redactor.Mask));
        Assert.That(failure.Trace, Is.Not.Null, "the failed probe keeps its trace, rewritten");
        using (var trace = ZipFile.OpenRead(Path.Combine(outcome.Directory, failure.Trace!)))
        {
            Assert.That(trace.Entries.Select(e => e.Name), Does.Contain("trace.trace").And.Contain("trace.network"));
            Assert.That(Text(Read(trace.GetEntry("trace.network")!)), Does.Contain($"q={Redactor.Mask}"), "the form's GET is in the trace, masked");
            foreach (var resource in trace.Entries.Where(e => e.FullName.StartsWith("resources/", StringComparison.Ordinal)))
            {
                // A name made from what the page held before it was masked would let guesses of the secret be checked.
                var content = Read(resource);
#pragma warning disable CA5350 // Playwright names trace resources by SHA-1 of their content: checked against that, not used for security.
                var hashes = new[] { SHA1.HashData(content), SHA256.HashData(content)[..20] }.Select(Convert.ToHexStringLower);
#pragma warning restore CA5350
                Assert.That(hashes, Does.Contain(Path.GetFileNameWithoutExtension(resource.Name)), $"{resource.FullName} is named by a hash of what it holds");
            }
        }

        var har = Directory.GetFiles(Path.Combine(outcome.Directory, "har"), "*.har").Single();
        Assert.That(await File.ReadAllTextAsync(har), Does.Contain($"q={Redactor.Mask}"), "--har: kept, rewritten");
        Assert.That(await File.ReadAllTextAsync(Path.Combine(outcome.Directory, "log.clef")), Does.Contain("was searched for").And.Contain(Redactor.Mask), "the demo site logged the search");
        Assert.That(console.Text, Does.Contain($"expect_text \"{Redactor.Mask} was found\""), "the console's warning about the failure");
        Assert.That(summary.ToString(), Does.Contain("FAIL").And.Contain(Redactor.Mask));
        var typed = Path.Combine(outcome.Directory, "screenshots", "secret-search--brightwave--typed.png");
        Assert.That(Png.Count(await File.ReadAllBytesAsync(typed), MaskColour.R, MaskColour.G, MaskColour.B), Is.GreaterThan(1000), "the fields the secret was typed into are masked");

        var outputs = new List<(string Where, string Text)>
        {
            ("the console log", console.Text),
            ("the console summary", summary.ToString()),
        };
        outputs.AddRange(Files(workspace));
        outputs.AddRange(StoreText.Of(Path.Combine(workspace, ".mshop", "store.db")));
        Assert.That(outputs.Select(o => o.Where), Has.Some.EndsWith("!trace.trace").And.Some.EndsWith(".har").And.Some.StartsWith("store: observations"));
        foreach (var secret in new[] { Secret, Token })
        {
            Assert.That(Leaks(secret, outputs), Is.Empty, $"where {secret} was found");
        }
    }

    [Test]
    public async Task Screenshot_MasksTheFieldASecretWasTypedInto_AndNothingBeforeIt()
    {
        var (suite, files) = await LoadAsync("""
            name: secret-mask
            targets: [brightwave]
            journey:
              - goto: "{target.url}/lab/search"
              - fill: { label: "Access code", value: "nothing secret here" }
              - screenshot: plain
              - fill: { label: "Order search", value: "${env:MSHOP_TEST_SECRET}" }
              - screenshot: typed
            """);

        var outcome = await RunPipeline.RunAsync(suite, files, new RunSettings { WorkspaceFolder = TestPaths.NewScratch("mask") }, DemoSuite.WithLab, Logger.None, TimeProvider.System, CancellationToken.None);

        var record = outcome.Result.Probes.Single().Record;
        Assert.That(record.JourneyCompleted, Is.True, record.Failure?.ToString());
        int Masked(string moment) => Png.Count(File.ReadAllBytes(Path.Combine(outcome.Directory, "screenshots", $"secret-mask--brightwave--{moment}.png")), MaskColour.R, MaskColour.G, MaskColour.B);
        Assert.That(Masked("plain"), Is.Zero, "nothing secret typed yet: nothing masked");
        Assert.That(Masked("typed"), Is.GreaterThan(1000), "the field holding the secret is painted over");
    }

    private static async Task<(Suite Suite, IReadOnlyList<SourceFile> Files)> LoadAsync(string scenario)
    {
        var files = (await SuiteLoader.ReadFilesAsync([TestPaths.Scenarios], CancellationToken.None))
            .Where(f => Path.GetFileName(f.Path) is "targets.yaml" or "personas.yaml")
            .Append(new SourceFile("secret.yaml", scenario))
            .ToList();
        var result = SuiteLoader.Load(files, name => name switch { "MSHOP_TEST_SECRET" => Secret, "MSHOP_TEST_TOKEN" => Token, _ => null });
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        return (result.Suite!, files);
    }

    /// <summary>Where <paramref name="secret"/> shows in any of its encodings, its base64, or its first seven characters.</summary>
    private static List<string> Leaks(string secret, IEnumerable<(string Where, string Text)> outputs)
    {
        var forms = SecretEncodings.Of(secret).Append((Name: "its first seven characters", Form: secret[..7])).ToList();
        var cores = SecretEncodings.Base64Cores(secret);
        var leaks = new List<string>();
        foreach (var (where, text) in outputs)
        {
            leaks.AddRange(forms.Where(f => text.Contains(f.Form, StringComparison.OrdinalIgnoreCase)).Select(f => $"{where}: {f.Name}"));
            leaks.AddRange(cores.Where(c => text.Contains(c, StringComparison.Ordinal)).Select(c => $"{where}: base64 {c}"));
        }

        return leaks;
    }

    /// <summary>Every file of the workspace (reports, log, store, screenshots, HARs, mail), and every entry of every zip.</summary>
    private static IEnumerable<(string Where, string Text)> Files(string workspace)
    {
        foreach (var path in Directory.GetFiles(workspace, "*", SearchOption.AllDirectories))
        {
            var where = Path.GetRelativePath(workspace, path);
            var bytes = File.ReadAllBytes(path);
            yield return (where, Text(bytes));
            if (path.EndsWith(".zip", StringComparison.Ordinal))
            {
                using var zip = ZipFile.OpenRead(path);
                foreach (var entry in zip.Entries)
                {
                    yield return ($"{where}!{entry.FullName}", Text(Read(entry)));
                }
            }
        }
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Bytes read as UTF-8 and, for what is not UTF-8, byte for byte too.</summary>
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes) + "\n" + Encoding.Latin1.GetString(bytes);

    /// <summary>The run's console, formatted as mshop prints it.</summary>
    private sealed class ConsoleCapture : IDisposable
    {
        private readonly Sink _sink = new();

        public ConsoleCapture() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(_sink).CreateLogger();

        public Logger Logger { get; }

        public string Text => _sink.Text;

        public void Dispose() => Logger.Dispose();

        private sealed class Sink : ILogEventSink
        {
            private readonly MessageTemplateTextFormatter _format = new("{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", CultureInfo.InvariantCulture);
            private readonly StringBuilder _text = new();
            private readonly Lock _gate = new();

            public string Text
            {
                get
                {
                    lock (_gate)
                    {
                        return _text.ToString();
                    }
                }
            }

            public void Emit(LogEvent logEvent)
            {
                lock (_gate)
                {
                    using var line = new StringWriter(CultureInfo.InvariantCulture);
                    _format.Format(logEvent, line);
                    _text.Append(line);
                }
            }
        }
    }
}
