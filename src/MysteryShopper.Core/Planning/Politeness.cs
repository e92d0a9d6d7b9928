using MysteryShopper.Scenarios;

namespace MysteryShopper.Planning;

/// <summary>A probe of an earlier run: which target, and when.</summary>
public sealed record PastProbe(string TargetId, DateTimeOffset StartedAt);

/// <summary>A planned probe, and why it will not run when politeness limits stop it.</summary>
public sealed record PlannedProbe(Probe Probe, string? SkipReason)
{
    public bool Runs => SkipReason is null;
}

/// <summary>
/// Mystery shopping must not flood a company: each target's <c>limits</c> (probes per rolling day, minimum gap
/// between probes) are applied to a plan, counting the probes of earlier runs the store holds (<c>IStore.ReserveProbesAsync</c> applies them atomically).
/// </summary>
public static class Politeness
{
    public static IReadOnlyList<PlannedProbe> Apply(IReadOnlyList<Probe> probes, IReadOnlyList<PastProbe> history, DateTimeOffset now)
    {
        var planned = new List<PlannedProbe>();
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var probe in probes)
        {
            var limits = probe.Target.Limits;
            var past = history.Where(h => h.TargetId == probe.Target.Id).ToList();
            var lastDay = past.Count(h => now - h.StartedAt < TimeSpan.FromDays(1));
            var inThisRun = counted.GetValueOrDefault(probe.Target.Id);
            string? reason = null;
            if (limits.ProbesPerDay is { } perDay && lastDay + inThisRun >= perDay)
            {
                reason = $"limit of {perDay} probe(s) a day for {probe.Target.Id} reached ({lastDay} in the last 24 h before this run, {inThisRun} earlier in it)";
            }
            else if (limits.MinimumGap is { } gap && past.Count > 0 && now - past.Max(h => h.StartedAt) < gap)
            {
                var ago = now - past.Max(h => h.StartedAt);
                reason = $"the last probe of {probe.Target.Id} was {Duration.Format(ago)} ago; min_gap is {Duration.Format(gap)}";
            }
            else if (limits.MinimumGap is not null && inThisRun > 0)
            {
                reason = $"{probe.Target.Id} is already probed once in this run; min_gap is {Duration.Format(limits.MinimumGap.Value)}";
            }

            if (reason is null)
            {
                counted[probe.Target.Id] = inThisRun + 1;
            }

            planned.Add(new PlannedProbe(probe, reason));
        }

        return planned;
    }

    /// <summary>How far back the limits of <paramref name="suite"/>'s targets look: a day, or the longest min_gap.</summary>
    public static TimeSpan Window(Suite suite) =>
        suite.Targets.Values.Select(t => t.Limits.MinimumGap ?? TimeSpan.Zero).Append(TimeSpan.FromDays(1)).Max();
}
