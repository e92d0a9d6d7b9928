using System.CommandLine;
using System.Globalization;
using MysteryShopper.Judging;
using MysteryShopper.Judging.Quality;
using MysteryShopper.Pipeline;
using MysteryShopper.Reporting;
using MysteryShopper.Storage;
using Serilog;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop rejudge [RUN] [--rubric NAME|FILE]</c>: judges a stored run's messages again from the store alone (no
/// mailbox, browser or network), saves the new verdicts, renders the run's reports again, and prints what changed.
/// </summary>
public static class RejudgeCommand
{
    public static Command Create(ILogger log, TextWriter output, TextWriter error)
    {
        var which = new Argument<string>("run") { Description = "A run id, or 'last' (default)", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "last" };
        var rubric = new Option<string?>("--rubric") { HelpName = "NAME|FILE", Description = $"Judge every message by this rubric: {string.Join(" or ", Rubrics.Names)}, or a rubric YAML file (default: each message's own, from its scenario or its kind)" };
        var command = new Command("rejudge", "Judge a stored run's messages again (e.g. with another rubric) from the store alone, and render its reports again") { which, rubric };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (chosen, problem) = await RubricOption.ReadAsync(parse.GetValue(rubric), error, cancellationToken);
            if (problem)
            {
                return ExitCodes.InvalidInput;
            }

            return await StoreCommands.WithStoreAsync(error, async (store, _, _) =>
            {
                var id = parse.GetValue(which) ?? "last";
                if (await store.FindRunAsync(id, cancellationToken) is not { } run)
                {
                    await error.WriteLineAsync($"mshop: no run '{id}' in {store.Location}; 'mshop runs' lists the runs.");
                    return ExitCodes.InvalidInput;
                }

                var (probes, why) = await Rejudge.RunAsync(store, run, chosen, log, cancellationToken);
                if (probes is null)
                {
                    await error.WriteLineAsync($"mshop: run {run.Id} cannot be judged again: {why}");
                    return ExitCodes.InvalidInput;
                }

                var redactor = await new Redaction.RunSecrets(store).OfRunAsync(run.Id, cancellationToken);
                await output.WriteAsync(redactor.Redact(Changes(run.Id, chosen, probes)));
                var result = await StoredRuns.LoadAsync(store, run.Id, cancellationToken) ?? throw new InvalidOperationException($"run {run.Id} is not in the store");
                var writers = (StoreJson.Settings(run.SettingsJson)?.Reports ?? []).Select(ReportWriters.ByName).OfType<IReportWriter>().ToList();
                foreach (var path in await ReportWriters.WriteAllAsync(result, run.Directory, writers.Count > 0 ? writers : ReportWriters.All, redactor, cancellationToken))
                {
                    await output.WriteLineAsync($"  {Path.GetFileName(path),-13} {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
    /// <summary>Per probe: the experience score and state before → after, and each card's composite before → after.</summary>
    private static string Changes(string runId, Rubric? rubric, IReadOnlyList<RejudgedProbe> probes)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {runId} judged again{(rubric is null ? "" : $" with the rubric '{rubric.Name}'")}:");
        foreach (var probe in probes)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {probe.ProbeId}: ");
            if (probe.Skipped is { } skipped)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"left as it was ({skipped})");
                continue;
            }

            var experience = probe.After is null && probe.Before is null
                ? "not graded (its scenario judges no email)"
                : $"experience {Score(probe.Before)} → {Score(probe.After)}";
            var state = probe.StateBefore == probe.StateAfter ? probe.StateAfter : $"{probe.StateBefore} → {probe.StateAfter}";
            text.AppendLine(CultureInfo.InvariantCulture, $"{experience}; {state}");
            foreach (var card in probe.Cards)
            {
                var before = card.Before is { } was ? was.ToString("0.0", CultureInfo.InvariantCulture) : "no card";
                var changed = card.Before == card.After ? "" : " (changed)";
                text.AppendLine(CultureInfo.InvariantCulture, $"      {card.Label}: quality {before} → {card.After.ToString("0.0", CultureInfo.InvariantCulture)}{changed}");
            }
        }

        return text.ToString();
    }

    private static string Score(ProbeExperience? experience) => experience is null
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{experience.Score:0.0} ({CardJson.Word(experience.Grade)})");
}
