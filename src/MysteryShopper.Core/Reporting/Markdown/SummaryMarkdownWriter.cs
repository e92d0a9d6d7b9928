using System.Globalization;
using System.Text;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Statistics;

namespace MysteryShopper.Reporting.Markdown;

/// <summary>
/// What <c>summary.md</c> links to and how large it may grow. <see cref="FromEnvironment"/> reads GitHub Actions'
/// variables, so in a workflow the summary links to the run's page (where its artifacts are), never to a relative
/// file, which is a dead link in a job summary or a pull-request comment.
/// </summary>
public sealed record SummaryOptions
{
    /// <summary>GitHub's limit for a pull-request comment and the size a job summary stays readable at: 64 KiB.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>The largest the summary may be, in UTF-8 bytes.</summary>
    public int MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>The CI run's page (<c>$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID</c>), or null outside one.</summary>
    public Uri? RunUrl { get; init; }

    /// <summary>The options the variables of <paramref name="environment"/> give (default: this process's).</summary>
    public static SummaryOptions FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var (server, repository, run) = (environment("GITHUB_SERVER_URL"), environment("GITHUB_REPOSITORY"), environment("GITHUB_RUN_ID"));
        return new SummaryOptions
        {
            RunUrl = string.IsNullOrEmpty(server) || string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(run)
                || !Uri.TryCreate($"{server.TrimEnd('/')}/{repository}/actions/runs/{run}", UriKind.Absolute, out var url)
                ? null
                : url,
        };
    }
}

/// <summary>
/// <c>summary.md</c>: the run for a CI step summary or a pull-request comment, under 64 KiB whatever the suite's size.
/// A compact leaderboard per scenario (own company first and bold), the regressions against the baseline, then the
/// failures and warnings folded in <c>&lt;details&gt;</c>. Files are named as code (a relative link is dead where
/// this is shown); in GitHub Actions it links to the run's page. The whole comparison is <c>report.md</c>
/// (<see cref="MarkdownReportWriter"/>); the <c>md</c> format writes both.
/// </summary>
public sealed class SummaryMarkdownWriter : FileReportWriter
{
    public const string DefaultFileName = "summary.md";

    /// <summary>At most this many duration columns in a scenario's leaderboard: those its expectations name first.</summary>
    private const int TimeColumns = 3;

    public override string FileName => DefaultFileName;

