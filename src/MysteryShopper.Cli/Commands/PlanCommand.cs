using System.CommandLine;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;
using MysteryShopper.Redaction;
using MysteryShopper.Scenarios;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// <c>mshop plan [paths]</c>: the probes a run would make (scenario × target × persona × question), what each would
/// submit where, and which politeness limits would hold back, and why. Nothing is opened or sent.
/// </summary>
public static class PlanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = SuiteInput.PathsArgument();
        var targets = new Option<string[]>("--target") { HelpName = "ID", Description = "Only these target ids (repeatable; default: every target)" };
        var tags = new Option<string[]>("--tag") { HelpName = "TAG", Description = "Only scenarios or targets with these tags (repeatable; default: any or none)" };
        var command = new Command("plan", "List the probes a run would make, what each would submit where, and what politeness limits skip") { paths, targets, tags };
        var planOptions = new PlanOptions();
        planOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (suite, exit) = await SuiteInput.LoadAsync(parse.GetValue(paths) ?? [], error, cancellationToken);
            if (suite is null)
            {
                return exit;
            }

            var settings = planOptions.Over(parse, RunSettings.From(suite.Config));
            var filter = new PlanFilter(parse.GetValue(targets) ?? [], parse.GetValue(tags) ?? []);
            if (filter.NothingKept(suite) is { } nothing)
            {
                await error.WriteLineAsync($"mshop: {nothing}");
                return ExitCodes.InvalidInput;
            }

            var probes = Planner.Plan(suite, settings.Addresses, t => t.Url, filter, settings.Samples);
            var now = TimeProvider.System.GetUtcNow();
            var history = await StoreCommands.HistoryAsync(Workspace.Of(suite).StorePath(settings), now - Politeness.Window(suite), cancellationToken);
            // As a run decides: the limits over the whole plan, then this shard's part of it.
            var all = Politeness.Apply(probes, history, now);
            var planned = (settings.Shard ?? Shard.All).Take(all, p => p.Probe.Id);
            var text = Render(planned);
            if (settings.Shard is { } shard)
            {
                text += $"Shard {shard} of the plan: {planned.Count} of its {all.Count} probe(s); the other shards make the rest.{Environment.NewLine}";
            }

            // What a probe would submit may hold a secret: shown masked, like in every other output.
            await output.WriteAsync(new Redactor(suite.Secrets).Redact(text));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly string[] Header = ["#", "scenario", "target", "persona", "question", "sample", "submits", "status"];
    private const int SampleColumn = 5;

    public static string Render(IReadOnlyList<PlannedProbe> planned)
    {
        var rows = new List<string[]> { Header };
        var number = 0;
        foreach (var (probe, skip) in planned)
        {
            var submits = Submissions(probe).ToList();
            rows.Add(
            [
                (++number).ToString(System.Globalization.CultureInfo.InvariantCulture),
                probe.Scenario.Name,
                $"{probe.Target.Id} ({probe.Target.Role.ToString().ToLowerInvariant()})",
                probe.Persona.Id,
                probe.Question?.Id ?? "-",
                probe.Sample.ToString(System.Globalization.CultureInfo.InvariantCulture),
                submits.Count == 0 ? "nothing" : submits[0],
                skip is null ? "will run" : $"skipped: {skip}",
            ]);
            rows.AddRange(submits.Skip(1).Select(s => new[] { "", "", "", "", "", "", s, "" }));
        }

        // The sample column only when some scenario has repeated samples: a plan without them reads as before.
        if (planned.All(p => p.Probe.Sample == 1))
        {
            rows = rows.Select(r => r.Where((_, c) => c != SampleColumn).ToArray()).ToList();
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }

        var runs = planned.Count(p => p.Runs);
        text.AppendLine().AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{planned.Count} probe(s): {runs} will run, {planned.Count - runs} skipped by politeness limits.");
        return text.ToString();
    }

    /// <summary>Each submitting step, with where it submits: the page last opened before it, or the email address.</summary>
    private static IEnumerable<string> Submissions(Probe probe)
    {
        var page = probe.TargetUrl;
        foreach (var step in ScenarioReader.Flatten(probe.Journey))
        {
            switch (step)
            {
                case GotoStep go:
                    page = go.Url.Render(probe.Values);
                    break;
                case SendEmailStep send:
                    var to = send.To.Render(probe.Values);
                    yield return $"email \"{send.Subject.Render(probe.Values)}\" to {probe.Target.Emails.GetValueOrDefault(to, to)}";
                    break;
                case { Submit: true }:
                    yield return $"{step.Describe()} on {page}";
                    break;
            }
        }
    }
}
