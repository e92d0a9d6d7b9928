using System.Diagnostics;
using System.Text;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Tests.Scenarios;

/// <summary>
/// Every broken input under TestData/broken/ gives exactly the diagnostics its expected.txt lists, in order, and
/// quickly: hostile input is refused before it is built, never expanded.
/// </summary>
public class BrokenFilesTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "broken");
    private static readonly string Shared = Path.Combine(Root, "_shared");

    /// <summary>The only environment variables set: <c>${env:…}</c> cases come out the same on every machine.</summary>
    private static readonly Dictionary<string, string> FixedEnvironment = new(StringComparer.Ordinal) { ["MSHOP_API_TOKEN"] = "s3cret-token", ["MSHOP_PIN"] = "1234" };

    // Generous for a slow CI machine, far below what expanding an alias bomb or recursing 100 000 levels would take.
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    private string? _temporary;

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateDirectories(Root)
            .Select(folder => Path.GetFileName(folder))
            .Where(name => !name.StartsWith('_'))
            .Order(StringComparer.Ordinal)
            .Select(name => new TestCaseData(name).SetName($"Load_Broken_{name}"));

    [Test]
    public void Cases_AreMany_AndEachHasExpectedDiagnostics()
    {
        var cases = Cases().Select(c => (string)c.Arguments[0]!).ToList();

        Assert.That(cases, Has.Count.GreaterThanOrEqualTo(45));
        Assert.That(cases.Where(c => !File.Exists(Path.Combine(Root, c, "expected.txt"))), Is.Empty, "cases without expected.txt");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Load_BrokenCase_GivesExactlyTheExpectedDiagnostics(string name)
    {
        var folder = Path.Combine(Root, name);
        var expected = (await File.ReadAllTextAsync(Path.Combine(folder, "expected.txt"))).ReplaceLineEndings("\n");
        Assert.That(expected, Is.Not.Empty, "a broken case must expect at least one diagnostic");

        var (actual, suite) = await LoadCaseAsync(folder);

        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(suite, Is.Null, "a suite with errors must not be built");
    }

    [Test]
    public async Task Load_FileOverOneMiB_IsRefusedWithoutBeingRead()
    {
        var folder = TemporaryCase();
        var line = "# padding, never parsed\n";
        await File.WriteAllTextAsync(Path.Combine(folder, "case.yaml"),
            "name: big\ntargets: [own]\njourney:\n  - goto: \"{target.url}\"\n" + string.Concat(Enumerable.Repeat(line, (YamlReader.MaxFileBytes / line.Length) + 1)));

        var (actual, _) = await LoadCaseAsync(folder);

        Assert.That(actual, Is.EqualTo("""
            case.yaml:1:1: error: the file is larger than 1024 KiB
                hint: split it into several files

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public async Task Load_Latin1Bytes_AreRefusedAtTheFirstBadByte()
    {
        var folder = TemporaryCase();
        // "Café" saved as Latin-1: 0xE9 starts no UTF-8 character.
        var bytes = Encoding.ASCII.GetBytes("name: cafe\ntargets: [own]\njourney:\n  - expect_text: \"Caf")
            .Append((byte)0xE9)
            .Concat(Encoding.ASCII.GetBytes("\"\n"))
            .ToArray();
        await File.WriteAllBytesAsync(Path.Combine(folder, "case.yaml"), bytes);

        var (actual, _) = await LoadCaseAsync(folder);

        Assert.That(actual, Is.EqualTo("""
            case.yaml:4:22: error: the file is not valid UTF-8 (byte 0xE9)
                hint: save it as UTF-8 (it may have been saved as Latin-1 or Windows-1252)

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public async Task Load_TruncatedUtf8AfterBomAndAccents_CountsColumnsInCharacters()
    {
        var folder = TemporaryCase();
        // BOM, then "é" (two bytes, one column), then the first two bytes of "€" and no third.
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }
            .Concat(Encoding.UTF8.GetBytes("name: euro\ntargets: [own]\njourney:\n  - expect_text: \"é"))
            .Concat(new byte[] { 0xE2, 0x82 })
            .Concat(Encoding.ASCII.GetBytes("\"\n"))
            .ToArray();
        await File.WriteAllBytesAsync(Path.Combine(folder, "case.yaml"), bytes);

        var (actual, _) = await LoadCaseAsync(folder);

        Assert.That(actual, Does.StartWith("case.yaml:4:20: error: the file is not valid UTF-8 (byte 0xE2)\n"));
    }

    [Test]
    public async Task Load_FileEndingInsideACharacter_IsRefusedAtItsFirstByte()
    {
        var folder = TemporaryCase();
        // The first byte of a four-byte character, and then the end of the file.
        var bytes = Encoding.ASCII.GetBytes("name: cut\ntargets: [own]\njourney:\n  - expect_text: x\n# ").Append((byte)0xF0).ToArray();
        await File.WriteAllBytesAsync(Path.Combine(folder, "case.yaml"), bytes);

        var (actual, _) = await LoadCaseAsync(folder);

        Assert.That(actual, Does.StartWith("case.yaml:5:3: error: the file is not valid UTF-8 (byte 0xF0)\n"));
    }

    [Test]
    public async Task Load_ValidUtf8WithAReplacementCharacter_IsNotMistakenForBadBytes()
    {
        var folder = TemporaryCase();
        await File.WriteAllTextAsync(Path.Combine(folder, "case.yaml"), "name: odd\ntargets: [own]\njourney:\n  - expect_text: \"\uFFFD\"\n", new UTF8Encoding(false));

        var (actual, _) = await LoadCaseAsync(folder);

        Assert.That(actual, Is.Empty);
    }

    [Test]
    public void Load_AliasBombOfAHundredQuintillionValues_IsRefusedAtTheFirstAlias()
    {
        // 20 levels of 10 aliases each: expanding it would never finish.
        var yaml = new StringBuilder("name: bomb\ntargets: [own]\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 20; level++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        yaml.Append("journey: *l20\n");

        var (diagnostics, elapsed) = LoadQuickly(yaml.ToString());

        Assert.That(diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { $"s.yaml:4:10: error: anchors and aliases (*name) are not supported{Environment.NewLine}    hint: write the value out in full" }));
        Assert.That(elapsed, Is.LessThan(Quickly));
    }

    [Test]
    public void Load_HundredThousandNestedLists_IsRefusedAtTheLimitWithoutRecursing()
    {
        var yaml = "name: deep\ntargets: [own]\njourney: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var (diagnostics, elapsed) = LoadQuickly(yaml);

        Assert.That(diagnostics.Select(d => (d.Line, d.Column, d.Message)), Is.EqualTo(new[] { (3, 10 + YamlReader.MaxDepth - 1, $"the file nests deeper than {YamlReader.MaxDepth} levels") }));
        Assert.That(elapsed, Is.LessThan(Quickly));
    }

    [Test]
    public void Load_EveryTruncationOfAValidScenario_GivesDiagnosticsNotExceptions()
    {
        const string scenario = """
            name: ask
            targets: [own, rival]
            questions:
              - text: "Do you offer an annual plan?"
                must_cover: [annual, { discount: [reduction, "% off"] }]
            journey:
              - goto: "{target.url}/contact"
              - fill: { label: "Message", value: "{question.text}" }
              - click: { role: button, name: "Send", submit: true }
              - mark: asked
              - expect_email: { as: answer, within: 3d, kind: human }
            measure:
              first_reply: answer.received - asked
            expect:
              first_reply: "< 24h"
            """;

        for (var length = 0; length < scenario.Length; length++)
        {
            Assert.DoesNotThrow(() => Load(scenario[..length]), $"cut after {length} characters: {scenario[..length]}");
        }
    }

    private static (IReadOnlyList<Diagnostic> Diagnostics, TimeSpan Elapsed) LoadQuickly(string scenario)
    {
        Load("name: warm\ntargets: [own]\njourney: [ { goto: \"{target.url}\" } ]\n");
        var watch = Stopwatch.StartNew();
        var load = Task.Run(() => Load(scenario));
        Assert.That(load.Wait(Quickly * 4), Is.True, "the loader did not return");
        return (load.Result, watch.Elapsed);
    }

    private static IReadOnlyList<Diagnostic> Load(string scenario) => SuiteLoader.Load(
    [
        new SourceFile("targets.yaml", File.ReadAllText(Path.Combine(Shared, "targets.yaml"))),
        new SourceFile("personas.yaml", File.ReadAllText(Path.Combine(Shared, "personas.yaml"))),
        new SourceFile("s.yaml", scenario),
    ], name => FixedEnvironment.GetValueOrDefault(name)).Diagnostics;

    /// <summary>
    /// Loads a case's files (with the shared targets and personas unless it has its own) and prints the diagnostics as
    /// <c>mshop validate</c> does, file names relative to the case folder.
    /// </summary>
    private static async Task<(string Diagnostics, Suite? Suite)> LoadCaseAsync(string folder)
    {
        var paths = new List<string> { folder };
        foreach (var shared in new[] { SuiteLoader.TargetsFile, SuiteLoader.PersonasFile })
        {
            if (Directory.GetFiles(folder, shared, SearchOption.AllDirectories).Length == 0)
            {
                paths.Add(Path.Combine(Shared, shared));
            }
        }

        var files = (await SuiteLoader.ReadFilesAsync(paths, CancellationToken.None)).Select(f =>
        {
            var display = Path.GetRelativePath(folder, f.Path).Replace('\\', '/');
            return f with { Path = display, Refused = f.Refused is { } refused ? refused with { File = display } : null };
        });

        var watch = Stopwatch.StartNew();
        var result = SuiteLoader.Load(files, name => FixedEnvironment.GetValueOrDefault(name));
        Assert.That(watch.Elapsed, Is.LessThan(Quickly), "loading took too long");
        return (string.Concat(result.Diagnostics.Select(d => d.ToString().ReplaceLineEndings("\n") + "\n")), result.Suite);
    }

    private string TemporaryCase()
    {
        _temporary = Path.Combine(Path.GetTempPath(), "mshop-broken-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temporary);
        return _temporary;
    }

    [TearDown]
    public void RemoveTemporaryCase()
    {
        if (_temporary is not null && Directory.Exists(_temporary))
        {
            Directory.Delete(_temporary, recursive: true);
        }

        _temporary = null;
    }
}
