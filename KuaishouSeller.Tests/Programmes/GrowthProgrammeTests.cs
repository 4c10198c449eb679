using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Programmes;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Programmes;

/// <summary>川流 eligibility, enrolment and attributed GMV; 斗金 cold-start tasks.</summary>
public sealed class GrowthProgrammeTests
{
    private static GrowthProgrammes Programmes(SeededWorld world) => world.Services.Programmes;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Chuanliu_rules_are_shown_pass_or_fail_and_enrolment_attributes_returning_buyers(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var programmes = Programmes(world);
        var statuses = new List<ChuanliuStatus>();
        foreach (var shop in world.Shops) statuses.Add(await programmes.ChuanliuAsync(world.Owner, shop));
        Assert.All(statuses, s => Assert.Equal(3, s.Rules.Count));

        // Recount the distribution share of one shop from the rows.
        await using var db = world.Db();
        var yesterday = ShanghaiTime.Today(world.Clock).AddDays(-1);
        var from = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(-29));
        var to = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(1));
        var shopId = world.Shops[0];
        var orders = await db.Orders.Where(o => o.ShopId == shopId && o.PaidAt >= from && o.PaidAt < to && o.Status != OrderStatus.Cancelled).ToListAsync();
        var share = orders.Where(o => o.Channel == SalesChannel.CreatorDistribution).Sum(o => o.AmountFen) / (decimal)orders.Sum(o => o.AmountFen);
        Assert.Equal(share.ToString("P1"), statuses[0].Rules[0].Actual);

        var eligible = statuses.First(s => s.Eligible && s.EnrolledAt is null);
        await Assert.ThrowsAsync<NotFoundException>(() => programmes.EnrolChuanliuAsync(world.Owner, -1));
        await programmes.EnrolChuanliuAsync(world.Owner, eligible.ShopId);
        var again = await Assert.ThrowsAsync<ConflictException>(() => programmes.EnrolChuanliuAsync(world.Owner, eligible.ShopId));
        Assert.Contains("already", again.UserMessage.En);
        var enrolled = await programmes.ChuanliuAsync(world.Owner, eligible.ShopId);
        Assert.NotNull(enrolled.EnrolledAt);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "programmes.enrolled" && a.ShopId == eligible.ShopId));

        // Backdate the enrolment: the extra GMV is the non-creator orders of buyers a creator brought in the 90 days before.
        var since = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(-29));
        await db.ProgrammeEnrolments.Where(e => e.ShopId == eligible.ShopId).ExecuteUpdateAsync(e => e.SetProperty(x => x.EnrolledAt, since));
        var attributed = await programmes.ChuanliuAsync(world.Owner, eligible.ShopId);
        var all = await db.Orders.Where(o => o.ShopId == eligible.ShopId && o.Status != OrderStatus.Cancelled).ToListAsync();
        var expected = all.Where(o => o.PaidAt >= since && o.Channel != SalesChannel.CreatorDistribution &&
                                      all.Any(d => d.BuyerId == o.BuyerId && d.Channel == SalesChannel.CreatorDistribution && d.PaidAt < o.PaidAt && d.PaidAt >= o.PaidAt.AddDays(-90))).ToList();
        Assert.Equal(expected.Sum(o => o.AmountFen), attributed.ExtraGmvFen);
        Assert.Equal(expected.Count, attributed.ExtraOrders);
        Assert.True(attributed.ExtraOrders > 0);
    }

    /// <summary>Makes the demo owner an owner of another merchant too, to look at that merchant's shops.</summary>
    private static async Task JoinAsync(SeededWorld world, long merchantId)
    {
        await using var db = world.Db();
        if (await db.Memberships.AnyAsync(m => m.UserId == world.Owner && m.OrganisationId == merchantId)) return;
        db.Memberships.Add(new KuaishouSeller.Core.Organisations.Membership
        {
            UserId = world.Owner, OrganisationId = merchantId, RoleId = KuaishouSeller.Core.Access.BuiltInRoles.Owner, AllShops = true, CreatedAt = world.Clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task An_ineligible_shop_is_refused_with_every_failed_rule_and_others_may_not_enrol()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var programmes = Programmes(world);
        await using var db = world.Db();
        // The demo world's weak shop scores below the programme's threshold.
        var weakest = await db.ScoreSnapshots.Where(s => s.Subject == KuaishouSeller.Core.Scores.ScoreSubject.Shop).OrderByDescending(s => s.Day).ThenBy(s => s.Total).FirstAsync();
        await JoinAsync(world, weakest.OrganisationId);
        var status = await programmes.ChuanliuAsync(world.Owner, weakest.SubjectId);
        Assert.False(status.Eligible);
        Assert.False(status.Rules[2].Passed);
        var e = await Assert.ThrowsAsync<DomainException>(() => programmes.EnrolChuanliuAsync(world.Owner, weakest.SubjectId));
        foreach (var rule in status.Rules.Where(r => !r.Passed)) Assert.Contains(rule.Name.En, e.UserMessage.En);
        Assert.False(await db.ProgrammeEnrolments.AnyAsync(p => p.ShopId == weakest.SubjectId));

        var agency = await world.Services.UserIdAsync("agency@demo.ks");
        await Assert.ThrowsAsync<AccessDeniedException>(() => programmes.EnrolChuanliuAsync(agency, world.Shops[0]));
    }

    [Fact]
    public async Task Doujin_lists_cold_start_tasks_with_progress_and_rewards_for_a_new_shop()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = world.Db();
        var newest = await db.Shops.OrderByDescending(s => s.OpenedAt).FirstAsync();
        await JoinAsync(world, newest.MerchantId);
        var status = await Programmes(world).DoujinAsync(world.Owner, newest.Id);
        Assert.True(status.Applies, $"opened {status.DaysOpen} days ago");
        Assert.Equal(5, status.Tasks.Count);
        Assert.All(status.Tasks, t => Assert.InRange(t.Rule.Progress, 0m, 1m));
        Assert.Equal(status.Tasks.Where(t => t.Rule.Passed).Sum(t => t.RewardFen), status.EarnedFen);
        var old = await Programmes(world).DoujinAsync(world.Owner, world.Shops[0]);
        Assert.False(old.Applies);
    }
}
