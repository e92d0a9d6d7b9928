using System.Text;
using Microsoft.Data.Sqlite;

namespace MysteryShopper.Tests.Redaction;

/// <summary>Every text and blob in every table of a store file, read-only, to search for what must not be there.</summary>
public static class StoreText
{
    /// <summary>(table.column, text) of every value; a blob as UTF-8 and as Latin-1, so no byte hides.</summary>
    public static List<(string Where, string Text)> Of(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var values = new List<(string, string)>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = reader.GetValue(i) switch
                    {
                        string s => s,
                        byte[] b => Encoding.UTF8.GetString(b) + "\n" + Encoding.Latin1.GetString(b),
                        _ => null,
                    };
                    if (text is not null)
                    {
                        values.Add(($"store: {table}.{reader.GetName(i)}", text));
                    }
                }
            }
        }

        return values;
    }
}
