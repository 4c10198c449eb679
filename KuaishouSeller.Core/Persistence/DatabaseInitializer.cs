using System.Net.Sockets;
using KuaishouSeller.Core.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KuaishouSeller.Core.Persistence;

/// <summary>Whether the database can be used, and if not, why — in words for the operator and the user.</summary>
public sealed record DatabaseHealth(bool IsReady, string? OperatorMessage, Bilingual? UserMessage)
{
    public static readonly DatabaseHealth Ready = new(true, null, null);

    public static DatabaseHealth Failed(string operatorMessage) => new(false, operatorMessage,
        new Bilingual("系统暂时无法访问数据库，请稍后再试或联系管理员。您的数据未受影响。",
                      "The system cannot reach its database right now. Please try again later or contact your administrator. Your data is safe."));
}

/// <summary>
/// Opens the database at start-up: checks the configuration and the file, applies migrations and
/// sets SQLite to WAL. Never deletes, recreates or "repairs" anything, so a bad file loses nothing;
/// every known failure becomes one clear sentence instead of a stack trace.
/// </summary>
public static class DatabaseInitializer
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    public static async Task<DatabaseHealth> InitializeAsync(DatabaseOptions options, ILogger logger, CancellationToken ct = default)
    {
        try
        {
            DatabaseSetup.Validate(options);
            if (options.Provider == DatabaseProvider.Sqlite)
                CheckSqliteFile(options);

            await using var db = DatabaseSetup.CreateContext(options);
            await db.Database.MigrateAsync(ct);
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
                await MeasureNewIndexesAsync(db, logger, ct);
            }
            logger.LogInformation("Database ready: {Provider} ({Target})", options.Provider, Describe(options));
            return DatabaseHealth.Ready;
        }
        catch (Exception e) when (Explain(e, options) is { } message)
        {
            logger.LogError("Database unavailable: {Problem}", message);
            return DatabaseHealth.Failed(message);
        }
    }

    /// <summary>
    /// An index a migration added to an analysed SQLite database has no statistics, and the planner then guesses: on the
    /// large world it preferred the new (MerchantId, Status, PaidAt, Id) index to the ordered (MerchantId, PaidAt, Id) one
    /// and sorted 75,000 orders for the first page (70 ms instead of 0.2 ms). Such indexes are measured once, here.
    /// PostgreSQL plans from its column statistics, which its autovacuum keeps.
    /// </summary>
    private static async Task MeasureNewIndexesAsync(AppDbContext db, ILogger logger, CancellationToken ct)
    {
        if (await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'").SingleAsync(ct) == 0)
            return; // never analysed: the planner treats every index alike.
        // Only tables that were measured before (an empty table has no statistics and needs none).
        var unmeasured = await db.Database.SqlQueryRaw<string>(
            "SELECT i.name AS \"Value\" FROM sqlite_master i WHERE i.type = 'index' AND i.name NOT LIKE 'sqlite_autoindex%' " +
            "AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = i.name) AND EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = i.tbl_name)").ToListAsync(ct);
        foreach (var index in unmeasured)
        {
            // The name comes from the schema, quoted as an identifier.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync($"ANALYZE \"{index.Replace("\"", "\"\"")}\"", ct);
#pragma warning restore EF1002
            logger.LogInformation("Measured the new index {Index} for the query planner", index);
        }
    }

    /// <summary>A short name for the target that never includes a password.</summary>
    public static string Describe(DatabaseOptions options)
    {
        try
        {
            if (options.Provider == DatabaseProvider.Sqlite)
                return Path.GetFullPath(new SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource);
            var b = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);
            return $"{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "(invalid connection string)";
        }
    }

    private static void CheckSqliteFile(DatabaseOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.EffectiveConnectionString);
        if (builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory) return;
        var path = Path.GetFullPath(builder.DataSource);
        if (!File.Exists(path))
        {
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            return;
        }
        // Checked explicitly: a privileged process could otherwise write through the read-only flag.
        if ((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0 || builder.Mode == SqliteOpenMode.ReadOnly)
            throw new DatabaseConfigurationException(
                $"The SQLite database file '{path}' is read-only; the app needs to write to it. Make it writable and restart.");
        var header = new byte[SqliteHeader.Length];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.Read(header);
        if (read > 0 && (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader)))
            throw new DatabaseConfigurationException(
                $"The file '{path}' is not a SQLite database (corrupt or overwritten). It was left untouched; restore it from a backup or point Database:ConnectionString elsewhere.");
    }

    private static string? Explain(Exception e, DatabaseOptions options)
    {
        var target = Describe(options);
        return e switch
        {
            DatabaseConfigurationException c => c.Message,
            SqliteException { SqliteErrorCode: 26 or 11 } =>
                $"The SQLite file '{target}' is corrupt or not a database (SQLite error {((SqliteException)e).SqliteErrorCode}). It was left untouched; restore it from a backup.",
            SqliteException { SqliteErrorCode: 8 } =>
                $"The SQLite database '{target}' is read-only; the app needs to write to it.",
            SqliteException { SqliteErrorCode: 14 } =>
                $"The SQLite database '{target}' cannot be opened (missing folder or no permission).",
            SqliteException s => $"SQLite error at '{target}': {s.Message}",
            PostgresException { SqlState: "28P01" or "28000" } =>
                $"PostgreSQL at {target} refused the user name or password.",
            PostgresException { SqlState: "3D000" } =>
                $"PostgreSQL database at {target} does not exist and could not be created.",
            PostgresException p => $"PostgreSQL at {target} reported {p.SqlState}: {p.MessageText}",
            NpgsqlException n when n.InnerException is SocketException or TimeoutException || n.IsTransient =>
                $"PostgreSQL at {target} is unreachable: {n.InnerException?.Message ?? n.Message}",
            NpgsqlException n => $"PostgreSQL at {target} failed: {n.Message}",
            InvalidOperationException when e.InnerException is NpgsqlException inner => Explain(inner, options),
            _ => null,
        };
    }
}
