using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Campaigns;

/// <summary>The 618 registration centre end to end in Core, on both databases: drafts, batch checks, submission, review and stock.</summary>
public sealed class RegistrationFlowTests
{
    internal static async Task<(long Campaign, ParticipationPlan Plan)> OpenCampaignAsync(SeededWorld world, ParticipationRole role)
    {
        await using var db = world.Db();
        var campaign = await db.Campaigns.Where(c => c.Code == "618-demo").Select(c => c.Id).SingleAsync();
        return (campaign, await db.ParticipationPlans.SingleAsync(p => p.CampaignId == campaign && p.Role == role));
    }

    /// <summary>The owner registers cards of the first shop, keeps the first <paramref name="submit"/> that pass every rule and submits them.</summary>
    private static async Task<long> SubmitPassingCardsAsync(SeededWorld world, long campaign, ParticipationPlan plan, int skip, int take, int submit)
    {
        await using var db = world.Db();
        var batch = await world.Services.Campaigns.StartAsync(world.Owner, campaign, plan.Id, world.Shops[0], null);
        var cards = await db.Listings.Where(l => l.ShopId == world.Shops[0]).OrderBy(l => l.Id).Skip(skip).Take(take).Select(l => l.Id).ToListAsync();
        Assert.Equal(take, await world.Services.Campaigns.AddGoodsAsync(world.Owner, batch, cards));
        var checks = await world.Services.Campaigns.CheckAsync(world.Owner, batch);
        var keep = checks.Where(c => c.Passed).Select(c => c.RegistrationId).Order().Take(submit).ToList();
        Assert.Equal(submit, keep.Count);
        await world.Services.Campaigns.RemoveDraftsAsync(world.Owner, batch, checks.Select(c => c.RegistrationId).Except(keep).ToList());
        Assert.Equal(submit, (await world.Services.Campaigns.SubmitAsync(world.Owner, batch)).Submitted);
        return batch;
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_batch_is_checked_rule_by_rule_fixed_row_by_row_and_only_valid_rows_are_submitted(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (campaign, plan) = await OpenCampaignAsync(world, ParticipationRole.Shelf);
        var shop = world.Shops[0];
        var batch = await world.Services.Campaigns.StartAsync(world.Owner, campaign, plan.Id, shop, null);
        var added = await world.Services.Campaigns.AddGoodsAsync(world.Owner, batch, null);
        await using var db = world.Db();
        var cards = await db.Listings.CountAsync(l => l.ShopId == shop);
        var alreadyRegistered = await db.CampaignRegistrations.CountAsync(r => r.PlanId == plan.Id && r.ShopId == shop && r.BatchId == null);
        Assert.Equal(cards - alreadyRegistered, added);
        // Adding the same cards again adds nothing: one live registration per card and plan.
        Assert.Equal(0, await world.Services.Campaigns.AddGoodsAsync(world.Owner, batch, null));

        var checks = await world.Services.Campaigns.CheckAsync(world.Owner, batch);
        Assert.Equal(added, checks.Count);
        Assert.All(checks, c => Assert.Equal(7, c.Rules.Count));
        // The cards with an open violation fail exactly that rule.
        var violated = await db.Violations.Where(v => v.ShopId == shop && v.ListingId != null && v.ClosedAt == null).Select(v => v.ListingId!.Value).ToListAsync();
        var rows = await db.CampaignRegistrations.Where(r => r.BatchId == batch).ToDictionaryAsync(r => r.Id);
        foreach (var check in checks)
        {
            var violation = check.Rules.Single(r => r.Kind == RuleKind.NoOpenViolations);
            Assert.Equal(!violated.Contains(rows[check.RegistrationId].ListingId!.Value), violation.Passed);
        }

        // A price above the allowed price fails with both numbers; fixing it passes that rule.
        var good = checks.First(c => c.Passed);
        var row = rows[good.RegistrationId];
        var allowed = EligibilityEngine.AllowedPriceFen(3, (await db.Listings.SingleAsync(l => l.Id == row.ListingId)).PriceFen)!.Value;
        var lowest = await RegistrationChecks.LowestPrices(db, db.Listings.Where(l => l.Id == row.ListingId).Select(l => l.Id), RegistrationChecks.LowestPriceSince(world.Clock)).SingleAsync();
        var allowedByRule = EligibilityEngine.AllowedPriceFen(3, lowest.LowestFen)!.Value;
        Assert.True(allowedByRule <= allowed);
        var tooHigh = await world.Services.Campaigns.UpdateDraftAsync(world.Owner, row.Id, allowedByRule + 1, row.CommittedStock, null);
        var price = tooHigh.Rules.Single(r => r.Kind == RuleKind.PriceBelowLowest);
        Assert.False(price.Passed);
        Assert.Equal(Money.Format(allowedByRule + 1), price.Actual);
        Assert.Equal($"≤ {Money.Format(allowedByRule)}", price.Required);
        // More stock than the pool can promise fails the stock rule.
        var shared = await db.StockItems.Where(s => s.SkuId == row.SkuId).Select(s => s.OnHand - s.Reserved - s.CampaignLocked - s.QuotaAllocated).SingleAsync();
        var tooMuch = await world.Services.Campaigns.UpdateDraftAsync(world.Owner, row.Id, allowedByRule, shared + 1, null);
        Assert.False(tooMuch.Rules.Single(r => r.Kind == RuleKind.CommittedStock).Passed);

        var result = await world.Services.Campaigns.SubmitAsync(world.Owner, batch);
        Assert.Equal(checks.Count(c => c.Passed) - 1, result.Submitted);
        Assert.Contains(result.Failed, f => f.RegistrationId == row.Id);
        var failedRow = await db.CampaignRegistrations.AsNoTracking().SingleAsync(r => r.Id == row.Id);
        Assert.Equal(RegistrationState.Draft, failedRow.State);
        Assert.Contains("Committed stock", failedRow.Problems);
        Assert.Equal(result.Submitted, await db.CampaignRegistrations.CountAsync(r => r.BatchId == batch && r.State == RegistrationState.Submitted));
        Assert.Equal(result.Submitted, await db.AuditLog.CountAsync(a => a.Action == "campaigns.submitted"));

        // Fixed row by row, the last one goes too; a submitted row can no longer be edited.
        await world.Services.Campaigns.UpdateDraftAsync(world.Owner, row.Id, allowedByRule, Math.Min(shared, 20), null);
        await world.Services.Campaigns.RemoveDraftsAsync(world.Owner, batch, result.Failed.Where(f => f.RegistrationId != row.Id).Select(f => f.RegistrationId).ToList());
        var second = await world.Services.Campaigns.SubmitAsync(world.Owner, batch);
        Assert.Equal(1, second.Submitted);
        Assert.Empty(second.Failed);
        var edit = await Assert.ThrowsAsync<DomainException>(() => world.Services.Campaigns.UpdateDraftAsync(world.Owner, row.Id, 100, 1, null));
        Assert.Contains("Submitted", edit.UserMessage.En);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Approval_locks_the_committed_stock_and_withdrawal_or_rejection_releases_it_with_the_ledger_in_step(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (campaign, plan) = await OpenCampaignAsync(world, ParticipationRole.Distribution);
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        var batch = await SubmitPassingCardsAsync(world, campaign, plan, skip: 10, take: 12, submit: 3);
        await using var db = world.Db();
        var rows = await db.CampaignRegistrations.AsNoTracking().Where(r => r.BatchId == batch).OrderBy(r => r.Id).ToListAsync();
        var lockedBefore = await db.StockItems.Where(s => rows.Select(r => r.SkuId).Contains(s.SkuId)).SumAsync(s => s.CampaignLocked);

        // Only the platform reviews.
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.Campaigns.ApproveAsync(world.Owner, [rows[0].Id]));
        var queue = await world.Services.CampaignViews.ReviewQueueAsync(reviewer, new ReviewFilter(campaign), new PageRequest(0, 200));
        Assert.Contains(queue.Rows, r => r.Id == rows[0].Id);

        var approved = await world.Services.Campaigns.ApproveAsync(reviewer, rows.Select(r => r.Id).ToList());
        Assert.Equal(3, approved.Done);
        var lockedAfter = await db.StockItems.Where(s => rows.Select(r => r.SkuId).Contains(s.SkuId)).SumAsync(s => s.CampaignLocked);
        Assert.Equal(lockedBefore + rows.Sum(r => r.CommittedStock), lockedAfter);
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));

