using System.Globalization;
using MysteryShopper.Judging;

namespace MysteryShopper.Reporting;

/// <summary>How much a finding matters to CI: a failure fails the run, a warning is shown and does not.</summary>
public enum FindingLevel
{
    Failure,
    Warning,
}

/// <summary>
/// One thing a CI reader must see, with where in the scenario files it is written: a journey that broke at a step, an
/// expectation not met (or a <c>severity: warn</c> one), a probe that errored, or a metric that regressed against the
/// baseline. JUnit, the GitHub annotations and <c>summary.md</c> all say the same findings the same way.
/// </summary>
/// <param name="Level">Failure or warning.</param>
/// <param name="Title">A short headline: "Rival B · newsletter-signup: time_to_welcome &lt; 5m".</param>
/// <param name="Message">What happened, in words, naming the metric, threshold and value when there is one.</param>
/// <param name="File">The scenario file it points at, as the suite was loaded (relative to where mshop ran).</param>
/// <param name="Line">The line in <paramref name="File"/>; null when the place is not known (a verdict stored before expectations kept theirs).</param>
public sealed record Finding(FindingLevel Level, string Title, string Message, string? File, int? Line)
{
    public int? Column { get; init; }

    /// <summary>The probe it is about; null for a regression (about a company's metric over its samples).</summary>
    public ProbeResult? Probe { get; init; }

    /// <summary>"scenarios/x.yaml:12:3", "scenarios/x.yaml", or "" when no file is known.</summary>
    public string Place => Findings.Place(File, Line, Column);
}

/// <summary>The findings of a run, in run order: each probe's (journey, then expectations), then the regressions.</summary>
public static class Findings
{
    public static IReadOnlyList<Finding> Of(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var findings = new List<Finding>();
        foreach (var probe in run.Probes.Where(p => !p.IsAwaiting))
        {
            var record = probe.Record;
            var who = $"{record.TargetName} · {record.Scenario}";
            if (record.Failure is { } failure)
            {
                findings.Add(new Finding(FindingLevel.Failure, $"{who}: journey failed", Journey(failure), failure.File, failure.Line) { Column = failure.Column, Probe = probe });
            }
            else if (probe.State is "errored" or "unknown")
            {
                findings.Add(new Finding(FindingLevel.Failure, $"{who}: probe {probe.State}", $"the probe ended {probe.State}", record.ScenarioFile, null) { Probe = probe });
            }
            else if (!record.JourneyCompleted && record.DryRunStoppedBefore is null && probe.State != "cancelled")
            {
                findings.Add(new Finding(FindingLevel.Failure, $"{who}: journey failed", "the journey did not complete", record.ScenarioFile, null) { Probe = probe });
            }

            foreach (var expectation in probe.Verdict.Expectations.Where(e => !e.Passed))
            {
                findings.Add(new Finding(
                    expectation.Warning ? FindingLevel.Warning : FindingLevel.Failure,
                    $"{who}: {expectation.Metric} {expectation.Threshold}",
                    Expectation(expectation),
                    record.ScenarioFile,
                    expectation.Line) { Column = expectation.Column, Probe = probe });
            }
        }

        foreach (var change in run.Baseline?.Changes.Where(c => c.Verdict == ChangeVerdict.Regressed) ?? [])
        {
            findings.Add(new Finding(FindingLevel.Failure, $"{change.TargetName} · {change.Scenario}: {change.Metric} regressed", Regression(change, run.Baseline!), ScenarioFileOf(run, change.Scenario), null));
        }

        return findings;
    }

    /// <summary>"expected time_to_welcome &lt; 5m, got 6 min: 6 min does not meet &lt; 5m"; "expected … &lt; 5m: not measured: why".</summary>
    public static string Expectation(ExpectationResult expectation)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        var got = expectation.Actual is null ? "" : $", got {Actual(expectation)}";
        return $"expected {expectation.Metric} {expectation.Threshold}{got}: {expectation.Reason}";
    }

    /// <summary>"step 3 click button "Subscribe" failed: no button named …".</summary>
    public static string Journey(Execution.StepFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return string.Create(CultureInfo.InvariantCulture, $"step {failure.Step} ({failure.Description}) failed: {failure.Reason}");
    }

    /// <summary>The change's own summary, or one made of its numbers; with the baseline it was compared with.</summary>
    public static string Regression(MetricChange change, BaselineComparison baseline)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(baseline);
        var text = change.Summary.Length > 0
            ? change.Summary
            : string.Create(CultureInfo.InvariantCulture, $"{change.Metric} {Number(change.Before)} → {Number(change.After)} ({change.Method})")
              + (change.PValue is { } p ? string.Create(CultureInfo.InvariantCulture, $", p = {p:0.####}") : "")
              + (change.Effect is { } d ? string.Create(CultureInfo.InvariantCulture, $", effect {d:0.##}") : "");
        return $"{text} against baseline run {baseline.BaselineRunId}" + (baseline.Tag is { } tag ? $" (tag {tag})" : "");
    }

    /// <summary>"file:line:column", "file:line", "file", or "".</summary>
    public static string Place(string? file, int? line, int? column) =>
        string.IsNullOrEmpty(file) ? ""
        : line is not { } l ? file
        : column is { } c ? string.Create(CultureInfo.InvariantCulture, $"{file}:{l}:{c}")
        : string.Create(CultureInfo.InvariantCulture, $"{file}:{l}");

    private static string Actual(ExpectationResult expectation)
    {
        var actual = expectation.Actual!.Value;

        // The reason starts with the value as the judge showed it ("6 min does not meet …"); reuse it so units agree.
        var shown = expectation.Reason.Split(" does not meet ", 2)[0];
        return shown != expectation.Reason && shown.Length > 0 ? shown : actual.ToString("0.##", CultureInfo.InvariantCulture);
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "none";

    private static string? ScenarioFileOf(RunResult run, string scenario) =>
        run.Probes.FirstOrDefault(p => p.Record.Scenario == scenario)?.Record.ScenarioFile;
}
