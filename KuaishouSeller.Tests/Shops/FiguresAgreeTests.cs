using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Settlement;
using KuaishouSeller.Tests.Infrastructure;

namespace KuaishouSeller.Tests.Shops;

/// <summary>"近30天 GMV" is one figure: the shops page, settlement and the dashboard of one shop show the same days and the same sum.</summary>
public sealed class FiguresAgreeTests
{
    [Fact]
    public async Task The_30_day_gmv_of_a_shop_is_the_same_on_the_shops_page_in_settlement_and_on_its_dashboard()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var shops = await world.Services.Shops.ListAsync(world.Owner);
        var settlement = await new SettlementQueries(world.Services.Contexts, world.Services.Workspaces, world.Clock).GetAsync(world.Owner, 30);
        Assert.NotEmpty(shops);
        foreach (var shop in shops)
        {
            var settled = settlement.Shops.Single(s => s.ShopId == shop.Id);
            Assert.Equal((settlement.From, settlement.To), (shop.GmvPeriod.From, shop.GmvPeriod.To));
            Assert.Equal(settled.GmvFen, shop.Gmv30DaysFen);

            // The frozen test clock would give every visit the same time; a second later makes this one the latest.
            world.Clock.Advance(TimeSpan.FromSeconds(1));
            await world.Services.Workspaces.SwitchAsync(world.Owner, world.Merchant, shop.Id);
            var dashboard = await world.Services.Dashboard.GetOverviewAsync(world.Owner, 30);
            Assert.Equal((dashboard.From, dashboard.To), (shop.GmvPeriod.From, shop.GmvPeriod.To));
            Assert.Equal(dashboard.GmvFen, shop.Gmv30DaysFen);
        }
        Assert.Contains(shops, s => s.Gmv30DaysFen > 0);
    }
}
