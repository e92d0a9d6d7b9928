using System.Globalization;
using MysteryShopper.Cli.Commands;
using MysteryShopper.Pipeline;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Running;

/// <summary>The few lines a run ends with: one per probe, then where the reports are; the run's secrets masked.</summary>
public static class ConsoleSummary
{
    /// <param name="outcome">The run.</param>
    /// <param name="output">Where the summary goes.</param>
    /// <param name="settings">The run's settings, for what the gating options add (<c>--fail-on warn</c>); null: none.</param>
    public static async Task WriteAsync(RunOutcome outcome, TextWriter output, RunSettings? settings = null)
    {
        // Failures quote pages and steps: the summary passes through the run's redaction, like every other output.
        using var summary = new StringWriter(CultureInfo.InvariantCulture);
        await WriteLinesAsync(outcome, summary, settings);
        await output.WriteAsync(outcome.Redactor.Redact(summary.ToString()));
    }

    private static async Task WriteLinesAsync(RunOutcome outcome, TextWriter output, RunSettings? settings)
    {
        var run = outcome.Result;
        var passed = run.Probes.Count(p => p.Verdict.Passed);
        var awaiting = run.Probes.Where(p => p.IsAwaiting).ToList();
        var halted = run.Probes.Count(p => p.State is "cancelled" or "unknown");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Run {run.RunId}: {run.Probes.Count} probe(s), {passed} passed, {run.Probes.Count - passed - awaiting.Count - halted} failed"
            + (awaiting.Count > 0 ? $", {awaiting.Count} awaiting" : "") + (halted > 0 ? $", {halted} stopped" : "") + $", in {Duration.Format(run.FinishedAt - run.StartedAt)}");
        var width = run.Probes.Select(p => p.Record.TargetName.Length + p.Record.TargetRole.Length + 3).DefaultIfEmpty(0).Max();
        foreach (var probe in run.Probes)
        {
            var record = probe.Record;
            var who = $"{record.TargetName} ({record.TargetRole})".PadRight(width);
            var why = (probe.IsAwaiting ? probe.AwaitingText : null)
                ?? record.Failure?.ToString()
                ?? (record.DryRunStoppedBefore is { } stopped ? $"dry run: stopped before {stopped}" : null)
                ?? string.Join("; ", probe.Verdict.Expectations.Where(e => !e.Passed).Select(e => $"{e.Metric}: {e.Reason}{(e.Warning ? " (warning)" : "")}"));
            var label = Label(probe);
            await output.WriteLineAsync($"  {label}  {record.Scenario}  {who}  {why}".TrimEnd());
        }

        if (run.Experience.Count > 0)
        {
            // Who gives the better experience, in one line: the index the reports explain, with the mean quality.
            await output.WriteLineAsync("  Experience index (% promoter-grade − % detractor-grade probes; mean quality): " + string.Join(", ", run.Experience.Select(c =>
                $"{c.TargetName} {Comparison.FormatIndex(c.Index.Index)}" + (c.Index.MeanScore is { } mean ? string.Create(CultureInfo.InvariantCulture, $" ({mean:0.0})") : ""))));
        }

        foreach (var skipped in run.Skipped)
        {
            await output.WriteLineAsync($"  SKIP  {skipped.Scenario}  {skipped.TargetId}  {skipped.Reason}");
        }

        if (run.Unattributed.Count > 0)
        {
            await output.WriteLineAsync($"  {run.Unattributed.Count} email(s) matched no probe; they are listed in the report.");
        }

        if (AwaitingLine(awaiting, DateTimeOffset.UtcNow) is { } line)
        {
            await output.WriteLineAsync($"  {line}");
        }

        if (settings?.FailOnWarn == true && BaselineOptions.FailedWarnings(run) is > 0 and var warnings)
        {
            await output.WriteLineAsync($"  {warnings} failed warning(s) fail the run (--fail-on warn).");
        }

        if (run.Baseline is { } baseline)
        {
            await WriteBaselineAsync(baseline, output);
        }
        else if (outcome.BaselineNote is { } note)
        {
            await output.WriteLineAsync($"  {note}");
        }

        if (outcome.Stopped)
        {
            await output.WriteLineAsync("  Stopped before the end: what finished is stored and reported; 'mshop collect' completes the probes left awaiting.");
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

    /// <summary>
    /// The comparison with the baseline in a few lines: what it was compared with and the counts, then each regression
    /// (which metric, by how much, p and effect size) and each improvement; unchanged metrics are only counted.
    /// </summary>
    public static async Task WriteBaselineAsync(BaselineComparison baseline, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(output);
        var tag = baseline.Tag is { } name ? $"tag {name}, " : "";
        var started = baseline.BaselineStartedAt is { } at ? string.Create(CultureInfo.InvariantCulture, $"started {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "";
        int Count(ChangeVerdict verdict) => baseline.Changes.Count(c => c.Verdict == verdict);
        await output.WriteLineAsync($"  Against baseline run {baseline.BaselineRunId} ({tag}{started}): {Count(ChangeVerdict.Regressed)} regressed, "
            + $"{Count(ChangeVerdict.Improved)} improved, {Count(ChangeVerdict.Unchanged)} unchanged, {Count(ChangeVerdict.NotComparable)} not comparable");
        foreach (var change in baseline.Changes.Where(c => c.Verdict is ChangeVerdict.Regressed).Concat(baseline.Changes.Where(c => c.Verdict is ChangeVerdict.Improved)))
        {
            var label = change.Verdict == ChangeVerdict.Regressed ? "REGRESSED" : "improved ";
            await output.WriteLineAsync($"  {label}  {change.Scenario}  {change.TargetName}  {change.Summary}");
        }
    }

    /// <summary>PASS, FAIL, WAIT (awaiting mail), DRY (a dry run), or the state of a probe that ended otherwise.</summary>
    public static string Label(ProbeResult probe) =>
        probe.IsAwaiting ? "WAIT"
        : probe.State is "cancelled" ? "STOP"
        : probe.State is "unknown" ? "UNKN"
        : !probe.Verdict.Passed ? "FAIL"
        : probe.Record.DryRunStoppedBefore is not null ? "DRY "
        : "PASS";

    /// <summary>"3 probes awaiting replies; next deadline in 23 h; 'mshop collect' completes them", or null when none awaits.</summary>
    public static string? AwaitingLine(IReadOnlyCollection<ProbeResult> awaiting, DateTimeOffset now)
    {
        if (awaiting.Count == 0)
        {
            return null;
        }

        var next = awaiting.Select(p => p.Deadline).Where(d => d is not null).Min();
        var when = next is { } deadline ? $"; next deadline in {Duration.Format(deadline > now ? deadline - now : TimeSpan.Zero)}" : "";
        return $"{awaiting.Count} probe(s) awaiting replies{when}; 'mshop collect' completes them ('mshop watch' as they come)";
    }
}
