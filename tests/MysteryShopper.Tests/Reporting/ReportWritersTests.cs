using MysteryShopper.Redaction;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Reporting.Json;
using MysteryShopper.Reporting.JUnit;
using MysteryShopper.Reporting.Markdown;

namespace MysteryShopper.Tests.Reporting;

public sealed class ReportWritersTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [TestCase("json", typeof(JsonReportWriter))]
    [TestCase("md", typeof(MarkdownReportWriter))]
    [TestCase("html", typeof(HtmlReportWriter))]
    [TestCase("junit", typeof(JUnitReportWriter))]
    [TestCase(" HTML ", typeof(HtmlReportWriter))]
    public void ByName_KnownName_ThatWriter(string name, Type expected) =>
        Assert.That(ReportWriters.ByName(name), Is.TypeOf(expected));

    [TestCase("pdf")]
    [TestCase("")]
    public void ByName_UnknownName_Null(string name) =>
        Assert.That(ReportWriters.ByName(name), Is.Null);

    [Test]
    public void All_FourFormats_DistinctFileNames() =>
        Assert.That(ReportWriters.All.Select(w => w.FileName), Is.EqualTo(new[] { "results.json", "report.md", "report.html", "junit.xml" }));

    [Test]
    public async Task WriteAllAsync_MissingFolder_CreatesItAndWritesEveryReport()
    {
        var directory = Path.Combine(_folder.Path, "run-1");

        var paths = await ReportWriters.WriteAllAsync(SomeRun.ThreeCompanies(), directory, ReportWriters.All, Redactor.None, CancellationToken.None);

        Assert.That(paths.Select(Path.GetFileName), Is.EqualTo(new[] { "results.json", "report.md", "summary.md", "report.html", "junit.xml" }), "md writes report.md and summary.md");
        Assert.That(paths.Select(File.Exists), Is.All.True);
        Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EquivalentTo(paths.Select(Path.GetFileName)), "no temporary file left");
    }

    [Test]
    public async Task WriteAllAsync_RunWithNoProbes_WritesEveryReport()
    {
        var empty = SomeRun.Run();

        var paths = await ReportWriters.WriteAllAsync(empty, _folder.Path, ReportWriters.All, Redactor.None, CancellationToken.None);

        Assert.That(paths, Has.Count.EqualTo(5));
        Assert.That(await File.ReadAllTextAsync(paths[1]), Does.Contain("0 of 0 probes passed"));
        Assert.That((await JsonReportWriter.ReadAsync(paths[0], CancellationToken.None)).Probes, Is.Empty);
    }

    [Test]
    public async Task WriteAllAsync_ReportExists_Overwritten()
    {
        Directory.CreateDirectory(_folder.Path);
        var path = Path.Combine(_folder.Path, "report.md");
        await File.WriteAllTextAsync(path, new string('x', 100_000));

        await ReportWriters.WriteAllAsync(SomeRun.Run(SomeRun.Brightwave()), _folder.Path, [ReportWriters.ByName("md")!], Redactor.None, CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(path), Does.StartWith("# Mystery shopper run").And.Not.Contain("xxx"));
    }

    [Test]
    public async Task ReportFileWriteAsync_WriterThrows_PreviousReportKeptAndNoTemporaryFile()
    {
        Directory.CreateDirectory(_folder.Path);
        var path = Path.Combine(_folder.Path, "report.html");
        await File.WriteAllTextAsync(path, "previous");

        Assert.ThrowsAsync<IOException>(() => ReportFile.WriteAsync(_folder.Path, "report.html", async (stream, ct) =>
        {
            await stream.WriteAsync("half a rep"u8.ToArray(), ct);
            throw new IOException("disk full");
        }, CancellationToken.None));

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("previous"));
        Assert.That(Directory.GetFiles(_folder.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "report.html" }));
    }
}
