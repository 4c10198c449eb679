using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Planning;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Planning;

/// <summary>One plan: targets per shop and channel against actual sales, consolidated across shops.</summary>
public sealed class PlanTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_board_adds_up_across_shops_and_matches_the_raw_orders(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var month = PlanService.MonthOf(ShanghaiTime.Today(world.Clock)).AddMonths(-1);
        var board = await world.Services.Plans.BoardAsync(world.Owner, month);

        Assert.Equal(world.Shops, board.Shops.Select(s => s.ShopId));
        Assert.Equal(1m, board.Pace); // last month is over
        Assert.Equal(board.Shops.Sum(s => s.Total.GmvActualFen), board.Total.GmvActualFen);
        Assert.Equal(board.Shops.Sum(s => s.Total.GmvTargetFen), board.Total.GmvTargetFen);
        Assert.Equal(board.TotalByChannel.Sum(c => c.Figures.OrdersActual), board.Total.OrdersActual);
        Assert.True(board.Total.GmvTargetFen > 0);

        var from = ShanghaiTime.StartOfDayUtc(month);
        var to = ShanghaiTime.StartOfDayUtc(month.AddMonths(1));
        await using var db = world.Db();
        var shops = world.Shops.ToList();
        var raw = await db.Orders.Where(o => shops.Contains(o.ShopId) && o.PaidAt >= from && o.PaidAt < to && o.Status != OrderStatus.Cancelled)
            .SumAsync(o => o.AmountFen);
        Assert.Equal(raw, board.Total.GmvActualFen);

        // Drill down: the shop's days add up to its month.
        var detail = await world.Services.Plans.ShopAsync(world.Owner, shops[0], month);
        Assert.Equal(detail.Shop.Total.GmvActualFen, detail.Days.Sum(d => d.GmvFen));
        Assert.Equal(detail.Shop.Total.GmvTargetFen, detail.Days[^1].CumulativeTargetFen);
    }

    [Fact]
    public async Task Targets_are_validated_authorised_per_shop_and_audited()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var plans = world.Services.Plans;
        var month = PlanService.MonthOf(ShanghaiTime.Today(world.Clock)).AddMonths(1);

        await plans.SetTargetAsync(world.Owner, world.Shops[0], month, SalesChannel.Shelf, 1_234_500, 321);
        var board = await plans.BoardAsync(world.Owner, month);
        var shelf = board.Shops[0].Channels.Single(c => c.Channel == SalesChannel.Shelf).Figures;
        Assert.Equal((1_234_500L, 321), (shelf.GmvTargetFen, shelf.OrdersTarget));

        var e = await Assert.ThrowsAsync<DomainException>(() => plans.SetTargetAsync(world.Owner, world.Shops[0], month, SalesChannel.Shelf, -1, 0));
        Assert.Contains("negative", e.UserMessage.En);
        await Assert.ThrowsAsync<DomainException>(() => plans.SetTargetAsync(world.Owner, world.Shops[0], month.AddDays(3), SalesChannel.Shelf, 1, 0));
        await Assert.ThrowsAsync<DomainException>(() => plans.SetTargetAsync(world.Owner, world.Shops[0], month.AddMonths(40), SalesChannel.Shelf, 1, 0));
        // The agency's delegation has no plan right; the creator is not in the merchant at all.
        var agency = await world.Services.UserIdAsync("agency@demo.ks");
        await Assert.ThrowsAsync<AccessDeniedException>(() => plans.SetTargetAsync(agency, world.Shops[0], month, SalesChannel.Shelf, 1, 1));
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        await Assert.ThrowsAsync<NotFoundException>(() => plans.SetTargetAsync(creator, world.Shops[0], month, SalesChannel.Shelf, 1, 1)); // foreign = missing

        board = await plans.BoardAsync(world.Owner, month);
        Assert.Equal(1_234_500L, board.Shops[0].Channels.Single(c => c.Channel == SalesChannel.Shelf).Figures.GmvTargetFen);
        await using var db = world.Db();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "plan.target-set"));
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "access.denied" && a.After!.Contains(AuditActions.PlanTargetSet)));
    }

    [Fact]
    public async Task An_agency_sees_only_the_delegated_shops_on_the_board()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var agency = await world.Services.UserIdAsync("agency@demo.ks");
        await world.Services.Workspaces.SwitchAsync(agency, world.Merchant, null);
        var board = await world.Services.Plans.BoardAsync(agency, PlanService.MonthOf(ShanghaiTime.Today(world.Clock)));
        Assert.Equal(world.Shops.Take(2), board.Shops.Select(s => s.ShopId));
        Assert.False(board.CanEdit);
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.Plans.ShopAsync(agency, world.Shops[2], PlanService.MonthOf(ShanghaiTime.Today(world.Clock))));
    }

    [Fact]
    public async Task On_the_first_of_a_month_the_board_says_the_month_just_started_and_names_the_month_before()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        // 1 December 2026, 09:00 in Beijing.
        world.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        var today = ShanghaiTime.Today(world.Clock);
        var board = await world.Services.Plans.BoardAsync(world.Owner, PlanService.MonthOf(today));

        Assert.Equal(new DateOnly(2026, 12, 1), board.Month);
        Assert.Equal(1, board.DayOfMonth);
        Assert.True(board.JustStarted);
        Assert.Equal(new DateOnly(2026, 11, 1), board.PreviousMonth);

        var november = await world.Services.Plans.BoardAsync(world.Owner, board.PreviousMonth);
        Assert.Null(november.DayOfMonth);
        Assert.False(november.JustStarted);
        Assert.Equal(1m, november.Pace);
    }
}
