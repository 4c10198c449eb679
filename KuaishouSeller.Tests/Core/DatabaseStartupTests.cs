using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace KuaishouSeller.Tests.Core;

/// <summary>Bad connection strings, unreachable servers and bad files give one clear sentence and lose nothing.</summary>
public class DatabaseStartupTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_new_database_is_created_and_migrated(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Shops.CountAsync());
    }

    [Fact]
    public async Task Sqlite_runs_in_wal_mode()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_index_a_migration_adds_to_an_analysed_sqlite_database_is_measured_so_the_first_order_page_reads_in_order()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        // An analysed database that then gains an index without statistics, as an upgrade's migration leaves it.
        await using (var db = world.Db())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM sqlite_stat1 WHERE idx = 'IX_Orders_MerchantId_Status_PaidAt_Id'");
            await db.Database.ExecuteSqlRawAsync("ANALYZE sqlite_schema"); // the planner rereads the statistics
        }

        var health = await DatabaseInitializer.InitializeAsync(world.Database.Options, NullLogger.Instance);

        Assert.True(health.IsReady);
        await using (var db = world.Db())
        {
            Assert.Equal(1, await db.Database.SqlQueryRaw<int>(
                "SELECT COUNT(*) AS \"Value\" FROM sqlite_stat1 WHERE idx = 'IX_Orders_MerchantId_Status_PaidAt_Id'").SingleAsync());
            // The order list's first page walks the ordered index instead of sorting every order of the merchant.
            await db.Database.OpenConnectionAsync();
            await using var explain = db.Database.GetDbConnection().CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN SELECT Id FROM Orders WHERE MerchantId = $merchant ORDER BY PaidAt DESC, Id DESC LIMIT 51";
            explain.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$merchant", world.Merchant));
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
                while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE"));
        }
    }

    [Fact]
    public async Task A_corrupt_sqlite_file_is_reported_and_left_untouched()
    {
        var folder = Directory.CreateTempSubdirectory("ks-corrupt").FullName;
        var path = Path.Combine(folder, "broken.db");
        var garbage = "this is not a database, it is a spreadsheet someone renamed"u8.ToArray();
        await File.WriteAllBytesAsync(path, garbage);

        var health = await DatabaseInitializer.InitializeAsync(
            new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={path}" }, NullLogger.Instance);

        Assert.False(health.IsReady);
        Assert.Contains("not a SQLite database", health.OperatorMessage);
        Assert.Contains(path, health.OperatorMessage);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path));
        Assert.Contains("数据", health.UserMessage!.Value.Zh);
    }

    [Fact]
    public async Task A_read_only_sqlite_file_is_reported_and_left_untouched()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Options.ConnectionString).DataSource;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(path);
        File.SetAttributes(path, FileAttributes.ReadOnly);
        try
        {
            var health = await DatabaseInitializer.InitializeAsync(database.Options, NullLogger.Instance);
            Assert.False(health.IsReady);
            Assert.Contains("read-only", health.OperatorMessage);
            Assert.Equal(before, await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.SetAttributes(path, FileAttributes.Normal);
        }
    }

    [Fact]
    public async Task An_unreachable_postgres_server_is_reported_in_one_sentence()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var options = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=127.0.0.1;Port=1;Database=x;Username=u;Password=p;Timeout=3" };
        var health = await DatabaseInitializer.InitializeAsync(options, NullLogger.Instance);
        Assert.False(health.IsReady);
        Assert.StartsWith("PostgreSQL at 127.0.0.1:1/x is unreachable", health.OperatorMessage);
        Assert.DoesNotContain("Password", health.OperatorMessage);
    }

    [Fact]
    public async Task Wrong_postgres_credentials_are_reported()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.PostgresAdminConnection) { Password = "wrong-password", Database = "postgres" };
        var health = await DatabaseInitializer.InitializeAsync(
            new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = builder.ConnectionString }, NullLogger.Instance);
        Assert.False(health.IsReady);
        Assert.Contains("refused the user name or password", health.OperatorMessage);
    }

    [Theory]
    [InlineData("Postgres", "", "Database:ConnectionString is empty")]
    [InlineData("Postgres", "Host=;Database=x", "has no 'Host'")]
    [InlineData("Postgres", "this is ; not = a connection string", "not a valid Postgres connection string")]
    [InlineData("Sqlite", "Data Source=", "has no 'Data Source'")]
    [InlineData("Sqlite", "Colour=blue", "not a valid Sqlite connection string")]
    public async Task Bad_connection_strings_are_reported(string provider, string connectionString, string expected)
    {
        var options = DatabaseOptions.From(Config(("Database:Provider", provider), ("Database:ConnectionString", connectionString)));
        var health = await DatabaseInitializer.InitializeAsync(options, NullLogger.Instance);
        Assert.False(health.IsReady);
        Assert.Contains(expected, health.OperatorMessage);
    }

    [Fact]
    public void An_unknown_provider_is_refused_by_name()
    {
        var e = Assert.Throws<DatabaseConfigurationException>(() => DatabaseOptions.From(Config(("Database:Provider", "Oracle"))));
        Assert.Contains("'Oracle' is not known", e.Message);
    }

    [Fact]
    public void Sqlite_is_the_default()
    {
        var options = DatabaseOptions.From(Config());
        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.Equal(DatabaseOptions.DefaultSqliteConnection, options.EffectiveConnectionString);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
