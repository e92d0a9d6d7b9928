using MysteryShopper.Planning;

namespace MysteryShopper.Tests.Planning;

public class ShardTests
{
    /// <summary>Two scenarios, three targets, two questions and three samples: 18 + 3 probes.</summary>
    private static IReadOnlyList<Probe> Plan() => Planner.Plan(SamplesTests.Suite("""
        name: ask
        targets: [own, rival, third]
        samples: 3
        questions:
          - text: "Annual plan?"
          - text: "Free trial?"
        journey:
          - goto: "{target.url}"
        """, """
        name: look
        targets: [own, rival, third]
        journey:
          - goto: "{target.url}"
        """), AddressPattern.Default, t => t.Url, PlanFilter.All);

    [TestCase("1/1", 1, 1)]
    [TestCase("2/3", 2, 3)]
    [TestCase(" 3 / 3 ", 3, 3)]
    public void TryParse_IOverN_IsTheShard(string text, int index, int count)
    {
        Assert.That(Shard.TryParse(text, out var shard, out var problem), Is.True, problem?.Message);
        Assert.That(shard, Is.EqualTo(new Shard(index, count)));
    }

    [TestCase("0/2", "--shard '0/2' has no shard 0 of 2 (the shard number must be from 1 to 2)")]
    [TestCase("3/2", "--shard '3/2' has no shard 3 of 2 (the shard number must be from 1 to 2)")]
    [TestCase("1/0", "--shard '1/0' splits the run into 0 shards (the number of shards (n in i/n) must be at least 1)")]
    [TestCase("2", "--shard '2' is not a shard (write the shard as i/n with 1 <= i <= n, e.g. --shard 1/3)")]
    [TestCase("a/b", "--shard 'a/b' is not a shard (write the shard as i/n with 1 <= i <= n, e.g. --shard 1/3)")]
    [TestCase("-1/2", "--shard '-1/2' is not a shard (write the shard as i/n with 1 <= i <= n, e.g. --shard 1/3)")]
    [TestCase("1/2/3", "--shard '1/2/3' is not a shard (write the shard as i/n with 1 <= i <= n, e.g. --shard 1/3)")]
    public void TryParse_Invalid_SaysWhatAShardIs(string text, string message)
    {
        Assert.That(Shard.TryParse(text, out var shard, out var problem), Is.False);
        Assert.That(shard, Is.Null);
        Assert.That(problem!.ForOption("--shard"), Is.EqualTo(message));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    [TestCase(30)]
    public void Take_EveryShard_IsDisjointAndTogetherComplete(int count)
    {
        var plan = Plan();

        var parts = Enumerable.Range(1, count).Select(i => new Shard(i, count).Take(plan, p => p.Id)).ToList();

        var taken = parts.SelectMany(p => p.Select(probe => probe.Id)).ToList();
        Assert.That(taken, Is.Unique);
        Assert.That(taken, Is.EquivalentTo(plan.Select(p => p.Id)));
        // Dealt round-robin: no shard has more than one probe more than another.
        Assert.That(parts.Max(p => p.Count) - parts.Min(p => p.Count), Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void Take_TwoMachines_MakeTheSameSplitWhateverTheTokens()
    {
        // Each plan has fresh random tokens, as on two machines; the split goes by the stable ids alone.
        var first = Plan();
        var second = Plan();
        Assume.That(first.Select(p => p.Token), Is.Not.EqualTo(second.Select(p => p.Token)));

        for (var i = 1; i <= 3; i++)
        {
            var shard = new Shard(i, 3);
            Assert.That(shard.Take(first, p => p.Id).Select(p => p.Id), Is.EqualTo(shard.Take(second, p => p.Id).Select(p => p.Id)));
        }
    }

    [Test]
    public void Take_KeepsPlanOrderWithinTheShard()
    {
        var plan = Plan();

        var mine = new Shard(2, 4).Take(plan, p => p.Id);

        var positions = mine.Select(p => plan.ToList().IndexOf(p)).ToList();
        Assert.That(positions, Is.Ordered);
    }

    [Test]
    public void Take_DealsTheSortedIdsRoundRobin()
    {
        string[] ids = ["c", "a", "e", "b", "d"];

        Assert.That(new Shard(1, 2).Take(ids, id => id), Is.EqualTo(new[] { "c", "a", "e" }));
        Assert.That(new Shard(2, 2).Take(ids, id => id), Is.EqualTo(new[] { "b", "d" }));
    }

    [Test]
    public void Fingerprint_SameIdsInAnyOrder_AreOnePlan_OtherIdsAnother()
    {
        Assert.That(Shard.Fingerprint(["b", "a"]), Is.EqualTo(Shard.Fingerprint(["a", "b"])));
        Assert.That(Shard.Fingerprint(["a", "b"]), Is.Not.EqualTo(Shard.Fingerprint(["a", "b", "c"])));
    }
}