        // Approving again is refused with the state; rejecting needs a reason.
        var again = await world.Services.Campaigns.ApproveAsync(reviewer, [rows[0].Id]);
        Assert.Equal(0, again.Done);
        Assert.Contains("Approved", again.Refused.Single().Why.En);
        await Assert.ThrowsAsync<DomainException>(() => world.Services.Campaigns.RejectAsync(reviewer, [rows[1].Id], " "));

        await world.Services.Campaigns.WithdrawAsync(world.Owner, [rows[0].Id]);
        var rejected = await world.Services.Campaigns.RejectAsync(reviewer, [rows[1].Id], "价格不具竞争力 Price not competitive");
        Assert.Equal(1, rejected.Done);
        var released = await db.StockItems.Where(s => rows.Select(r => r.SkuId).Contains(s.SkuId)).SumAsync(s => s.CampaignLocked);
        Assert.Equal(lockedBefore + rows[2].CommittedStock, released);
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
        var states = await db.CampaignRegistrations.AsNoTracking().Where(r => r.BatchId == batch).OrderBy(r => r.Id).Select(r => new { r.State, r.RejectReason, r.LockedStock }).ToListAsync();
        Assert.Equal([RegistrationState.Withdrawn, RegistrationState.Rejected, RegistrationState.Approved], states.Select(s => s.State));
        Assert.Equal("价格不具竞争力 Price not competitive", states[1].RejectReason);
        Assert.Equal([0, 0, rows[2].CommittedStock], states.Select(s => s.LockedStock));

