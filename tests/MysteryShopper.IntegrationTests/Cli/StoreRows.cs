using System.Globalization;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace MysteryShopper.IntegrationTests.Cli;

/// <summary>A probe's row as the store file holds it.</summary>
public sealed record ProbeRow(string Token, string RunId, string ProbeId, string TargetId, string Email, string State, string? Reason);

/// <summary>A received message's row: its key, where it was read and whose it is.</summary>
public sealed record MessageRow(string Key, string Mailbox, string Source, string? Token);

/// <summary>
/// Reads a workspace's store file directly (read-only SQL, between mshop processes), so the tests check what is on
/// disk rather than what the program says about it.
/// </summary>
public static class StoreRows
{
    public static string PathIn(string workspace) => Path.Combine(workspace, ".mshop", "store.db");

    public static IReadOnlyList<ProbeRow> Probes(string workspace) => Query(
        workspace,
        "SELECT token, run_id, probe_id, target_id, email, state, state_reason FROM probes ORDER BY planned_at, ordinal",
        r => new ProbeRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));

    public static IReadOnlyList<MessageRow> Messages(string workspace) => Query(
        workspace,
        "SELECT message_key, mailbox, source, token FROM messages",
        r => new MessageRow(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));

    public static IReadOnlyList<string> RunIds(string workspace) => Query(workspace, "SELECT id FROM runs ORDER BY started_at", r => r.GetString(0));

    /// <summary>(token, kind, name, detail) of every observation.</summary>
    public static IReadOnlyList<(string Token, string Kind, string? Name, string? Detail)> Observations(string workspace) => Query(
        workspace,
        "SELECT token, kind, name, detail FROM observations ORDER BY token, seq",
        r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)));

    /// <summary>(token, message id) of every message a probe sent.</summary>
    public static IReadOnlyList<(string Token, string MessageId)> Sent(string workspace) => Query(
        workspace, "SELECT token, message_id FROM sent_messages", r => (r.GetString(0), r.GetString(1)));

    /// <summary>A metric of a probe, in seconds for durations; null when not measured.</summary>
    public static double? Metric(string workspace, string token, string name) => Query(
        workspace,
        "SELECT value FROM metrics WHERE token = $token AND name = $name",
        r => r.IsDBNull(0) ? (double?)null : r.GetDouble(0),
        ("$token", token),
        ("$name", name)).SingleOrDefault();

    /// <summary>The Message-ID (without brackets) of every message file in a Maildir's new/ and cur/, by file name.</summary>
    public static IReadOnlyDictionary<string, string> MaildirMessageIds(string maildir)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sub in new[] { "new", "cur" })
        {
            var folder = Path.Combine(maildir, sub);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(folder))
            {
                using var stream = File.OpenRead(file);
                ids[Path.GetFileName(file)] = MimeMessage.Load(stream).MessageId ?? "";
            }
        }

        return ids;
    }

    private static List<T> Query<T>(string workspace, string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = PathIn(workspace), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>"passed 3, awaiting 1": the states of some probes, counted.</summary>
    public static string Tally(IEnumerable<ProbeRow> probes) =>
        string.Join(", ", probes.GroupBy(p => p.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}")));
}
