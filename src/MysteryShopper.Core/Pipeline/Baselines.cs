using System.Globalization;
using MysteryShopper.Reporting;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;
using MysteryShopper.Statistics;
using MysteryShopper.Storage;

namespace MysteryShopper.Pipeline;

/// <summary>Which way a metric gets better.</summary>
public enum Better
{
    /// <summary>Times, friction and faults: lower is better.</summary>
    Lower,

    /// <summary>Quality, answers, success: higher is better.</summary>
    Higher,

    /// <summary>Counts that say what happened, not how well (emails received, fields filled): a change is shown, never a regression.</summary>
    Neither,
}

/// <summary>The run a <c>--baseline</c> named, and the tag it was named by (null for a run id or <c>last</c>).</summary>
public sealed record BaselineChoice(StoredRun Run, string? Tag);

/// <summary>A <c>--baseline</c> that names no run: the message says what exists (exit code 2).</summary>
public sealed class BaselineException(string message) : Exception(message)
{
    public static BaselineException Unknown(string given, string location, IEnumerable<string> tags)
    {
        var names = tags.ToList();
        var suggestion = Suggest.Closest(given, names) is { } close ? $" Did you mean the tag '{close}'?" : "";
        return new($"--baseline: no run or tag '{given}' in {location}.{suggestion} 'mshop runs' lists the runs and their tags; 'mshop tag RUN NAME' names one; 'last' takes the latest earlier run of the same suite");
    }

    public static BaselineException Itself(string runId) =>
        new($"--baseline: '{runId}' is the run being reported; name an earlier run, a tag, or 'last'");
}

/// <summary>
/// This run against a baseline run, per scenario, company and metric (<see cref="Compare"/>), and the stored runs a
/// report compares with: the baseline (<c>--baseline RUN|last|TAG</c>) and the earlier runs trends are drawn from.
/// </summary>
/// <remarks>
/// How a metric is compared depends on what each side has:
/// <list type="bullet">
/// <item>samples on both sides (two or more values each, from <c>samples: N</c>): a two-sided Mann–Whitney U test with
/// Cliff's delta as the effect size; a regression needs p &lt; alpha and |δ| ≥ min_effect in the worse direction
/// (with 4 samples a side the smallest exact p is 0.029, so fewer than 4 can never be significant at 0.05);</item>
/// <item>rates (<see cref="JourneySuccess"/>, <see cref="ReplyRate"/>): Wilson 95 % intervals; a regression when this
/// run's interval lies wholly below the baseline's (a conservative test: non-overlapping 95 % intervals mean p well
/// under 0.05);</item>
/// <item>a single value on either side: the medians, worse by more than the tolerance (a share of the baseline) and,
/// for times, by more than min_change.</item>
/// </list>
/// Samples with no spread (every value the same) are compared like any other: the rank test's ties make them so.
/// </remarks>
public static class Baselines
{
    /// <summary>The share of decided probes that passed.</summary>
    public const string JourneySuccess = "journey_success";

    /// <summary>The share of decided probes that received any email (only where either run received some).</summary>
    public const string ReplyRate = "reply_rate";

    /// <summary>The probe's experience score (the mean composite of its judged emails, 0–10).</summary>
    public const string ExperienceMetric = "experience";

