using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Transfer;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using System.Text;

namespace KuaishouSeller.Tests.Orders;

/// <summary>The order list (keyset pages, filters, search, masked buyers) and the bulk-shipping file.</summary>
public sealed class OrderListTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Keyset_pages_neither_repeat_nor_miss_an_order_even_when_many_share_the_same_paid_time(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var list = world.Services.Get<OrderListQueries>();
        var shop = world.Shops[1];
        var sameMoment = world.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1);
        await using (var db = world.Db())
        {
            var template = await db.Orders.AsNoTracking().Where(o => o.ShopId == shop).OrderBy(o => o.Id).FirstAsync();
            for (var i = 0; i < 23; i++)
                db.Orders.Add(new Order
                {
                    OrderNo = $"KSTIE{i:D4}", MerchantId = template.MerchantId, ShopId = shop, ListingId = template.ListingId, SkuId = template.SkuId,
                    BuyerId = template.BuyerId, Quantity = 1, AmountFen = 100, Channel = template.Channel, Status = OrderStatus.Paid, PaidAt = sameMoment,
                });
            await db.SaveChangesAsync();
        }
        var filter = new OrderFilter { ShopId = shop, State = OrderListState.ToShip };
        List<long> expected;
        await using (var db = world.Db())
            expected = await db.Orders.Where(o => o.ShopId == shop && o.Status == OrderStatus.Paid)
                .OrderByDescending(o => o.PaidAt).ThenByDescending(o => o.Id).Select(o => o.Id).ToListAsync();

        var seen = new List<long>();
        var pages = new List<OrderListPage>();
        string? cursor = null;
        do
        {
            var page = await list.ListAsync(world.Owner, filter, cursor, pageSize: 10);
            pages.Add(page);
            seen.AddRange(page.Rows.Select(r => r.Id));
            cursor = page.Next;
        } while (cursor is not null);
        Assert.Equal(expected, seen);
        Assert.True(pages.Count >= 3);
        Assert.Null(pages[0].Previous);
        Assert.All(pages[0].Rows.Concat(pages[1].Rows), r => Assert.Equal(sameMoment, r.PaidAt));

        // Back from the third page is exactly the second, and back again the first.
        var back = await list.ListAsync(world.Owner, filter, pages[2].Previous, pageSize: 10);
        Assert.Equal(pages[1].Rows.Select(r => r.Id), back.Rows.Select(r => r.Id));
        var first = await list.ListAsync(world.Owner, filter, back.Previous, pageSize: 10);
        Assert.Equal(pages[0].Rows.Select(r => r.Id), first.Rows.Select(r => r.Id));
        Assert.Null(first.Previous);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Filters_and_search_find_exactly_their_orders_and_rows_show_the_buyer_masked(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var list = world.Services.Get<OrderListQueries>();
        var now = world.Clock.GetUtcNow().UtcDateTime;
        var order = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);
        await world.Services.Get<OrderCommands>().ShipAsync(world.Owner, order.Id, Carrier.SfExpress, "SF9876543210987");

        async Task<List<OrderListRow>> All(OrderFilter filter)
        {
            var rows = new List<OrderListRow>();
            string? cursor = null;
            do
            {
                var page = await list.ListAsync(world.Owner, filter, cursor, pageSize: 200);
                rows.AddRange(page.Rows);
                cursor = page.Next;
            } while (cursor is not null);
            return rows;
        }

        var toShip = await All(new OrderFilter { State = OrderListState.ToShip });
        Assert.NotEmpty(toShip);
        Assert.All(toShip, r => Assert.Equal(OrderStatus.Paid, r.Status));
        Assert.DoesNotContain(toShip, r => r.Id == order.Id);
        await using (var db = world.Db())
        {
            Assert.Equal(await db.Orders.CountAsync(o => o.MerchantId == world.Merchant && o.Status == OrderStatus.Paid), toShip.Count);
            var overdue = await All(new OrderFilter { OverdueOnly = true });
            Assert.Equal(await db.Orders.CountAsync(o => o.MerchantId == world.Merchant && o.Status == OrderStatus.Paid && o.PickupDueAt < now), overdue.Count);
            var dueSoon = await All(new OrderFilter { DueWithinHours = 12 });
            Assert.All(dueSoon, r => Assert.InRange(r.TimeLeft(now)!.Value, TimeSpan.Zero, TimeSpan.FromHours(12)));
            Assert.Equal(await db.Orders.CountAsync(o => o.MerchantId == world.Merchant && o.Status == OrderStatus.Paid && o.PickupDueAt >= now && o.PickupDueAt <= now.AddHours(12)), dueSoon.Count);
        }

        var byWaybill = Assert.Single(await All(new OrderFilter { Search = "sf9876543210987" }));
        Assert.Equal(order.Id, byWaybill.Id);
        Assert.Equal(order.Id, Assert.Single(await All(new OrderFilter { Search = order.OrderNo })).Id);
        string phone;
        await using (var db = world.Db()) phone = await db.Buyers.Where(b => b.Id == order.BuyerId).Select(b => b.Phone).SingleAsync();
        var byPhone = await All(new OrderFilter { Search = phone });
        Assert.Contains(byPhone, r => r.Id == order.Id);
        Assert.All(byPhone, r => Assert.Equal(order.BuyerId, r.BuyerId));
        Assert.Equal(phone[..3] + "****" + phone[^4..], byWaybill.Buyer!.Phone);
        Assert.DoesNotContain(phone, byWaybill.Buyer.ToString());
        // The export of the same search carries the masked phone only.
        using (var csv = new MemoryStream())
        {
            await list.ExportCsvAsync(world.Owner, new OrderFilter { Search = phone }, csv);
            var text = Encoding.UTF8.GetString(csv.ToArray());
            Assert.Contains(order.OrderNo, text);
            Assert.Contains(phone[..3] + "****" + phone[^4..], text);
            Assert.DoesNotContain(phone, text);
        }

        // Another merchant's shop is not a filter anyone here can use.
        long foreignShop;
        await using (var db = world.Db()) foreignShop = await db.Shops.Where(s => s.MerchantId != world.Merchant).Select(s => s.Id).FirstAsync();
        Assert.Empty(await All(new OrderFilter { ShopId = foreignShop }));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_shipping_file_previews_each_rows_outcome_and_applying_ships_only_the_valid_rows(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = world.Services.Get<OrderCommands>();
        var imports = world.Services.Imports;
        var good1 = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool, skip: 0);
        var good2 = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool, skip: 1);
        var shipped = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool, skip: 2);
        var cancelled = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool, skip: 3);
        var badFormat = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool, skip: 4);
        var reused = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool, skip: 5);
        await orders.ShipAsync(world.Owner, shipped.Id, Carrier.Zto, OrderShippingTests.Zto(100));
        await orders.CancelAsync(world.Owner, cancelled.Id, "买家取消");
        string foreign;
        await using (var db = world.Db())
            foreign = await db.Orders.Where(o => o.MerchantId != world.Merchant && o.Status == OrderStatus.Paid).Select(o => o.OrderNo).FirstAsync();

        var csv = $"""
            订单号,快递公司,运单号
            {good1.OrderNo},中通,{OrderShippingTests.Zto(201)}
            {good2.OrderNo},SF,SF1111111111111
            KSNOSUCHORDER,中通,{OrderShippingTests.Zto(202)}
            {foreign},中通,{OrderShippingTests.Zto(203)}
            {shipped.OrderNo},中通,{OrderShippingTests.Zto(204)}
            {cancelled.OrderNo},中通,{OrderShippingTests.Zto(205)}
            {badFormat.OrderNo},圆通,12345
            {reused.OrderNo},中通,{OrderShippingTests.Zto(100)}
            {good1.OrderNo},中通,{OrderShippingTests.Zto(206)}
            """;
        // GBK, as Excel on a Chinese Windows saves CSV.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var plan = await imports.PreviewAsync(world.Owner, ImportKind.Shipments, default, Encoding.GetEncoding("GBK").GetBytes(csv), "发货.csv");

        Assert.Empty(plan.Issues);
        Assert.True(plan.CanApply);
        var outcome = plan.Shipments.ToDictionary(s => s.Row, s => s.Refusal?.En);
        Assert.Null(outcome[2]);
        Assert.Null(outcome[3]);
        Assert.Equal("There is no order \"KSNOSUCHORDER\".", outcome[4]);
        Assert.Equal($"There is no order \"{foreign}\".", outcome[5]);
        Assert.StartsWith("The order was already shipped by 王老板", outcome[6]);
        Assert.StartsWith("The order was already cancelled by 王老板", outcome[7]);
        Assert.StartsWith("The waybill \"12345\" is not in YTO Express's format", outcome[8]);
        Assert.Equal($"The waybill \"{OrderShippingTests.Zto(100)}\" is already used by another order.", outcome[9]);
        Assert.Equal($"The order \"{good1.OrderNo}\" repeats row 2.", outcome[10]);
        Assert.Equal(OrderStatus.Paid, (await OrderShippingTests.OrderAsync(world, good1.Id)).Status);

        var result = await imports.ApplyAsync(world.Owner, plan);
        Assert.True(result.Applied);
        Assert.Equal(2, result.Changed);
        var first = await OrderShippingTests.OrderAsync(world, good1.Id);
        Assert.Equal((OrderStatus.Shipped, Carrier.Zto, OrderShippingTests.Zto(201)), (first.Status, first.Carrier!.Value, first.WaybillNo!));
        Assert.Equal((OrderStatus.Shipped, Carrier.SfExpress), ((await OrderShippingTests.OrderAsync(world, good2.Id)).Status, (await OrderShippingTests.OrderAsync(world, good2.Id)).Carrier!.Value));
        foreach (var untouched in new[] { badFormat, reused })
            Assert.Equal(OrderStatus.Paid, (await OrderShippingTests.OrderAsync(world, untouched.Id)).Status);
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
        await Assert.ThrowsAsync<KuaishouSeller.Core.Common.DomainException>(() => imports.ApplyAsync(world.Owner, plan));
    }
}
