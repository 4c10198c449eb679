using System.Diagnostics;
using KuaishouSeller.Core;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Dashboard;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Rollups;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// The dashboard's first render (its data call) for one shop and for all shops of the biggest merchant, printed beside
/// the time of reading the rollup rows alone; plus a full rollup build and an incremental refresh.
/// </summary>
public sealed class DashboardBenchmark : IBenchmark
{
    public string Name => "dashboard";
    public string Description => "dashboard data for one shop and all shops beside reading its rollup rows; full and incremental rollup build";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        var (provider, database, services) = (world.Provider, world.Database, world.Services);
        var figures = new FigureList(Name, world);
        using var scope = services.CreateScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<DashboardQueries>();
        var workspaces = scope.ServiceProvider.GetRequiredService<WorkspaceService>();

        double full, incremental;
        int rows;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            var stopwatch = Stopwatch.StartNew();
            rows = (await RollupService.RefreshAsync(db, TimeProvider.System, new DateOnly(2000, 1, 1), default)).Rows;
            full = stopwatch.Elapsed.TotalSeconds;
            stopwatch.Restart();
            await RollupService.RefreshAsync(db, TimeProvider.System, null, default);
            incremental = stopwatch.Elapsed.TotalSeconds;
        }
        Console.WriteLine($"{provider,-8} rollups: full build {rows:N0} rows in {full:0.00} s; incremental refresh ({RollupService.LateDays} days back) {incremental:0.00} s");

        string owner;
        long merchant, shop;
        List<long> shops;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
            shops = await db.Shops.Where(s => s.MerchantId == merchant).Select(s => s.Id).ToListAsync();
            shop = shops[0];
        }
        figures.Value("rollup full build", "s", full);
        figures.Value("rollup incremental refresh", "s", incremental);
        foreach (var (name, shopId) in new[] { ("one shop", (long?)shop), ($"all {shops.Count} shops", null) })
        {
            await workspaces.SwitchAsync(owner, merchant, shopId);
            var inScope = shopId is null ? shops : [shop];
            var to = ShanghaiTime.Today(TimeProvider.System).AddDays(-1);
            var from = to.AddDays(-29);
            var (rollupP50, rollupP95) = await Timings.MeasureAsync(options.Runs, async () =>
            {
                await using var db = DatabaseSetup.CreateContext(database);
                await db.DailySales.AsNoTracking().Where(r => inScope.Contains(r.ShopId) && r.Day >= from.AddDays(-30) && r.Day <= to).ToListAsync();
            });
            // Computed: each run with an empty cache (what the first request of the day waits for); served: from the cache.
            var (coldP50, coldP95) = await Timings.MeasureAsync(options.Runs, () =>
                new DashboardQueries(scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>(),
                    workspaces, TimeProvider.System, new DashboardCache()).GetOverviewAsync(owner, 30));
            var (p50, p95) = await Timings.MeasureAsync(options.Runs, () => dashboard.GetOverviewAsync(owner, 30));
            Console.WriteLine($"{provider,-8} dashboard, {name,-14} 30 days: computed p50 {coldP50,6:0.0} ms p95 {coldP95,6:0.0} ms; served p50 {p50,6:0.0} ms p95 {p95,6:0.0} ms   " +
                              $"(reading its rollup rows alone: p50 {rollupP50:0.0} ms p95 {rollupP95:0.0} ms)");
            figures.Latency($"dashboard data computed (empty cache), {name}, 30 days", (coldP50, coldP95));
            figures.Latency($"dashboard data served (cached), {name}, 30 days", (p50, p95));
            figures.Latency($"its rollup rows alone, {name}", (rollupP50, rollupP95));
        }
        return figures;
    }
}
