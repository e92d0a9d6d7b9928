using System.CommandLine;
using MysteryShopper.Bots.Browser;
using MysteryShopper.Cli.Running;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Redaction;
using MysteryShopper.Reporting;
using MysteryShopper.Reporting.GitHub;
using MysteryShopper.Scenarios;
using MysteryShopper.Settings;
using Serilog;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop run [paths]</c>: runs the probes, stores everything as it happens, writes the reports. Probes whose mail is
/// due after <c>--wait</c> are left awaiting for <c>mshop collect</c>; the exit code counts only what is decided.
/// </summary>
public static class RunCommand
{
    public static Command Create(ILogger log, TextWriter output, TextWriter error)
    {
        var paths = SuiteInput.PathsArgument();
        var options = new RunOptions();
        var gating = new BaselineOptions();
        var planOptions = new PlanOptions();
        var command = new Command("run", "Run scenarios against their targets and write comparison reports") { paths };
        options.AddTo(command);
        gating.AddTo(command);
        planOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (suite, files, exit) = await SuiteInput.LoadWithFilesAsync(parse.GetValue(paths) ?? [], error, cancellationToken);
            if (suite is null)
            {
                return exit;
            }

            if (options.Read(parse, error, suite, RunSettings.From(suite.Config)) is not { } settings)
            {
                return ExitCodes.InvalidInput;
            }

            settings = planOptions.Over(parse, gating.Read(parse, settings));
            RunOutcome? outcome;
            try
            {
                outcome = await Execute(suite, files, settings, CliRunParts.System, log, output, error, cancellationToken);
            }
            catch (InvalidInputException)
            {
                // Already reported; System.CommandLine's own handler would print it as an unhandled exception with exit 1.
                return ExitCodes.InvalidInput;
            }

            return ExitCode(outcome, requireAllPassed: true, settings.FailOnWarn);
        });
        return command;
    }

    /// <summary>
    /// The exit code of a run: 3 when it could not run, 130/143 when stopped, else whether the decided probes passed,
    /// nothing regressed against the baseline, and (with <paramref name="failOnWarn"/>) no warning failed.
    /// </summary>
    public static int ExitCode(RunOutcome? outcome, bool requireAllPassed, bool failOnWarn = false) =>
        outcome is null || outcome.CannotRecord is not null ? ExitCodes.InfrastructureUnavailable
        : outcome.Stopped ? Signals.ExitCode
        : !requireAllPassed ? ExitCodes.Ok
        : outcome.Result.AllPassed && outcome.Result.Baseline?.Regressed != true && !(failOnWarn && BaselineOptions.FailedWarnings(outcome.Result) > 0) ? ExitCodes.Ok
        : ExitCodes.ExpectationFailed;

    /// <summary>Runs a loaded suite, printing the summary; null when the infrastructure was unavailable (already reported).</summary>
    public static async Task<RunOutcome?> Execute(Suite suite, IReadOnlyList<SourceFile> files, RunSettings settings, IRunParts parts, ILogger log, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var demoErrors = CliRunParts.CheckDemoTargets(suite);
        if (demoErrors.Count > 0)
        {
            foreach (var d in demoErrors)
            {
                await error.WriteLineAsync(d.ToString());
            }

            throw new InvalidInputException();
        }

        try
        {
            RunOutcome outcome;
            await using (var progress = ConsoleProgress.For(output, TimeProvider.System))
            {
                outcome = await RunPipeline.RunAsync(suite, files, settings with { Progress = settings.Progress ?? progress.Progress }, parts, log, TimeProvider.System, cancellationToken);
            }

            await ConsoleSummary.WriteAsync(outcome, output, settings);
            await GitHubActions.ReportAsync(outcome.Result, outcome.Redactor, output, Environment.GetEnvironmentVariable, CancellationToken.None);
            if (outcome.CannotRecord is { } problem)
            {
                await error.WriteLineAsync($"mshop: the run stopped submitting because it can no longer record its evidence: {problem}; "
                    + $"what was recorded is kept in the store ('mshop report {outcome.Result.RunId} --out FOLDER' writes the reports elsewhere); free some space and run again");
            }

            return outcome;
        }
        catch (BaselineException e)
        {
            // Found before anything was reserved or submitted.
            await error.WriteLineAsync($"mshop: {e.Message}");
            throw new InvalidInputException();
        }
        catch (Exception e) when (Infrastructure.Explain(e) is { } message)
        {
            await error.WriteLineAsync(new Redactor(suite.Secrets).Redact($"mshop: {message}"));
            return null;
        }
    }
}

/// <summary>Raised after invalid input has been reported, to end the command with exit code 2.</summary>
public sealed class InvalidInputException : Exception;