        // A withdrawn registration cannot be withdrawn or edited again.
        var twice = await world.Services.Campaigns.WithdrawAsync(world.Owner, [rows[0].Id]);
        Assert.Contains("already withdrawn", twice.Refused.Single().Why.En);
        var edit = await Assert.ThrowsAsync<DomainException>(() => world.Services.Campaigns.UpdateDraftAsync(world.Owner, rows[0].Id, 100, 1, null));
        Assert.Contains("Withdrawn", edit.UserMessage.En);
        foreach (var action in new[] { "campaigns.approved", "campaigns.withdrawn", "campaigns.rejected" })
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == action));

        // When the campaign's last phase is over, the approved registration's lock goes back to the pool, once.
        var report = await CampaignLockRelease.ReleaseEndedAsync(world.Services.Services);
        Assert.Equal(0, report.Registrations);
        world.Clock.Advance(TimeSpan.FromDays(60));
        report = await CampaignLockRelease.ReleaseEndedAsync(world.Services.Services);
        Assert.True(report.Units >= rows[2].CommittedStock);
        var ended = await db.CampaignRegistrations.AsNoTracking().SingleAsync(r => r.Id == rows[2].Id);
        Assert.Equal((RegistrationState.Approved, 0), (ended.State, ended.LockedStock));
        Assert.Equal(lockedBefore, await db.StockItems.Where(s => rows.Select(r => r.SkuId).Contains(s.SkuId)).SumAsync(s => s.CampaignLocked));
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
        Assert.Equal(0, (await CampaignLockRelease.ReleaseEndedAsync(world.Services.Services)).Units);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_shops_racing_for_the_same_pool_never_lock_more_than_is_there(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (campaign, plan) = await OpenCampaignAsync(world, ParticipationRole.Shelf);
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        await using var db = world.Db();
        // A SKU both shops list, with its shared pool cut down to 30 units.
        var sku = await db.Listings.Where(l => l.ShopId == world.Shops[0] && db.Listings.Any(o => o.ShopId == world.Shops[1] && o.SkuId == l.SkuId))
            .Where(l => !db.CampaignRegistrations.Any(r => r.SkuId == l.SkuId)).Select(l => l.SkuId).FirstAsync();
        var item = await db.StockItems.SingleAsync(s => s.SkuId == sku);
        await world.Services.Stock.AdjustAsync(world.Owner, sku, 30 - (item.OnHand - item.Reserved - item.CampaignLocked - item.QuotaAllocated), "盘点 Stocktake");

        var ids = new List<long>();
        foreach (var shop in world.Shops.Take(2))
        {
            var listing = await db.Listings.Where(l => l.ShopId == shop && l.SkuId == sku).Select(l => l.Id).SingleAsync();
            var batch = await world.Services.Campaigns.StartAsync(world.Owner, campaign, plan.Id, shop, null);
            await world.Services.Campaigns.AddGoodsAsync(world.Owner, batch, [listing]);
            var row = await db.CampaignRegistrations.AsNoTracking().SingleAsync(r => r.BatchId == batch);
            // Both commit 20 of the 30 while neither is submitted yet, so both pass their own check.
            await world.Services.Campaigns.UpdateDraftAsync(world.Owner, row.Id, row.CampaignPriceFen, 20, null);
            await db.CampaignRegistrations.Where(r => r.Id == row.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.State, RegistrationState.Submitted));
            ids.Add(row.Id);
        }
        // The second submission sees the first one pending and is refused on the stock rule (30 − 20 = 10 left).
        var outcomes = await Task.WhenAll(ids.Select(id => world.Services.Campaigns.ApproveAsync(reviewer, [id])));
        Assert.Equal(1, outcomes.Sum(o => o.Done));
        var refusal = outcomes.SelectMany(o => o.Refused).Single();
        Assert.Contains("fewer than the 20 committed", refusal.Why.En);
        Assert.Equal(20, (await db.StockItems.AsNoTracking().SingleAsync(s => s.SkuId == sku)).CampaignLocked - item.CampaignLocked);
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Approval_checks_the_rules_again_and_refuses_a_row_whose_price_is_no_longer_allowed(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (campaign, plan) = await OpenCampaignAsync(world, ParticipationRole.Shelf);
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        await using var db = world.Db();
        var batch = await SubmitPassingCardsAsync(world, campaign, plan, skip: 20, take: 10, submit: 2);
        var passing = await db.CampaignRegistrations.Where(r => r.BatchId == batch).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();

        // After submission the merchant cuts the shop price of the first card below its campaign price.
        var row = await db.CampaignRegistrations.AsNoTracking().SingleAsync(r => r.Id == passing[0]);
        var listing = await db.Listings.AsNoTracking().SingleAsync(l => l.Id == row.ListingId);
        await world.Services.CatalogEdits.UpdateListingAsync(world.Owner, listing.Id, listing.Title, row.CampaignPriceFen - 100, listing.OnShelf);
        var lockedBefore = await db.StockItems.AsNoTracking().Where(s => s.SkuId == row.SkuId).Select(s => s.CampaignLocked).SingleAsync();

        var outcome = await world.Services.Campaigns.ApproveAsync(reviewer, passing);
        Assert.Equal(1, outcome.Done);
        var refusal = outcome.Refused.Single();
        Assert.Equal(row.Id, refusal.RegistrationId);
        Assert.Contains("30-day lowest price", refusal.Why.En);
        Assert.Contains("近30天最低价", refusal.Why.Zh);
        var after = await db.CampaignRegistrations.AsNoTracking().SingleAsync(r => r.Id == row.Id);
        Assert.Equal((RegistrationState.Submitted, 0), (after.State, after.LockedStock));
        Assert.Equal(lockedBefore, await db.StockItems.AsNoTracking().Where(s => s.SkuId == row.SkuId).Select(s => s.CampaignLocked).SingleAsync());
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "campaigns.approved" && a.EntityId == row.Id.ToString()));

        // The reviewer can still reject it with a reason.
        Assert.Equal(1, (await world.Services.Campaigns.RejectAsync(reviewer, [row.Id], "价格已变动 Price changed")).Done);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Registration_outside_the_window_and_without_the_right_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (campaign, plan) = await OpenCampaignAsync(world, ParticipationRole.Shelf);
        await using var db = world.Db();
        var before = await db.RegistrationBatches.CountAsync();

        // Someone with no right in the shop's merchant (here a creator) is told the shop does not exist, exactly as for a
        // missing id, and the refusal is audited.
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        var foreign = await Assert.ThrowsAsync<NotFoundException>(() => world.Services.Campaigns.StartAsync(creator, campaign, plan.Id, world.Shops[0], null));
        Assert.Equal(NotFoundException.Of("店铺", "shop").UserMessage, foreign.UserMessage);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "access.denied" && a.ActorUserId == creator));
        // A creator plan needs a creator account; a goods plan needs a shop.
        await Assert.ThrowsAsync<DomainException>(() => world.Services.Campaigns.StartAsync(world.Owner, campaign, plan.Id, null, null));
        Assert.Equal(before, await db.RegistrationBatches.CountAsync());

        // Three weeks later the window has closed.
        world.Clock.Advance(TimeSpan.FromDays(30));
        var late = await Assert.ThrowsAsync<DomainException>(() => world.Services.Campaigns.StartAsync(world.Owner, campaign, plan.Id, world.Shops[0], null));
        Assert.Contains("outside the window", late.UserMessage.En);
        Assert.Equal(before, await db.RegistrationBatches.CountAsync());
    }
}

