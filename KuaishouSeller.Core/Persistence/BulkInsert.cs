using System.Linq.Expressions;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Scores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace KuaishouSeller.Core.Persistence;

/// <summary>
/// Streams many rows into one table, bypassing change tracking: a reused prepared INSERT in one
/// transaction on SQLite, binary COPY on PostgreSQL. Column names and value conversions come from
/// the EF model, so rows land exactly as EF would write them. Used for seeding and imports.
/// </summary>
public static class BulkInsert
{
    public static Task InsertAsync<T>(AppDbContext db, IEnumerable<T> rows, CancellationToken ct = default) where T : class =>
        InsertAsync(db, TableShape.Of<T>(db, withKey: true), rows, ct);

    /// <summary>
    /// Rows whose ids nobody reads back (score snapshots, say): the key column is left out and the database numbers
    /// them itself (identity on PostgreSQL, rowid on SQLite), so no ids are handed out first.
    /// </summary>
    public static Task InsertNumberedByDatabaseAsync<T>(AppDbContext db, IEnumerable<T> rows, CancellationToken ct = default) where T : class =>
        InsertAsync(db, TableShape.Of<T>(db, withKey: false), rows, ct);

    private static async Task InsertAsync<T>(AppDbContext db, TableShape table, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        if (db.Database.IsNpgsql())
            await CopyIntoPostgresAsync(db, table, rows, ct);
        else
            await InsertIntoSqliteAsync(db, table, rows, ct);
    }

    /// <summary>
    /// Rows whose id is still unset get new ids from <see cref="NextIdsAsync{T}"/>, set on the rows (as a save would);
    /// rows whose id was handed out already keep it. Then all are inserted.
    /// </summary>
    public static async Task InsertWithNewIdsAsync<T>(AppDbContext db, IReadOnlyList<T> rows, CancellationToken ct = default) where T : class
    {
        var key = db.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties.Single().PropertyInfo!;
        var fresh = rows.Where(r => key.GetValue(r) is 0L or 0).ToList();
        if (fresh.Count > 0)
        {
            var ids = await NextIdsAsync<T>(db, fresh.Count, ct);
            for (var i = 0; i < fresh.Count; i++) key.SetValue(fresh[i], ids[i]);
        }
        await InsertAsync(db, rows, ct);
    }

    /// <summary>
    /// Hands out <paramref name="count"/> new ids for rows that will be bulk-inserted: from the identity sequence on
    /// PostgreSQL (safe under concurrency), after the current maximum on SQLite (safe inside the write transaction,
    /// which SQLite holds exclusively).
    /// </summary>
    public static async Task<long[]> NextIdsAsync<T>(AppDbContext db, int count, CancellationToken ct = default) where T : class
    {
        if (count == 0) return [];
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = entity.GetTableName()!;
        var column = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
        // Table and column names come from the EF model and the count is an int: nothing from input reaches the SQL.
#pragma warning disable EF1002
        if (db.Database.IsNpgsql())
            return (await db.Database.SqlQueryRaw<long>(
                    $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', '{column}')) AS \"Value\" FROM generate_series(1, {count})")
                .ToListAsync(ct)).ToArray();
        var max = await db.Database.SqlQueryRaw<long>($"SELECT COALESCE(MAX(\"{column}\"), 0) AS \"Value\" FROM \"{table}\"").SingleAsync(ct);
#pragma warning restore EF1002
        return Enumerable.Range(1, count).Select(i => max + i).ToArray();
    }

    /// <summary>After rows were inserted with explicit ids, lets PostgreSQL's identity sequences continue after them.</summary>
    public static async Task ResetIdentitySequencesAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (!db.Database.IsNpgsql()) return; // SQLite continues after max(rowid) by itself.
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var key = entity.FindPrimaryKey();
            if (key is not { Properties.Count: 1 } || key.Properties[0].ClrType != typeof(long) ||
                key.Properties[0].ValueGenerated == ValueGenerated.Never) continue;
            var tableName = entity.GetTableName()!;
            var column = key.Properties[0].GetColumnName();
            var sql = $"SELECT setval(pg_get_serial_sequence('\"{tableName}\"', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{tableName}\"), 0) + 1, false)";
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }
    }

    /// <summary>Refreshes planner statistics after a large load.</summary>
    public static Task AnalyzeAsync(AppDbContext db, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? "ANALYZE" : "ANALYZE; PRAGMA optimize;", ct);

    /// <summary>
    /// Refreshes the planner statistics of the tables of these entities after many of their rows were rewritten; on
    /// PostgreSQL also reclaims the deleted row versions (VACUUM), which index scans would otherwise still visit.
    /// Must run outside a transaction.
    /// </summary>
    public static Task AnalyzeAsync(AppDbContext db, CancellationToken ct, params Type[] entities)
    {
        var tables = entities.Select(e => $"\"{db.Model.FindEntityType(e)!.GetTableName()}\"").ToList();
#pragma warning disable EF1002 // table names from the EF model
        return db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
            ? "VACUUM (ANALYZE) " + string.Join(", ", tables)
            : string.Concat(tables.Select(t => $"ANALYZE {t}; ")), ct);
