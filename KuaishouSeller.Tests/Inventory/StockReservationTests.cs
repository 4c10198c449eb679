using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Inventory;

/// <summary>The shared stock pool under concurrent orders, on both providers.</summary>
public sealed class StockReservationTests
{
    private static async Task<(TestDatabase Database, CoreServicesFor Services, long Merchant, long Sku, long Shop)> WorldAsync(DatabaseProvider provider, int available)
    {
        var clock = new FakeTimeProvider(AppFactory.Now);
        var database = await TestDatabase.CreateAsync(provider);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, clock, reset: false);
        var services = new CoreServicesFor(database, clock);
        await using var db = database.CreateContext();
        var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var item = await db.StockItems.Where(s => s.MerchantId == merchant && s.OnHand > 0 && s.QuotaAllocated == 0 && s.Reserved == 0).OrderBy(s => s.SkuId).FirstAsync();
        await services.Stock.AdjustAsync(await services.UserIdAsync("owner@demo.ks"), item.SkuId, available - item.Available, "盘点 stock count");
        var shop = await db.Shops.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        return (database, services, merchant, item.SkuId, shop);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Concurrent_orders_for_the_last_units_never_oversell(DatabaseProvider provider)
    {
        var (database, services, merchant, sku, shop) = await WorldAsync(provider, available: 40);
        await using var _ = database;

        // 16 workers race for 40 units with 8 attempts each: exactly 40 may win.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var won = 0;
            for (var attempt = 0; attempt < 8; attempt++)
                if (await services.Stock.ReserveAsync(shop, sku, 1, $"order-{worker}-{attempt}") == ReservationOutcome.Reserved) won++;
            return won;
        })));

        Assert.Equal(40, outcomes.Sum());
        await using var db = database.CreateContext();
        var item = await db.StockItems.SingleAsync(s => s.SkuId == sku);
        Assert.Equal(0, item.OnHand - item.Reserved - item.CampaignLocked);
        Assert.Equal(40, await db.StockLedger.CountAsync(l => l.SkuId == sku && l.Kind == StockMovementKind.Reservation));
        Assert.Empty(await services.Stock.LedgerMismatchesAsync(merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_order_lifecycle_moves_stock_and_the_ledger_always_adds_up(DatabaseProvider provider)
    {
        var (database, services, merchant, sku, shop) = await WorldAsync(provider, available: 10);
        await using var _ = database;
        await using var db = database.CreateContext();
        var onHand = await db.StockItems.Where(s => s.SkuId == sku).Select(s => s.OnHand).SingleAsync();

        await services.Stock.ReserveAsync(shop, sku, 4, "A");   // available 6
        await services.Stock.ReserveAsync(shop, sku, 3, "B");   // available 3
        await services.Stock.ShipAsync(shop, sku, 4, "A");      // on hand −4
        await services.Stock.ReleaseAsync(shop, sku, 3, "B");   // B cancelled: available back
        await services.Stock.ReturnAsync(shop, sku, 1, "A");    // one unit of A comes back
        var e = await Assert.ThrowsAsync<DomainException>(() => services.Stock.ShipAsync(shop, sku, 1, "C")); // nothing reserved for it
        Assert.Contains("没有这么多已预占库存", e.UserMessage.Zh);

        var item = await db.StockItems.SingleAsync(s => s.SkuId == sku);
        Assert.Equal((onHand - 4 + 1, 0), (item.OnHand, item.Reserved));
        Assert.Equal(10 - 4 + 1, item.Available);
        var kinds = await db.StockLedger.Where(l => l.SkuId == sku && l.Reference != null && l.Reference.Length == 1).OrderBy(l => l.Id).Select(l => l.Kind).ToListAsync();
        Assert.Equal([StockMovementKind.Reservation, StockMovementKind.Reservation, StockMovementKind.Shipment, StockMovementKind.ReservationRelease, StockMovementKind.Return], kinds);
        Assert.Empty(await services.Stock.LedgerMismatchesAsync(merchant));
    }

    [Fact]
    public async Task Adjustments_are_validated_authorised_and_never_go_below_what_is_promised()
    {
        var (database, services, merchant, sku, shop) = await WorldAsync(DatabaseProvider.Sqlite, available: 5);
        await using var _ = database;
        var owner = await services.UserIdAsync("owner@demo.ks");
        Assert.Equal(ReservationOutcome.Reserved, await services.Stock.ReserveAsync(shop, sku, 3, "order-1"));
        Assert.Equal(ReservationOutcome.NotEnoughStock, await services.Stock.ReserveAsync(shop, sku, 3, "order-2"));
        Assert.Equal(ReservationOutcome.UnknownSku, await services.Stock.ReserveAsync(shop, -1, 1, "order-3"));
        await Assert.ThrowsAsync<DomainException>(() => services.Stock.ReserveAsync(shop, sku, 0, "order-4"));

        await using var db = database.CreateContext();
        var onHand = await db.StockItems.Where(s => s.SkuId == sku).Select(s => s.OnHand).SingleAsync();
        var e = await Assert.ThrowsAsync<DomainException>(() => services.Stock.AdjustAsync(owner, sku, -(onHand - 2), "破损 damaged"));
        Assert.Contains("少于已预占", e.UserMessage.Zh);
        await Assert.ThrowsAsync<DomainException>(() => services.Stock.AdjustAsync(owner, sku, 1, " "));
        // The operator runs operations, not inventory: no stock adjustments.
        var operatorId = await services.UserIdAsync("operator@demo.ks");
        await Assert.ThrowsAsync<AccessDeniedException>(() => services.Stock.AdjustAsync(operatorId, sku, 1, "x"));

        Assert.Equal(onHand, await db.StockItems.Where(s => s.SkuId == sku).Select(s => s.OnHand).SingleAsync());
        Assert.Empty(await services.Stock.LedgerMismatchesAsync(merchant));
    }
}
