using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MysteryShopper.Storage.Sqlite;

/// <summary>
/// The store's versioned schema: the embedded <c>Migrations/NNNN_name.sql</c> scripts, applied in order on open, each
/// in its own write transaction with its number recorded in <c>schema_version</c> (a table rather than
/// <c>PRAGMA user_version</c>, so a PostgreSQL store keeps versions the same way).
/// </summary>
public static class SqliteSchema
{
    private static readonly Lazy<IReadOnlyList<Migration>> All = new(Load);

    public static IReadOnlyList<Migration> Migrations => All.Value;

    /// <summary>The schema version this program writes.</summary>
    public static int CurrentVersion => All.Value[^1].Version;

    /// <summary>The version a store is at: 0 for a new (empty) file.</summary>
    public static async Task<int> VersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            transaction: transaction,
            cancellationToken: cancellationToken));
        if (exists == 0)
        {
            return 0;
        }

        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_version", transaction: transaction, cancellationToken: cancellationToken)) ?? 0;
    }

    /// <summary>
    /// Brings a store up to <paramref name="targetVersion"/>. A store newer than this program is refused before
    /// anything is written. Safe when several processes open one store at once: each migration re-reads the version
    /// inside its write transaction.
    /// </summary>
    public static async Task MigrateAsync(SqliteConnection connection, string location, int targetVersion, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(connection, null, cancellationToken);
        if (version > CurrentVersion)
        {
            throw StoreException.NewerThanProgram(location, version, CurrentVersion);
        }

        foreach (var migration in Migrations.Where(m => m.Version > version && m.Version <= targetVersion))
        {
            using var transaction = connection.BeginTransaction();
            if (await VersionAsync(connection, transaction, cancellationToken) >= migration.Version)
            {
                continue; // another process applied it while we waited for the lock
            }

            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    INTEGER NOT NULL PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """,
                transaction: transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = TimeProvider.System.GetUtcNow() },
                transaction,
                cancellationToken: cancellationToken));
            transaction.Commit();
        }
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(SqliteSchema).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)))
        {
            var name = Path.GetFileNameWithoutExtension(resource);
            var version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            migrations.Add(new Migration(version, name, Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migration {migrations[i].Name} is out of sequence: expected number {i + 1}");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"migration {resource} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One schema step: <c>Migrations/0002_verdicts_and_metrics.sql</c> is version 2.</summary>
public sealed record Migration(int Version, string Name, string Sql);