#pragma warning restore EF1002
    }

    /// <summary>Deletes every domain and identity row, children first. PostgreSQL truncates in one statement.</summary>
    public static async Task DeleteEverythingAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsNpgsql())
        {
            // Built-in roles are schema data from the migrations: keep them, delete only custom roles.
            await db.RoleDefinitions.Where(r => r.OrganisationId != null).ExecuteDeleteAsync(ct);
            var roles = db.Model.FindEntityType(typeof(Role))!.GetTableName();
            var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Where(t => t is not null && t != "__EFMigrationsHistory" && t != roles)
                .Distinct().Select(t => $"\"{t}\"");
            // Table names come from the EF model, not from input.
            var truncate = $"TRUNCATE {string.Join(", ", tables)} RESTART IDENTITY CASCADE";
            await db.Database.ExecuteSqlRawAsync(truncate, ct);
            return;
        }
        await db.CarryApplications.ExecuteDeleteAsync(ct);
        await db.CampaignRegistrations.ExecuteDeleteAsync(ct);
        await db.RegistrationBatches.ExecuteDeleteAsync(ct);
        await db.ParticipationPlans.ExecuteDeleteAsync(ct);
        await db.CampaignPhases.ExecuteDeleteAsync(ct);
        await db.Campaigns.ExecuteDeleteAsync(ct);
        await db.Violations.ExecuteDeleteAsync(ct);
        await db.ListingPriceChanges.ExecuteDeleteAsync(ct);
        await db.ChatMessages.ExecuteDeleteAsync(ct);
        await db.ChatSessions.ExecuteDeleteAsync(ct);
        await db.Complaints.ExecuteDeleteAsync(ct);
        await db.Reviews.ExecuteDeleteAsync(ct);
        await db.Refunds.ExecuteDeleteAsync(ct);
        await db.Orders.ExecuteDeleteAsync(ct);
        await db.IntakeOrders.ExecuteDeleteAsync(ct);
        await db.Buyers.ExecuteDeleteAsync(ct);
        await db.ProgrammeEnrolments.ExecuteDeleteAsync(ct);
        await db.DailySales.ExecuteDeleteAsync(ct);
        await db.Traffic.ExecuteDeleteAsync(ct);
        await db.DailyListingSales.ExecuteDeleteAsync(ct);
        await db.DailyPartnerSales.ExecuteDeleteAsync(ct);
        await db.RollupStates.ExecuteDeleteAsync(ct);
        await db.ScorePeers.ExecuteDeleteAsync(ct);
        await db.ScoreSnapshots.ExecuteDeleteAsync(ct);
        await db.Rulebooks.ExecuteDeleteAsync(ct);
        await db.PlanTargets.ExecuteDeleteAsync(ct);
        await db.ImportStagingRows.ExecuteDeleteAsync(ct);
        await db.ShopStockQuotas.ExecuteDeleteAsync(ct);
        await db.StockLedger.ExecuteDeleteAsync(ct);
        await db.StockItems.ExecuteDeleteAsync(ct);
        await db.Listings.ExecuteDeleteAsync(ct);
        await db.Skus.ExecuteDeleteAsync(ct);
        await db.Spus.ExecuteDeleteAsync(ct);
        await db.SellingAccounts.ExecuteDeleteAsync(ct);
        await db.WebhookAttempts.ExecuteDeleteAsync(ct);
        await db.WebhookDeliveries.ExecuteDeleteAsync(ct);
        await db.Outbox.ExecuteDeleteAsync(ct);
        await db.WebhookSubscriptions.ExecuteDeleteAsync(ct);
        await db.ApiKeys.ExecuteDeleteAsync(ct);
        await db.WorkspaceVisits.ExecuteDeleteAsync(ct);
        await db.Invitations.ExecuteDeleteAsync(ct);
        await db.DelegationAssignments.ExecuteDeleteAsync(ct);
        await db.DelegationShops.ExecuteDeleteAsync(ct);
        await db.Delegations.ExecuteDeleteAsync(ct);
        await db.MembershipShops.ExecuteDeleteAsync(ct);
        await db.Memberships.ExecuteDeleteAsync(ct);
        await db.RoleDefinitions.Where(r => r.OrganisationId != null).ExecuteDeleteAsync(ct);
        await db.QuickPhrases.ExecuteDeleteAsync(ct);
        await db.Shops.ExecuteDeleteAsync(ct);
        await db.AuditLog.ExecuteDeleteAsync(ct);
        await db.UserTokens.ExecuteDeleteAsync(ct);
        await db.UserLogins.ExecuteDeleteAsync(ct);
        await db.UserClaims.ExecuteDeleteAsync(ct);
        await db.UserRoles.ExecuteDeleteAsync(ct);
        await db.Users.ExecuteDeleteAsync(ct);
        await db.Organisations.ExecuteDeleteAsync(ct);
        await db.Set<Category>().Where(c => c.ParentId != null).ExecuteDeleteAsync(ct);
        await db.Set<Category>().ExecuteDeleteAsync(ct);
    }

    private static async Task InsertIntoSqliteAsync<T>(AppDbContext db, TableShape table, IEnumerable<T> rows, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // Joins the caller's transaction when there is one (imports apply all-or-nothing), else uses its own.
        var outer = db.Database.CurrentTransaction?.GetDbTransaction() as SqliteTransaction;
        await using var own = outer is null ? (SqliteTransaction)await connection.BeginTransactionAsync(ct) : null;
        await using var command = connection.CreateCommand();
        command.Transaction = outer ?? own;
        command.CommandText =
            $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) " +
            $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
        var parameters = table.Columns.Select((_, i) => command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
                parameters[i].Value = table.Columns[i].Read(row!) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
        if (own is not null) await own.CommitAsync(ct);
    }

    private static async Task CopyIntoPostgresAsync<T>(AppDbContext db, TableShape table, IEnumerable<T> rows, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var copy = $"COPY \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(copy, ct);
        var types = table.Columns.Select(c => PostgresType(c.ProviderType)).ToArray();
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            for (var i = 0; i < types.Length; i++)
            {
                var value = table.Columns[i].Read(row!);
                if (value is null) await writer.WriteNullAsync(ct);
                else await writer.WriteAsync(value, types[i], ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    private static NpgsqlDbType PostgresType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(long) => NpgsqlDbType.Bigint,
        var t when t == typeof(int) => NpgsqlDbType.Integer,
        var t when t == typeof(short) => NpgsqlDbType.Smallint,
        var t when t == typeof(bool) => NpgsqlDbType.Boolean,
        var t when t == typeof(string) => NpgsqlDbType.Text,
        var t when t == typeof(DateTime) => NpgsqlDbType.TimestampTz,
        var t when t == typeof(decimal) => NpgsqlDbType.Numeric,
        var t when t == typeof(double) => NpgsqlDbType.Double,
        var t when t == typeof(Guid) => NpgsqlDbType.Uuid,
        var t when t == typeof(DateOnly) => NpgsqlDbType.Date,
        var t => throw new NotSupportedException($"No PostgreSQL COPY type for {t.Name}."),
    };

    private sealed record Column(string Name, Type ProviderType, Func<object, object?> Read);

    private sealed record TableShape(string Name, IReadOnlyList<Column> Columns)
    {
        // Compiled getters are built once per model and entity type: the order intake inserts a group's rows many times a second.
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel, Type, bool), TableShape> Shapes = new();

        public static TableShape Of<T>(DbContext db, bool withKey) =>
            Shapes.GetOrAdd((db.Model, typeof(T), withKey), static key => Build(key.Item1, key.Item2, key.Item3));

        private static TableShape Build(IModel model, Type type, bool withKey)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
            var columns = entity.GetProperties()
                .Where(p => p.PropertyInfo is not null && (withKey || !p.IsPrimaryKey()))
                .Select(p =>
                {
                    var converter = p.GetValueConverter() ?? p.GetTypeMapping().Converter;
                    var getter = CompileGetter(p.PropertyInfo!);
                    Func<object, object?> read = converter is null
                        ? getter
                        : row => getter(row) is { } v ? converter.ConvertToProvider(v) : null;
                    return new Column(p.GetColumnName(), converter?.ProviderClrType ?? p.ClrType, read);
                })
                .ToList();
            return new TableShape(entity.GetTableName()!, columns);
        }

        private static Func<object, object?> CompileGetter(System.Reflection.PropertyInfo property)
        {
            var row = Expression.Parameter(typeof(object));
            var body = Expression.Convert(Expression.Property(Expression.Convert(row, property.DeclaringType!), property), typeof(object));
            return Expression.Lambda<Func<object, object?>>(body, row).Compile();
        }
    }
}
