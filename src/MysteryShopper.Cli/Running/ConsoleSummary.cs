using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Running;

/// <summary>The few lines a run ends with: one per probe, then where the reports are.</summary>
public static class ConsoleSummary
{
    public static async Task WriteAsync(RunOutcome outcome, TextWriter output)
    {
        var run = outcome.Result;
        var passed = run.Probes.Count(p => p.Verdict.Passed);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Run {run.RunId}: {run.Probes.Count} probe(s), {passed} passed, {run.Probes.Count - passed} failed, in {Duration.Format(run.FinishedAt - run.StartedAt)}");
        var width = run.Probes.Select(p => p.Record.TargetName.Length + p.Record.TargetRole.Length + 3).DefaultIfEmpty(0).Max();
        foreach (var probe in run.Probes)
        {
            var record = probe.Record;
            var who = $"{record.TargetName} ({record.TargetRole})".PadRight(width);
            var why = record.Failure?.ToString()
                ?? (record.DryRunStoppedBefore is { } stopped ? $"dry run: stopped before {stopped}" : null)
                ?? string.Join("; ", probe.Verdict.Expectations.Where(e => !e.Passed).Select(e => $"{e.Metric}: {e.Reason}{(e.Warning ? " (warning)" : "")}"));
            var label = !probe.Verdict.Passed ? "FAIL" : record.DryRunStoppedBefore is not null ? "DRY " : "PASS";
            await output.WriteLineAsync($"  {label}  {record.Scenario}  {who}  {why}".TrimEnd());
        }

        foreach (var skipped in run.Skipped)
        {
            await output.WriteLineAsync($"  SKIP  {skipped.Scenario}  {skipped.TargetId}  {skipped.Reason}");
        }

        if (run.Unattributed.Count > 0)
        {
            await output.WriteLineAsync($"  {run.Unattributed.Count} email(s) matched no probe; they are listed in the report.");
        }

        await output.WriteLineAsync();
        foreach (var report in outcome.Reports)
        {
            await output.WriteLineAsync($"  {Path.GetFileName(report),-13} {Path.GetRelativePath(Environment.CurrentDirectory, report)}");
        }

        var html = outcome.Reports.FirstOrDefault(r => r.EndsWith(".html", StringComparison.Ordinal));
        if (html is not null)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Report: {Path.GetRelativePath(Environment.CurrentDirectory, html)}");
        }
    }
}
