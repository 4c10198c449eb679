using KuaishouSeller.Core.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KuaishouSeller.Core.Persistence;

/// <summary>
/// Tells a lost database (server down, connections refused or cut, file unreadable) from a bug, so a page can say
/// "the database is unavailable, nothing was lost, try again" instead of "something went wrong", and the next action
/// after the database is back simply works.
/// </summary>
public static class DatabaseOutage
{
    public static Bilingual Message { get; } = DatabaseHealth.Failed("").UserMessage!.Value;

    /// <summary>An open that timed out means the database is busy (overload, pool exhausted), not gone: say so.</summary>
    public static Bilingual Busy { get; } = new("数据库繁忙，请稍后重试。您已保存的数据没有丢失。", "The database is busy; try again in a moment. Nothing you saved was lost.");

    /// <summary>What to tell the user about an outage: busy after a timeout, unavailable otherwise.</summary>
    public static Bilingual MessageFor(Exception exception) => exception.GetBaseException() is TimeoutException ? Busy : Message;

    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // FATAL errors end the session (terminated, refused, database closed to connections); class 08 is
                // "connection exception"; 57P01-57P03 are shutdowns. Anything else is a statement error: a bug, not an outage.
                case PostgresException p:
                    return p.Severity is "FATAL" or "PANIC" || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03";
                // Without a server message: socket closed, connection refused, timeout.
                case NpgsqlException:
                    return true;
                // Read-only, I/O error, cannot open, not a database.
                case SqliteException s:
                    return s.SqliteErrorCode is 8 or 10 or 14 or 26;
            }
        }
        return false;
    }

    /// <summary>
    /// Drops the idle pooled connections, which a lost server broke, so the next query opens a fresh one. Not after a
    /// timeout: then the connections are busy (overload, pool exhausted), not broken, and dropping them makes it worse.
    /// </summary>
    public static void ResetConnections(DatabaseOptions options, Exception cause)
    {
        if (cause.GetBaseException() is TimeoutException) return;
        if (options.Provider == DatabaseProvider.Postgres)
        {
            using var connection = new NpgsqlConnection(options.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
        else
        {
            using var connection = new SqliteConnection(options.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }
}
