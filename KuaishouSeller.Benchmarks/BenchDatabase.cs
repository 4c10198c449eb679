using KuaishouSeller.Core;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KuaishouSeller.Benchmarks;

/// <summary>A throw-away database per run: a SQLite file in a temp folder, or a new PostgreSQL database (KS_BENCH_POSTGRES).</summary>
internal static class BenchDatabase
{
    public static async Task<(DatabaseOptions Options, Func<Task> Cleanup)> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("ks-bench").FullName;
            return (new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={Path.Combine(folder, "bench.db")}" },
                () => { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); Directory.Delete(folder, true); return Task.CompletedTask; });
        }
        var admin = Environment.GetEnvironmentVariable("KS_BENCH_POSTGRES") is { Length: > 0 } value ? value : "Host=127.0.0.1;Username=postgres;Password=postgres";
        var name = "ks_bench_" + Guid.NewGuid().ToString("N")[..8];
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 100 }.ConnectionString;
        return (new DatabaseOptions { Provider = provider, ConnectionString = connection }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var db = new NpgsqlConnection(admin);
            await db.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", db);
            await drop.ExecuteNonQueryAsync();
        });
    }

    private static async Task<(DatabaseOptions Options, Func<Task> Cleanup)> KeptAsync(DatabaseProvider provider, string size, string folder)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(folder);
            var file = Path.Combine(Path.GetFullPath(folder), $"bench-{size}.db");
            return (new DatabaseOptions { Provider = provider, ConnectionString = $"Data Source={file}" }, () => Task.CompletedTask);
        }
        var admin = Environment.GetEnvironmentVariable("KS_BENCH_POSTGRES") is { Length: > 0 } value ? value : "Host=127.0.0.1;Username=postgres;Password=postgres";
        var name = $"ks_bench_kept_{size}";
        await using (var db = new NpgsqlConnection(admin))
        {
            await db.OpenAsync();
            await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{name}'", db);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", db);
                await create.ExecuteNonQueryAsync();
            }
        }
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 100 }.ConnectionString;
        return (new DatabaseOptions { Provider = provider, ConnectionString = connection }, () => Task.CompletedTask);
    }

    /// <summary>Whether a kept database already holds a seeded world.</summary>
    private static async Task<bool> HasDataAsync(DatabaseOptions database)
    {
        try
        {
            await using var db = DatabaseSetup.CreateContext(database);
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Orders);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or PostgresException)
        {
            return false; // not created or not migrated yet
        }
    }

    /// <summary>
    /// A throw-away database, migrated and seeded with the chosen demo world, and the Core services on it. With
    /// <paramref name="keep"/> (`--keep folder`) the seeded world is kept (a SQLite file in that folder, a named
    /// PostgreSQL database) and reused by the next run, migrated to the current build: seeding `large` takes minutes.
    /// Benchmarks that write (imports, approvals) then start from the previous run's state.
    /// </summary>
    public static async Task<(BenchWorld World, Func<Task> Cleanup)> SeededAsync(DatabaseProvider provider, string size, string? keep = null)
    {
        var (database, cleanup) = keep is null ? await CreateAsync(provider) : await KeptAsync(provider, size, keep);
        try
        {
            var reused = keep is not null && await HasDataAsync(database);
            var health = await DatabaseInitializer.InitializeAsync(database, NullLogger.Instance);
            if (!health.IsReady) throw new InvalidOperationException(health.OperatorMessage);
            var world = size == "demo" ? DemoWorldSize.Demo : DemoWorldSize.Large;
            if (reused)
                Console.WriteLine($"{provider,-8} reusing the kept {world} world");
            else
            {
                var seed = await DemoWorldSeeder.SeedAsync(database, world, 618, TimeProvider.System, reset: false);
                Console.WriteLine($"{provider,-8} seeded {world}: {seed.Orders:N0} orders, {seed.Skus:N0} SKUs in {seed.Elapsed.TotalSeconds:0.0} s");
            }
            var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddAppDatabase(database).AddKuaishouCore().BuildServiceProvider();
            return (new BenchWorld(provider, database, services, size), async () => { await services.DisposeAsync(); await cleanup(); });
        }
        catch
        {
            await cleanup();
            throw;
        }
    }
}
