using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Pipeline;
using System.Text.Json.Nodes;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.Json;
using MysteryShopper.Settings;
using MysteryShopper.Tests.Reporting;
using MysteryShopper.Tests.Schema;

namespace MysteryShopper.Tests.Pipeline;

/// <summary>
/// A run against its baseline, from hand-built runs with several probes (samples) per scenario and company: significant
/// and meaningful changes in the worse direction regress, noise and small shifts do not, rates by Wilson intervals,
/// single values by a tolerance, and samples with no spread are compared.
/// </summary>
public sealed class BaselinesTests
{
    private static readonly RegressionSettings Defaults = RegressionSettings.Default;

    [Test]
    public void Compare_SlowerSamples_RegressedWithPValueAndEffectInTheSummary()
    {
        var baseline = Run("base", Probes("rival-a", "time_to_welcome", duration: true, 1.0, 1.2, 1.1, 0.9, 1.3));
        var current = Run("now", Probes("rival-a", "time_to_welcome", duration: true, 3.0, 3.4, 3.1, 2.9, 3.3));

        var comparison = Baselines.Compare(current, baseline, Defaults);
        var change = comparison.Changes.Single(c => c.Metric == "time_to_welcome");

        Assert.Multiple(() =>
        {
            Assert.That(comparison.Regressed, Is.True);
            Assert.That(comparison.BaselineRunId, Is.EqualTo("base"));
            Assert.That(change.Verdict, Is.EqualTo(ChangeVerdict.Regressed));
            Assert.That(change.Method, Is.EqualTo("mann-whitney"));
            Assert.That((change.Before, change.After, change.BeforeSamples, change.AfterSamples), Is.EqualTo(((double?)1.1, (double?)3.1, 5, 5)));
            // Every new value is above every old one: U = 25 of 25, exact p = 2/252.
            Assert.That(change.PValue, Is.EqualTo(2.0 / 252).Within(1e-9));
            Assert.That(change.Effect, Is.EqualTo(1));
            Assert.That(change.Summary, Is.EqualTo("time_to_welcome 1.1 s → 3.1 s (+182 %), medians of 5 → 5 samples, p = 0.008, Cliff's δ = +1.00 (large); worse, significantly and meaningfully"));
        });
    }

    [Test]
    public void Compare_FasterSamples_Improved()
    {
        var baseline = Run("base", Probes("rival-a", "time_to_welcome", duration: true, 3.0, 3.4, 3.1, 2.9, 3.3));
        var current = Run("now", Probes("rival-a", "time_to_welcome", duration: true, 1.0, 1.2, 1.1, 0.9, 1.3));

        var change = Baselines.Compare(current, baseline, Defaults).Changes.Single(c => c.Metric == "time_to_welcome");

        Assert.That((change.Verdict, change.Effect), Is.EqualTo((ChangeVerdict.Improved, (double?)-1)));
    }

    [Test]
    public void Compare_OverlappingSamples_UnchangedNotSignificant()
    {
        var baseline = Run("base", Probes("rival-a", "time_to_welcome", duration: true, 1.0, 2.0, 3.0, 4.0, 5.0));
        var current = Run("now", Probes("rival-a", "time_to_welcome", duration: true, 1.5, 2.5, 3.5, 4.5, 5.5));

        var change = Baselines.Compare(current, baseline, Defaults).Changes.Single(c => c.Metric == "time_to_welcome");

        Assert.Multiple(() =>
        {
            Assert.That(change.Verdict, Is.EqualTo(ChangeVerdict.Unchanged));
            Assert.That(change.PValue, Is.GreaterThan(0.05));
            Assert.That(change.Summary, Does.EndWith("not significant (alpha 0.05)"));
        });
    }

    [Test]
    public void Compare_SignificantButSmallEffect_Unchanged()
    {
        // 25 samples a side, the new ones shifted so δ is small but the normal approximation is significant at alpha 0.5.
        var before = Enumerable.Range(0, 25).Select(i => (double)i).ToArray();
        var after = before.Select(v => v + 3.5).ToArray();
        var settings = Defaults with { Alpha = 0.5 };

        var change = Baselines.Compare(Run("now", Probes("rival-a", "lcp", duration: true, after)), Run("base", Probes("rival-a", "lcp", duration: true, before)), settings)
            .Changes.Single(c => c.Metric == "lcp");

        Assert.Multiple(() =>
        {
            Assert.That(Math.Abs(change.Effect!.Value), Is.LessThan(0.33));
            Assert.That(change.PValue, Is.LessThan(0.5));
            Assert.That(change.Verdict, Is.EqualTo(ChangeVerdict.Unchanged));
            Assert.That(change.Summary, Does.Contain("too small to matter"));
        });
    }

    [Test]
    public void Compare_QualityDrops_RegressedBecauseHigherIsBetter()
    {
        var baseline = Run("base", Probes("rival-a", "answer.quality", duration: false, 8, 8.5, 9, 8, 8.5));
        var current = Run("now", Probes("rival-a", "answer.quality", duration: false, 4, 4.5, 5, 4, 3.5));

        var change = Baselines.Compare(current, baseline, Defaults).Changes.Single(c => c.Metric == "answer.quality");

        Assert.That(change.Verdict, Is.EqualTo(ChangeVerdict.Regressed));
    }

