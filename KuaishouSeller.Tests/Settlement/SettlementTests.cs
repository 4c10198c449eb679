using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Settlement;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Settlement;

/// <summary>商品卡免佣: shelf commission in the promotion period is waived only for shops whose score tier grants it.</summary>
public sealed class SettlementTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_waiver_saves_shelf_commission_in_the_promotion_for_shops_whose_tier_grants_it(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var services = new KuaishouSeller.Core.Settlement.SettlementQueries(world.Services.Contexts, world.Services.Workspaces, world.Clock);
        var view = await services.GetAsync(world.Owner, 30);
        Assert.Equal(world.Shops, view.Shops.Select(s => s.ShopId));

        await using var db = world.Db();
        var fromUtc = KuaishouSeller.Core.Common.ShanghaiTime.StartOfDayUtc(view.From);
        var toUtc = KuaishouSeller.Core.Common.ShanghaiTime.StartOfDayUtc(view.To.AddDays(1));
        var shops = world.Shops.ToList();
        var raw = await db.Orders.Where(o => shops.Contains(o.ShopId) && o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled).ToListAsync();
        Assert.Equal(raw.Sum(o => o.CommissionFen), view.CommissionFen);

        var promoFrom = KuaishouSeller.Core.Common.ShanghaiTime.StartOfDayUtc(view.PromotionFrom);
        foreach (var shop in view.Shops)
        {
            var tier = RulebookDefaults.Shop.Tiers.Single(t => t.Code == shop.Tier);
            Assert.Equal(tier.CommissionFreeCards, shop.WaiverApplies);
            var expected = shop.WaiverApplies
                ? raw.Where(o => o.ShopId == shop.ShopId && o.Channel == SalesChannel.Shelf && o.PaidAt >= promoFrom).Sum(o => o.CommissionFen) : 0;
            Assert.Equal(expected, shop.WaivedFen);
            Assert.All(shop.Fields.Where(f => f.Channel != SalesChannel.Shelf), f => Assert.Equal(0, f.WaivedFen));
        }
        Assert.Contains(view.Shops, s => s.WaiverApplies);
        Assert.Equal(view.CommissionFen - view.WaivedFen - view.CommissionReversedFen, view.DueFen);
    }

    [Fact]
    public async Task Settlement_needs_the_finance_right()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var agency = await world.Services.UserIdAsync("agency@demo.ks");
        await world.Services.Workspaces.SwitchAsync(agency, world.Merchant, null);
        var services = new SettlementQueries(world.Services.Contexts, world.Services.Workspaces, world.Clock);
        Assert.Empty((await services.GetAsync(agency, 30)).Shops); // the delegation has no finance right
    }
}
