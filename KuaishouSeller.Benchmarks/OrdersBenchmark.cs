using System.Text;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// The orders page over the merchant's orders (first page, filtered, searched, a deep keyset page) and a bulk shipping
/// file of N rows (preview + apply), each beside its target (100 ms p95 for the page, 30 ms p95 for the to-do counts,
/// 5 s for 10,000 rows).
/// </summary>
public sealed class OrdersBenchmark : IBenchmark
{
    public string Name => "orders";
    public string Description => "orders page first/filtered/searched/deep page p95, the to-do counts p95 and a 10,000-row shipping file (--rows 10000)";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        var (provider, database, services) = (world.Provider, world.Database, world.Services);
        var figures = new FigureList(Name, world);
        using var scope = services.CreateScope();
        var list = scope.ServiceProvider.GetRequiredService<OrderListQueries>();
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        string owner, someOrderNo;
        long merchant;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
            someOrderNo = await db.Orders.Where(o => o.MerchantId == merchant).OrderBy(o => o.Id).Skip(1000).Select(o => o.OrderNo).FirstAsync();
            figures.Value("orders of the merchant", "count", await db.Orders.CountAsync(o => o.MerchantId == merchant));
        }
        await scope.ServiceProvider.GetRequiredService<WorkspaceService>().SwitchAsync(owner, merchant, null);

        // The cursor of page 200, found once by walking (what 199 clicks on "next" would give).
        string? deep = null;
        for (var i = 0; i < 199; i++) deep = (await list.ListAsync(owner, new OrderFilter(), deep)).Next ?? deep;

        async Task PageAsync(string name, OrderFilter filter, string? cursor = null)
        {
            var (p50, p95) = await Timings.MeasureAsync(options.Runs, () => list.ListAsync(owner, filter, cursor));
            Console.WriteLine($"{provider,-8} orders page {name,-26} p50 {p50,7:0.0} ms   p95 {p95,7:0.0} ms");
            figures.Latency($"orders page, {name}", (p50, p95));
            figures.Beside($"orders page, {name}: p95", "ms", p95, "target p95", 100);
        }
        await PageAsync("first page", new OrderFilter());
        await PageAsync("to ship, overdue", new OrderFilter { State = OrderListState.ToShip, OverdueOnly = true });
        await PageAsync("to ship, due within 6 h", new OrderFilter { State = OrderListState.ToShip, DueWithinHours = 6 });
        await PageAsync("search by order no.", new OrderFilter { Search = someOrderNo });
        await PageAsync("page 200", new OrderFilter(), deep);

        // The home page's to-do panel: every count of the workspace, as the owner opening the back office sees them.
        var todo = scope.ServiceProvider.GetRequiredService<KuaishouSeller.Core.Todo.TodoQueries>();
        var panel = await Timings.MeasureAsync(options.Runs, () => todo.PanelAsync(owner));
        Console.WriteLine($"{provider,-8} to-do counts                       p50 {panel.P50,7:0.0} ms   p95 {panel.P95,7:0.0} ms");
        figures.Latency("to-do counts", panel);
        figures.Beside("to-do counts: p95", "ms", panel.P95, "target p95", 30);

        var n = options.Int("rows", 10_000);
        await ReopenForShippingAsync(scope.ServiceProvider, database, merchant, owner, n);
        List<string> toShip;
        await using (var db = DatabaseSetup.CreateContext(database))
            toShip = await db.Orders.Where(o => o.MerchantId == merchant && o.Status == OrderStatus.Paid).OrderBy(o => o.Id).Take(n).Select(o => o.OrderNo).ToListAsync();
        // Waybills unique to this run, so a kept world can be measured again.
        var run = DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond % 100_000 * 100_000;
        var file = new StringBuilder("order_no,carrier,waybill\n");
        for (var i = 0; i < toShip.Count; i++) file.Append(toShip[i]).Append(",ZTO,76").Append((run + i).ToString("D10")).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(file.ToString());
        var (plan, previewSeconds) = await Timings.TimeAsync(() => imports.PreviewAsync(owner, ImportKind.Shipments, default, bytes, "shipments.csv"));
        var (result, applySeconds) = await Timings.TimeAsync(() => imports.ApplyAsync(owner, plan));
        Console.WriteLine($"{provider,-8} shipping file {toShip.Count:N0} rows: preview {previewSeconds:0.00} s + apply {applySeconds:0.00} s ({result.Changed:N0} shipped)");
        figures.Value($"shipping file, {toShip.Count:N0} rows: preview", "s", previewSeconds);
        figures.Value($"shipping file, {toShip.Count:N0} rows: apply", "s", applySeconds);
        figures.Value("shipping file: orders shipped", "count", result.Changed);
        figures.Beside($"shipping file, {toShip.Count:N0} rows: preview + apply", "s", previewSeconds + applySeconds, "target", 5);
        return figures;
    }

    /// <summary>
    /// The benchmark world only: a morning rarely has 10,000 orders waiting, so shipped and completed orders are put back to paid
    /// (unreserved) until N wait, and their units are received into the pool through the ledgered adjustment, so the
    /// file ships from stock that is really there.
    /// </summary>
    private static async Task ReopenForShippingAsync(IServiceProvider services, DatabaseOptions database, long merchant, string owner, int n)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        var missing = n - await db.Orders.CountAsync(o => o.MerchantId == merchant && o.Status == OrderStatus.Paid);
        if (missing <= 0) return;
        var reopen = await db.Orders.Where(o => o.MerchantId == merchant && (o.Status == OrderStatus.Completed || o.Status == OrderStatus.Shipped)).OrderByDescending(o => o.Id).Take(missing)
            .Select(o => new { o.Id, o.SkuId, o.Quantity }).ToListAsync();
        foreach (var chunk in reopen.Select(o => o.Id).Chunk(500))
            await db.Orders.Where(o => chunk.Contains(o.Id)).ExecuteUpdateAsync(o => o
                .SetProperty(x => x.Status, OrderStatus.Paid).SetProperty(x => x.ReservedFrom, ReservationSource.None)
                .SetProperty(x => x.ShippedAt, (DateTime?)null).SetProperty(x => x.ShippedBy, (string?)null)
                .SetProperty(x => x.Carrier, (Carrier?)null).SetProperty(x => x.WaybillNo, (string?)null)
                .SetProperty(x => x.PickedUpAt, (DateTime?)null).SetProperty(x => x.DeliveredAt, (DateTime?)null));
        var stock = services.GetRequiredService<StockService>();
        foreach (var sku in reopen.GroupBy(o => o.SkuId))
            await stock.AdjustAsync(owner, sku.Key, sku.Sum(o => o.Quantity), "基准测试入库 benchmark receipt");
        Console.WriteLine($"reopened {reopen.Count:N0} shipped or completed orders to have {n:N0} to ship");
    }
}
