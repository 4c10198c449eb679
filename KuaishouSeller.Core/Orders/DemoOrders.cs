using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Core.Orders;

/// <summary>
/// The demo world's orders as the order life needs them: unshipped orders know where their reservation came from,
/// parcels in transit have a carrier and waybill (so the carrier simulator can scan them), and picked-up parcels are
/// in the PickedUp state.
/// </summary>
public static class DemoOrders
{
    public static async Task PrepareAsync(AppDbContext db, CancellationToken ct)
    {
        // The seeder reserved on the pool for the unshipped orders it could cover (its ledger entries name the order).
        var reserved = db.StockLedger.Where(l => l.Kind == StockMovementKind.Reservation && l.Reference != null).Select(l => l.Reference);
        await db.Orders.Where(o => o.Status == OrderStatus.Paid && reserved.Contains(o.OrderNo))
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.ReservedFrom, ReservationSource.Pool), ct);
        await db.Orders.Where(o => o.Status == OrderStatus.Shipped && o.PickedUpAt != null)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.PickedUp), ct);
        // A ZTO-format waybill derived from the id: unique, and valid for the carrier's check.
        await db.Orders.Where(o => (o.Status == OrderStatus.Shipped || o.Status == OrderStatus.PickedUp) && o.WaybillNo == null)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.Carrier, Carrier.Zto).SetProperty(x => x.WaybillNo, x => (700_000_000_000L + x.Id).ToString()), ct);
    }
}

/// <summary>
/// The demo world's carriers: parcels shipped in the demo get their pickup and delivery scans after plausible times,
/// through the same <see cref="CarrierScans.RecordAsync"/> a real carrier's callback uses. Runs only where the demo world
/// is seeded (DemoWorld:SeedOnFirstStart, on by default); a production deployment turns that off.
/// </summary>
public static class DemoCarrierSimulator
{
    public const int PerRun = 2_000;

    /// <summary>Pickup 1–10 h after shipping, delivery 20–69 h after pickup, spread by the order id so runs are repeatable.</summary>
    public static TimeSpan PickupDelay(long orderId) => TimeSpan.FromHours(1 + orderId % 10);
    public static TimeSpan DeliveryDelay(long orderId) => TimeSpan.FromHours(20 + orderId % 50);

    public static bool Enabled(IConfiguration configuration) => configuration.GetSection("DemoWorld").GetValue("SeedOnFirstStart", true);

    public sealed record Report(int PickedUp, int Delivered);

    public static async Task<Report> RunAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var scans = scope.ServiceProvider.GetRequiredService<CarrierScans>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        List<(Carrier Carrier, string Waybill, CarrierScanKind Kind, DateTime At)> due = [];
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            foreach (var shop in await db.Shops.AsNoTracking().Select(s => s.Id).ToListAsync(ct))
            {
                var toPickUp = await db.Orders.AsNoTracking()
                    .Where(o => o.ShopId == shop && o.Status == OrderStatus.Shipped && o.WaybillNo != null && o.ShippedAt <= now.AddHours(-1))
                    .OrderBy(o => o.PickupDueAt).Take(PerRun).Select(o => new { o.Id, o.Carrier, o.WaybillNo, o.ShippedAt }).ToListAsync(ct);
                due.AddRange(toPickUp.Where(o => o.ShippedAt!.Value + PickupDelay(o.Id) <= now)
                    .Select(o => (o.Carrier!.Value, o.WaybillNo!, CarrierScanKind.PickedUp, o.ShippedAt!.Value + PickupDelay(o.Id))));
                var toDeliver = await db.Orders.AsNoTracking()
                    .Where(o => o.ShopId == shop && o.Status == OrderStatus.PickedUp && o.WaybillNo != null && o.PickedUpAt <= now.AddHours(-20))
                    .OrderBy(o => o.PickupDueAt).Take(PerRun).Select(o => new { o.Id, o.Carrier, o.WaybillNo, o.PickedUpAt }).ToListAsync(ct);
                due.AddRange(toDeliver.Where(o => o.PickedUpAt!.Value + DeliveryDelay(o.Id) <= now)
                    .Select(o => (o.Carrier!.Value, o.WaybillNo!, CarrierScanKind.Delivered, o.PickedUpAt!.Value + DeliveryDelay(o.Id))));
            }
        }
        var (pickedUp, delivered) = (0, 0);
        foreach (var scan in due.Take(PerRun))
        {
            if (await scans.RecordAsync(scan.Carrier, scan.Waybill, scan.Kind, scan.At, ct) != CarrierScanResult.Recorded) continue;
            if (scan.Kind == CarrierScanKind.PickedUp) pickedUp++; else delivered++;
        }
        return new Report(pickedUp, delivered);
    }
}
