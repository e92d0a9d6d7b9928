using Microsoft.Data.Sqlite;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.Storage.Tests;

/// <summary>A store that cannot be used says so as a <see cref="StoreException"/>, and loses nothing it had committed.</summary>
public sealed class FailureTests
{
    private TempFolder _folder = null!;
    private TmpfsMount? _mount;

    private static CancellationToken None => CancellationToken.None;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown()
    {
        try
        {
            _mount?.Dispose();
        }
        finally
        {
            _mount = null;
            _folder.Dispose();
        }
    }

    [Test]
    public void OpenAsync_FileOfRandomBytes_ThrowsCorrupt()
    {
        var path = _folder.File("store.db");
        var bytes = new byte[16384];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.ThrowsAsync<StoreException>(async () => await SqliteStore.OpenAsync(path, None));

        Assert.That(error?.Message, Does.Contain("is damaged"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes), "left untouched");
    }

    [Test]
    public async Task OpenAsync_TruncatedStore_ThrowsCorrupt()
    {
        var path = _folder.File("store.db");
        await using (var store = await SqliteStore.OpenAsync(path, None))
        {
            await store.CreateRunAsync(Some.Run("r1", Some.Start), None);
            for (var i = 0; i < 40; i++)
            {
                await store.AddMessageAsync(Some.Message($"m{i}", null, Some.Start, rawBytes: 3000), None);
            }
        }

        await using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var error = Assert.ThrowsAsync<StoreException>(async () =>
        {
            await using var store = await SqliteStore.OpenAsync(path, None);
            await store.UnattributedAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, None);
        });

        Assert.That(error?.Message, Does.Contain("is damaged"));
    }

    [Test]
    public async Task OpenAsync_ReadOnlyDisk_ThrowsReadOnly()
    {
        _mount = TmpfsMount.Mount("4m");
        var path = _mount.File("store.db");
        await using (var store = await SqliteStore.OpenAsync(path, None))
        {
            await store.CreateRunAsync(Some.Run("r1", Some.Start), None);
        }

        SqliteConnection.ClearAllPools();
        _mount.Remount("ro");

        var error = Assert.ThrowsAsync<StoreException>(async () => await SqliteStore.OpenAsync(path, None));

        Assert.That(error?.Message, Does.Contain("cannot be written"));
    }

    [Test]
    public void OpenAsync_ReadOnlyDiskWithoutTheFile_ThrowsReadOnly()
    {
        _mount = TmpfsMount.Mount("1m");
        _mount.Remount("ro");

        var error = Assert.ThrowsAsync<StoreException>(async () => await SqliteStore.OpenAsync(_mount.File(".mshop/store.db"), None));

        Assert.That(error?.Message, Does.Contain("cannot be written"));
    }

    [Test]
    public async Task AddMessageAsync_DiskFills_ThrowsFullAndKeepsEverythingCommittedBefore()
    {
        // Room for the store's schema (every migration) and a few messages, not for 100 of them.
        _mount = TmpfsMount.Mount("512k");
        var path = _mount.File("store.db");
        var stored = new List<string>();
        StoreException? error = null;
        await using (var store = await SqliteStore.OpenAsync(path, None))
        {
            await store.CreateRunAsync(Some.Run("r1", Some.Start), None);
            for (var i = 0; i < 100 && error is null; i++)
            {
                try
                {
                    await store.AddMessageAsync(Some.Message($"m{i}", null, Some.Start.AddSeconds(i), rawBytes: 16 * 1024), None);
                    stored.Add($"m{i}");
                }
                catch (StoreException e)
                {
                    error = e;
                }
            }
        }

        Assert.That(error?.Message, Does.Contain("is full"), "the disk filled up before 100 messages of 16 KiB");
        Assert.That(stored, Is.Not.Empty);

        SqliteConnection.ClearAllPools();
        _mount.Remount("size=16m");
        await using var reopened = await SqliteStore.OpenAsync(path, None);
        var kept = await reopened.UnattributedAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, None);
        Assert.That(kept.Select(m => m.Key), Is.EqualTo(stored), "every message committed before the disk filled");
        Assert.That(kept.All(m => m.Raw.Length == 16 * 1024), Is.True);
        Assert.That(await reopened.FindRunAsync("r1", None), Is.Not.Null);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task CreateRunAsync_AnotherProcessHoldsTheWriteLock_ThrowsUnavailableAfterTheTimeout()
    {
        var path = _folder.File("store.db");
        await using var store = await SqliteStore.OpenAsync(path, None);
        await using var holder = new SqliteConnection($"Data Source={path};Pooling=false");
        await holder.OpenAsync();
        await using var transaction = holder.BeginTransaction();

        var started = TimeProvider.System.GetTimestamp();
        var error = Assert.ThrowsAsync<StoreException>(async () => await store.CreateRunAsync(Some.Run("r1", Some.Start), None));

        Assert.That(error?.Message, Does.Contain("another process holds the store"));
        Assert.That(TimeProvider.System.GetElapsedTime(started), Is.GreaterThanOrEqualTo(SqliteStore.BusyTimeout - TimeSpan.FromSeconds(1)));
        Assert.That(await store.FindRunAsync("last", None), Is.Null, "readers are not blocked by the writer (WAL)");
    }

    [TestCase(8, "cannot be written")]
    [TestCase(13, "is full")]
    [TestCase(11, "is damaged")]
    [TestCase(26, "is damaged")]
    [TestCase(14, "cannot be opened")]
    [TestCase(5, "another process holds the store")]
    [TestCase(6, "another process holds the store")]
    [TestCase(10, "disk I/O error")]
    public void Map_SqliteErrorCode_SaysWhatItMeans(int code, string expected)
    {
        var error = StoreErrors.Map(new SqliteException("sqlite says no", code), "/w/.mshop/store.db");

        Assert.That(error?.Message, Does.Contain(expected).And.Contain("/w/.mshop/store.db"));
        Assert.That(error?.InnerException, Is.InstanceOf<SqliteException>());
    }

    [Test]
    public void Map_ConstraintViolation_IsLeftAsABug()
    {
        Assert.That(StoreErrors.Map(new SqliteException("UNIQUE constraint failed", 19), "/w/store.db"), Is.Null);
    }
}