    [Test]
    public void Compare_ZeroVarianceSamples_ComparedNotSkipped()
    {
        // Every baseline value 0 console errors, every new one 1: all ties within each side, p = 0.0131 (normal approximation).
        var baseline = Run("base", Probes("rival-a", "console_errors", duration: false, 0, 0, 0, 0));
        var current = Run("now", Probes("rival-a", "console_errors", duration: false, 1, 1, 1, 1));
        var same = Run("same", Probes("rival-a", "console_errors", duration: false, 0, 0, 0, 0));

        var changed = Baselines.Compare(current, baseline, Defaults).Changes.Single(c => c.Metric == "console_errors");
        var unchanged = Baselines.Compare(same, baseline, Defaults).Changes.Single(c => c.Metric == "console_errors");

        Assert.Multiple(() =>
        {
            Assert.That(changed.Verdict, Is.EqualTo(ChangeVerdict.Regressed));
            Assert.That(changed.PValue, Is.EqualTo(0.013124).Within(0.000001));
            Assert.That(unchanged.Verdict, Is.EqualTo(ChangeVerdict.Unchanged));
            Assert.That(unchanged.PValue, Is.EqualTo(1));
        });
    }

    [Test]
    public void Compare_CountWithNoBetterDirection_NeverRegresses()
    {
        var baseline = Run("base", Probes("rival-a", "emails_received", duration: false, 1, 1, 1, 1, 1));
        var current = Run("now", Probes("rival-a", "emails_received", duration: false, 5, 5, 5, 5, 5));

        var change = Baselines.Compare(current, baseline, Defaults).Changes.Single(c => c.Metric == "emails_received");

        Assert.Multiple(() =>
        {
            Assert.That(change.Verdict, Is.EqualTo(ChangeVerdict.Unchanged));
            Assert.That(change.Summary, Does.EndWith("neither higher nor lower is better"));
        });
    }

    [Test]
    public void Compare_SingleSamples_ThresholdAndTolerance()
    {
        ChangeVerdict Verdict(double before, double after, bool duration = true) =>
            Baselines.Compare(Run("now", Probes("rival-a", "m", duration, after)), Run("base", Probes("rival-a", "m", duration, before)), Defaults)
                .Changes.Single(c => c.Metric == "m").Verdict;

        Assert.Multiple(() =>
        {
            Assert.That(Verdict(3.0, 6.0), Is.EqualTo(ChangeVerdict.Regressed), "twice as slow, 3 s more");
            Assert.That(Verdict(3.0, 3.5), Is.EqualTo(ChangeVerdict.Unchanged), "17 %: within 20 %");
            Assert.That(Verdict(0.1, 0.5), Is.EqualTo(ChangeVerdict.Unchanged), "five times as slow, but only 0.4 s");
            Assert.That(Verdict(6.0, 3.0), Is.EqualTo(ChangeVerdict.Improved));
        });
        var change = Baselines.Compare(Run("now", Probes("rival-a", "m", duration: true, 6.0)), Run("base", Probes("rival-a", "m", duration: true, 3.0)), Defaults).Changes.Single(c => c.Metric == "m");
        Assert.Multiple(() =>
        {
            Assert.That(change.Method, Is.EqualTo("threshold"));
            Assert.That(change.PValue, Is.Null);
            Assert.That(change.Summary, Is.EqualTo("m 3.0 s → 6.0 s (+100 %), single samples: worse by more than 20 % and 500 ms"));
        });
    }

    [Test]
    public void Compare_JourneySuccessRate_RegressedOnlyWhenIntervalsPart()
    {
        ProbeResult[] Passing(int passed, int failed) =>
            [.. Probes("rival-a", "lcp", duration: true, Enumerable.Repeat(1.0, passed + failed).ToArray()).Select((p, i) => i < passed ? p : Failed(p))];

        var tenOfTen = Run("base", Passing(10, 0));
        var twoOfTen = Baselines.Compare(Run("now", Passing(2, 8)), tenOfTen, Defaults).Changes.Single(c => c.Metric == Baselines.JourneySuccess);
        var fourOfFive = Baselines.Compare(Run("now", Passing(4, 1)), Run("base", Passing(5, 0)), Defaults).Changes.Single(c => c.Metric == Baselines.JourneySuccess);

        Assert.Multiple(() =>
        {
            Assert.That(twoOfTen.Verdict, Is.EqualTo(ChangeVerdict.Regressed));
            Assert.That(twoOfTen.Method, Is.EqualTo("wilson"));
            Assert.That(twoOfTen.Effect, Is.EqualTo(-0.8).Within(1e-12));
            Assert.That(twoOfTen.Summary, Is.EqualTo("journey success 100 % (10/10, 95 % CI 72–100 %) → 20 % (2/10, 95 % CI 6–51 %), −80 points; this run's interval lies wholly below the baseline's: worse"));
            Assert.That(fourOfFive.Verdict, Is.EqualTo(ChangeVerdict.Unchanged));
        });
    }

