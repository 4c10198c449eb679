using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Dashboard;

/// <summary>
/// The overview is cached by shop set, period and rollup stamp: repeated reads are served from memory, a rollup refresh
/// shows the new figures at once, and a revoked right still stops the next command.
/// </summary>
public sealed class DashboardCacheTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_refresh_of_the_rollups_shows_at_once_even_within_the_same_clock_tick(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var first = await world.Services.Dashboard.GetOverviewAsync(world.Owner, 30);
        Assert.Same(first, await world.Services.Dashboard.GetOverviewAsync(world.Owner, 30));

        // A late cancellation of yesterday's order, then a refresh without the clock moving.
        await using (var db = world.Db())
        {
            var yesterday = ShanghaiTime.StartOfDayUtc(ShanghaiTime.Today(world.Clock).AddDays(-1));
            var order = await db.Orders.Where(o => world.Shops.Contains(o.ShopId) && o.Status != OrderStatus.Cancelled && o.PaidAt >= yesterday)
                .OrderBy(o => o.Id).FirstAsync();
            await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.Cancelled));
            await world.Services.Rollups.RefreshAsync();
            var after = await world.Services.Dashboard.GetOverviewAsync(world.Owner, 30);
            Assert.Equal(first.GmvFen - order.AmountFen, after.GmvFen);
            Assert.Equal(first.Orders - 1, after.Orders);
        }

        // Another shop set is another entry: one shop's overview is not the merchant's.
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await world.Services.Workspaces.SwitchAsync(world.Owner, world.Merchant, world.Shops[0]);
        var one = await world.Services.Dashboard.GetOverviewAsync(world.Owner, 30);
        Assert.Equal(1, one.Shops);
    }

    [Fact]
    public async Task A_revoked_right_stops_the_next_command_though_reads_share_one_lookup()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        var scope = await world.Services.Workspaces.ResolveAsync(operatorId);
        Assert.True(scope.Actor.CanInSomeShop(Permission.PricesEdit, world.Merchant), "the demo operator edits prices");

        // The operator is taken out of the merchant; the next change is refused at once, though the read above was remembered.
        KuaishouSeller.Core.Catalog.Listing listing;
        await using (var db = world.Db())
        {
            listing = await db.Listings.AsNoTracking().Where(l => l.ShopId == world.Shops[0]).OrderBy(l => l.Id).FirstAsync();
            await db.Memberships.Where(m => m.UserId == operatorId && m.OrganisationId == world.Merchant).ExecuteDeleteAsync();
        }
        await Assert.ThrowsAnyAsync<UserFacingException>(() =>
            world.Services.CatalogEdits.UpdateListingAsync(operatorId, listing.Id, listing.Title, listing.PriceFen + 100, listing.OnShelf));
        await using (var db = world.Db())
            Assert.Equal(listing.PriceFen, await db.Listings.Where(l => l.Id == listing.Id).Select(l => l.PriceFen).SingleAsync());
    }
}
