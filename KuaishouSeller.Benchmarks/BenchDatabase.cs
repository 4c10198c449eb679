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

    /// <summary>A throw-away database, migrated and seeded with the chosen demo world, and the Core services on it.</summary>
    public static async Task<(BenchWorld World, Func<Task> Cleanup)> SeededAsync(DatabaseProvider provider, string size)
    {
        var (database, cleanup) = await CreateAsync(provider);
        try
        {
            var health = await DatabaseInitializer.InitializeAsync(database, NullLogger.Instance);
            if (!health.IsReady) throw new InvalidOperationException(health.OperatorMessage);
            var world = size == "demo" ? DemoWorldSize.Demo : DemoWorldSize.Large;
            var seed = await DemoWorldSeeder.SeedAsync(database, world, 618, TimeProvider.System, reset: false);
            Console.WriteLine($"{provider,-8} seeded {world}: {seed.Orders:N0} orders, {seed.Skus:N0} SKUs in {seed.Elapsed.TotalSeconds:0.0} s");
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
