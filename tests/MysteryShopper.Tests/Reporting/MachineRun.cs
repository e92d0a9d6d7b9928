using MysteryShopper.Judging;
using MysteryShopper.Reporting;

namespace MysteryShopper.Tests.Reporting;

/// <summary>
/// A run with everything the machine-readable outputs must say: <see cref="SomeRun.ThreeCompanies"/> (Rival B's journey
/// failed, with a screenshot and trace) where every expectation keeps its line, Brightwave missed a warning, Rival D
/// still awaits mail, Rival C was held back by politeness, and one metric regressed against the baseline.
/// </summary>
public static class MachineRun
{
    public const int WelcomeLine = 19;
    public const int PageLoadLine = 20;
    public const string Regression = "time_to_welcome 3 s → 9 s (+200 %), p = 0.004, Cliff's δ = 0.92";

    public static RunResult Rich()
    {
        var three = SomeRun.ThreeCompanies();
        var probes = three.Probes.Select(p => p with
        {
            Verdict = p.Verdict with { Expectations = p.Verdict.Expectations.Select(e => e with { Line = WelcomeLine, Column = 3 }).ToList() },
        }).ToList();
        var brightwave = probes[1];
        probes[1] = brightwave with
        {
            Verdict = brightwave.Verdict with
            {
                Metrics = [.. brightwave.Verdict.Metrics, new MetricValue("page_load", 3.1, true)],
                Expectations = [.. brightwave.Verdict.Expectations, new ExpectationResult("page_load", "< 2.5s", 3.1, false, "3.1 s does not meet < 2.5s") { Warning = true, Line = PageLoadLine, Column = 3 }],
            },
        };
        var rivalB = probes[2];
        probes[2] = rivalB with
        {
            State = "failed",
            Record = rivalB.Record with { Failure = rivalB.Record.Failure! with { Screenshot = "screenshots/newsletter-signup--rival-b--failure.png", Trace = "traces/newsletter-signup--rival-b.zip" } },
        };
        probes.Add(SomeRun.Plain("rival-d", "Rival D", "competitor") with { State = "awaiting", Deadline = Some.Start.AddDays(2) });
        return three with
        {
            Probes = probes,
            Baseline = new BaselineComparison("20261116-090000-base",
            [
                new MetricChange(SomeRun.Scenario, "brightwave", "Brightwave", "time_to_welcome", ChangeVerdict.Regressed, "mann-whitney") { Before = 3, After = 9, PValue = 0.004, Effect = 0.92, Summary = Regression },
                new MetricChange(SomeRun.Scenario, "rival-a", "Rival A", "time_to_welcome", ChangeVerdict.Unchanged, "mann-whitney") { Before = 30, After = 31, Summary = "time_to_welcome 30 s → 31 s" },
                new MetricChange(SomeRun.Scenario, "rival-b", "Rival B", "time_to_welcome", ChangeVerdict.NotComparable, "threshold") { Summary = "time_to_welcome not measured" },
            ]) { Tag = "release-1" },
        };
    }
}
