using Microsoft.Data.Sqlite;
using MysteryShopper.Storage.Sqlite;

namespace MysteryShopper.Storage.Tests;

/// <summary>
/// Two store instances over one file, as two processes would have: the second is opened through a symlinked folder,
/// so it has a connection pool of its own, and every decision rests on SQLite's file locks alone.
/// </summary>
public sealed class ConcurrencyTests
{
    private TempFolder _folder = null!;
    private SqliteStore _first = null!;
    private SqliteStore _second = null!;

    private static CancellationToken None => CancellationToken.None;

    [SetUp]
    public async Task SetUp()
    {
        _folder = new TempFolder();
        Directory.CreateDirectory(_folder.File("real"));
        Directory.CreateSymbolicLink(_folder.File("link"), _folder.File("real"));
        _first = await SqliteStore.OpenAsync(_folder.File("real/store.db"), None);
        _second = await SqliteStore.OpenAsync(_folder.File("link/store.db"), None);
        await _first.CreateRunAsync(Some.Run("r1", Some.Start), None);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task ClaimProbeAsync_TwoStoresClaimEveryProbe_EachProbeIsWonExactlyOnce()
    {
        var tokens = Enumerable.Range(0, 60).Select(i => $"t{i}").ToList();
        await _first.ReserveProbesAsync(
            DateTimeOffset.MinValue,
            _ => tokens.Select(t => Some.Planned(t, "rival-a")).ToList(),
            p => Some.Probe("r1", p.Probe.Token, int.Parse(p.Probe.Token[1..], System.Globalization.CultureInfo.InvariantCulture), state: ProbeState.Awaiting),
            None);

        async Task<List<string>> ClaimAll(IStore store, string owner)
        {
            var won = new List<string>();
            foreach (var token in tokens)
            {
                if (await store.ClaimProbeAsync(token, owner, [ProbeState.Awaiting], null, None))
                {
                    won.Add(token);
                }
            }

            return won;
        }

        var results = await Task.WhenAll(Task.Run(() => ClaimAll(_first, "one")), Task.Run(() => ClaimAll(_second, "two")));

        Assert.That(results[0].Concat(results[1]), Is.EquivalentTo(tokens), "every probe won once, none twice");
        var owners = (await _first.ProbesOfRunAsync("r1", None)).ToDictionary(p => p.Token, p => p.Owner);
        Assert.That(results[0].All(t => owners[t] == "one") && results[1].All(t => owners[t] == "two"), Is.True);
        Assert.That(await IntegrityAsync(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task AddMessageAsync_TwoStoresAddTheSameMessages_EachIsStoredOnceAndBothSeeTheFirstWriter()
    {
        await _first.ReserveProbesAsync(
            DateTimeOffset.MinValue,
            _ => [Some.Planned("a", "rival-a"), Some.Planned("b", "rival-b")],
            p => Some.Probe("r1", p.Probe.Token, p.Probe.Token == "a" ? 0 : 1),
            None);
        var keys = Enumerable.Range(0, 150).Select(i => $"m{i}").ToList();

        async Task<List<MessageAdded>> AddAll(IStore store, string token)
        {
            var added = new List<MessageAdded>();
            foreach (var key in keys)
            {
                added.Add(await store.AddMessageAsync(Some.Message(key, token, Some.Start, rawBytes: 2000), None));
            }

            return added;
        }

        var results = await Task.WhenAll(Task.Run(() => AddAll(_first, "a")), Task.Run(() => AddAll(_second, "b")));

        var all = results[0].Concat(results[1]).ToList();
        Assert.That(all.Count(a => a.IsNew), Is.EqualTo(keys.Count), "one writer wins each key");
        foreach (var key in keys)
        {
            var pair = all.Where(a => a.Stored.Key == key).ToList();
            Assert.That(pair.Select(a => a.Stored.Token).Distinct().Count(), Is.EqualTo(1), $"both writers of {key} see the same probe");
        }

        var stored = (await _first.MessagesOfProbeAsync("a", None)).Count + (await _first.MessagesOfProbeAsync("b", None)).Count;
        Assert.That(stored, Is.EqualTo(keys.Count));
        Assert.That(await IntegrityAsync(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task ReserveProbesAsync_TwoStoresWithALimitOfOne_NeverBothTakeTheLastProbe()
    {
        var targets = Enumerable.Range(0, 15).Select(i => $"target-{i}").ToList();

        Task<IReadOnlyList<MysteryShopper.Planning.PlannedProbe>> Reserve(IStore store, string target, string token) => Task.Run(() => store.ReserveProbesAsync(
            Some.Start.AddDays(-1),
            past =>
            {
                Thread.Sleep(5); // widen the window between reading the history and inserting
                return [Some.Planned(token, target, past.Any(p => p.TargetId == target) ? "limit of 1 probe a day reached" : null)];
            },
            Some.ToStored("r1", Some.Start),
            None));

        foreach (var target in targets)
        {
            await Task.WhenAll(Reserve(_first, target, $"{target}-one"), Reserve(_second, target, $"{target}-two"));
        }

        var probes = await _first.ProbesOfRunAsync("r1", None);
        Assert.That(probes.GroupBy(p => p.TargetId).Select(g => g.Count()), Is.All.EqualTo(1));
        Assert.That(probes, Has.Count.EqualTo(targets.Count));
    }

    [Test]
    public async Task AppendObservationsAsync_TwoStoresAppendToOneProbe_KeepsEveryObservation()
    {
        await _first.ReserveProbesAsync(DateTimeOffset.MinValue, _ => [Some.Planned("t1", "rival-a")], Some.ToStored("r1", Some.Start), None);

        async Task AppendAll(IStore store, string name)
        {
            for (var batch = 0; batch < 20; batch++)
            {
                var observations = Enumerable.Range(0, 5)
                    .Select(i => new MysteryShopper.Execution.Observation(MysteryShopper.Execution.ObservationKind.Mark, Some.Start.AddSeconds(batch)) { Name = $"{name}-{batch}-{i}" })
                    .ToList();
                await store.AppendObservationsAsync("t1", observations, None);
            }
        }

        await Task.WhenAll(Task.Run(() => AppendAll(_first, "one")), Task.Run(() => AppendAll(_second, "two")));

        var names = (await _first.ObservationsAsync("t1", None)).Select(o => o.Name).ToList();
        Assert.That(names, Has.Count.EqualTo(200).And.Unique);
        Assert.That(names.Where(n => n!.StartsWith("one-", StringComparison.Ordinal)), Is.EqualTo(
            Enumerable.Range(0, 20).SelectMany(b => Enumerable.Range(0, 5).Select(i => $"one-{b}-{i}"))), "each writer's observations keep their order");
        Assert.That(await IntegrityAsync(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task ReserveProbesAsync_AnotherProcessIsReserving_WaitsForItAndCountsItsProbe()
    {
        // A real second process: the sqlite3 shell takes the write lock, inserts a probe, and commits a moment later.
        var start = new System.Diagnostics.ProcessStartInfo("sqlite3") { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(_first.Location);
        System.Diagnostics.Process? shell = null;
        try
        {
            shell = System.Diagnostics.Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Ignore($"the sqlite3 shell is not installed ({e.Message})");
        }

        using var other = shell!;
        await other.StandardInput.WriteLineAsync(
            $"""
            BEGIN IMMEDIATE;
            INSERT INTO probes (token, run_id, probe_id, ordinal, planned_at, scenario, scenario_file, target_id, target_name,
                target_role, target_url, persona, first_name, email, state)
            VALUES ('theirs', 'r1', 'p/rival-a/d', 0, '{SqlTypes.Timestamp(Some.Start)}', 'p', 'p.yaml', 'rival-a', 'Rival A',
                'competitor', 'https://rival-a.example', 'd', 'Sam', 'x@inbox.test', 'planned');
            SELECT 'locked';
            """);
        await other.StandardInput.FlushAsync();
        Assert.That(await other.StandardOutput.ReadLineAsync(), Is.EqualTo("locked"));

        IReadOnlyList<MysteryShopper.Planning.PastProbe>? seen = null;
        // On a thread of its own: Microsoft.Data.Sqlite's async methods block while SQLite waits for the lock.
        var reserving = Task.Run(() => _second.ReserveProbesAsync(
            Some.Start.AddDays(-1),
            past =>
            {
                seen = past;
                return [Some.Planned("ours", "rival-a", past.Any(p => p.TargetId == "rival-a") ? "limit reached" : null)];
            },
            Some.ToStored("r1", Some.Start),
            None));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.That(reserving.IsCompleted, Is.False, "waits while the other process holds the write lock");
        await other.StandardInput.WriteLineAsync("COMMIT;");
        other.StandardInput.Close();
        await other.WaitForExitAsync();

        var decided = await reserving;

        Assert.That(seen?.Select(p => p.TargetId), Is.EqualTo(new[] { "rival-a" }));
        Assert.That(decided.Single().Runs, Is.False);
        Assert.That((await _first.ProbesOfRunAsync("r1", None)).Select(p => p.Token), Is.EqualTo(new[] { "theirs" }));
    }

    private async Task<string?> IntegrityAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_first.Location};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string?)await command.ExecuteScalarAsync();
    }
}
