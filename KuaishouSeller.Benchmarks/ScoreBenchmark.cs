using System.Diagnostics;
using KuaishouSeller.Core;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// Recomputing every score for one day (shops, every listing sold in the window, creators), printed beside one raw
/// grouped aggregate over the same window's orders (the floor no recompute can beat), and the score page's server time.
/// </summary>
public sealed class ScoreBenchmark : IBenchmark
{
    public string Name => "scores";
    public string Description => "full score recompute beside the raw-aggregate floor, and the score pages' server time";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        var (provider, database, services) = (world.Provider, world.Database, world.Services);
        var figures = new FigureList(Name, world);
        using var scope = services.CreateScope();
        var scores = scope.ServiceProvider.GetRequiredService<ScoreService>();
        var queries = scope.ServiceProvider.GetRequiredService<ScoreQueries>();
        var day = scores.LatestCompleteDay;
        var fromUtc = ShanghaiTime.StartOfDayUtc(day.AddDays(-29));
        var toUtc = ShanghaiTime.StartOfDayUtc(day.AddDays(1));

        var floor = new List<double>();
        var recompute = new List<double>();
        RecomputeReport? report = null;
        for (var run = 0; run < 3; run++)
        {
            await using (var db = DatabaseSetup.CreateContext(database))
            {
                var stopwatch = Stopwatch.StartNew();
                var rows = await db.Orders.Where(o => o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled)
                    .GroupBy(o => o.ListingId).Select(g => new { g.Key, Count = g.Count(), Gmv = g.Sum(o => o.AmountFen) }).ToListAsync();
                floor.Add(stopwatch.Elapsed.TotalSeconds);
                if (run == 0) Console.WriteLine($"{provider,-8} window {day.AddDays(-29):yyyy-MM-dd}..{day:yyyy-MM-dd}: {rows.Sum(r => r.Count):N0} orders over {rows.Count:N0} listings");
            }
            var timer = Stopwatch.StartNew();
            report = await scores.RecomputeAsync(day);
            recompute.Add(timer.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"{provider,-8} recompute every score: {report!.Shops} shops, {report.Products:N0} products, {report.Creators} creators; " +
                          $"runs {string.Join(" / ", recompute.Select(s => s.ToString("0.00")))} s (best {recompute.Min():0.00} s); " +
                          $"raw aggregate floor {string.Join(" / ", floor.Select(s => s.ToString("0.00")))} s (best {floor.Min():0.00} s)");

        string owner;
        long shop, listing;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
            shop = await db.Shops.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            listing = await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Product && s.ShopId == shop).Select(s => s.SubjectId).FirstAsync();
        }
        var (shopP50, shopP95) = await Timings.MeasureAsync(options.Runs, () => queries.PageAsync(owner, ScoreSubject.Shop, shop));
        var (productP50, productP95) = await Timings.MeasureAsync(options.Runs, () => queries.PageAsync(owner, ScoreSubject.Product, listing));
        var (costP50, costP95) = await Timings.MeasureAsync(options.Runs, () =>
            queries.CostingAsync(owner, ScoreSubject.Shop, shop, IndicatorCatalog.QualityRefundRate, day, 30, new PageRequest(0, 10)));
        Console.WriteLine($"{provider,-8} score page (server time of its data call, {options.Runs} runs): shop p50 {shopP50:0.0} ms p95 {shopP95:0.0} ms; " +
                          $"product p50 {productP50:0.0} ms p95 {productP95:0.0} ms; orders behind an indicator p50 {costP50:0.0} ms p95 {costP95:0.0} ms");
        figures.Value("recompute every score, best of 3", "s", recompute.Min());
        figures.Value("raw grouped aggregate floor, best of 3", "s", floor.Min());
        figures.Value("products scored", "count", report.Products);
        figures.Latency("shop score page data", (shopP50, shopP95));
        figures.Latency("product score page data", (productP50, productP95));
        figures.Latency("orders behind an indicator", (costP50, costP95));
        return figures;
    }
}
