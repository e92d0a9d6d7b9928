using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.Storage.Tests;

/// <summary>Tags (<c>mshop tag RUN NAME</c>) and the earlier runs of a suite (<c>--baseline last</c>, trends), in a real SQLite file.</summary>
public sealed class RunTagTests
{
    private TempFolder _folder = null!;

    private static CancellationToken None => CancellationToken.None;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task TagRunAsync_SetAgain_MovesToTheNewRun()
    {
        await using var store = await SqliteStore.OpenAsync(_folder.File("store.db"), None);
        await store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        await store.CreateRunAsync(Some.Run("r2", Some.Start.AddHours(1)), None);

        var first = await store.TagRunAsync("release", "r1", Some.Start, None);
        var again = await store.TagRunAsync("release", "r1", Some.Start, None);
        var moved = await store.TagRunAsync("release", "r2", Some.Start.AddHours(2), None);
        await store.TagRunAsync("nightly", "r2", Some.Start.AddHours(2), None);

        Assert.Multiple(async () =>
        {
            Assert.That((first, again, moved), Is.EqualTo(((string?)null, (string?)null, (string?)"r1")));
            Assert.That(await store.TagsAsync(None), Is.EqualTo(new[]
            {
                new RunTag("nightly", "r2", Some.Start.AddHours(2)),
                new RunTag("release", "r2", Some.Start.AddHours(2)),
            }));
        });
    }

    [Test]
    public async Task EarlierRunsAsync_SameSuiteFinishedBefore_NewestFirst()
    {
        await using var store = await SqliteStore.OpenAsync(_folder.File("store.db"), None);
        for (var i = 1; i <= 4; i++)
        {
            await store.CreateRunAsync(Some.Run($"r{i}", Some.Start.AddHours(i)), None);
            if (i != 3)
            {
                await store.FinishRunAsync($"r{i}", Some.Start.AddHours(i).AddMinutes(5), None);
            }
        }

        await store.CreateRunAsync(Some.Run("other", Some.Start.AddHours(2.5)) with { Suite = "another-suite" }, None);
        await store.FinishRunAsync("other", Some.Start.AddHours(3), None);
        var suite = (await store.FindRunAsync("r1", None))!.Suite;

        var earlier = await store.EarlierRunsAsync(suite, Some.Start.AddHours(4), 10, None);
        var one = await store.EarlierRunsAsync(suite, Some.Start.AddHours(4), 1, None);

        Assert.Multiple(() =>
        {
            // r3 never finished, r4 is not earlier, 'other' is another suite.
            Assert.That(earlier.Select(r => r.Id), Is.EqualTo(new[] { "r2", "r1" }));
            Assert.That(one.Select(r => r.Id), Is.EqualTo(new[] { "r2" }));
        });
    }

    [Test]
    public async Task PruneAsync_TaggedRun_RemovesItsTags()
    {
        await using var store = await SqliteStore.OpenAsync(_folder.File("store.db"), None);
        await store.CreateRunAsync(Some.Run("old", Some.Start), None);
        await store.TagRunAsync("release", "old", Some.Start, None);

        var removed = await store.PruneAsync(Some.Start.AddDays(1), force: false, None);

        Assert.That(removed.Select(r => r.Id), Is.EqualTo(new[] { "old" }));
        Assert.That(await store.TagsAsync(None), Is.Empty);
    }
}
