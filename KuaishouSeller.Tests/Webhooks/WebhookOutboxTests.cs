using System.Text.Json;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Webhooks;
using KuaishouSeller.Tests.Infrastructure;
using KuaishouSeller.Tests.Orders;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Webhooks;

/// <summary>Events enter the outbox with their change, in the same transaction: a refused change leaves no event.</summary>
public sealed class WebhookOutboxTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Shipping_writes_one_shipped_event_with_ids_and_states_and_a_refused_ship_writes_none(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var order = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);

        await Assert.ThrowsAsync<ConflictException>(() => orders.ShipAsync(world.Owner, order.Id, Carrier.SfExpress, "12345"));
        Assert.Empty(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderShipped, order.Id));

        await orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, OrderShippingTests.Zto(11));
        var shipped = Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderShipped, order.Id));
        using var payload = JsonDocument.Parse(shipped.Payload);
        var data = payload.RootElement;
        Assert.Equal((order.Id, order.OrderNo, "Shipped", OrderShippingTests.Zto(11)),
            (data.GetProperty("orderId").GetInt64(), data.GetProperty("orderNo").GetString(), data.GetProperty("state").GetString(), data.GetProperty("waybill").GetString()));
        Assert.Equal(world.Clock.GetUtcNow().UtcDateTime, shipped.CreatedAt);

        // Shipping again is refused (already shipped) and adds nothing.
        await Assert.ThrowsAsync<ConflictException>(() => orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, OrderShippingTests.Zto(12)));
        Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderShipped, order.Id));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Cancelling_writes_a_cancelled_event_without_the_buyer_or_the_reason_and_a_refused_cancel_writes_none(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var order = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);
        string buyerName, buyerPhone;
        await using (var db = world.Db())
        {
            var buyer = await db.Buyers.AsNoTracking().SingleAsync(b => b.Id == order.BuyerId);
            (buyerName, buyerPhone) = (buyer.Name, buyer.Phone);
        }

        await orders.CancelAsync(world.Owner, order.Id, "买家要求取消 buyer asked");
        var cancelled = Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderCancelled, order.Id));
        Assert.Contains("\"state\":\"Cancelled\"", cancelled.Payload);
        Assert.DoesNotContain("buyer asked", cancelled.Payload);
        Assert.DoesNotContain(buyerName, cancelled.Payload);
        Assert.DoesNotContain(buyerPhone, cancelled.Payload);

        await Assert.ThrowsAsync<ConflictException>(() => orders.CancelAsync(world.Owner, order.Id, "again"));
        await Assert.ThrowsAsync<ConflictException>(() => orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, OrderShippingTests.Zto(13)));
        Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderCancelled, order.Id));
        Assert.Empty(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderShipped, order.Id));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_file_of_shipments_writes_an_event_for_each_order_that_shipped_and_none_for_a_refused_row(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var first = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);
        var second = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool, skip: 1);

        var outcomes = await orders.ShipManyAsync(world.Owner,
        [
            new ShipRequest(1, first.Id, null, Carrier.Zto, OrderShippingTests.Zto(21)),
            new ShipRequest(2, second.Id, null, Carrier.SfExpress, "bad"),
        ]);

        Assert.Equal([true, false], outcomes.Select(o => o.Ships));
        Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderShipped, first.Id));
        Assert.Empty(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderShipped, second.Id));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Stock_falling_to_its_low_threshold_announces_once_and_a_refused_adjustment_announces_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        KuaishouSeller.Core.Inventory.StockItem item;
        await using (var db = world.Db())
            item = await db.StockItems.AsNoTracking()
                .Where(s => s.MerchantId == world.Merchant && s.Reserved == 0 && s.CampaignLocked == 0 && s.QuotaAllocated == 0 && s.LowStockThreshold >= 1 && s.OnHand > s.LowStockThreshold + 10)
                .OrderBy(s => s.SkuId).FirstAsync();
        var stock = world.Services.Stock;
        var lowBefore = (await WebhookTestKit.EventsAsync(world, WebhookEvents.StockLow)).Count;

        // Refused (below what is promised is impossible here: more than on hand), nothing announced.
        await Assert.ThrowsAsync<DomainException>(() => stock.AdjustAsync(world.Owner, item.SkuId, -(item.OnHand + 1), "count"));
        // Above the threshold: nothing; down to it: once; further down: no second event.
        await stock.AdjustAsync(world.Owner, item.SkuId, -(item.OnHand - item.LowStockThreshold - 5), "count");
        await stock.AdjustAsync(world.Owner, item.SkuId, -5, "count");
        await stock.AdjustAsync(world.Owner, item.SkuId, -1, "count");

        var low = (await WebhookTestKit.EventsAsync(world, WebhookEvents.StockLow)).Skip(lowBefore).ToList();
        var one = Assert.Single(low);
        Assert.Contains($"\"skuId\":{item.SkuId},", one.Payload);
        Assert.Contains($"\"available\":{item.LowStockThreshold},", one.Payload);
    }
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_accepted_paid_order_announces_itself_and_one_the_stock_cannot_cover_announces_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var template = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);
        Order New(string no, int quantity) => new()
        {
            OrderNo = no, MerchantId = template.MerchantId, ShopId = template.ShopId, ListingId = template.ListingId, SkuId = template.SkuId,
            BuyerId = template.BuyerId, Quantity = quantity, AmountFen = 1000, Channel = template.Channel, PaidAt = world.Clock.GetUtcNow().UtcDateTime,
        };

        Assert.Null(await orders.AcceptPaidAsync(New("KSWEBHOOKBIG", 900_000)));
        var id = await orders.AcceptPaidAsync(New("KSWEBHOOK1", 1));

        var created = Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderCreated));
        Assert.Contains($"\"orderId\":{id},", created.Payload);
        Assert.Contains("\"state\":\"Paid\"", created.Payload);
    }
}
