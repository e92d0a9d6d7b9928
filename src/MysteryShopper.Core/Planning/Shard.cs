using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MysteryShopper.Settings;

namespace MysteryShopper.Planning;

/// <summary>
/// One part of a run split across machines (<c>--shard i/n</c>, 1-based). The split is a function of the plan's probe
/// ids alone: the ids are sorted (ordinal, so the same on every machine and culture) and dealt round-robin, the k-th id
/// to shard <c>k mod n + 1</c>. Every machine that plans the same suite with the same options therefore makes the same
/// split, the shards are disjoint and together complete, and each company's probes are spread evenly over them.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole plan: <c>1/1</c>.</summary>
    public static readonly Shard All = new(1, 1);

    public const string Hint = "write the shard as i/n with 1 <= i <= n, e.g. --shard 1/3";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary><c>i/n</c> with whole numbers, 1 &lt;= i &lt;= n.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Shard? shard, [NotNullWhen(false)] out SettingProblem? problem)
    {
        shard = null;
        var parts = text.Trim().Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            problem = new SettingProblem($"'{text}' is not a shard", Hint);
            return false;
        }

        problem = count < 1 ? new SettingProblem($"'{text}' splits the run into {count} shards", "the number of shards (n in i/n) must be at least 1")
            : index < 1 || index > count ? new SettingProblem($"'{text}' has no shard {index} of {count}", $"the shard number must be from 1 to {count}")
            : null;
        shard = problem is null ? new Shard(index, count) : null;
        return shard is not null;
    }

    /// <summary>The items of <paramref name="plan"/> (in plan order) that fall to this shard, by their probe ids.</summary>
    public IReadOnlyList<T> Take<T>(IReadOnlyList<T> plan, Func<T, string> id)
    {
        if (Count == 1)
        {
            return plan;
        }

        var order = plan.Select(id).Order(StringComparer.Ordinal).ToList();
        var mine = order.Where((_, k) => k % Count == Index - 1).ToHashSet(StringComparer.Ordinal);
        return plan.Where(p => mine.Contains(id(p))).ToList();
    }

    /// <summary>
    /// A fingerprint of a whole plan (its sorted probe ids), kept with each shard's run: <c>mshop merge</c> takes only
    /// shards that split the same plan, whatever the machines, paths or tokens.
    /// </summary>
    public static string Fingerprint(IEnumerable<string> probeIds)
    {
        var text = string.Join('\n', probeIds.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
