using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Webhooks;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Orders;

/// <summary>Shipping and cancelling: the order's state, its stock, and the refusals a person gets, on both databases.</summary>
public sealed class OrderShippingTests
{
    /// <summary>A waybill in ZTO's format nobody used yet (unique per test through the salt).</summary>
    internal static string Zto(int salt) => $"73{salt:D10}";

    internal static async Task<Order> UnshippedAsync(SeededWorld world, ReservationSource from, int skip = 0, long? shop = null)
    {
        await using var db = world.Db();
        return await db.Orders.AsNoTracking()
            .Where(o => o.MerchantId == world.Merchant && o.Status == OrderStatus.Paid && o.ReservedFrom == from && (shop == null || o.ShopId == shop))
            .OrderBy(o => o.Id).Skip(skip).FirstAsync();
    }

    internal static async Task<Order> OrderAsync(SeededWorld world, long id)
    {
        await using var db = world.Db();
        return await db.Orders.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    private static async Task<StockItem> StockAsync(SeededWorld world, long sku)
    {
        await using var db = world.Db();
        return await db.StockItems.AsNoTracking().SingleAsync(s => s.SkuId == sku);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Shipping_consumes_the_reservation_and_shipping_again_is_told_who_shipped_and_when(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var order = await UnshippedAsync(world, ReservationSource.Pool);
        var before = await StockAsync(world, order.SkuId);

        await orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, " " + Zto(1) + " ");

        var shipped = await OrderAsync(world, order.Id);
        Assert.Equal((OrderStatus.Shipped, Carrier.Zto, Zto(1), "王老板"), (shipped.Status, shipped.Carrier!.Value, shipped.WaybillNo!, shipped.ShippedBy!));
        Assert.Equal(world.Clock.GetUtcNow().UtcDateTime, shipped.ShippedAt);
        var after = await StockAsync(world, order.SkuId);
        Assert.Equal((before.OnHand - order.Quantity, before.Reserved - order.Quantity), (after.OnHand, after.Reserved));

        var again = await Assert.ThrowsAsync<ConflictException>(() => orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, Zto(2)));
        var at = ShanghaiTime.Format(world.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal($"订单已由 王老板 于 {at} 发货，不能发货。", again.UserMessage.Zh);
        Assert.Equal($"The order was already shipped by 王老板 at {at}; it cannot be shipped.", again.UserMessage.En);
        Assert.Equal(after.OnHand, (await StockAsync(world, order.SkuId)).OnHand);
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_wrong_waybill_format_a_used_waybill_a_cancelled_order_and_another_merchants_order_are_refused_and_change_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var first = await UnshippedAsync(world, ReservationSource.Pool);
        var second = await UnshippedAsync(world, ReservationSource.Pool, skip: 1);

        var format = await Assert.ThrowsAsync<ConflictException>(() => orders.ShipAsync(world.Owner, first.Id, Carrier.SfExpress, "12345"));
        Assert.Contains("不符合顺丰速运的单号格式", format.UserMessage.Zh);
        Assert.Contains("not in SF Express's format", format.UserMessage.En);
        Assert.Equal(OrderStatus.Paid, (await OrderAsync(world, first.Id)).Status);

        await orders.ShipAsync(world.Owner, first.Id, Carrier.SfExpress, "SF1234567890123");
        var used = await Assert.ThrowsAsync<ConflictException>(() => orders.ShipAsync(world.Owner, second.Id, Carrier.SfExpress, "sf1234567890123"));
        Assert.Equal("The waybill \"SF1234567890123\" is already used by another order.", used.UserMessage.En);
        Assert.Equal(OrderStatus.Paid, (await OrderAsync(world, second.Id)).Status);

        await orders.CancelAsync(world.Owner, second.Id, "买家要求取消 buyer asked");
        var cancelled = await Assert.ThrowsAsync<ConflictException>(() => orders.ShipAsync(world.Owner, second.Id, Carrier.Zto, Zto(3)));
        Assert.StartsWith("订单已由 王老板 于", cancelled.UserMessage.Zh);
        Assert.Contains("already cancelled by 王老板", cancelled.UserMessage.En);

        long foreign;
        await using (var db = world.Db())
            foreign = await db.Orders.Where(o => o.MerchantId != world.Merchant && o.Status == OrderStatus.Paid).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => orders.ShipAsync(world.Owner, foreign, Carrier.Zto, Zto(4)));
        var none = await Assert.ThrowsAsync<NotFoundException>(() => orders.ShipAsync(world.Owner, long.MaxValue, Carrier.Zto, Zto(4)));
        Assert.Equal(none.UserMessage, missing.UserMessage);
        Assert.Equal(OrderStatus.Paid, (await OrderAsync(world, foreign)).Status);
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Cancelling_needs_a_reason_and_gives_the_reservation_back_to_the_quota_or_the_pool_it_came_from(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        long quotaSku;
        Order template;
        await using (var db = world.Db())
        {
            var quota = await db.ShopStockQuotas.AsNoTracking().Where(q => q.MerchantId == world.Merchant && q.Remaining >= 2).OrderBy(q => q.SkuId).FirstAsync();
            quotaSku = quota.SkuId;
            template = await db.Orders.AsNoTracking().Where(o => o.ShopId == quota.ShopId && o.SkuId == quotaSku).FirstAsync();
        }
        var paidAt = world.Clock.GetUtcNow().UtcDateTime;
        var id = await orders.AcceptPaidAsync(new Order
        {
            OrderNo = "KSTESTQUOTA1", MerchantId = template.MerchantId, ShopId = template.ShopId, ListingId = template.ListingId, SkuId = quotaSku,
            BuyerId = template.BuyerId, Quantity = 2, AmountFen = 2000, Channel = template.Channel, PaidAt = paidAt,
        });
        Assert.NotNull(id);
        Assert.Equal(ReservationSource.Quota, (await OrderAsync(world, id!.Value)).ReservedFrom);
        int Remaining(AppDbContext db) => db.ShopStockQuotas.Single(q => q.SkuId == quotaSku && q.ShopId == template.ShopId).Remaining;
        int remainingBefore;
        await using (var db = world.Db()) remainingBefore = Remaining(db);

        var noReason = await Assert.ThrowsAsync<DomainException>(() => orders.CancelAsync(world.Owner, id.Value, "  "));
        Assert.Equal("Give a reason for cancelling.", noReason.UserMessage.En);
        await orders.CancelAsync(world.Owner, id.Value, "缺货 out of stock");
        await using (var db = world.Db()) Assert.Equal(remainingBefore + 2, Remaining(db));
        var cancelled = await OrderAsync(world, id.Value);
        Assert.Equal((OrderStatus.Cancelled, "王老板", "缺货 out of stock"), (cancelled.Status, cancelled.CancelledBy!, cancelled.CancelReason!));

        var pooled = await UnshippedAsync(world, ReservationSource.Pool);
        var before = await StockAsync(world, pooled.SkuId);
        await orders.CancelAsync(world.Owner, pooled.Id, "买家取消");
        var after = await StockAsync(world, pooled.SkuId);
        Assert.Equal((before.Reserved - pooled.Quantity, before.OnHand, before.QuotaAllocated), (after.Reserved, after.OnHand, after.QuotaAllocated));
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_order_without_a_reservation_ships_from_the_shared_stock_and_cancels_without_moving_stock(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var order = await UnshippedAsync(world, ReservationSource.None);
        var item = await StockAsync(world, order.SkuId);
        if (item.SharedAvailable < order.Quantity)
            await world.Services.Stock.AdjustAsync(world.Owner, order.SkuId, order.Quantity, "入库 receipt");
        var before = await StockAsync(world, order.SkuId);

        await orders.ShipAsync(world.Owner, order.Id, Carrier.Yto, "YT1234567890123");
        var after = await StockAsync(world, order.SkuId);
        Assert.Equal((before.OnHand - order.Quantity, before.Reserved), (after.OnHand, after.Reserved));

        var other = await UnshippedAsync(world, ReservationSource.None);
        var untouched = await StockAsync(world, other.SkuId);
        await orders.CancelAsync(world.Owner, other.Id, "重复下单");
        var now = await StockAsync(world, other.SkuId);
        Assert.Equal((untouched.OnHand, untouched.Reserved, untouched.QuotaAllocated), (now.OnHand, now.Reserved, now.QuotaAllocated));
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_selection_ships_as_many_orders_of_a_sku_as_its_stock_holds_and_refuses_the_rest_unchanged(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        // Three unreserved orders of one SKU (they ship from the shared stock), and shared stock for only the first two.
        var three = new List<Order>();
        for (var skip = 0; three.Count < 3; skip++) three.Add(await UnshippedAsync(world, ReservationSource.None, skip));
        var sku = three[0].SkuId;
        await using (var db = world.Db())
            await db.Orders.Where(o => three.Select(t => t.Id).Contains(o.Id)).ExecuteUpdateAsync(o => o.SetProperty(x => x.SkuId, sku));
        var fits = three[0].Quantity + three[1].Quantity;
        var shortBy = fits - (await StockAsync(world, sku)).SharedAvailable;
        if (shortBy != 0) await world.Services.Stock.AdjustAsync(world.Owner, sku, shortBy, "盘点 count");
        var before = await StockAsync(world, sku);
        // A fourth order, reserved and of another SKU, ships alongside.
        var reserved = await UnshippedAsync(world, ReservationSource.Pool);

        var requests = three.Append(reserved).Select((o, i) => new ShipRequest(i + 1, o.Id, null, Carrier.Zto, Zto(900 + i))).ToList();
        var outcomes = await orders.ShipManyAsync(world.Owner, requests);

        Assert.Equal([true, true, false, true], outcomes.Select(o => o.Ships));
        Assert.Equal($"Not enough stock to ship the order \"{three[2].OrderNo}\"; it was not shipped.", outcomes[2].Refusal?.En);
        foreach (var (order, i) in new[] { (three[0], 0), (three[1], 1), (reserved, 3) })
        {
            var now = await OrderAsync(world, order.Id);
            Assert.Equal((OrderStatus.Shipped, Carrier.Zto, Zto(900 + i), "王老板"), (now.Status, now.Carrier!.Value, now.WaybillNo!, now.ShippedBy!));
        }
        var refused = await OrderAsync(world, three[2].Id);
        Assert.Equal((OrderStatus.Paid, null, null), (refused.Status, refused.WaybillNo, refused.ShippedAt));
        var after = await StockAsync(world, sku);
        Assert.Equal((before.OnHand - fits, 0), (after.OnHand, after.SharedAvailable));
        await using (var db = world.Db())
        {
            var references = await db.StockLedger.Where(l => l.Kind == StockMovementKind.Shipment && l.SkuId == sku).Select(l => l.Reference).ToListAsync();
            Assert.Contains(three[0].OrderNo, references);
            Assert.Contains(three[1].OrderNo, references);
            Assert.DoesNotContain(three[2].OrderNo, references);
        }
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_people_shipping_overlapping_selections_at_once_ship_each_order_once_with_one_ledger_row_event_and_audit_entry(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var colleague = await world.Services.UserIdAsync("operator@demo.ks");
        List<Order> paid;
        await using (var db = world.Db())
            paid = await db.Orders.AsNoTracking().Where(o => o.MerchantId == world.Merchant && o.Status == OrderStatus.Paid && o.ReservedFrom != ReservationSource.None)
                .OrderBy(o => o.Id).Take(120).ToListAsync();
        // Both selections are larger than the bulk threshold, so their ledger rows, events and audit entries go in bulk.
        Assert.True(paid.Count == 120, $"the demo world has {paid.Count} reserved orders to ship");
        var (mineOnly, overlap, theirsOnly) = (paid[..10], paid[10..110], paid[110..]);
        var mine = mineOnly.Concat(overlap).Select((o, i) => new ShipRequest(i + 1, o.Id, null, Carrier.Zto, Zto(2000 + i))).ToList();
        var theirs = overlap.Concat(theirsOnly).Select((o, i) => new ShipRequest(i + 1, o.Id, null, Carrier.Zto, Zto(3000 + i))).ToList();
        Assert.True(mine.Count >= Math.Max(CommandContext.BulkAppendRowsSqlite, CommandContext.BulkAppendRowsPostgres));

        var outcomes = await Task.WhenAll(
            new CoreServicesFor(world.Database, world.Clock).Get<OrderCommands>().ShipManyAsync(world.Owner, mine),
            new CoreServicesFor(world.Database, world.Clock).Get<OrderCommands>().ShipManyAsync(colleague, theirs));

        // Each overlapping order shipped exactly once; the person who lost it is told who shipped it.
        var shippedBy = outcomes.SelectMany(o => o).Where(o => o.Ships).GroupBy(o => o.OrderId!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(paid.Select(o => o.Id).Order(), shippedBy.Keys.Order());
        Assert.All(shippedBy.Values, count => Assert.Equal(1, count));
        var refused = outcomes.SelectMany(o => o).Where(o => !o.Ships).ToList();
        Assert.Equal(overlap.Count, refused.Count);
        Assert.All(refused, r => Assert.Matches("^The order was already shipped by (王老板|李运营) at ", r.Refusal!.Value.En));

        await using (var db = world.Db())
        {
            var numbers = paid.Select(o => o.OrderNo).ToList();
            var ids = paid.Select(o => o.Id.ToString()).ToList();
            var ledger = await db.StockLedger.Where(l => l.Kind == StockMovementKind.Shipment && numbers.Contains(l.Reference!)).Select(l => l.Reference).ToListAsync();
            var audit = await db.AuditLog.Where(a => a.Action == AuditActions.OrderShipped && a.EntityType == "Order" && ids.Contains(a.EntityId!))
                .Select(a => a.EntityId).ToListAsync();
            var events = await db.Outbox.Where(e => e.Type == WebhookEvents.OrderShipped).Select(e => e.Payload).ToListAsync();
            Assert.Equal(numbers.Order(), ledger.Order());
            Assert.Equal(ids.Order(), audit.Order());
            Assert.Equal(numbers.Order(), events.Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement.GetProperty("orderNo").GetString()).Order());
            var shipped = await db.Orders.AsNoTracking().Where(o => paid.Select(p => p.Id).Contains(o.Id)).ToListAsync();
            Assert.All(shipped, o => Assert.Equal((OrderStatus.Shipped, Carrier.Zto), (o.Status, o.Carrier!.Value)));
        }
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));

        // The tables number on after the bulk rows: the next single shipment writes its own ledger row, event and audit entry.
        var next = await UnshippedAsync(world, ReservationSource.Pool);
        await world.Services.Get<OrderCommands>().ShipAsync(world.Owner, next.Id, Carrier.Zto, Zto(4000));
        await using (var db = world.Db())
        {
            Assert.Equal(1, await db.StockLedger.CountAsync(l => l.Kind == StockMovementKind.Shipment && l.Reference == next.OrderNo));
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.EntityType == "Order" && a.EntityId == next.Id.ToString()));
            Assert.Equal(paid.Count + 1, await db.Outbox.CountAsync(e => e.Type == WebhookEvents.OrderShipped));
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_people_shipping_the_same_order_at_once_one_wins_and_the_other_is_told_who(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var colleague = await world.Services.UserIdAsync("operator@demo.ks");
        var order = await UnshippedAsync(world, ReservationSource.Pool);
        var before = await StockAsync(world, order.SkuId);
        // Each person on their own services (their own circuit), as in the app.
        var mine = new CoreServicesFor(world.Database, world.Clock).Get<OrderCommands>();
        var theirs = new CoreServicesFor(world.Database, world.Clock).Get<OrderCommands>();

        var attempts = await Task.WhenAll(
            Attempt(() => mine.ShipAsync(world.Owner, order.Id, Carrier.Zto, Zto(11))),
            Attempt(() => theirs.ShipAsync(colleague, order.Id, Carrier.Zto, Zto(12))));

        Assert.Single(attempts, a => a is null);
        var refusal = Assert.Single(attempts, a => a is not null)!;
        var shipped = await OrderAsync(world, order.Id);
        Assert.Contains($"already shipped by {shipped.ShippedBy}", refusal.UserMessage.En);
        Assert.Contains(shipped.ShippedBy!, new[] { "王老板", "李运营" });
        Assert.Equal(before.OnHand - order.Quantity, (await StockAsync(world, order.SkuId)).OnHand);
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));

        static async Task<ConflictException?> Attempt(Func<Task> ship)
        {
            try { await ship(); return null; }
            catch (ConflictException e) { return e; }
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Carrier_scans_are_idempotent_and_refuse_a_delivery_before_the_pickup(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var scans = world.Services.Get<CarrierScans>();
        var order = await UnshippedAsync(world, ReservationSource.Pool);
        await orders.ShipAsync(world.Owner, order.Id, Carrier.JTExpress, "JT1234567890123");
        var shippedAt = world.Clock.GetUtcNow().UtcDateTime;

        var early = await Assert.ThrowsAsync<ConflictException>(() => scans.RecordAsync(Carrier.JTExpress, "JT1234567890123", CarrierScanKind.Delivered, shippedAt));
        Assert.Equal("The parcel has no pickup scan yet; it cannot be delivered first.", early.UserMessage.En);
        world.Clock.Advance(TimeSpan.FromHours(3));
        await Assert.ThrowsAsync<DomainException>(() => scans.RecordAsync(Carrier.JTExpress, "JT1234567890123", CarrierScanKind.PickedUp, shippedAt.AddHours(-1)));
        await Assert.ThrowsAsync<NotFoundException>(() => scans.RecordAsync(Carrier.Zto, "JT1234567890123", CarrierScanKind.PickedUp, shippedAt));

        Assert.Equal(CarrierScanResult.Recorded, await scans.RecordAsync(Carrier.JTExpress, "jt1234567890123", CarrierScanKind.PickedUp, shippedAt.AddHours(2)));
        Assert.Equal(CarrierScanResult.AlreadyRecorded, await scans.RecordAsync(Carrier.JTExpress, "JT1234567890123", CarrierScanKind.PickedUp, shippedAt.AddHours(2)));
        var picked = await OrderAsync(world, order.Id);
        Assert.Equal((OrderStatus.PickedUp, shippedAt.AddHours(2)), (picked.Status, picked.PickedUpAt!.Value));

        world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(CarrierScanResult.Recorded, await scans.RecordAsync(Carrier.JTExpress, "JT1234567890123", CarrierScanKind.Delivered, shippedAt.AddHours(20)));
        Assert.Equal(CarrierScanResult.AlreadyRecorded, await scans.RecordAsync(Carrier.JTExpress, "JT1234567890123", CarrierScanKind.PickedUp, shippedAt.AddHours(2)));
        var delivered = await OrderAsync(world, order.Id);
        Assert.Equal((OrderStatus.Delivered, shippedAt.AddHours(2), shippedAt.AddHours(20)), (delivered.Status, delivered.PickedUpAt!.Value, delivered.DeliveredAt!.Value));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_demo_carriers_pick_up_and_deliver_shipped_parcels_through_the_scan_method(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var order = await UnshippedAsync(world, ReservationSource.Pool);
        await orders.ShipAsync(world.Owner, order.Id, Carrier.Yunda, "4312345678901");

        world.Clock.Advance(DemoCarrierSimulator.PickupDelay(order.Id));
        await DemoCarrierSimulator.RunAsync(world.Services.Services, default);
        Assert.Equal(OrderStatus.PickedUp, (await OrderAsync(world, order.Id)).Status);
        world.Clock.Advance(DemoCarrierSimulator.DeliveryDelay(order.Id));
        await DemoCarrierSimulator.RunAsync(world.Services.Services, default);
        var delivered = await OrderAsync(world, order.Id);
        Assert.Equal(OrderStatus.Delivered, delivered.Status);
        Assert.Equal(delivered.ShippedAt + DemoCarrierSimulator.PickupDelay(order.Id), delivered.PickedUpAt);
    }
}
