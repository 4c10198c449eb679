using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Todo;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Todo;

/// <summary>
/// The to-do panel counts exactly the work that waits, by its deadline, for the shops the user may act on, and prices
/// today's shipping with the same engine as the score page's what-if.
/// </summary>
public sealed class TodoPanelTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task New_unshipped_orders_land_in_the_counts_their_deadlines_put_them_in(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var todo = world.Services.Get<TodoQueries>();
        var shop = world.Shops[0];
        // The latest visit is the workspace; a millisecond orders it after the seeder's (the test clock stands still).
        world.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await world.Services.Workspaces.SwitchAsync(world.Owner, world.Merchant, shop);
        var before = (await todo.PanelAsync(world.Owner)).Orders!;

        // 10:00 in Beijing: Beijing midnight is 14 hours away. Due in 2 h (soon, today), 1 h late, due in 8 h (today,
        // not soon), due in 38 h (neither).
        var now = world.Clock.GetUtcNow().UtcDateTime;
        await AddPaidOrdersAsync(world, shop, now.AddHours(-46), now.AddHours(-49), now.AddHours(-40), now.AddHours(-10));

        var after = (await todo.PanelAsync(world.Owner)).Orders!;
        Assert.Equal(before.ToShip + 4, after.ToShip);
        Assert.Equal(before.DueSoon + 1, after.DueSoon);
        Assert.Equal(before.Overdue + 1, after.Overdue);
        Assert.Equal(before.DueToday + 2, after.DueToday);

        // The stake is what the score page's what-if says: the score with all of today's orders on time minus all late.
        // Enough orders due today (half the window's counted orders) that being late must cross a band.
        var page = (await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop))!;
        var m = page.Measures[IndicatorCatalog.Pickup48hRate];
        await AddPaidOrdersAsync(world, shop, [.. Enumerable.Repeat(now.AddHours(-45), (int)(m.Denominator / 2))]);
        var busy = (await todo.PanelAsync(world.Owner)).Orders!;
        var k = busy.DueToday;
        var ifOnTime = page.Simulate(new Dictionary<string, decimal> { [IndicatorCatalog.Pickup48hRate] = ScoreEngine.Rate(new(m.Numerator + k, m.Denominator + k)) });
        var ifLate = page.Simulate(new Dictionary<string, decimal> { [IndicatorCatalog.Pickup48hRate] = ScoreEngine.Rate(new(m.Numerator, m.Denominator + k)) });
        Assert.True(busy.PointsToday > 0, "missing that many pickups costs points");
        Assert.Equal(ifOnTime.Total - ifLate.Total, busy.PointsToday);
        Assert.Equal(busy.PointsToday, Assert.Single(busy.Shops).Points);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_merchant_wide_panel_is_the_sum_of_its_shops_and_each_part_needs_its_right(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var todo = world.Services.Get<TodoQueries>();
        int toShip = 0, overdue = 0, pending = 0, waiting = 0;
        foreach (var shop in world.Shops)
        {
            world.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await world.Services.Workspaces.SwitchAsync(world.Owner, world.Merchant, shop);
            var one = await todo.PanelAsync(world.Owner);
            (toShip, overdue, pending, waiting) = (toShip + one.Orders!.ToShip, overdue + one.Orders.Overdue, pending + one.AfterSales!.Pending, waiting + one.Chats!.Waiting);
        }
        // Deadlines fall on whole seconds, so the few milliseconds the switches took move no order across one.
        world.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await world.Services.Workspaces.SwitchAsync(world.Owner, world.Merchant, null);
        var all = await todo.PanelAsync(world.Owner);
        Assert.NotNull(all.LowStock);
        Assert.True(all.Orders!.ToShip > 0, "the demo world has orders waiting to ship");
        Assert.Equal((all.Orders.ToShip, all.Orders.Overdue, all.AfterSales!.Pending, all.Chats!.Waiting), (toShip, overdue, pending, waiting));

        // The operations role ships orders but neither handles after-sales nor answers buyers: those parts are absent.
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        world.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await world.Services.Workspaces.SwitchAsync(operatorId, world.Merchant, null);
        var theirs = await todo.PanelAsync(operatorId);
        Assert.Equal(all.Orders.ToShip, theirs.Orders!.ToShip);
        Assert.Null(theirs.AfterSales);
        Assert.Null(theirs.Chats);
    }

    private static async Task AddPaidOrdersAsync(SeededWorld world, long shopId, params DateTime[] paidAt)
    {
        await using var db = world.Db();
        var listing = await db.Listings.AsNoTracking().Where(l => l.ShopId == shopId).OrderBy(l => l.Id).FirstAsync();
        var next = await db.Orders.MaxAsync(o => o.Id);
        foreach (var at in paidAt)
            db.Orders.Add(new Order
            {
                OrderNo = $"KST{++next:D12}", MerchantId = world.Merchant, ShopId = shopId, ListingId = listing.Id, SkuId = listing.SkuId,
                BuyerId = 1, Quantity = 1, AmountFen = listing.PriceFen, Status = OrderStatus.Paid, PaidAt = at,
                Channel = SalesChannel.Shelf,
            });
        await db.SaveChangesAsync();
    }
}

/// <summary>The to-ship list the panel links to: exactly the orders the panel counted, in the order of the points at stake.</summary>
public sealed class OrdersByStakeTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Due_today_by_points_at_stake_lists_the_panels_orders_costliest_shop_first_each_by_deadline(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var list = world.Services.Get<OrderListQueries>();
        var panel = (await world.Services.Get<TodoQueries>().PanelAsync(world.Owner)).Orders!;
        Assert.True(panel.DueToday > 3, "the demo world has orders due today");

        var filter = new OrderFilter { State = OrderListState.ToShip, DueToday = true, Sort = OrderSort.Stake };
        var rows = new List<OrderListRow>();
        string? cursor = null;
        IReadOnlyDictionary<long, decimal> stakes = new Dictionary<long, decimal>();
        do
        {
            var page = await list.ListAsync(world.Owner, filter, cursor, pageSize: 3);
            Assert.True(page.Rows.Count <= 3);
            rows.AddRange(page.Rows);
            stakes = page.PickupStakes;
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal(panel.DueToday, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        var now = world.Clock.GetUtcNow().UtcDateTime;
        Assert.All(rows, r => Assert.True(r.Status == OrderStatus.Paid && r.PickupDueAt >= now));
        // Shops by what one late pickup costs (then by id); within a shop, nearest deadline first.
        var rank = stakes.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Select((s, i) => (s.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var expected = rows.OrderBy(r => rank[r.ShopId]).ThenBy(r => r.PickupDueAt).ThenBy(r => r.Id).Select(r => r.Id);
        Assert.Equal(expected, rows.Select(r => r.Id));
        foreach (var shop in panel.Shops) Assert.Equal(shop.PerOrder, stakes[shop.ShopId]);
    }
}
