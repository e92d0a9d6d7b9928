using Microsoft.Data.Sqlite;

namespace MysteryShopper.Storage.Sqlite;

/// <summary>What SQLite's failures mean for the user: each code that says the store cannot be used becomes a
/// <see cref="StoreException"/> saying what to do; anything else is a bug and stays as it is.</summary>
public static class StoreErrors
{
    // Primary result codes (https://sqlite.org/rescode.html).
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADb = 26;

    public static StoreException? Map(SqliteException exception, string location) => exception.SqliteErrorCode switch
    {
        ReadOnly => StoreException.ReadOnly(location, exception),
        Full => StoreException.Full(location, exception),
        Corrupt => StoreException.Corrupt(location, "SQLite reports a malformed database", exception),
        NotADb => StoreException.Corrupt(location, "not a SQLite database", exception),
        CantOpen => StoreException.Unavailable(location, "SQLite cannot open the file (a missing folder, or no permission)", exception),
        Busy or Locked => StoreException.Unavailable(location, "another process holds the store and did not let go within 10 s; try again when it is done", exception),
        IoErr => StoreException.Unavailable(location, $"a disk I/O error (SQLite extended code {exception.SqliteExtendedErrorCode})", exception),
        _ => null,
    };
}
