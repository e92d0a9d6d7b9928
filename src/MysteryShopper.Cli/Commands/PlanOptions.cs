using System.CommandLine;
using MysteryShopper.Pipeline;
using MysteryShopper.Planning;

namespace MysteryShopper.Cli.Commands;

/// <summary>
/// The options that change which probes a plan holds, shared by <c>run</c> and <c>plan</c> so that <c>mshop plan</c>
/// shows exactly what the same <c>mshop run</c> would make: <c>--samples N</c> and <c>--shard i/n</c>.
/// </summary>
public sealed class PlanOptions
{
    private readonly Option<int?> _samples = OptionValues.WholeNumber("--samples", Samples.Range, "Probes per scenario and target (and question), each with its own address; overrides every scenario's samples (default: the scenario's, else 1)");
    private readonly Option<Shard?> _shard = OptionValues.Setting<Shard>("--shard", "i/n", "Make only part i of n of the plan (the same split on every machine), and export the run for 'mshop merge'", Shard.TryParse);

    public void AddTo(Command command)
    {
        command.Options.Add(_samples);
        command.Options.Add(_shard);
    }

    /// <summary><paramref name="settings"/> with the samples and shard given (both were checked as they were parsed).</summary>
    public RunSettings Over(ParseResult parse, RunSettings settings) => settings with
    {
        Samples = parse.GetValue(_samples) ?? settings.Samples,
        Shard = parse.GetValue(_shard) ?? settings.Shard,
    };
}
