using System.Text;
using System.Text.RegularExpressions;
using MysteryShopper.Judging;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Markdown;

namespace MysteryShopper.Tests.Reporting.Markdown;

public sealed partial class SummaryMarkdownWriterTests
{
    [GeneratedRegex(@"\]\((?!https://)")]
    private static partial Regex RelativeLink();

    [Test]
    public void Render_RichRun_LeaderboardOwnCompanyFirstAndBold()
    {
        var text = SummaryMarkdownWriter.Render(MachineRun.Rich());

        var rows = text.Split('\n').SkipWhile(l => !l.StartsWith("| Company", StringComparison.Ordinal)).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.That(rows[0], Is.EqualTo("| Company | Journey | Time to welcome | Page load |"));
        Assert.That(rows[2], Is.EqualTo("| **Brightwave (own)** | **PASS** | **3.0 s** | **3.1 s** |"));
        Assert.That(rows.Skip(3), Is.EqualTo(new[] { "| Rival A | PASS | 30.0 s | — |", "| Rival B | FAIL | — | — |", "| Rival D | WAIT | — | — |" }));
    }

    [Test]
    public void Render_RichRun_HeadlineRegressionsAndFoldedFailuresWithTheirPlaces()
    {
        var text = SummaryMarkdownWriter.Render(MachineRun.Rich());

        Assert.That(text, Does.StartWith("## ❌ MysteryShopper run `2026-11-23T0900-abc123`\n\n**2 of 3 decided probe(s) passed, 1 failed, 1 awaiting mail, 1 skipped (politeness limits), 1 regression(s), 1 warning(s)**"));
        Assert.That(text, Does.Contain("Against baseline run `20261116-090000-base` (tag `release-1`):"));
        Assert.That(text, Does.Contain($"| newsletter-signup | Brightwave | time_to_welcome | {MachineRun.Regression} |"));
        Assert.That(text, Does.Contain("<details><summary>Rival B · newsletter-signup: 2 finding(s)</summary>"));
        Assert.That(text, Does.Contain("- `scenarios/newsletter.yaml:14:5` step 3 (click button \"Subscribe\") failed: " + SomeRun.RivalBReason));
        Assert.That(text, Does.Contain("- trace `traces/newsletter-signup--rival-b.zip`"));
        Assert.That(text, Does.Contain("### Warnings").And.Contain($"- `scenarios/newsletter.yaml:{MachineRun.PageLoadLine}:3` expected page_load < 2.5s, got 3.1 s"));
    }

    [Test]
    public void Render_HostileText_CannotInjectMarkup()
    {
        var hostile = SomeRun.RivalB() with { Record = SomeRun.RivalB().Record with { TargetName = "<img src=x onerror=alert(1)> | x" } };

        var text = SummaryMarkdownWriter.Render(SomeRun.Run(SomeRun.Brightwave(), hostile));

        Assert.That(text, Does.Not.Contain("<img"));
        Assert.That(text, Does.Contain("&lt;img src=x onerror=alert(1)&gt;"), "in the folded summary, HTML-encoded");
    }

    [Test]
    public void Render_AnyRun_NoRelativeLinks()
    {
        var text = SummaryMarkdownWriter.Render(MachineRun.Rich());

        Assert.That(RelativeLink().IsMatch(text), Is.False, text);
        Assert.That(text, Does.Contain("`report.html`"), "files are named as code");
    }

    [Test]
    public void Render_InGitHubActions_LinksToTheWorkflowRun()
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "acme/shop",
            ["GITHUB_RUN_ID"] = "4242",
        };

        var text = SummaryMarkdownWriter.Render(MachineRun.Rich(), SummaryOptions.FromEnvironment(n => environment.GetValueOrDefault(n)));

        Assert.That(text, Does.Contain("[The workflow run](https://github.com/acme/shop/actions/runs/4242)"));
        Assert.That(RelativeLink().IsMatch(text), Is.False);
        Assert.That(SummaryOptions.FromEnvironment(_ => null).RunUrl, Is.Null);
    }

    [Test]
    public void Render_HugeSuite_StaysUnder64KiBAndSaysWhatWasLeftOut()
    {
        // 40 scenarios × 50 companies, every one failing with a long reason: megabytes if nothing were left out.
        var probes = new List<ProbeResult>();
        for (var s = 0; s < 40; s++)
        {
            for (var c = 0; c < 50; c++)
            {
                var probe = SomeRun.RivalB();
                probes.Add(probe with
                {
                    Record = probe.Record with { Scenario = $"scenario-{s:00}", TargetId = $"company-{c:00}", TargetName = $"Company {c:00} Ltd", ProbeId = $"scenario-{s:00}/company-{c:00}" },
                    Verdict = probe.Verdict with { Expectations = [new ExpectationResult("time_to_welcome", "< 5m", null, false, "not measured: " + new string('x', 400)) { Line = 12 }] },
                });
            }
        }

        var run = SomeRun.Run([.. probes]) with
        {
            Baseline = new BaselineComparison("base", Enumerable.Range(0, 3000).Select(i =>
                new MetricChange($"scenario-{i % 40:00}", "company", "Company", $"metric_{i}", ChangeVerdict.Regressed, "mann-whitney") { Summary = new string('r', 100) }).ToList()),
        };

        var text = SummaryMarkdownWriter.Render(run);

        Assert.That(Encoding.UTF8.GetByteCount(text), Is.LessThanOrEqualTo(64 * 1024));
        Assert.That(text, Does.Contain("### Leaderboard").And.Contain("### Regressions").And.Contain("### Failures"), "every section keeps a share");
        Assert.That(Regex.Count(text, "more line\\(s\\) left out to keep this summary under 64 KiB"), Is.EqualTo(3));
        Assert.That(Regex.Count(text, "<details>"), Is.EqualTo(Regex.Count(text, "</details>")), "no block cut in half");
    }

    [Test]
    public async Task WriteAllAsync_MdFormat_WritesReportMdAndSummaryMd()
    {
        using var folder = new TempFolder();

        var paths = await ReportWriters.WriteAllAsync(SomeRun.ThreeCompanies(), folder.Path, [ReportWriters.ByName("md")!], MysteryShopper.Redaction.Redactor.None, CancellationToken.None);

        Assert.That(paths.Select(Path.GetFileName), Is.EqualTo(new[] { "report.md", "summary.md" }));
        Assert.That(await File.ReadAllTextAsync(paths[1]), Does.StartWith("## ❌ MysteryShopper run"));
    }
}
