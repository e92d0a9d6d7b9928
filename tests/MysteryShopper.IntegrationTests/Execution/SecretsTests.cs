using System.Text;
using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Scenarios;
using Serilog.Core;

namespace MysteryShopper.IntegrationTests.Execution;

/// <summary>A secret from <c>${env:NAME}</c> is typed into a page and quoted in a failure, yet appears in no output file.</summary>
public class SecretsTests
{
    private const string Secret = "hunter2-Xq9-secret-value";

    [Test]
    public async Task Run_SecretUsedAndQuotedInAFailure_NeverAppearsInAnyOutputFile()
    {
        var files = (await SuiteLoader.ReadFilesAsync([TestPaths.Scenarios], CancellationToken.None))
            .Where(f => Path.GetFileName(f.Path) is "targets.yaml" or "personas.yaml")
            .Append(new SourceFile("secret.yaml", """
                name: secret-check
                targets: [brightwave]
                journey:
                  - goto: "{target.url}/contact"
                  - fill: { label: "Message", value: "Order ${env:MSHOP_TEST_SECRET}" }
                  - expect_text: { text: "${env:MSHOP_TEST_SECRET}", timeout: 2s }
                """));
        var result = SuiteLoader.Load(files, name => name == "MSHOP_TEST_SECRET" ? Secret : null);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));

        var files2 = files.ToList();
        var outcome = await RunPipeline.RunAsync(result.Suite!, files2, new RunSettings { WorkspaceFolder = TestPaths.NewScratch("secrets") }, CliRunParts.System, Logger.None, TimeProvider.System, CancellationToken.None);

        var probe = outcome.Result.Probes.Single();
        Assert.That(probe.Record.Failure, Is.Not.Null, "the expect_text step fails, quoting the secret");
        var written = Directory.GetFiles(outcome.Directory, "*", SearchOption.AllDirectories);
        Assert.That(written.Select(Path.GetFileName), Does.Contain("results.json").And.Contain("log.clef").And.Contain("report.html"));
        foreach (var file in written)
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            Assert.That(text, Does.Not.Contain(Secret).And.Not.Contain("hunter2"), file);
        }

        Assert.That(await File.ReadAllTextAsync(Path.Combine(outcome.Directory, "results.json")), Does.Contain(MysteryShopper.Redaction.Redactor.Mask));
    }
}
