using System.CommandLine;
using MysteryShopper.Pipeline;
using MysteryShopper.Reporting;
using MysteryShopper.Settings;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// The options <c>run</c> and <c>report</c> share for gating: <c>--baseline RUN|last|TAG</c>, <c>--trend N</c> and
/// <c>--fail-on fail|warn</c>. Each one given overrides the settings it is read over.
/// </summary>
public sealed class BaselineOptions
{
    private readonly Option<string?> _baseline = new("--baseline")
    {
        HelpName = "RUN|last|TAG",
        Description = "Compare with a stored run: its id, 'last' (the latest earlier run of the same suite) or a tag ('mshop tag'); a significant regression exits 1",
    };

    private readonly Option<int?> _trend = OptionValues.WholeNumber("--trend", new WholeNumbers(0, 100), $"How many earlier runs of the same suite the trends show (default {Baselines.DefaultTrend}; 0: none)");

    private readonly Option<string> _failOn = OptionValues.OneOf("--fail-on", "fail (default): only failed expectations fail the run; warn: failed warnings (severity: warn) fail it too", "fail", "warn");

    public void AddTo(Command command)
    {
        command.Options.Add(_baseline);
        command.Options.Add(_trend);
        command.Options.Add(_failOn);
    }

    /// <summary>These options over <paramref name="settings"/>.</summary>
    public RunSettings Read(ParseResult parse, RunSettings settings) => settings with
    {
        Baseline = parse.GetValue(_baseline) ?? settings.Baseline,
        Trend = parse.GetValue(_trend) ?? settings.Trend,
        FailOnWarn = parse.GetValue(_failOn) == "warn" || settings.FailOnWarn,
    };

    /// <summary>Failed expectations of severity warn in decided probes: what <c>--fail-on warn</c> fails a run for.</summary>
    public static int FailedWarnings(RunResult run) =>
        run.Probes.Where(p => !p.IsAwaiting).Sum(p => p.Verdict.Expectations.Count(e => e.Warning && !e.Passed));
}
