using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Inventory;

/// <summary>Shop quotas carved out of the shared pool: who sells from what, moves in one action, and the ledger proof.</summary>
public sealed class ShopQuotaTests
{
    /// <summary>A SKU with exactly <paramref name="available"/> units available and no quota yet.</summary>
    private static async Task<long> SkuWithAsync(SeededWorld world, int available)
    {
        await using var db = world.Db();
        var item = await db.StockItems.Where(s => s.MerchantId == world.Merchant && s.QuotaAllocated == 0 && s.OnHand > 0).OrderBy(s => s.SkuId).FirstAsync();
        await world.Services.Stock.AdjustAsync(world.Owner, item.SkuId, available - item.Available, "盘点 count");
        return item.SkuId;
    }

    private static async Task<StockItem> ItemAsync(SeededWorld world, long sku)
    {
        await using var db = world.Db();
        return await db.StockItems.AsNoTracking().SingleAsync(s => s.SkuId == sku);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_quota_is_sold_only_by_its_shop_and_moves_in_one_action(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var stock = world.Services.Stock;
        var (live, shelf, third) = (world.Shops[0], world.Shops[1], world.Shops[2]);
        var sku = await SkuWithAsync(world, available: 50);

        await stock.MoveQuotaAsync(world.Owner, sku, fromShopId: null, toShopId: live, 30, "直播专享");
        var item = await ItemAsync(world, sku);
        Assert.Equal((50, 30, 20), (item.Available, item.QuotaAllocated, item.SharedAvailable));

        // The other shops sell from the 20 shared units only; the live shop only from its 30.
        Assert.Equal(ReservationOutcome.NotEnoughStock, await stock.ReserveAsync(shelf, sku, 21, "S1"));
        Assert.Equal(ReservationOutcome.Reserved, await stock.ReserveAsync(shelf, sku, 20, "S2"));
        Assert.Equal(ReservationOutcome.NotEnoughStock, await stock.ReserveAsync(third, sku, 1, "T1"));
        Assert.Equal(ReservationOutcome.Reserved, await stock.ReserveAsync(live, sku, 25, "L1"));
        Assert.Equal(ReservationOutcome.NotEnoughStock, await stock.ReserveAsync(live, sku, 6, "L2"));

        // Cancelling a live order puts the units back into the live quota, not into the shared pool.
        await stock.ReleaseAsync(live, sku, 5, "L1");
        item = await ItemAsync(world, sku);
        Assert.Equal((10, 0), (item.QuotaAllocated, item.SharedAvailable));

        // Quota between two shops is one move; emptying a quota into the pool ends it.
        await stock.MoveQuotaAsync(world.Owner, sku, live, third, 4, null);
        await stock.MoveQuotaAsync(world.Owner, sku, live, null, 6, null);
        await using (var db = world.Db())
        {
            var quotas = await db.ShopStockQuotas.Where(q => q.SkuId == sku).OrderBy(q => q.ShopId).Select(q => new { q.ShopId, q.Remaining }).ToListAsync();
            Assert.Equal([new { ShopId = third, Remaining = 4 }], quotas);
            Assert.Equal(3, await db.StockLedger.CountAsync(l => l.SkuId == sku && l.Kind == StockMovementKind.QuotaMove && l.Reason != "直播专享" && l.ShopId != null && l.QuotaDelta != 0 && l.Reference!.StartsWith("quota:")) );
        }
        Assert.Equal(ReservationOutcome.Reserved, await stock.ReserveAsync(live, sku, 6, "L3")); // back on the shared pool
        Assert.Empty(await stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_quota_above_available_stock_is_refused_and_nothing_changes(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var stock = world.Services.Stock;
        var sku = await SkuWithAsync(world, available: 12);
        await stock.ReserveAsync(world.Shops[1], sku, 5, "O1");
        var before = await ItemAsync(world, sku);

        var e = await Assert.ThrowsAsync<DomainException>(() => stock.MoveQuotaAsync(world.Owner, sku, null, world.Shops[0], 8, null));
        Assert.Contains("共享库存可用不足 8 件", e.UserMessage.Zh);
        Assert.Contains("fewer than 8 units", e.UserMessage.En);
        e = await Assert.ThrowsAsync<DomainException>(() => stock.MoveQuotaAsync(world.Owner, sku, world.Shops[0], world.Shops[1], 1, null));
        Assert.Contains("配额不足", e.UserMessage.Zh);
        await Assert.ThrowsAsync<DomainException>(() => stock.MoveQuotaAsync(world.Owner, sku, world.Shops[0], world.Shops[0], 1, null));
        await Assert.ThrowsAsync<DomainException>(() => stock.MoveQuotaAsync(world.Owner, sku, null, world.Shops[0], -3, null));
        // A stocktake may not cut below what is promised to quotas either.
        await stock.MoveQuotaAsync(world.Owner, sku, null, world.Shops[0], 7, null);
        e = await Assert.ThrowsAsync<DomainException>(() => stock.AdjustAsync(world.Owner, sku, -1, "破损"));
        Assert.Contains("店铺配额", e.UserMessage.Zh);

        var after = await ItemAsync(world, sku);
        Assert.Equal((before.OnHand, before.Reserved, before.QuotaAllocated + 7), (after.OnHand, after.Reserved, after.QuotaAllocated));
        Assert.Empty(await stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Fact]
    public async Task Quota_moves_need_stock_rights_on_both_shops_and_are_audited()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var sku = await SkuWithAsync(world, available: 10);
        // The agency's delegation covers two shops with view rights only.
        var agency = await world.Services.UserIdAsync("agency@demo.ks");
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.Stock.MoveQuotaAsync(agency, sku, null, world.Shops[0], 1, null));
        await world.Services.Stock.MoveQuotaAsync(world.Owner, sku, null, world.Shops[0], 3, "大促备货");

        await using var db = world.Db();
        var audit = await db.AuditLog.Where(a => a.EntityId == sku.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Contains("stock.quota-moved", audit);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "access.denied" && a.After!.Contains(AuditActions.StockQuotaMoved) && a.ShopId == world.Shops[0]));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_shops_racing_get_exactly_their_quota_and_the_shared_units(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var stock = world.Services.Stock;
        var sku = await SkuWithAsync(world, available: 30);
        await stock.MoveQuotaAsync(world.Owner, sku, null, world.Shops[0], 20, null);

        // 8 workers per shop, 5 single-unit attempts each: the live shop may win 20, the other 10.
        async Task<int> Race(long shop) => (await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var won = 0;
            for (var i = 0; i < 5; i++)
                if (await stock.ReserveAsync(shop, sku, 1, $"{shop}-{w}-{i}") == ReservationOutcome.Reserved) won++;
            return won;
        })))).Sum();
        var results = await Task.WhenAll(Race(world.Shops[0]), Race(world.Shops[1]));

        Assert.Equal([20, 10], results);
        var item = await ItemAsync(world, sku);
        Assert.Equal((0, 0), (item.Available, item.QuotaAllocated));
        Assert.Empty(await stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Fact]
    public async Task Low_stock_rules_drive_the_alert_count_and_the_filter()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var sku = await SkuWithAsync(world, available: 25);
        var before = await world.Services.StockViews.SummaryAsync(world.Owner);

        await world.Services.Stock.SetLowStockThresholdAsync(world.Owner, sku, 25);
        var after = await world.Services.StockViews.SummaryAsync(world.Owner);
        var it = await ItemAsync(world, sku);
        Assert.Equal((25, 25), (it.Available, it.LowStockThreshold));
        Assert.Equal(before.LowStock + 1, after.LowStock);
        Assert.Equal(after.LowStock, await world.Services.StockViews.LowStockCountAsync(world.Owner));
        var low = await world.Services.StockViews.ListAsync(world.Owner, new StockFilter(LowOnly: true), new PageRequest(0, 200));
        Assert.Equal(after.LowStock, low.TotalCount);
        Assert.All(low.Rows, r => Assert.True(r.Available <= r.LowStockThreshold));
        Assert.Contains(low.Rows, r => r.SkuId == sku);

        var e = await Assert.ThrowsAsync<DomainException>(() => world.Services.Stock.SetLowStockThresholdAsync(world.Owner, sku, -1));
        Assert.Contains("预警阈值", e.UserMessage.Zh);
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.Stock.SetLowStockThresholdAsync(operatorId, sku, 3));
        Assert.Equal(25, (await ItemAsync(world, sku)).LowStockThreshold);
    }

    [Fact]
    public async Task The_stock_page_pages_sorts_and_shows_a_skus_ledger()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var views = world.Services.StockViews;
        var all = await views.ListAsync(world.Owner, new StockFilter(Sort: StockSort.Available, Descending: true), new PageRequest(0, 25));
        var second = await views.ListAsync(world.Owner, new StockFilter(Sort: StockSort.Available, Descending: true), new PageRequest(1, 25));
        await using var db = world.Db();
        Assert.Equal(await db.StockItems.CountAsync(s => s.MerchantId == world.Merchant), all.TotalCount);
        Assert.Equal(25, all.Rows.Count);
        Assert.True(all.Rows.Zip(all.Rows.Skip(1)).All(p => p.First.Available >= p.Second.Available));
        Assert.True(all.Rows[^1].Available >= second.Rows[0].Available);
        Assert.Empty(all.Rows.Select(r => r.SkuId).Intersect(second.Rows.Select(r => r.SkuId)));

        var quota = await views.ListAsync(world.Owner, new StockFilter(WithQuotaOnly: true), new PageRequest(0, 50));
        Assert.Equal(8, quota.TotalCount); // the demo live room's allocation
        var sku = quota.Rows[0].SkuId;
        var detail = await views.SkuAsync(world.Owner, sku);
        Assert.NotNull(detail);
        Assert.Equal(30, detail.Shops.Single(s => s.ShopId == world.Shops[0]).Remaining);
        var ledger = await views.LedgerAsync(world.Owner, sku, new PageRequest(0, 50));
        Assert.Equal([StockMovementKind.QuotaMove, StockMovementKind.Receipt], ledger.Rows.Select(r => r.Kind));
        Assert.Equal(detail.Stock.OnHand, ledger.Rows.Sum(r => r.OnHandDelta));

        // Another merchant's user sees neither the SKU nor its ledger.
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        Assert.Null(await views.SkuAsync(creator, sku));
        Assert.Equal(0, (await views.LedgerAsync(creator, sku, new PageRequest(0, 50))).TotalCount);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Campaign_locks_come_from_the_shared_pool_never_overlap_and_are_ledgered(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var stock = world.Services.Stock;
        var sku = await SkuWithAsync(world, available: 50);
        await stock.MoveQuotaAsync(world.Owner, sku, null, world.Shops[0], 10, null);   // 40 shared

        // Two registrations race for 30 units each: only one fits.
        var results = await Task.WhenAll(Task.Run(() => stock.LockForCampaignAsync(sku, 30, "reg-A")), Task.Run(() => stock.LockForCampaignAsync(sku, 30, "reg-B")));
        Assert.Equal(1, results.Count(r => r));
        var item = await ItemAsync(world, sku);
        Assert.Equal((30, 10, 10), (item.CampaignLocked, item.QuotaAllocated, item.SharedAvailable));
        Assert.Equal(ReservationOutcome.NotEnoughStock, await stock.ReserveAsync(world.Shops[1], sku, 11, "order-1"));

        await stock.UnlockCampaignAsync(sku, 30, results[0] ? "reg-A" : "reg-B");
        await Assert.ThrowsAsync<DomainException>(() => stock.UnlockCampaignAsync(sku, 1, "reg-C"));
        Assert.Equal((0, 40), ((await ItemAsync(world, sku)).CampaignLocked, (await ItemAsync(world, sku)).SharedAvailable));
        Assert.Empty(await stock.LedgerMismatchesAsync(world.Merchant));
    }
}