    [Test]
    public void Compare_MetricMissingOnOneSide_NotComparable()
    {
        var baseline = Run("base", Probes("rival-a", "time_to_welcome", duration: true, 1.0, 1.2));
        var current = Run("now", Probes("rival-a", "time_to_welcome", duration: true, new double?[] { null, null }));

        var change = Baselines.Compare(current, baseline, Defaults).Changes.Single(c => c.Metric == "time_to_welcome");

        Assert.Multiple(() =>
        {
            Assert.That(change.Verdict, Is.EqualTo(ChangeVerdict.NotComparable));
            Assert.That(change.Summary, Is.EqualTo("time_to_welcome not measured in this run; was 1.1 s"));
        });
    }

    [Test]
    public void Compare_AwaitingProbes_CountOnNeitherSide()
    {
        var baseline = Run("base", Probes("rival-a", "time_to_welcome", duration: true, 1.0, 1.1, 1.2, 1.3));
        var awaiting = Probes("rival-a", "time_to_welcome", duration: true, 9.0, 9.0, 9.0, 9.0).Select(p => p with { State = "awaiting" }).ToArray();

        var comparison = Baselines.Compare(Run("now", awaiting), baseline, Defaults);

        Assert.That(comparison.Changes, Is.Empty);
    }

    [Test]
    public void Compare_ExperienceScore_ComparedAsHigherIsBetter()
    {
        ProbeResult[] WithExperience(params double[] scores) =>
            [.. Probes("rival-a", "lcp", duration: true, scores.Select(_ => 1.0).ToArray())
                .Select((p, i) => p with { Verdict = p.Verdict with { Experience = new ProbeExperience(scores[i], Grades.Of(scores[i]), 1, 0) } })];

        var change = Baselines.Compare(Run("now", WithExperience(3, 2, 3, 2)), Run("base", WithExperience(9, 9.5, 9, 10)), Defaults)
            .Changes.Single(c => c.Metric == Baselines.ExperienceMetric);

        Assert.That(change.Verdict, Is.EqualTo(ChangeVerdict.Regressed));
    }

    [Test]
    public async Task Baseline_InResultsJson_ValidAgainstTheSchemaAndReadBack()
    {
        var baseline = Run("base", Probes("rival-a", "time_to_welcome", duration: true, 1.0, 1.2, 1.1, 0.9, 1.3));
        var current = Run("now", Probes("rival-a", "time_to_welcome", duration: true, 3.0, 3.4, 3.1, 2.9, 3.3));
        var run = current with { Baseline = Baselines.Compare(current, baseline, Defaults) with { Tag = "release-1" } };
        using var folder = new TempFolder();
        var path = await new JsonReportWriter().WriteAsync(run, folder.Path, CancellationToken.None);
        var schema = SchemaValidator.Load((JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SchemaFiles.Folder, "results.schema.json")))!);

        var errors = schema.Validate(await File.ReadAllTextAsync(path));
        var read = await JsonReportWriter.ReadAsync(path, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => e.ToString()), Is.Empty);
            Assert.That(read.Baseline?.Tag, Is.EqualTo("release-1"));
            Assert.That(read.Baseline?.Regressed, Is.True);
            Assert.That(read.Baseline?.Changes.Select(c => (c.Metric, c.Verdict)), Is.EqualTo(run.Baseline.Changes.Select(c => (c.Metric, c.Verdict))));
        });
    }

    [TestCase("time_to_welcome", true, Better.Lower)]
    [TestCase("console_errors", false, Better.Lower)]
    [TestCase("answer.unfilled_placeholder", false, Better.Lower)]
    [TestCase("answer.quality", false, Better.Higher)]
    [TestCase("answer.answered", false, Better.Higher)]
    [TestCase("journey_success", false, Better.Higher)]
    [TestCase("emails_received", false, Better.Neither)]
    [TestCase("newsletters.count", false, Better.Neither)]
    public void Direction_PerMetric(string metric, bool isDuration, Better expected) =>
        Assert.That(Baselines.Direction(metric, isDuration), Is.EqualTo(expected));

    private static RunResult Run(string id, params ProbeResult[] probes) => SomeRun.Run(probes) with { RunId = id };

    private static ProbeResult[] Probes(string targetId, string metric, bool duration, params double[] values) =>
        Probes(targetId, metric, duration, values.Select(v => (double?)v).ToArray());

    private static ProbeResult[] Probes(string targetId, string metric, bool duration, double?[] values) =>
        [.. values.Select((v, i) => new ProbeResult(
            SomeRun.Record(targetId, "Rival A", "competitor", $"tok-{targetId}-{i}"),
            new ProbeVerdict(true, [new MetricValue(metric, v, duration, v is null ? "'welcome' was not received" : null)], [], [])) { State = "passed" })];

    private static ProbeResult Failed(ProbeResult probe) => probe with { Verdict = probe.Verdict with { Passed = false }, State = "failed" };
}