/// <summary>The options <c>run</c> and <c>demo</c> share. Each one given overrides mshop.yaml.</summary>
public sealed class RunOptions
{
    private readonly Option<int?> _parallel = OptionValues.WholeNumber("--parallel", Parallelism.Range, $"How many probes run at once (default {Parallelism.Default})");
    private readonly Option<string?> _out = new("--out") { HelpName = "DIR", Description = "The folder run folders are written to (default reports)" };
    private readonly Option<IReadOnlyList<ReportFormat>?> _report = OptionValues.ReportFormats("--report", $"Report formats: {string.Join(", ", ReportFormat.Names)} (comma-separated; default all)");
    private readonly Option<string[]> _target = new("--target") { HelpName = "ID", Description = "Only probe these target ids (repeatable; default: every target)" };
    private readonly Option<string[]> _tag = new("--tag") { HelpName = "TAG", Description = "Only scenarios or targets with these tags (repeatable; default: any or none)" };
    private readonly Option<string?> _maildir = new("--maildir") { HelpName = "DIR", Description = "The Maildir folder probe mail arrives in (default: the run folder's mail/)" };
    private readonly Option<string?> _browser = new("--browser") { HelpName = "PATH", Description = $"The Chromium/Chrome executable (default: ${BrowserDiscovery.EnvironmentVariable}, then PATH)" };
    private readonly Option<AddressPattern?> _addresses = OptionValues.Setting<AddressPattern>("--address-pattern", "PATTERN", $"Probe addresses, with {{token}} (default {AddressPattern.Default.Pattern})", AddressPattern.TryParse);
    private readonly Option<double?> _timeScale = OptionValues.Scale("--time-scale", "Multiply the demo companies' delays (e.g. 0.5 runs them twice as fast; default 1)");
    private readonly Option<BrowserServerUrl?> _connect = OptionValues.Setting<BrowserServerUrl>("--connect", "URL", "Use a Playwright browser server (ws://host:port/…) instead of a local browser", BrowserServerUrl.TryParse);
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "Run every step up to the first submitting one (submit: true, send_email) and send nothing" };
    private readonly Option<string?> _trace = new("--trace") { HelpName = "on-failure|off", Description = "off (default): record none; on-failure: record a Playwright trace of every probe and keep the failed ones' (costs 10-20 % CPU per probe)" };
    private readonly Option<string?> _screenshots = new("--screenshots") { HelpName = "all|failures", Description = "all (default): full page at every mark and on failure, the window as a JPEG at the end of a passing probe; failures: on failure only (and at screenshot steps)" };
    private readonly Option<bool> _har = new("--har") { Description = "Write a HAR file of each probe's network traffic" };
    private readonly Option<string?> _wait = new("--wait") { HelpName = "DURATION", Description = $"How long each probe waits here for the mail it expects, e.g. 30s, 10m (default {Duration.Format(RunSettings.DefaultWait)}); later mail is for 'mshop collect'" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _parallel, _out, _report, _target, _tag, _maildir, _browser, _connect, _addresses, _timeScale, _dryRun, _trace, _screenshots, _har, _wait })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings: these options over <paramref name="baseline"/>; null after printing what is wrong.</summary>
    public RunSettings? Read(ParseResult parse, TextWriter error, Suite suite, RunSettings baseline)
    {
        var problems = new List<string>();
        // Checked before anything starts (store, mail server, browser, demo companies): a filter that keeps nothing is a mistyped id.
        var filter = new PlanFilter(parse.GetValue(_target) ?? [], parse.GetValue(_tag) ?? []);
        if (filter.NothingKept(suite) is { } nothing)
        {
            problems.Add(nothing);
        }

        // The typed options are checked as they are parsed (OptionValues); --parallel, --report, --address-pattern and
        // --connect by the types that check mshop.yaml as it loads, so both say a problem the same way.
        var parallel = parse.GetValue(_parallel) ?? baseline.Parallel;
        var formats = parse.GetValue(_report) ?? [];
        var writers = formats.Count > 0 ? formats.Select(f => f.Writer).ToList() : baseline.Reports;

        var scale = parse.GetValue(_timeScale) ?? baseline.DemoTimeScale;

        // An option with two words: the one given, null when none (or another, which is a problem).
        string? Either(Option<string?> option, string first, string second)
        {
            var value = parse.GetValue(option);
            if (value is null || value == first || value == second)
            {
                return value;
            }

            problems.Add($"{option.Name} must be {first} or {second}, not '{value}'");
            return null;
        }

        var trace = Either(_trace, "on-failure", "off");
        var screenshots = Either(_screenshots, "all", "failures");

        var wait = baseline.Wait;
        if (parse.GetValue(_wait) is { } waitText)
        {
            if (Duration.TryParse(waitText, out var parsed) && parsed >= TimeSpan.Zero)
            {
                wait = parsed;
            }
            else
            {
                problems.Add($"--wait must be a duration such as 30s, 10m, 2h or 0s, not '{waitText}'");
            }
        }

        foreach (var problem in problems)
        {
            error.WriteLine($"mshop: {problem}");
        }

        return problems.Count > 0 ? null : baseline with
        {
            Parallel = parallel,
            OutputRoot = parse.GetValue(_out) ?? baseline.OutputRoot,
            OutputRootFrom = parse.GetValue(_out) is null ? baseline.OutputRootFrom : "--out",
            Reports = writers,
            Filter = filter,
            Maildir = parse.GetValue(_maildir) ?? baseline.Maildir,
            BrowserPath = parse.GetValue(_browser) ?? baseline.BrowserPath,
            BrowserPathFrom = parse.GetValue(_browser) is null ? baseline.BrowserPathFrom : "--browser",
            Connect = parse.GetValue(_connect)?.Text ?? baseline.Connect,
            DryRun = parse.GetValue(_dryRun),
            Trace = trace is null ? baseline.Trace : trace == "on-failure",
            FailureScreenshotsOnly = screenshots is null ? baseline.FailureScreenshotsOnly : screenshots == "failures",
            Har = parse.GetValue(_har) || baseline.Har,
            Addresses = parse.GetValue(_addresses) ?? baseline.Addresses,
            DemoTimeScale = scale,
            Wait = wait,
        };
    }
}
