using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Rollups;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Rollups;

/// <summary>Daily rollups equal the orders, refresh incrementally and pick up late cancellations; the dashboard reads them.</summary>
public sealed class RollupTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Rollups_equal_the_orders_and_a_refresh_picks_up_new_days_and_late_changes(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        await using var db = world.Db();
        var yesterday = ShanghaiTime.Today(world.Clock).AddDays(-1);
        var toUtc = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(1));
        var counted = db.Orders.Where(o => o.Status != OrderStatus.Cancelled && o.PaidAt < toUtc);
        Assert.Equal(await counted.SumAsync(o => o.AmountFen), await db.DailySales.SumAsync(r => r.GmvFen));
        Assert.Equal(await counted.CountAsync(), await db.DailySales.SumAsync(r => r.Orders));
        Assert.Equal(await counted.SumAsync(o => o.AmountFen), await db.DailyListingSales.SumAsync(r => r.GmvFen));
        var competitive = await (from o in counted join k in db.Skus on o.SkuId equals k.Id where o.AmountFen <= (long)o.Quantity * k.ListPriceFen select o.AmountFen).SumAsync();
        Assert.Equal(competitive, await db.DailySales.SumAsync(r => r.CompetitiveGmvFen));
        Assert.Equal(await counted.Where(o => o.CreatorId != null).SumAsync(o => o.CommissionFen),
            await db.DailyPartnerSales.Where(r => r.Kind == PartnerKind.Creator).SumAsync(r => r.CommissionFen));

        // Two days later: yesterday's orders are now in range, and an order of two days ago was cancelled late.
        var late = await db.Orders.Where(o => o.Status == OrderStatus.Paid).OrderByDescending(o => o.PaidAt).FirstAsync();
        await db.Orders.Where(o => o.Id == late.Id).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.Cancelled));
        world.Clock.Advance(TimeSpan.FromDays(2));
        var report = await world.Services.Rollups.RefreshAsync();
        Assert.Equal(yesterday.AddDays(-RollupService.LateDays), report.From);
        Assert.Equal(yesterday.AddDays(2), report.To);

        var newTo = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(3));
        var now = db.Orders.Where(o => o.Status != OrderStatus.Cancelled && o.PaidAt < newTo);
        Assert.Equal(await now.SumAsync(o => o.AmountFen), await db.DailySales.SumAsync(r => r.GmvFen));
        Assert.Equal(yesterday.AddDays(2), (await db.RollupStates.SingleAsync()).RefreshedThrough);
    }

    [Fact]
    public async Task The_dashboard_splits_fields_and_entrances_and_ranks_goods_creators_and_live_rooms()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var overview = await world.Services.Dashboard.GetOverviewAsync(world.Owner, 30);
        Assert.Equal(overview.GmvFen, overview.Fields.Sum(f => f.GmvFen));
        var shelf = overview.Fields.Where(f => f.Channel == SalesChannel.Shelf).ToList();
        Assert.True(shelf.Count >= 4, "the shelf splits by entrance");
        Assert.All(shelf, f => Assert.NotEqual(ShelfEntrance.None, f.Entrance));
        Assert.Equal(overview.PreviousGmvFen, overview.Fields.Sum(f => f.PreviousGmvFen));
        Assert.True(overview.YearAgoGmvFen == 0); // the demo world has 180 days of history: no year ago
        Assert.Equal(overview.GmvFen, overview.DailyByChannel.Values.Sum(s => s.Sum()));
        Assert.Equal(overview.Visitors, overview.Fields.Sum(f => f.Visitors));
        Assert.All(overview.Fields, f => Assert.InRange(f.Conversion!.Value, 0.005m, 0.2m));
        Assert.Equal(overview.Orders / (decimal)overview.Visitors, overview.Conversion);
        Assert.Equal(10, overview.TopGoods.Count);
        Assert.True(overview.TopGoods.Zip(overview.TopGoods.Skip(1)).All(p => p.First.GmvFen >= p.Second.GmvFen));
        Assert.NotEmpty(overview.TopCreators);
        Assert.NotEmpty(overview.TopLiveRooms);
        Assert.InRange(overview.ContentShare!.Value, 0.01m, 0.99m);
        Assert.InRange(overview.CompetitivePriceShare!.Value, 0m, 1m);

        // One shop: the same numbers, only smaller.
        world.Clock.Advance(TimeSpan.FromMinutes(1)); // the latest choice wins; a frozen clock would tie
        await world.Services.Workspaces.SwitchAsync(world.Owner, world.Merchant, world.Shops[0]);
        var one = await world.Services.Dashboard.GetOverviewAsync(world.Owner, 30);
        Assert.Equal(1, one.Shops);
        Assert.True(one.GmvFen < overview.GmvFen);
    }
}
