using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Campaigns;

/// <summary>Recruit and register in one (creators carrying pool goods), and agency staff registering for a merchant.</summary>
public sealed class CarryAndAgencyTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Creators_browse_the_pool_apply_once_and_are_accepted_by_score_or_by_the_goods_owner(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (campaign, _) = await RegistrationFlowTests.OpenCampaignAsync(world, ParticipationRole.Distribution);
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        await using var db = world.Db();
        var creatorOrg = await db.Memberships.Where(m => m.UserId == creator).Select(m => m.OrganisationId).SingleAsync();
        await world.Services.Workspaces.SwitchAsync(creator, creatorOrg, null);

        var pool = await world.Services.CampaignViews.GoodsPoolAsync(creator, campaign, new PoolFilter(), new PageRequest(0, 200));
        var approvedDistribution = await db.CampaignRegistrations.CountAsync(r => r.CampaignId == campaign && r.Role == ParticipationRole.Distribution && r.State == RegistrationState.Approved);
        Assert.Equal(approvedDistribution, pool.TotalCount);
        Assert.True(pool.TotalCount > 0);
        var rich = await world.Services.CampaignViews.GoodsPoolAsync(creator, campaign, new PoolFilter(MinCommission: 30), new PageRequest(0, 200));
        Assert.All(rich.Rows, r => Assert.True(r.CommissionPercent >= 30));
        Assert.True(rich.TotalCount < pool.TotalCount);

        // Auto-accept: the goods owner set a score the creator reaches; otherwise it waits for the goods owner.
        var score = await db.ScoreSnapshots.Where(s => s.Subject == KuaishouSeller.Core.Scores.ScoreSubject.Creator && s.SubjectId == creatorOrg)
            .OrderByDescending(s => s.Day).Select(s => s.Total).FirstAsync();
        var auto = pool.Rows.First(r => r.AutoAcceptCreatorScore is null);
        await db.CampaignRegistrations.Where(r => r.Id == auto.RegistrationId).ExecuteUpdateAsync(r => r.SetProperty(x => x.AutoAcceptCreatorScore, (decimal)Math.Floor(score)));
        Assert.Equal(CarryState.Accepted, await world.Services.Campaigns.ApplyToCarryAsync(creator, auto.RegistrationId));
        var manual = pool.Rows.First(r => r.RegistrationId != auto.RegistrationId && r.MyApplication is null);
        await db.CampaignRegistrations.Where(r => r.Id == manual.RegistrationId).ExecuteUpdateAsync(r => r.SetProperty(x => x.AutoAcceptCreatorScore, (decimal?)null));
        Assert.Equal(CarryState.Pending, await world.Services.Campaigns.ApplyToCarryAsync(creator, manual.RegistrationId));

        // Applying twice is refused, also when two applications race.
        var twice = await Assert.ThrowsAsync<DomainException>(() => world.Services.Campaigns.ApplyToCarryAsync(creator, manual.RegistrationId));
        Assert.Contains("already applied", twice.UserMessage.En);
        var third = pool.Rows.First(r => r.RegistrationId != auto.RegistrationId && r.RegistrationId != manual.RegistrationId && r.MyApplication is null);
        var race = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try { await world.Services.Campaigns.ApplyToCarryAsync(creator, third.RegistrationId); return true; }
            catch (DomainException) { return false; }
        }));
        Assert.Equal(1, race.Count(ok => ok));
        Assert.Equal(1, await db.CarryApplications.CountAsync(a => a.RegistrationId == third.RegistrationId && a.CreatorId == creatorOrg));

        // The goods owner of the manual one decides; a creator cannot decide for the goods owner.
        var application = await db.CarryApplications.SingleAsync(a => a.RegistrationId == manual.RegistrationId && a.CreatorId == creatorOrg);
        await Assert.ThrowsAsync<NotFoundException>(() => world.Services.Campaigns.DecideCarryAsync(creator, application.Id, true)); // foreign = missing
        var goodsOwnerMerchant = await db.CampaignRegistrations.Where(r => r.Id == manual.RegistrationId).Select(r => r.OrganisationId).SingleAsync();
        // The demo owner becomes an owner of that merchant too, to act as its goods owner.
        db.Memberships.Add(new KuaishouSeller.Core.Organisations.Membership
        {
            UserId = world.Owner, OrganisationId = goodsOwnerMerchant, RoleId = BuiltInRoles.Owner, AllShops = true, CreatedAt = world.Clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
        await world.Services.Campaigns.DecideCarryAsync(world.Owner, application.Id, true);
        Assert.Equal(CarryState.Accepted, (await db.CarryApplications.AsNoTracking().SingleAsync(a => a.Id == application.Id)).State);
        var again = await Assert.ThrowsAsync<ConflictException>(() => world.Services.Campaigns.DecideCarryAsync(world.Owner, application.Id, false));
        Assert.Contains("already been decided", again.UserMessage.En);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Agency_staff_register_for_the_merchant_on_delegated_shops_only_and_the_audit_names_the_delegation(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (campaign, plan) = await RegistrationFlowTests.OpenCampaignAsync(world, ParticipationRole.Shelf);
        var agency = await world.Services.UserIdAsync("agency@demo.ks");
        await using var db = world.Db();
        var delegation = await db.Delegations.SingleAsync(d => d.MerchantId == world.Merchant);
        var delegated = await db.DelegationShops.Where(s => s.DelegationId == delegation.Id).Select(s => s.ShopId).ToListAsync();
        var notDelegated = world.Shops.Except(delegated).First();
        await world.Services.Workspaces.SwitchAsync(agency, world.Merchant, null);

        var batch = await world.Services.Campaigns.StartAsync(agency, campaign, plan.Id, delegated[0], null);
        Assert.True(await world.Services.Campaigns.AddGoodsAsync(agency, batch, null) > 0);
        var result = await world.Services.Campaigns.SubmitAsync(agency, batch);
        Assert.True(result.Submitted > 0);
        Assert.Equal(result.Submitted, await db.AuditLog.CountAsync(a => a.Action == "campaigns.submitted" && a.DelegationId == delegation.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.Campaigns.StartAsync(agency, campaign, plan.Id, notDelegated, null));

        // Without campaign registration in the delegation, the next action is refused.
        await db.Delegations.Where(d => d.Id == delegation.Id)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.Permissions, PermissionCodes.FormatList([Permission.DashboardView, Permission.CampaignsView])));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.Campaigns.StartAsync(agency, campaign, plan.Id, delegated[0], null));
    }
}
