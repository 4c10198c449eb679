using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Orders;

/// <summary>The order a score links to: its facts and what each indicator makes of them, the same as the score's own counts.</summary>
public sealed class OrderPageTests(SharedSeededWorlds worlds) : IClassFixture<SharedSeededWorlds>
{
    private static readonly string[] Explained =
    [
        IndicatorCatalog.QualityRefundRate, IndicatorCatalog.RefundRate, IndicatorCatalog.Refund3dResolveRate, IndicatorCatalog.Pickup48hRate,
        IndicatorCatalog.Delivery5dRate, IndicatorCatalog.NegativeReviewRate, IndicatorCatalog.GoodReviewRate,
        IndicatorCatalog.ProductComplaintRate, IndicatorCatalog.LogisticsComplaintRate, IndicatorCatalog.ServiceComplaintRate,
    ];

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_order_behind_an_indicator_shows_that_it_cost_points_there(DatabaseProvider provider)
    {
        var world = await worlds.ForAsync(provider); // read only
        var shop = world.Shops[0];
        var page = await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop);
        Assert.NotNull(page);
        var costing = 0;
        foreach (var code in Explained)
        {
            var rows = await world.Services.ScoreViews.CostingAsync(world.Owner, ScoreSubject.Shop, shop, code, page.Day, 30, new PageRequest(0, 5));
            foreach (var row in rows.Rows)
            {
                Assert.NotNull(row.OrderId);
                var order = await world.Services.OrderViews.DetailAsync(world.Owner, row.OrderId.Value);
                Assert.Equal(row.Reference, order.OrderNo);
                Assert.Null(order.NotCountedBecause);
                Assert.Contains(order.Indicators, i => i.Code == code && i.Outcome == OrderOutcome.CostsPoints);
                costing++;
            }
        }
        Assert.True(costing > 10, $"only {costing} orders cost points in the demo shop");
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_clean_order_counts_in_favour_and_an_impossible_one_is_not_counted(DatabaseProvider provider)
    {
        var world = await worlds.ForAsync(provider); // read only
        await using var db = world.Db();
        var clean = await DataQuality.CountableOrders(db)
            .Where(o => world.Shops.Contains(o.ShopId) && o.Status != OrderStatus.Cancelled && o.PickedUpAt != null && o.PickedUpAt <= o.PaidAt.AddHours(24) &&
                        o.DeliveredAt != null && o.DeliveredAt <= o.PaidAt.AddDays(3) &&
                        !db.Refunds.Any(r => r.OrderId == o.Id) && !db.Complaints.Any(c => c.OrderId == o.Id) &&
                        db.Reviews.Any(v => v.OrderId == o.Id && v.Rating == 5))
            .OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var order = await world.Services.OrderViews.DetailAsync(world.Owner, clean);
        Assert.All(order.Indicators, i => Assert.Equal(OrderOutcome.Counts, i.Outcome));
        Assert.Contains(order.Indicators, i => i.Code == IndicatorCatalog.Pickup48hRate);

        var issue = (await world.Services.ScoreViews.DataQualityAsync(world.Owner, new PageRequest(0, 50))).Rows.First(i => i.Kind == "order");
        var impossible = await world.Services.OrderViews.DetailAsync(world.Owner, issue.OrderId);
        Assert.NotNull(impossible.NotCountedBecause);
        Assert.Empty(impossible.Indicators);
    }

    [Fact]
    public async Task Only_people_who_may_see_the_shops_scores_or_who_carried_the_order_see_it()
    {
        var world = await worlds.ForAsync(DatabaseProvider.Sqlite); // read only
        await using var db = world.Db();
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        var creatorOrg = await db.Memberships.Where(m => m.UserId == creator).Select(m => m.OrganisationId).FirstAsync();
        var carried = await db.Orders.Where(o => o.CreatorId == creatorOrg).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var notCarried = await db.Orders.Where(o => o.ShopId == world.Shops[0] && o.CreatorId != creatorOrg).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();

        Assert.Equal(carried, (await world.Services.OrderViews.DetailAsync(creator, carried)).Id);
        // Another merchant's order answers exactly like a missing one (no existence oracle).
        var foreign = await Assert.ThrowsAsync<NotFoundException>(() => world.Services.OrderViews.DetailAsync(creator, notCarried));
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        await Assert.ThrowsAsync<NotFoundException>(() => world.Services.OrderViews.DetailAsync(reviewer, notCarried));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => world.Services.OrderViews.DetailAsync(world.Owner, long.MaxValue));
        Assert.Equal("That order does not exist.", missing.UserMessage.En);
        Assert.Equal(missing.UserMessage, foreign.UserMessage);
    }
}