    public override async Task RenderAsync(RunResult run, Stream stream, CancellationToken cancellationToken) =>
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(Render(run, SummaryOptions.FromEnvironment())), cancellationToken);

    /// <summary>The document, as text, at most <see cref="SummaryOptions.MaxBytes"/> bytes of UTF-8.</summary>
    public static string Render(RunResult run, SummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        options ??= new SummaryOptions();
        var findings = Findings.Of(run);
        var head = Head(run, findings, options);
        var foot = Foot(run, options);

        // Each section gets a share of what is left, so a huge leaderboard never crowds out the failures; a section
        // that needs less leaves the rest to the others.
        var budget = options.MaxBytes - Bytes(head) - Bytes(foot);
        var regressions = Fit(Regressions(run), budget / 4);
        var failures = Fit(Folded(findings.Where(f => f.Level == FindingLevel.Failure), "Failures"), (budget - Bytes(regressions)) / 2);
        var warnings = Fit(Folded(findings.Where(f => f.Level == FindingLevel.Warning), "Warnings"), (budget - Bytes(regressions) - Bytes(failures)) / 3);
        var leaderboard = Fit(Leaderboard(run), budget - Bytes(regressions) - Bytes(failures) - Bytes(warnings));
        return head + leaderboard + regressions + failures + warnings + foot;
    }

    private static string Head(RunResult run, IReadOnlyList<Finding> findings, SummaryOptions options)
    {
        var decided = run.Probes.Where(p => !p.IsAwaiting).ToList();
        var passed = decided.Count(p => p.Verdict.Passed);
        var parts = new List<string> { $"{passed} of {decided.Count} decided probe(s) passed" };
        if (decided.Count - passed > 0)
        {
            parts.Add($"{decided.Count - passed} failed");
        }

        var awaiting = run.Probes.Count - decided.Count;
        if (awaiting > 0)
        {
            parts.Add($"{awaiting} awaiting mail");
        }

        if (run.Skipped.Count > 0)
        {
            parts.Add($"{run.Skipped.Count} skipped (politeness limits)");
        }

        var regressed = findings.Count(f => f.Probe is null);
        if (run.Baseline is not null)
        {
            parts.Add(regressed == 0 ? "no regression" : $"{regressed} regression(s)");
        }

        var warnings = findings.Count(f => f.Level == FindingLevel.Warning);
        if (warnings > 0)
        {
            parts.Add($"{warnings} warning(s)");
        }

        var verdict = run.AllPassed && regressed == 0 ? "✅" : "❌";
        var md = new StringBuilder()
            .Append("## ").Append(verdict).Append(" MysteryShopper run ").Append(Code(run.RunId)).Append("\n\n")
            .Append("**").AppendJoin(", ", parts).Append("**, in ").Append(Comparison.FormatSeconds((run.FinishedAt - run.StartedAt).TotalSeconds)).Append('.');
        if (options.RunUrl is { } url)
        {
            md.Append(" [The workflow run](").Append(url.AbsoluteUri).Append(") has the reports.");
        }

        return md.Append('\n').ToString();
    }

    private static string Foot(RunResult run, SummaryOptions options) =>
        "\n---\n" + $"The whole comparison: {Code("report.md")} in the run folder {Code(run.RunId)}, and {Code("report.html")} where the run wrote it (`--report html`)"
        + (options.RunUrl is null ? "" : " (attach the folder as an artifact to keep it with the workflow run)") + ".\n";

    /// <summary>Per scenario: company, journey, up to three key times (medians over samples) and the experience index.</summary>
    private static List<string> Leaderboard(RunResult run)
    {
        var lines = new List<string>();
        var scenarios = run.Probes.GroupBy(p => p.Record.Scenario, StringComparer.Ordinal).ToList();
        if (scenarios.Count == 0)
        {
            return lines;
        }

        lines.Add("\n### Leaderboard\n");
        foreach (var scenario in scenarios)
        {
            var probes = scenario.ToList();
            var times = TimeMetrics(probes);
            var judged = probes.Any(p => p.Verdict.Experience is not null);
            lines.Add($"\n#### {MarkdownReportWriter.Inline(scenario.Key)}\n\n");
            lines.Add("| Company | Journey |" + string.Concat(times.Select(t => $" {MarkdownReportWriter.Cell(Comparison.Humanise(t))} |")) + (judged ? " Experience |" : "") + "\n");
            lines.Add("|---|---|" + string.Concat(times.Select(_ => "---:|")) + (judged ? "---:|" : "") + "\n");
            var companies = probes
                .GroupBy(p => p.Record.TargetId, StringComparer.Ordinal)
                .OrderBy(g => Comparison.IsOwnRole(g.First().Record.TargetRole) ? 0 : 1);
            foreach (var company in companies)
            {
                var own = Comparison.IsOwnRole(company.First().Record.TargetRole);
                var cells = new List<string> { $"{company.First().Record.TargetName}{(own ? " (own)" : "")}", Journey(company.ToList()) };
                cells.AddRange(times.Select(t => Median(company, t)));
                if (judged)
                {
                    cells.Add(ExperienceIndex.Of(company.Where(p => !p.IsAwaiting && p.Verdict.Experience is not null).Select(p => p.Verdict.Experience!.Score).ToList()) is { } index
                        ? Comparison.FormatIndex(index.Index) + (index.MeanScore is { } mean ? string.Create(CultureInfo.InvariantCulture, $" ({mean:0.0})") : "")
                        : "—");
                }

                lines.Add("| " + string.Join(" | ", cells.Select(c => own ? $"**{MarkdownReportWriter.Cell(c)}**" : MarkdownReportWriter.Cell(c))) + " |\n");
            }
        }

        return lines;
    }

    private static List<string> Regressions(RunResult run)
    {
        var lines = new List<string>();
        if (run.Baseline is not { } baseline)
        {
            return lines;
        }

        var against = $"baseline run {Code(baseline.BaselineRunId)}" + (baseline.Tag is { } tag ? $" (tag {Code(tag)})" : "");
        var regressed = baseline.Changes.Where(c => c.Verdict == ChangeVerdict.Regressed).ToList();
        lines.Add("\n### Regressions\n\n");
        if (regressed.Count == 0)
        {
            lines.Add($"None against {against}.\n");
            return lines;
        }

        lines.Add($"Against {against}:\n\n");
        lines.Add("| Scenario | Company | Metric | Change |\n|---|---|---|---|\n");
        foreach (var change in regressed)
        {
            var text = change.Summary.Length > 0 ? change.Summary : Findings.Regression(change, baseline);
            lines.Add($"| {MarkdownReportWriter.Cell(change.Scenario)} | {MarkdownReportWriter.Cell(change.TargetName)} | {MarkdownReportWriter.Cell(change.Metric)} | {MarkdownReportWriter.Cell(text)} |\n");
        }

        return lines;
    }

    /// <summary>One folded block per probe (or regression) with its findings, each with the scenario file and line.</summary>
    private static List<string> Folded(IEnumerable<Finding> findings, string title)
    {
        var lines = new List<string>();
        var groups = findings.Where(f => f.Probe is not null).GroupBy(f => f.Probe!).ToList();
        if (groups.Count == 0)
        {
            return lines;
        }

        lines.Add($"\n### {title}\n\n");
        foreach (var group in groups)
        {
            var record = group.Key.Record;
            var block = new StringBuilder()
                .Append("<details><summary>").Append(Html($"{record.TargetName} · {record.Scenario}: {group.Count()} finding(s)")).Append("</summary>\n\n");
            foreach (var finding in group)
            {
                block.Append("- ");
                if (finding.Place.Length > 0)
                {
                    block.Append(Code(finding.Place)).Append(' ');
                }

                block.Append(MarkdownReportWriter.Inline(finding.Message)).Append('\n');
            }

            if (record.Failure is { Screenshot: { } screenshot })
            {
                block.Append("- screenshot ").Append(Code(screenshot)).Append('\n');
            }

            if (record.Failure is { Trace: { } trace })
            {
                block.Append("- trace ").Append(Code(trace)).Append(" (open with ").Append(Code($"npx playwright show-trace {trace}")).Append(")\n");
            }

            lines.Add(block.Append("\n</details>\n").ToString());
        }

        return lines;
    }

    /// <summary>
    /// The lines that fit in <paramref name="budget"/> bytes, whole lines only; when some do not, a note says how
    /// many were left out and where the rest is.
    /// </summary>
    private static string Fit(List<string> lines, int budget)
    {
        var text = new StringBuilder();
        var used = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var size = Bytes(lines[i]);
            var note = $"\n*… {lines.Count - i} more line(s) left out to keep this summary under 64 KiB; {Code("report.html")} has everything.*\n";
            var remaining = lines.Count - i - 1;
            if (used + size + (remaining > 0 ? Bytes(note) : 0) > budget)
            {
                return used + Bytes(note) <= budget ? text.Append(note).ToString() : text.ToString();
            }

            text.Append(lines[i]);
            used += size;
        }

        return text.ToString();
    }

    /// <summary>The duration metrics worth a column: those the scenario's expectations name, then the others measured, at most three.</summary>
    private static List<string> TimeMetrics(List<ProbeResult> probes) =>
        probes.SelectMany(p => p.Verdict.Expectations.Select(e => e.Metric))
            .Concat(probes.SelectMany(p => p.Verdict.Metrics.Where(m => m.IsDuration && m.Value is not null).Select(m => m.Name)))
            .Where(name => probes.Any(p => p.Verdict.Metric(name) is { IsDuration: true }))
            .Distinct(StringComparer.Ordinal)
            .Take(TimeColumns)
            .ToList();

    /// <summary>PASS, FAIL or WAIT for one probe; "2/3 PASS" over samples.</summary>
    private static string Journey(List<ProbeResult> probes)
    {
        var decided = probes.Where(p => !p.IsAwaiting).ToList();
        if (decided.Count == 0)
        {
            return "WAIT";
        }

        var passed = decided.Count(p => p.Verdict.Passed);
        var word = passed == decided.Count ? "PASS" : "FAIL";
        return decided.Count == 1 ? word : string.Create(CultureInfo.InvariantCulture, $"{passed}/{decided.Count} PASS");
    }

    /// <summary>The median of the company's measured values of <paramref name="metric"/>, as reports show a duration; "—" when none was measured.</summary>
    private static string Median(IEnumerable<ProbeResult> probes, string metric)
    {
        var measured = probes.Select(p => p.Verdict.Metric(metric)).Where(m => m?.Value is not null).ToList();
        if (measured.Count == 0)
        {
            return "—";
        }

        return Comparison.FormatValue(measured[0]!, Sample.Median(measured.Select(m => m!.Value!.Value))!.Value);
    }

    /// <summary>Text for inside an HTML element (a <c>&lt;summary&gt;</c>): only what HTML needs encoded, so "·" stays "·".</summary>
    private static string Html(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Code(string text) => "`" + text.Replace('`', '\'').ReplaceLineEndings(" ") + "`";

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