public sealed class CampaignPagesTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_campaign_page_shows_the_plans_for_the_workspace_and_the_registrants_own_totals(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (campaign, _) = await RegistrationFlowTests.OpenCampaignAsync(world, ParticipationRole.Shelf);
        var detail = await world.Services.CampaignViews.DetailAsync(world.Owner, campaign);
        Assert.Equal(CampaignStatus.RegistrationOpen, detail.Campaign.Status);
        Assert.Equal(3, detail.Plans.Count(p => p.ForMe));
        Assert.True(detail.CanRegister);
        Assert.Equal(world.Shops.Count, detail.Shops.Count);
        await using var db = world.Db();
        var own = await db.CampaignRegistrations.Where(r => r.CampaignId == campaign && r.OrganisationId == world.Merchant).ToListAsync();
        Assert.Equal(own.Count(r => r.State is RegistrationState.Submitted or RegistrationState.UnderReview), detail.Summary.Pending);
        var rows = await world.Services.CampaignViews.RegistrationsAsync(world.Owner, campaign, new RegistrationFilter(), new PageRequest(0, 50));
        Assert.Equal(own.Count, rows.TotalCount);

        // Any registration can be checked rule by rule now, by its registrant or the reviewer, not by others.
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        var mineNow = await world.Services.CampaignViews.CheckRowAsync(world.Owner, own[0].Id);
        var reviewed = await world.Services.CampaignViews.CheckRowAsync(reviewer, own[0].Id);
        Assert.Equal(mineNow.Rules.Select(r => (r.Kind, r.Actual, r.Passed)), reviewed.Rules.Select(r => (r.Kind, r.Actual, r.Passed)));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Services.CampaignViews.CheckRowAsync(creator, own[0].Id)); // foreign = missing

        var list = await world.Services.CampaignViews.ListAsync(world.Owner);
        var ended = list.Where(c => c.Status == CampaignStatus.Ended).ToList();
        Assert.Equal(2, ended.Count);
        var results = await db.CampaignRegistrations.Where(r => r.OrganisationId == world.Merchant && r.ResultGmvFen != null).ToListAsync();
        Assert.Equal(results.Sum(r => r.ResultGmvFen), ended.Sum(c => c.MyResultGmvFen));
    }
}
