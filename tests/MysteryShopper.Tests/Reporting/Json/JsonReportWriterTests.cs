using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Html;
using MysteryShopper.Reporting.Json;
using MetricValue = MysteryShopper.Judging.MetricValue;

namespace MysteryShopper.Tests.Reporting.Json;

public sealed class JsonReportWriterTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private async Task<(RunResult Written, RunResult Read)> RoundTripAsync()
    {
        var run = SomeRun.ThreeCompanies();
        var path = await new JsonReportWriter().WriteAsync(run, _folder.Path, CancellationToken.None);
        return (run, await JsonReportWriter.ReadAsync(path, CancellationToken.None));
    }

    [Test]
    public async Task WriteAsync_Run_IsValidAgainstTheDocumentedResultsSchema()
    {
        var run = SomeRun.ThreeCompanies() with { Unattributed = [Some.Email("stray", 3)] };
        var path = await new JsonReportWriter().WriteAsync(run, _folder.Path, CancellationToken.None);
        var schema = MysteryShopper.Tests.Schema.SchemaValidator.Load((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            await File.ReadAllTextAsync(Path.Combine(MysteryShopper.Tests.Schema.SchemaFiles.Folder, "results.schema.json")))!);

        var errors = schema.Validate(await File.ReadAllTextAsync(path));

        Assert.That(errors.Select(e => e.ToString()), Is.Empty);
        Assert.That(await File.ReadAllTextAsync(path), Does.Contain($"\"schemaVersion\": {RunResult.CurrentSchemaVersion}"));
    }

    [Test]
    public async Task WriteAsync_BrokenResults_AreRejectedByTheSchema()
    {
        var run = SomeRun.ThreeCompanies();
        var path = await new JsonReportWriter().WriteAsync(run, _folder.Path, CancellationToken.None);
        var schema = MysteryShopper.Tests.Schema.SchemaValidator.Load((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            await File.ReadAllTextAsync(Path.Combine(MysteryShopper.Tests.Schema.SchemaFiles.Folder, "results.schema.json")))!);
        var broken = (await File.ReadAllTextAsync(path)).Replace("\"state\": \"passed\"", "\"state\": \"maybe\"", StringComparison.Ordinal);

        Assert.That(schema.Validate(broken), Is.Not.Empty);
    }

    [Test]
    public async Task ReadAsync_WrittenRun_SameRunAndProbes()
    {
        var (written, read) = await RoundTripAsync();

        Assert.That(read.RunId, Is.EqualTo(written.RunId));
        Assert.That(read.StartedAt, Is.EqualTo(written.StartedAt));
        Assert.That(read.FinishedAt, Is.EqualTo(written.FinishedAt));
        Assert.That(read.Probes.Select(p => p.Record.ProbeId), Is.EqualTo(written.Probes.Select(p => p.Record.ProbeId)));
        Assert.That(read.Probes.Select(p => p.Verdict.Passed), Is.EqualTo(new[] { true, true, false }));
    }

    [Test]
    public async Task ReadAsync_WrittenRun_SameMetricsExpectationsAndEmailSummaries()
    {
        var (written, read) = await RoundTripAsync();

        for (var i = 0; i < written.Probes.Count; i++)
        {
            Assert.That(read.Probes[i].Verdict.Metrics, Is.EqualTo(written.Probes[i].Verdict.Metrics));
            Assert.That(read.Probes[i].Verdict.Expectations, Is.EqualTo(written.Probes[i].Verdict.Expectations));
            Assert.That(read.Probes[i].Verdict.Emails, Is.EqualTo(written.Probes[i].Verdict.Emails));
        }

        Assert.That(read.Probes[2].Verdict.Metric("time_to_welcome"), Is.EqualTo(new MetricValue("time_to_welcome", null, true, SomeRun.WelcomeMissing)));
    }

    [Test]
    public async Task ReadAsync_WrittenRun_SameRecordsObservationsAndEmails()
    {
        var (written, read) = await RoundTripAsync();

        for (var i = 0; i < written.Probes.Count; i++)
        {
            var (before, after) = (written.Probes[i].Record, read.Probes[i].Record);
            Assert.That(after.Observations, Is.EqualTo(before.Observations));
            Assert.That(after.Failure, Is.EqualTo(before.Failure));
            Assert.That(after.Screenshots, Is.EqualTo(before.Screenshots));
            Assert.That(after.NamedEmails, Is.EquivalentTo(before.NamedEmails));
            Assert.That(after.Emails.Select(e => (e.Id, e.Subject, e.From, e.Text, e.ReceivedAt, e.SeenAt, e.Token)),
                Is.EqualTo(before.Emails.Select(e => (e.Id, e.Subject, e.From, e.Text, e.ReceivedAt, e.SeenAt, e.Token))));
            Assert.That(after.Emails.Select(e => e.Headers), Is.EqualTo(before.Emails.Select(e => e.Headers)));
            Assert.That(after.Emails.SelectMany(e => e.Links), Is.EqualTo(before.Emails.SelectMany(e => e.Links)));
        }

        Assert.That(read.Unattributed.Select(e => e.Subject), Is.EqualTo(new[] { "Our spring sale" }));
        Assert.That(read.Unattributed.Single().Token, Is.Null);
    }

    [Test]
    public async Task ReadAsync_WrittenRun_RendersTheSameReport()
    {
        var (written, read) = await RoundTripAsync();

        Assert.That(HtmlReportWriter.Render(Comparison.From(read)),
            Is.EqualTo(HtmlReportWriter.Render(Comparison.From(written))));
    }

    [Test]
    public async Task WriteAsync_Run_CamelCaseIndentedEnumsAsStrings()
    {
        var path = await new JsonReportWriter().WriteAsync(SomeRun.ThreeCompanies(), _folder.Path, CancellationToken.None);
        var json = await File.ReadAllTextAsync(path);

        Assert.That(Path.GetFileName(path), Is.EqualTo("results.json"));
        Assert.That(json, Does.StartWith("{\n  \"schemaVersion\": 3,\n  \"runId\": \"2026-11-23T0900-abc123\""));
        Assert.That(json, Does.Contain("\"kind\": \"EmailLinkClicked\""));
        Assert.That(json, Does.Contain("\"timeToWelcome\"").Or.Contain("\"name\": \"time_to_welcome\""));
        Assert.That(json, Does.Contain("\"allPassed\": false"));
    }

    [Test]
    public async Task WriteAsync_RichRun_IsValidAgainstTheDocumentedResultsSchema()
    {
        var run = MachineRun.Rich();
        var path = await new JsonReportWriter().WriteAsync(run, _folder.Path, CancellationToken.None);
        var schema = MysteryShopper.Tests.Schema.SchemaValidator.Load((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            await File.ReadAllTextAsync(Path.Combine(MysteryShopper.Tests.Schema.SchemaFiles.Folder, "results.schema.json")))!);

        var json = await File.ReadAllTextAsync(path);

        Assert.That(schema.Validate(json).Select(e => e.ToString()), Is.Empty);
        Assert.That(json, Does.Contain($"\"line\": {MachineRun.PageLoadLine}"), "an expectation keeps its place");
        Assert.That(json, Does.Contain("\"trace\": \"traces/newsletter-signup--rival-b.zip\""));
    }

    [Test]
    public async Task WriteAsync_RootedEvidencePath_RejectedByTheSchema()
    {
        // The schema itself holds paths to the run folder: a rooted one is an error, not just a style.
        var path = await new JsonReportWriter().WriteAsync(SomeRun.ThreeCompanies(), _folder.Path, CancellationToken.None);
        var schema = MysteryShopper.Tests.Schema.SchemaValidator.Load((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(
            await File.ReadAllTextAsync(Path.Combine(MysteryShopper.Tests.Schema.SchemaFiles.Folder, "results.schema.json")))!);
        var rooted = (await File.ReadAllTextAsync(path)).Replace("\"screenshots/newsletter-signup--brightwave--end.png\"", "\"/tmp/run/x.png\"", StringComparison.Ordinal);

        Assert.That(schema.Validate(rooted), Is.Not.Empty);
    }

    [Test]
    public async Task WriteAsync_TextWithPlusQuotesAndArrows_WrittenAsItReads()
    {
        var run = SomeRun.Run(SomeRun.RivalA());

        using var stream = new MemoryStream();
        await new JsonReportWriter().RenderAsync(run, stream, CancellationToken.None);
        var json = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.That(json, Does.Contain("\"email\": \"shopper+tok-ra@inbox.mshop.test\""));
        Assert.That(json, Does.Contain("\"subject\": \"<script>alert(1)</script>\"").And.Contain("Confirm | Rival A"));
        Assert.That(json, Does.Not.Contain("\\u002B").And.Not.Contain("\\u003C").And.Not.Contain("\\u0027"));
        Assert.That((await JsonReportWriter.ReadAsync(await new JsonReportWriter().WriteAsync(run, _folder.Path, CancellationToken.None), CancellationToken.None)).Probes[0].Record.Email,
            Is.EqualTo("shopper+tok-ra@inbox.mshop.test"), "read back the same");
    }

    [TestCase("screenshots/a.png", "screenshots/a.png")]
    [TestCase("screenshots\\a.png", "screenshots/a.png")]
    [TestCase("./traces/t.zip", "traces/t.zip")]
    [TestCase("/tmp/mshop/reports/run-1/screenshots/a.png", "screenshots/a.png")]
    [TestCase("/tmp/mshop/reports/run-1/traces/t.zip", "traces/t.zip")]
    public void RelativePath_AnyEvidencePath_RelativeToTheRunFolderWithSlashes(string path, string expected) =>
        Assert.That(JsonReportWriter.RelativePath(path), Is.EqualTo(expected));

    [Test]
    public async Task ReadAsync_NotAResultsFile_ThrowsInvalidDataNamingTheFile()
    {
        var path = Path.Combine(_folder.Path, "broken.json");
        Directory.CreateDirectory(_folder.Path);
        await File.WriteAllTextAsync(path, "{\"runId\": 42");

        var e = Assert.ThrowsAsync<InvalidDataException>(() => JsonReportWriter.ReadAsync(path, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("broken.json"));
    }
}
