using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KuaishouSeller.Benchmarks.Circuits;
using KuaishouSeller.Core.Api;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// Order intake over real HTTP: the web app on Kestrel (loopback, in this process), <c>POST /api/v1/orders</c> from N
/// connections, first on one hot SKU (a flash sale: fewer units than orders, so the last ones must be refused), then
/// spread over many SKUs. Accepted orders per second and p50/p99 beside the goal (5,000/s, 50 ms), then the
/// proof: nothing oversold and every SKU's stock columns equal to its ledger. The key's rate limit is lifted for the run.
/// </summary>
public sealed class IntakeBenchmark : IBenchmark
{
    private const double GoalPerSecond = 5_000, GoalP99Ms = 50;

    public string Name => "intake";
    public string Description => "POST /api/v1/orders over Kestrel from 64 connections on one hot SKU and on 1,000 SKUs (--orders 20000 --connections 64 --skus 1000)";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        int orders = options.Int("orders", 20_000), connections = options.Int("connections", 64), skuCount = options.Int("skus", 1_000);
        var figures = new FigureList(Name, world);
        var database = world.Database;
        using var scope = world.Services.CreateScope();
        var stock = scope.ServiceProvider.GetRequiredService<StockService>();
        long merchant;
        string owner;
        List<(long Shop, long Sku, string Code)> listed;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
            // SKUs listed in a shop that sells them from the shared pool (one listing per SKU).
            listed = (await (from l in db.Listings
                             join s in db.Shops on l.ShopId equals s.Id
                             join k in db.Skus on l.SkuId equals k.Id
                             where s.MerchantId == merchant && !db.ShopStockQuotas.Any(q => q.SkuId == l.SkuId)
                             orderby l.SkuId, l.ShopId
                             select new { l.ShopId, l.SkuId, k.Code }).ToListAsync())
                .GroupBy(x => x.SkuId).Select(g => (g.First().ShopId, g.Key, g.First().Code)).ToList();
        }
        await scope.ServiceProvider.GetRequiredService<WorkspaceService>().SwitchAsync(owner, merchant, null);
        var key = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(owner, new NewApiKey("intake benchmark", ["orders.fulfil", "orders.view"], null, null))).Key;

        await using var server = await WebServer.StartAsync(database, new Dictionary<string, string>
        {
            // The per-key limit protects a shared node from one integration; here the integration is the measurement.
            ["Api:RequestsPerMinute"] = int.MaxValue.ToString(),
        });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromHours(1) })
        {
            BaseAddress = new Uri(server.RootUri), Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // Warm-up (JIT, pools, plans) on a SKU of its own.
        var warm = listed[^1];
        await SetAvailableAsync(database, stock, owner, warm.Sku, 1_000_000);
        await DriveAsync(http, Math.Min(connections, 16), 2_000, i => (warm.Shop, warm.Code), "warm");

        // One hot SKU: 80 % of the orders can be served; the rest must be refused (409), never oversold.
        var hot = listed[0];
        var units = orders * 4 / 5;
        await SetAvailableAsync(database, stock, owner, hot.Sku, units);
        var one = await DriveAsync(http, connections, orders, _ => (hot.Shop, hot.Code), "hot");
        await ReportAsync(figures, world, stock, merchant, "one hot SKU", one, [(hot.Sku, units)], connections);

        // Many SKUs, each with room for every order it gets.
        var spread = listed.Skip(1).Take(Math.Min(skuCount, listed.Count - 2)).ToList();
        foreach (var s in spread) await SetAvailableAsync(database, stock, owner, s.Sku, orders / spread.Count + 10);
        var many = await DriveAsync(http, connections, orders, i => (spread[i % spread.Count].Shop, spread[i % spread.Count].Code), "spread");
        await ReportAsync(figures, world, stock, merchant, $"{spread.Count:N0} SKUs", many, spread.Select(s => (s.Sku, orders / spread.Count + 10)).ToList(), connections);
        return figures;
    }

    /// <summary>Sets a SKU's shared available stock to exactly this many units (an adjustment the ledger records).</summary>
    private static async Task SetAvailableAsync(DatabaseOptions database, StockService stock, string owner, long sku, int available)
    {
        int current;
        await using (var db = DatabaseSetup.CreateContext(database))
            current = (await db.StockItems.AsNoTracking().SingleAsync(s => s.SkuId == sku)).SharedAvailable;
        if (available != current) await stock.AdjustAsync(owner, sku, available - current, "benchmark stock");
    }

    private sealed record Run(int Accepted, int Refused, int Failed, double Seconds, List<double> Latencies, string? FirstFailure);

    /// <summary>N orders from <paramref name="connections"/> workers, each order with its own external id and idempotency key.</summary>
    private static async Task<Run> DriveAsync(HttpClient http, int connections, int count, Func<int, (long Shop, string Code)> target, string prefix)
    {
        var next = -1;
        int accepted = 0, refused = 0, failed = 0;
        string? firstFailure = null;
        var latencies = new List<double>[connections];
        var run = Guid.NewGuid().ToString("N")[..8];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(count / connections + 1);
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var (shop, code) = target(i);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
                {
                    Content = new StringContent($$"""{"shopId":{{shop}},"externalId":"{{prefix}}-{{run}}-{{i}}","items":[{"skuCode":"{{code}}","quantity":1,"unitPrice":9.9}]}""",
                        Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("Idempotency-Key", $"{prefix}-{run}-{i}");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var body = response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref accepted);
                else if (response.StatusCode == HttpStatusCode.Conflict) Interlocked.Increment(ref refused);
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode}: {body}", null);
                }
            }
        })));
        stopwatch.Stop();
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Run(accepted, refused, failed, stopwatch.Elapsed.TotalSeconds, all, firstFailure);
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task ReportAsync(FigureList figures, BenchWorld world, StockService stock, long merchant, string label, Run run,
        IReadOnlyList<(long Sku, int Units)> skus, int connections)
    {
        await using var db = DatabaseSetup.CreateContext(world.Database);
        var ids = skus.Select(s => s.Sku).ToList();
        var items = await db.StockItems.AsNoTracking().Where(s => ids.Contains(s.SkuId)).ToListAsync();
        var units = skus.Sum(s => s.Units);
        var oversold = Math.Max(0, run.Accepted - units) + items.Sum(i => Math.Max(0, -i.SharedAvailable));
        var mismatches = await stock.LedgerMismatchesAsync(merchant);
        var perSecond = run.Accepted / run.Seconds;
        var (p50, p99) = (Percentile(run.Latencies, 0.50), Percentile(run.Latencies, 0.99));
        Console.WriteLine($"{world.ProviderName,-10} intake, {label}: {run.Latencies.Count:N0} orders from {connections} connections on {units:N0} units -> " +
                          $"{run.Accepted:N0} accepted, {run.Refused:N0} refused (409), {run.Failed:N0} failed; {run.Seconds:0.00} s, {perSecond:N0} accepted/s, " +
                          $"{run.Latencies.Count / run.Seconds:N0} answers/s, p50 {p50:0.0} ms, p99 {p99:0.0} ms; oversold {oversold}, ledger mismatches {mismatches.Count}" +
                          (run.FirstFailure is null ? "" : $"; first failure {run.FirstFailure}"));
        figures.Beside($"{label}: accepted orders/s", "orders/s", perSecond, "goal", GoalPerSecond);
        figures.Value($"{label}: answers/s (201 + 409)", "answers/s", run.Latencies.Count / run.Seconds);
        figures.Value($"{label}: p50", "ms", p50);
        figures.Beside($"{label}: p99", "ms", p99, "goal p99", GoalP99Ms);
        figures.Value($"{label}: accepted", "count", run.Accepted);
        figures.Value($"{label}: refused 409", "count", run.Refused);
        figures.Value($"{label}: failed (not 201/409)", "count", run.Failed);
        figures.Value($"{label}: oversold", "count", oversold);
        figures.Value($"{label}: ledger mismatches", "count", mismatches.Count);
    }
}
