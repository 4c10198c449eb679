using System.Diagnostics;
using KuaishouSeller.Core;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>Workers race for the last units of one SKU: exactly the units may win, and the ledger must still add up.</summary>
public sealed class ReservationBenchmark : IBenchmark
{
    public string Name => "reservations";
    public string Description => "workers race for the last units of one SKU: oversell check and throughput (--units 1000 --attempts 10000 --workers 32)";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        var (provider, database) = (world.Provider, world.Database);
        int units = options.Int("units", 1000), attempts = options.Int("attempts", 10_000), workers = options.Int("workers", 32);
        var figures = new FigureList(Name, world);
        using var scope = world.Services.CreateScope();
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
            await stock.AdjustAsync(owner, sku, units - item.Available, "benchmark stock");
        }

        // Spread the attempts so their total is exactly what was asked for.
        int Share(int worker) => attempts / workers + (worker < attempts % workers ? 1 : 0);
        var stopwatch = Stopwatch.StartNew();
        var wins = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
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
        Console.WriteLine(
            $"{provider,-8} reservations: {attempts:N0} attempts from {workers} workers on {units:N0} units -> " +
            $"{wins.Sum():N0} reserved, available now {final.Available}, oversold {(final.Available < 0 || wins.Sum() > units ? "YES" : "no")}, " +
            $"ledger mismatches {mismatches.Count}; {stopwatch.Elapsed.TotalSeconds:0.00} s, {attempts / stopwatch.Elapsed.TotalSeconds:N0} attempts/s");
        figures.Value("attempts", "count", attempts);
        figures.Value("reserved (must equal units)", "count", wins.Sum());
        figures.Value("units", "count", units);
        figures.Value("oversold", "count", Math.Max(0, wins.Sum() - units) + Math.Max(0, -final.Available));
        figures.Value("ledger mismatches", "count", mismatches.Count);
        figures.Value("throughput", "attempts/s", attempts / stopwatch.Elapsed.TotalSeconds);
        return figures;
    }
}
