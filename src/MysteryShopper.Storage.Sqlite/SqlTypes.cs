using System.Data;
using System.Globalization;
using Dapper;

namespace MysteryShopper.Storage.Sqlite;

/// <summary>
/// How values are written to and read from the store, in one place: timestamps as fixed-width UTC ISO-8601 text
/// (<c>2026-11-23T09:00:00.0000000Z</c>), which sorts and compares as text in any SQL database.
/// </summary>
public static class SqlTypes
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

    private static readonly Lazy<bool> Registered = new(() =>
    {
        // Dapper maps DateTimeOffset to DbType.DateTimeOffset itself, which would win over a handler.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new TimestampHandler());
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        return true;
    });

    /// <summary>Registers the Dapper type handlers once per process (Dapper's registry is global).</summary>
    public static void Register() => _ = Registered.Value;

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private sealed class TimestampHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Timestamp(value);
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            string text => ParseTimestamp(text),
            DateTimeOffset offset => offset,
            DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            _ => throw new DataException($"a timestamp stored as {value.GetType().Name}, not text"),
        };
    }
}
