using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.Storage.Tests;

/// <summary>Schema versions: a new store, a kept version-1 file, and a store from a newer mshop.</summary>
public sealed class MigrationTests
{
    private TempFolder _folder = null!;

    private static CancellationToken None => CancellationToken.None;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task OpenAsync_NewFile_AppliesEveryMigrationInOrder()
    {
        var path = _folder.File("store.db");

        await (await SqliteStore.OpenAsync(path, None)).DisposeAsync();

        Assert.That(await VersionsAsync(path), Is.EqualTo(SqliteSchema.Migrations.Select(m => m.Version)));
        Assert.That(SqliteSchema.CurrentVersion, Is.EqualTo(3));
        Assert.That(await ScalarAsync(path, "PRAGMA journal_mode"), Is.EqualTo("wal"));
    }

    [Test]
    public async Task OpenAsync_CurrentStoreOpenedAgain_KeepsItsRows()
    {
        var path = _folder.File("store.db");
        await using (var store = await SqliteStore.OpenAsync(path, None))
        {
            await store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        }

        await using var again = await SqliteStore.OpenAsync(path, None);

        Assert.That(await again.FindRunAsync("r1", None), Is.Not.Null);
        Assert.That(await VersionsAsync(path), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public async Task OpenAsync_TwoStoresOpenANewFileAtOnce_BothMigrateItOnce()
    {
        var path = _folder.File("store.db");

        var stores = await Task.WhenAll(Task.Run(() => SqliteStore.OpenAsync(path, None)), Task.Run(() => SqliteStore.OpenAsync(path, None)));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.That(await VersionsAsync(path), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public async Task OpenAsync_VersionOneStore_MigratesToCurrentKeepingItsRows()
    {
        var path = _folder.File("store.db");
        File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "store-v1.db"), path);
        Assert.That(await VersionsAsync(path), Is.EqualTo(new[] { 1 }), "the kept file is a version-1 store");

        await using var store = await SqliteStore.OpenAsync(path, None);

        Assert.That(await VersionsAsync(path), Is.EqualTo(new[] { 1, 2, 3 }));
        var run = await store.FindRunAsync("last", None);
        Assert.That(run?.Id, Is.EqualTo("20261123-090000-ab12"));
        Assert.That(run?.FinishedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 23, 9, 5, 0, TimeSpan.Zero)));
        var probes = await store.ProbesOfRunAsync(run!.Id, None);
        Assert.That(probes.Select(p => (p.Token, p.State)), Is.EqualTo(new[] { ("k3x9", ProbeState.Awaiting), ("p7q2", ProbeState.TimedOut) }));
        Assert.That(probes[0].Deadline, Is.EqualTo(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero)));
        Assert.That(probes[0].VerdictJson, Is.Null, "added by version 2, empty for older probes");
        var observations = await store.ObservationsAsync("k3x9", None);
        Assert.That(observations.Select(o => o.Name), Is.EqualTo(new[] { null, "goto", "asked" }));
        Assert.That(observations[1].Numbers?["ttfb_ms"], Is.EqualTo(120.5));
        Assert.That(await store.SubmissionsAsync("k3x9", None), Has.Count.EqualTo(1));
        Assert.That(await store.ArtifactsAsync("k3x9", None), Has.Count.EqualTo(1));
        Assert.That(await store.SentMessageIdsAsync(["k3x9"], None), Does.ContainKey("q1.k3x9@inbox.test"));
        Assert.That((await store.MessagesOfProbeAsync("k3x9", None)).Single().Raw, Is.EqualTo("Subject: hi"u8.ToArray()));
        Assert.That(await store.UnattributedAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, None), Has.Count.EqualTo(1));
        Assert.That((await store.MailboxPositionAsync("imap://mail.example:993/shopper/INBOX", None))?.NextUid, Is.EqualTo(42));

        await store.SaveVerdictAsync("p7q2", """{"passed":false}""", [new StoredMetric("first_reply_seconds", null, true)], None);
        Assert.That(await store.MetricsAsync("p7q2", None), Has.Count.EqualTo(1), "the new table is usable");
    }

    [Test]
    public async Task OpenAsync_StoreNewerThanProgram_ThrowsNewerThanProgramAndLeavesItUnchanged()
    {
        var path = _folder.File("store.db");
        await using (var store = await SqliteStore.OpenAsync(path, None))
        {
            await store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        }

        await ExecuteAsync(path, "INSERT INTO schema_version (version, name, applied_at) VALUES (4, '0004_future', '2027-01-01T00:00:00.0000000Z')");
        var before = Hash(path);

        var error = Assert.ThrowsAsync<StoreException>(async () => await SqliteStore.OpenAsync(path, None));

        Assert.That(error?.Message, Does.Contain("newer mshop").And.Contain("version 4").And.Contain("up to 3"));
        SqliteConnection.ClearAllPools();
        Assert.That(Hash(path), Is.EqualTo(before));
        Assert.That(File.Exists(path + "-wal"), Is.False);
        Assert.That(await VersionsAsync(path), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    [Test]
    [Explicit("regenerates TestData/store-v1.db in the source tree; see TestData/README.md")]
    public async Task MakeStoreV1()
    {
        var data = Path.Combine(SourceFolder(), "TestData");
        var path = Path.Combine(data, "store-v1.db");
        File.Delete(path);
        await (await SqliteStore.OpenAsync(path, schemaVersion: 1, None)).DisposeAsync();
        await ExecuteAsync(path, await File.ReadAllTextAsync(Path.Combine(data, "store-v1.sql")));
        await ExecuteAsync(path, "VACUUM");

        Assert.That(await VersionsAsync(path), Is.EqualTo(new[] { 1 }));
    }

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task<List<int>> VersionsAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<int>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