    /// <summary>Trends default to this many earlier runs (<c>--trend N</c>).</summary>
    public const int DefaultTrend = 10;

    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal)
    {
        "required_fields", "steps_to_confirmation", "captcha_detected", "console_errors", "failed_requests", "dialogs", "cls",
    };

    private static readonly HashSet<string> HigherIsBetter = new(StringComparer.Ordinal) { ExperienceMetric };

    private static readonly string[] HigherSuffixes = [".quality", ".answered", ".covered", ".personal", ".one_click_unsubscribe"];

    /// <summary>
    /// Which way <paramref name="metric"/> gets better: every duration lower; friction and faults (required fields,
    /// steps, CAPTCHA, console errors, failed requests, dialogs, layout shift, an unfilled placeholder) lower; a judged
    /// email's quality, answered, covered, personal and one-click unsubscribe higher, as are the experience score and the
    /// rates; counts of what happened (emails received, links clicked, fields filled, follow-ups, collected emails) neither.
    /// </summary>
    public static Better Direction(string metric, bool isDuration) =>
        isDuration || LowerIsBetter.Contains(metric) || metric.EndsWith(".unfilled_placeholder", StringComparison.Ordinal) ? Better.Lower
        : HigherIsBetter.Contains(metric) || metric is JourneySuccess or ReplyRate || HigherSuffixes.Any(s => metric.EndsWith(s, StringComparison.Ordinal)) ? Better.Higher
        : Better.Neither;

    /// <summary>
    /// Every metric of every (scenario, company) of <paramref name="current"/> against <paramref name="baseline"/>:
    /// the rates first, then the metrics in the order the verdicts list them. Awaiting probes are not decided and
    /// count on neither side.
    /// </summary>
    public static BaselineComparison Compare(RunResult current, RunResult baseline, RegressionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(settings);
        var before = Decided(baseline).ToLookup(Key);
        var changes = new List<MetricChange>();
        foreach (var group in Decided(current).GroupBy(Key))
        {
            var now = group.ToList();
            var then = before[group.Key].ToList();
            var (scenario, targetId) = group.Key;
            var name = now[0].Record.TargetName;
            changes.AddRange(Rates(now, then).Select(r => CompareRate(scenario, targetId, name, r.Metric, r.Before, r.After)));
            foreach (var (metric, isDuration) in MetricNames(now.Concat(then)))
            {
                var b = Values(then, metric);
                var a = Values(now, metric);
                if (b.Length == 0 && a.Length == 0)
                {
                    continue;
                }

                changes.Add(CompareValues(scenario, targetId, name, metric, isDuration, b, a, settings));
            }
        }

        return new BaselineComparison(baseline.RunId, changes) { BaselineStartedAt = baseline.StartedAt };
    }

    /// <summary>
    /// The run <paramref name="given"/> names for a run of <paramref name="suite"/> started at <paramref name="before"/>:
    /// <c>last</c> is the latest earlier finished run of the same suite (null when there is none: nothing to compare
    /// yet, e.g. a CI job's first run); else a run id, else a tag.
    /// </summary>
    /// <exception cref="BaselineException">No run or tag has that name, or it is the run itself.</exception>
    public static async Task<BaselineChoice?> FindAsync(IStore store, string given, string suite, DateTimeOffset before, string? currentRunId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (given == "last")
        {
            var earlier = await store.EarlierRunsAsync(suite, before, 1, cancellationToken);
            return earlier.Count == 0 ? null : new BaselineChoice(earlier[0], null);
        }

        var tags = await store.TagsAsync(cancellationToken);
        var choice = await store.FindRunAsync(given, cancellationToken) is { } run ? new BaselineChoice(run, null)
            : tags.FirstOrDefault(t => t.Name == given) is { } tag && await store.FindRunAsync(tag.RunId, cancellationToken) is { } tagged ? new BaselineChoice(tagged, tag.Name)
            : throw BaselineException.Unknown(given, store.Location, tags.Select(t => t.Name));
        return choice.Run.Id == currentRunId ? throw BaselineException.Itself(given) : choice;
    }

    /// <summary>
    /// <paramref name="result"/> with its <see cref="RunResult.History"/> (the last <paramref name="trend"/> earlier
    /// finished runs of <paramref name="suite"/>, oldest first) and, when a baseline was chosen, its
    /// <see cref="RunResult.Baseline"/>. Earlier runs are loaded with their observations and mail (trends draw times
    /// to the first email and reply rates from them) but without previews, each in a few reads.
    /// </summary>
    public static async Task<RunResult> AttachAsync(IStore store, RunResult result, string suite, BaselineChoice? baseline, int trend, RegressionSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(result);
        var history = new List<RunResult>();
        if (trend > 0)
        {
            foreach (var run in (await store.EarlierRunsAsync(suite, result.StartedAt, trend, cancellationToken)).Reverse())
            {
                history.Add(await StoredRuns.LoadAsync(store, run, shown: false, cancellationToken));
            }
        }

        BaselineComparison? comparison = null;
        if (baseline is not null)
        {
            var then = history.FirstOrDefault(h => h.RunId == baseline.Run.Id) ?? await StoredRuns.LoadAsync(store, baseline.Run, shown: false, cancellationToken);
            comparison = Compare(result, then, settings) with { Tag = baseline.Tag };
        }

        return result with { History = history, Baseline = comparison };
    }

    /// <summary>Probes whose outcome is known: not awaiting mail, not stopped before they ran (cancelled, unknown).</summary>
    private static IEnumerable<ProbeResult> Decided(RunResult run) =>
        run.Probes.Where(p => p.State is "passed" or "failed" or "timed_out" or "errored");

    private static (string Scenario, string TargetId) Key(ProbeResult probe) => (probe.Record.Scenario, probe.Record.TargetId);

    private static IEnumerable<(string Metric, (int Successes, int Trials) Before, (int Successes, int Trials) After)> Rates(List<ProbeResult> now, List<ProbeResult> then)
    {
        if (then.Count == 0)
        {
            yield break;
        }

        yield return (JourneySuccess, (then.Count(p => p.Verdict.Passed), then.Count), (now.Count(p => p.Verdict.Passed), now.Count));
        static bool Replied(ProbeResult p) => p.Verdict.Metric("emails_received")?.Value > 0;
        if (now.Any(Replied) || then.Any(Replied))
        {
            yield return (ReplyRate, (then.Count(Replied), then.Count), (now.Count(Replied), now.Count));
        }
    }

    private static IEnumerable<(string Metric, bool IsDuration)> MetricNames(IEnumerable<ProbeResult> probes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var probe in probes)
        {
            foreach (var metric in probe.Verdict.Metrics)
            {
                if (seen.Add(metric.Name))
                {
                    yield return (metric.Name, metric.IsDuration);
                }
            }

            if (probe.Verdict.Experience is not null && seen.Add(ExperienceMetric))
            {
                yield return (ExperienceMetric, false);
            }
        }
    }

    private static double[] Values(List<ProbeResult> probes, string metric) =>
        probes.Select(p => metric == ExperienceMetric ? p.Verdict.Experience?.Score : p.Verdict.Metric(metric)?.Value).OfType<double>().ToArray();

    private static MetricChange CompareRate(string scenario, string targetId, string targetName, string metric, (int Successes, int Trials) before, (int Successes, int Trials) after)
    {
        var b = Wilson.Interval(before.Successes, before.Trials);
        var a = Wilson.Interval(after.Successes, after.Trials);
        var verdict = a.Upper < b.Lower ? ChangeVerdict.Regressed : a.Lower > b.Upper ? ChangeVerdict.Improved : ChangeVerdict.Unchanged;
        var outcome = verdict switch
        {
            ChangeVerdict.Regressed => "this run's interval lies wholly below the baseline's: worse",
            ChangeVerdict.Improved => "this run's interval lies wholly above the baseline's: better",
            _ => "the 95 % intervals overlap: no clear change",
        };
        var points = (a.Share - b.Share) * 100;
        return new MetricChange(scenario, targetId, targetName, metric, verdict, "wilson")
        {
            Before = b.Share,
            After = a.Share,
            BeforeSamples = b.Trials,
            AfterSamples = a.Trials,
            Effect = a.Share - b.Share,
            Summary = Invariant($"{Label(metric)} {Rate(b)} → {Rate(a)}, {Signed(points, "0")} points; {outcome}"),
        };
    }

    private static MetricChange CompareValues(string scenario, string targetId, string targetName, string metric, bool isDuration, double[] before, double[] after, RegressionSettings settings)
    {
        var change = new MetricChange(scenario, targetId, targetName, metric, ChangeVerdict.NotComparable, "none")
        {
            Before = Sample.Median(before),
            After = Sample.Median(after),
            BeforeSamples = before.Length,
            AfterSamples = after.Length,
        };
        if (before.Length == 0 || after.Length == 0)
        {
            var which = before.Length == 0 ? $"not measured in the baseline; now {Value(change.After!.Value, isDuration)}" : $"not measured in this run; was {Value(change.Before!.Value, isDuration)}";
            return change with { Summary = $"{Label(metric)} {which}" };
        }

        var direction = Direction(metric, isDuration);
        var (b, a) = (change.Before!.Value, change.After!.Value);
        var values = $"{Label(metric)} {Value(b, isDuration)} → {Value(a, isDuration)} ({Percent(b, a)})";
        if (before.Length >= 2 && after.Length >= 2)
        {
            var test = MannWhitney.Test(after, before);
            var delta = CliffsDelta.Of(after, before);
            var worse = direction == Better.Lower ? delta > 0 : direction == Better.Higher && delta < 0;
            var clear = test.PValue < settings.Alpha && Math.Abs(delta) >= settings.MinEffect;
            var verdict = direction == Better.Neither || !clear ? ChangeVerdict.Unchanged : worse ? ChangeVerdict.Regressed : ChangeVerdict.Improved;
            var why = direction == Better.Neither ? "neither higher nor lower is better"
                : test.PValue >= settings.Alpha ? Invariant($"not significant (alpha {settings.Alpha:0.###})")
                : Math.Abs(delta) < settings.MinEffect ? Invariant($"significant but too small to matter (|δ| < {settings.MinEffect:0.##})")
                : worse ? "worse, significantly and meaningfully" : "better, significantly and meaningfully";
            return change with
            {
                Verdict = verdict,
                Method = "mann-whitney",
                PValue = test.PValue,
                Effect = delta,
                Summary = Invariant($"{values}, medians of {before.Length} → {after.Length} samples, {P(test.PValue)}, Cliff's δ = {Signed(delta, "0.00")} ({CliffsDelta.Magnitude(delta).ToString().ToLowerInvariant()}); {why}"),
            };
        }

        // A single value on a side: no test is possible, so a tolerance stands in for significance.
        var difference = a - b;
        var beyond = Math.Abs(difference) > settings.Tolerance * Math.Abs(b) && (!isDuration || Math.Abs(difference) > settings.MinChange.TotalSeconds);
        var getsWorse = direction == Better.Lower ? difference > 0 : direction == Better.Higher && difference < 0;
        var single = direction == Better.Neither || !beyond ? ChangeVerdict.Unchanged : getsWorse ? ChangeVerdict.Regressed : ChangeVerdict.Improved;
        var limit = Invariant($"{settings.Tolerance * 100:0.#} %") + (isDuration ? $" and {Duration.Format(settings.MinChange)}" : "");
        var reason = direction == Better.Neither ? "neither higher nor lower is better"
            : !beyond ? $"within the tolerance ({limit})"
            : getsWorse ? $"worse by more than {limit}" : $"better by more than {limit}";
        return change with
        {
            Verdict = single,
            Method = "threshold",
            Summary = Invariant($"{values}, {(before.Length == 1 && after.Length == 1 ? "single samples" : $"{before.Length} → {after.Length} sample(s)")}: {reason}"),
        };
    }

    private static string Label(string metric) => metric switch
    {
        JourneySuccess => "journey success",
        ReplyRate => "reply rate",
        _ => metric,
    };

    private static string Rate(Proportion p) =>
        Invariant($"{p.Share * 100:0} % ({p.Successes}/{p.Trials}, 95 % CI {p.Lower * 100:0}–{p.Upper * 100:0} %)");

    private static string Value(double value, bool isDuration) =>
        isDuration ? Duration.Format(TimeSpan.FromSeconds(value)) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Percent(double before, double after) =>
        before == 0 ? after == 0 ? "no change" : "from 0" : Signed((after - before) / Math.Abs(before) * 100, "0") + " %";

    private static string P(double p) => p < 0.001 ? "p < 0.001" : Invariant($"p = {p:0.###}");

    /// <summary>"+12", "−0.40", "0": a signed figure with a true minus sign.</summary>
    private static string Signed(double value, string format)
    {
        var text = Math.Abs(value).ToString(format, CultureInfo.InvariantCulture);
        return text.Trim('0', '.').Length == 0 ? text : (value > 0 ? "+" : "−") + text;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
