using System.Diagnostics;
using System.Globalization;
using KuaishouSeller.Core;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Benchmarks print figures; they never pass or fail on timing.
//   dotnet run -c Release --project KuaishouSeller.Benchmarks -- reservations [--units 1000] [--attempts 10000] [--workers 32] [--provider sqlite|postgres|both]
// PostgreSQL: KS_BENCH_POSTGRES (admin connection string), default Host=127.0.0.1;Username=postgres;Password=postgres.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("Usage: reservations [--units N] [--attempts N] [--workers N] [--provider sqlite|postgres|both]");
    return 2;
}
foreach (var provider in options.Providers)
    await ReservationBenchmark.RunAsync(provider, options);
return 0;

internal sealed record Options(int Units, int Attempts, int Workers, DatabaseProvider[] Providers)
{
    public static Options? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "reservations") return null;
        int units = 1000, attempts = 10_000, workers = 32;
        var providers = new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--units": units = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--attempts": attempts = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--workers": workers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--provider":
                    providers = value switch
                    {
                        "sqlite" => [DatabaseProvider.Sqlite],
                        "postgres" => [DatabaseProvider.Postgres],
                        _ => providers,
                    };
                    break;
                default: return null;
            }
        }
        return new Options(units, attempts, workers, providers);
    }
}

internal static class ReservationBenchmark
{
    public static async Task RunAsync(DatabaseProvider provider, Options options)
    {
        var (database, cleanup) = await CreateDatabaseAsync(provider);
        try
        {
            var health = await DatabaseInitializer.InitializeAsync(database, NullLogger.Instance);
            if (!health.IsReady) throw new InvalidOperationException(health.OperatorMessage);
            await DemoWorldSeeder.SeedAsync(database, DemoWorldSize.Demo, 618, TimeProvider.System, reset: false);

            var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddAppDatabase(database).AddKuaishouCore().BuildServiceProvider();
            using var scope = services.CreateScope();
            var stock = scope.ServiceProvider.GetRequiredService<StockService>();
            long sku, shop;
            string owner;
            await using (var db = DatabaseSetup.CreateContext(database))
            {
                var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
                var item = await db.StockItems.Where(s => s.MerchantId == merchant).OrderBy(s => s.SkuId).FirstAsync();
                sku = item.SkuId;
                shop = await db.Shops.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
                owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
                await stock.AdjustAsync(owner, sku, options.Units - item.Available, "benchmark stock");
            }

            // Spread the attempts so their total is exactly what was asked for.
            int Share(int worker) => options.Attempts / options.Workers + (worker < options.Attempts % options.Workers ? 1 : 0);
            var stopwatch = Stopwatch.StartNew();
            var wins = await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(worker => Task.Run(async () =>
            {
                var won = 0;
                for (var i = 0; i < Share(worker); i++)
                    if (await stock.ReserveAsync(shop, sku, 1, $"bench-{worker}-{i}") == ReservationOutcome.Reserved) won++;
                return won;
            })));
            stopwatch.Stop();

            await using var check = DatabaseSetup.CreateContext(database);
            var final = await check.StockItems.SingleAsync(s => s.SkuId == sku);
            var mismatches = await stock.LedgerMismatchesAsync(final.MerchantId);
            var attempts = options.Attempts;
            Console.WriteLine(
                $"{provider,-8} reservations: {attempts:N0} attempts from {options.Workers} workers on {options.Units:N0} units -> " +
                $"{wins.Sum():N0} reserved, available now {final.Available}, oversold {(final.Available < 0 || wins.Sum() > options.Units ? "YES" : "no")}, " +
                $"ledger mismatches {mismatches.Count}; {stopwatch.Elapsed.TotalSeconds:0.00} s, {attempts / stopwatch.Elapsed.TotalSeconds:N0} attempts/s");
        }
        finally
        {
            await cleanup();
        }
    }

    private static async Task<(DatabaseOptions, Func<Task>)> CreateDatabaseAsync(DatabaseProvider provider)
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
}
