using System.Diagnostics;
using KuaishouSeller.Core;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KuaishouSeller.Benchmarks;

/// <summary>Workers race for the last units of one SKU: exactly the units may win, and the ledger must still add up.</summary>
internal static class ReservationBenchmark
{
    public static async Task RunAsync(DatabaseProvider provider, BenchOptions options)
    {
        var (database, services, cleanup) = await BenchDatabase.SeededAsync(provider, options.Size);
        try
        {
            using var scope = services.CreateScope();
            var stock = scope.ServiceProvider.GetRequiredService<StockService>();
            long sku, shop;
            string owner;
            await using (var db = DatabaseSetup.CreateContext(database))
            {
                var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
                var item = await db.StockItems.Where(s => s.MerchantId == merchant && s.QuotaAllocated == 0 && s.Reserved == 0).OrderBy(s => s.SkuId).FirstAsync();
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
}
