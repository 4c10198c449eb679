using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Campaigns;

public sealed record SubmitResult(int Submitted, IReadOnlyList<RowCheck> Failed);

/// <summary>The outcome of a bulk decision: how many moved, and each refused row with the exact reason.</summary>
public sealed record DecisionResult(int Done, IReadOnlyList<(long RegistrationId, Bilingual Why)> Refused);

/// <summary>
/// Campaign registration: the wizard's drafts, batch product registration, submission, withdrawal, the platform's
/// review (approval locks the committed stock in the pool, rejection or withdrawal releases it) and creators applying
/// to carry approved distribution goods. Every write is authorised per shop (or creator), checked, and audited.
/// </summary>
/// <summary>Names of campaign commands that change working state only (no audit entry of their own); refusals name them.</summary>
public static class CampaignCommands
{
    public const string SetStep = "campaigns.step", Check = "campaigns.check";
}

public sealed class CampaignService(CommandRunner commands, WorkspaceService workspaces, TimeProvider clock)
{
    public const int MaxBatchRows = 5_000;
    public const decimal MaxCommissionPercent = 90m;

    /// <summary>
    /// Starts the wizard's draft for a plan: goods plans for a merchant's shop, the carry plan for a creator's account.
    /// Refused outside the registration window, with the window in the message.
    /// </summary>
    public Task<long> StartAsync(string userId, long campaignId, long planId, long? shopId, long? accountId, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.CampaignDraftStarted, async c =>
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var plan = await db.ParticipationPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId && p.CampaignId == campaignId, ct)
                   ?? throw new DomainException(new("找不到该参与方案。", "That participation plan does not exist."));
        await RequireWindowOpenAsync(db, campaignId, ct);
        var organisationId = await AuthoriseAsync(c, plan.Role, shopId, accountId);
        var now = c.Now;
        var batch = new RegistrationBatch
        {
            CampaignId = campaignId, OrganisationId = organisationId, PlanId = planId, ShopId = plan.ForGoods ? shopId : null,
            AccountId = plan.ForGoods ? null : accountId, Step = 1, CreatedByUserId = userId, CreatedAt = now, UpdatedAt = now,
        };
        db.RegistrationBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        if (!plan.ForGoods)
        {
            if (await db.CampaignRegistrations.Where(RegistrationStates.LiveExpression).AnyAsync(r => r.PlanId == planId && r.AccountId == accountId && r.ListingId == null, ct))
                throw new DomainException(new("该账号已报名此方案，不能重复报名。", "That account is already registered for this plan; it cannot register twice."));
            db.CampaignRegistrations.Add(new CampaignRegistration
            {
                CampaignId = campaignId, PlanId = planId, Role = plan.Role, BatchId = batch.Id, OrganisationId = organisationId, AccountId = accountId,
                CreatedBy = c.Actor.DisplayName, CreatedAt = now, UpdatedAt = now,
            });
        }
        c.Audit(new AuditSubject("RegistrationBatch", batch.Id.ToString(), plan.NameZh), after: new { planZh = plan.NameZh, planEn = plan.NameEn, role = plan.Role.ToString() },
            shopId: shopId);
        return batch.Id;
    }, ct);

    /// <summary>Remembers the wizard step so a reopened draft continues where it was left.</summary>
    public Task SetStepAsync(string userId, long batchId, int step, CancellationToken ct = default) =>
        commands.RunAsync(userId, CampaignCommands.SetStep, async c =>
        {
            var batch = await RequireBatchAsync(c, batchId);
            await c.Db.RegistrationBatches.Where(b => b.Id == batch.Id)
                .ExecuteUpdateAsync(b => b.SetProperty(x => x.Step, Math.Clamp(step, 1, 9)).SetProperty(x => x.UpdatedAt, c.Now), c.Cancellation);
        }, ct);

    /// <summary>
    /// Adds product cards of the batch's shop as draft rows: the given ones, or (ids null) every card matching the
    /// search. Cards already registered for the plan are skipped. Defaults: the highest allowed price, up to 100
    /// units of what the pool can promise, the plan's minimum commission. Returns how many rows were added.
    /// </summary>
    public Task<int> AddGoodsAsync(string userId, long batchId, IReadOnlyCollection<long>? listingIds, string? search = null, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.CampaignRowsAdded, async c =>
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var batch = await RequireBatchAsync(c, batchId);
        var plan = await db.ParticipationPlans.AsNoTracking().SingleAsync(p => p.Id == batch.PlanId, ct);
        if (!plan.ForGoods || batch.ShopId is not { } shopId)
            throw new DomainException(new("达人带货方案不需要选择商品。", "The creator carry plan has no goods to choose."));

        var cards = db.Listings.AsNoTracking().Where(l => l.ShopId == shopId);
        if (listingIds is not null) cards = cards.Where(l => listingIds.Contains(l.Id));
        else if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            cards = cards.Where(l => l.Title.Contains(term) || db.Skus.Any(s => s.Id == l.SkuId && s.Code.StartsWith(term)));
        }
        cards = cards.Where(l => !db.CampaignRegistrations.Any(r => r.PlanId == plan.Id && r.ListingId == l.Id && RegistrationStates.IsLive(r))).WithRules();
        var existing = await db.CampaignRegistrations.CountAsync(r => r.BatchId == batchId && r.State == RegistrationState.Draft, ct);
        var chosen = await (from l in cards
                            join sku in db.Skus on l.SkuId equals sku.Id
                            join spu in db.Spus on sku.SpuId equals spu.Id
                            join stock in db.StockItems on l.SkuId equals stock.SkuId
                            orderby l.Id
                            select new { l.Id, l.SkuId, spu.CategoryId, Shared = StockRules.SharedAvailable(stock) })
            .Take(MaxBatchRows - existing + 1).WithRules().ToListAsync(ct);
        if (existing + chosen.Count > MaxBatchRows)
            throw new DomainException(new($"一个批次最多 {MaxBatchRows:N0} 个商品，请分批报名。", $"A batch holds at most {MaxBatchRows:N0} products; register in several batches."));
        if (chosen.Count == 0) return 0;

        var rules = EligibilityRule.Parse(plan.Rules);
        var discount = EligibilityRule.PriceDiscount(rules);
        var minCommission = rules.FirstOrDefault(r => r.Kind == RuleKind.CommissionRange)?.Min ?? 20m;
        var ids = chosen.Select(x => x.Id).ToList();
        var prices = await RegistrationChecks.LowestPrices(db, db.Listings.Where(l => ids.Contains(l.Id)).Select(l => l.Id), RegistrationChecks.LowestPriceSince(clock))
            .ToDictionaryAsync(p => p.ListingId, ct);
        var now = c.Now;
        var rows = chosen.Select(x => new CampaignRegistration
        {
            CampaignId = batch.CampaignId, PlanId = plan.Id, Role = plan.Role, BatchId = batchId, OrganisationId = batch.OrganisationId, ShopId = shopId,
            ListingId = x.Id, SkuId = x.SkuId, CategoryId = x.CategoryId,
            CampaignPriceFen = discount is { } d ? EligibilityEngine.AllowedPriceFen(d, prices[x.Id].LowestFen)!.Value : prices[x.Id].CurrentFen,
            CommittedStock = Math.Clamp(x.Shared, 0, 100),
            CommissionPercent = plan.Role == ParticipationRole.Distribution ? minCommission : null,
            CreatedBy = c.Actor.DisplayName, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        await BulkInsert.InsertWithNewIdsAsync(db, rows, ct);
        await db.RegistrationBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(b => b.SetProperty(x => x.UpdatedAt, now), ct);
        c.Audit(new AuditSubject("RegistrationBatch", batchId.ToString(), plan.NameZh), after: new { rows = rows.Count }, shopId: batch.ShopId);
        return rows.Count;
    }, ct);

    /// <summary>Edits one draft row (price, committed stock, commission); anything but a draft is refused with its state.</summary>
    public Task<RowCheck> UpdateDraftAsync(string userId, long registrationId, long campaignPriceFen, int committedStock, decimal? commissionPercent,
        decimal? autoAcceptCreatorScore = null, CancellationToken ct = default)
    {
        if (campaignPriceFen <= 0) throw new DomainException(new("活动价必须大于 0。", "The campaign price must be more than 0."));
        if (committedStock is < 0 or > StockService.MaxQuantity)
            throw new DomainException(new($"承诺库存须在 0 到 {StockService.MaxQuantity:N0} 之间。", $"Committed stock must be between 0 and {StockService.MaxQuantity:N0}."));
        if (commissionPercent is < 0 or > MaxCommissionPercent)
            throw new DomainException(new($"佣金比例须在 0% 到 {MaxCommissionPercent}% 之间。", $"The commission must be between 0% and {MaxCommissionPercent}%."));
        if (autoAcceptCreatorScore is < 0 or > 100)
            throw new DomainException(new("自动通过的达人分须在 0 到 100 之间。", "The auto-accept creator score must be between 0 and 100."));
        return commands.RunAsync(userId, AuditActions.CampaignDraftEdited, async c =>
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var row = await db.CampaignRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct) ?? throw NotFound();
        await AuthoriseRowAsync(c, row);
        var isDistribution = row.Role == ParticipationRole.Distribution;
        var changed = await db.CampaignRegistrations.Where(r => r.Id == registrationId && r.State == RegistrationState.Draft)
            .ExecuteUpdateAsync(r => r
                .SetProperty(x => x.CampaignPriceFen, campaignPriceFen)
                .SetProperty(x => x.CommittedStock, committedStock)
                .SetProperty(x => x.CommissionPercent, isDistribution ? commissionPercent : null)
                .SetProperty(x => x.AutoAcceptCreatorScore, isDistribution ? autoAcceptCreatorScore : null)
                .SetProperty(x => x.UpdatedAt, c.Now), ct);
        if (changed == 0) throw NotEditable(await StateOfAsync(db, registrationId, ct));
        c.Audit(await RegistrationSubjectAsync(c, row),
            new { campaignPriceFen = row.CampaignPriceFen, committedStock = row.CommittedStock, commissionPercent = row.CommissionPercent },
            new { campaignPriceFen, committedStock, commissionPercent = isDistribution ? commissionPercent : null }, shopId: row.ShopId);
        await c.SaveAsync();
        var check = (await RegistrationChecks.CheckAsync(db, db.CampaignRegistrations.Where(r => r.Id == registrationId), clock, ct)).Single();
        await StoreProblemsAsync(db, [check], ct);
        return check;
    }, ct);
    }

    /// <summary>Takes draft rows out of a batch (they were never submitted, so nothing else refers to them).</summary>
    public Task<int> RemoveDraftsAsync(string userId, long batchId, IReadOnlyCollection<long> registrationIds, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.CampaignRowsRemoved, async c =>
        {
            var batch = await RequireBatchAsync(c, batchId);
            var removed = await c.Db.CampaignRegistrations.Where(r => r.BatchId == batchId && r.State == RegistrationState.Draft && registrationIds.Contains(r.Id))
                .ExecuteDeleteAsync(c.Cancellation);
            if (removed > 0) c.Audit(new AuditSubject("RegistrationBatch", batchId.ToString()), after: new { rows = removed }, shopId: batch.ShopId);
            return removed;
        }, ct);

    /// <summary>Checks every draft row of the batch rule by rule and keeps the failed rules on each row for fixing.</summary>
    public Task<IReadOnlyList<RowCheck>> CheckAsync(string userId, long batchId, CancellationToken ct = default) =>
        commands.RunAsync(userId, CampaignCommands.Check, async c =>
        {
            await RequireBatchAsync(c, batchId);
            IReadOnlyList<RowCheck> checks = await RegistrationChecks.CheckAsync(c.Db, Drafts(c.Db, batchId), clock, c.Cancellation);
            await StoreProblemsAsync(c.Db, checks, c.Cancellation);
            return checks;
        }, ct);

    /// <summary>
    /// Submits the rows of the batch that pass every rule; the others stay drafts with their failed rules, so the
    /// user fixes them row by row and submits again. All-or-nothing per row, one transaction for the batch.
    /// </summary>
    public Task<SubmitResult> SubmitAsync(string userId, long batchId, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AuditActions.CampaignSubmitted, async c =>
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var batch = await RequireBatchAsync(c, batchId);
        await RequireWindowOpenAsync(db, batch.CampaignId, ct);
        var checks = await RegistrationChecks.CheckAsync(db, Drafts(db, batchId), clock, ct);
        if (checks.Count == 0) throw new DomainException(new("没有可提交的草稿。", "There are no drafts to submit."));
        var passed = checks.Where(x => x.Passed).Select(x => x.RegistrationId).ToList();
        var now = c.Now;
        var submitted = await db.CampaignRegistrations.Where(r => r.BatchId == batchId && r.State == RegistrationState.Draft && passed.Contains(r.Id))
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.State, RegistrationState.Submitted).SetProperty(x => x.SubmittedAt, now)
                .SetProperty(x => x.UpdatedAt, now).SetProperty(x => x.Problems, (string?)null), ct);
        var failed = checks.Where(x => !x.Passed).ToList();
        await StoreProblemsAsync(db, failed, ct);
        foreach (var subject in await RegistrationSubjectsAsync(c, passed))
            c.Audit(subject, new { state = nameof(RegistrationState.Draft) }, new { state = nameof(RegistrationState.Submitted) }, shopId: batch.ShopId);
        if (failed.Count == 0)
            await db.RegistrationBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(b => b.SetProperty(x => x.SubmittedAt, now).SetProperty(x => x.UpdatedAt, now), ct);
        return new SubmitResult(submitted, failed);
    }, ct);

    /// <summary>
    /// The registrant withdraws: drafts, submitted, under-review, approved or rejected rows become Withdrawn; an approved
    /// row's locked stock goes back to the pool in the same transaction. A row already withdrawn is refused.
    /// </summary>
    public Task<DecisionResult> WithdrawAsync(string userId, IReadOnlyCollection<long> registrationIds, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.CampaignWithdrawn, async c =>
    {
        var rows = await c.Db.CampaignRegistrations.AsNoTracking().Where(r => registrationIds.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(c.Cancellation);
        // Every row is authorised before any moves, so a refusal leaves all of them as they were.
        var grants = new Dictionary<long, Grant>();
        foreach (var row in rows) grants[row.Id] = await AuthoriseRowAsync(c, row);
        var refused = new List<(long, Bilingual)>();
        var done = 0;
        foreach (var row in rows)
        {
            var grant = grants[row.Id];
            if (row.State == RegistrationState.Withdrawn)
            {
                refused.Add((row.Id, new("该报名已撤回。", "That registration is already withdrawn.")));
                continue;
            }
            if (await MoveAsync(c, grant, row, row.State, RegistrationState.Withdrawn, null)) done++;
            else refused.Add((row.Id, StateChanged()));
        }
        return new DecisionResult(done, refused);
    }, ct);

    /// <summary>The reviewer takes submitted rows into review (Submitted → UnderReview).</summary>
    public Task<DecisionResult> StartReviewAsync(string userId, IReadOnlyCollection<long> registrationIds, CancellationToken ct = default) =>
        DecideAsync(userId, registrationIds, RegistrationState.UnderReview, null, ct);

    /// <summary>
    /// Approves: the rules are checked again (a row that no longer meets one is refused with the rule and both
    /// numbers); each row in its own transaction locks its committed stock in the pool with one conditional update, so
    /// two shops racing for the same pool can never lock more than is there; a row that cannot be locked is refused
    /// with the numbers and stays as it was.
    /// </summary>
    public Task<DecisionResult> ApproveAsync(string userId, IReadOnlyCollection<long> registrationIds, CancellationToken ct = default) =>
        DecideAsync(userId, registrationIds, RegistrationState.Approved, null, ct);

    /// <summary>Rejects with a reason the registrant sees; an approved row's locked stock is released.</summary>
    public Task<DecisionResult> RejectAsync(string userId, IReadOnlyCollection<long> registrationIds, string reason, CancellationToken ct = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length is 0 or > 500) throw new DomainException(new("请填写驳回原因（最多 500 字）。", "Give a reason for the rejection (at most 500 characters)."));
        return DecideAsync(userId, registrationIds, RegistrationState.Rejected, reason, ct);
    }

    private Task<DecisionResult> DecideAsync(string userId, IReadOnlyCollection<long> registrationIds, RegistrationState to, string? reason, CancellationToken ct) =>
        commands.RunAsync(userId, ActionOf(to), async c =>
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var grant = await c.RequirePlatformAsync();
        var rows = await db.CampaignRegistrations.AsNoTracking().Where(r => registrationIds.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct);
        var stale = to == RegistrationState.Approved ? await RulesBrokenSinceSubmissionAsync(db, registrationIds, ct) : [];
        var refused = new List<(long, Bilingual)>();
        var done = 0;
        foreach (var row in rows)
        {
            if (stale.TryGetValue(row.Id, out var broken) && row.State is RegistrationState.Submitted or RegistrationState.UnderReview)
            {
                refused.Add((row.Id, EligibilityEngine.Describe(broken)));
                continue;
            }
            var allowed = to switch
            {
                RegistrationState.UnderReview => row.State == RegistrationState.Submitted,
                RegistrationState.Approved => row.State is RegistrationState.Submitted or RegistrationState.UnderReview,
                _ => row.State is RegistrationState.Submitted or RegistrationState.UnderReview or RegistrationState.Approved,
            };
            if (!allowed)
            {
                refused.Add((row.Id, new($"该报名状态为“{row.State.Name().Zh}”，不能改为“{to.Name().Zh}”。",
                    $"The registration is {row.State.Name().En}; it cannot become {to.Name().En}.")));
                continue;
            }
            try
            {
                if (await MoveAsync(c, grant, row, row.State, to, reason)) done++;
                else refused.Add((row.Id, StateChanged()));
            }
            catch (DomainException e)
            {
                refused.Add((row.Id, e.UserMessage));
            }
        }
        return new DecisionResult(done, refused);
    }, ct);

    private static string ActionOf(RegistrationState to) => to switch
    {
        RegistrationState.UnderReview => AuditActions.CampaignReviewStarted,
        RegistrationState.Approved => AuditActions.CampaignApproved,
        RegistrationState.Rejected => AuditActions.CampaignRejected,
        _ => AuditActions.CampaignWithdrawn,
    };

    /// <summary>
    /// The rules a submitted row no longer meets at approval time (scores dropped, the price was cut so the campaign
    /// price is above the new allowed price, a violation opened, …), checked for all rows at once. The registration
    /// window is left out (review goes on after it closes) and so is the pool check: the row's own commitment counts as
    /// pending there, and the conditional lock at approval is the real guarantee.
    /// </summary>
    private async Task<Dictionary<long, List<RuleResult>>> RulesBrokenSinceSubmissionAsync(AppDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var checks = await RegistrationChecks.CheckAsync(db, db.CampaignRegistrations.Where(r => ids.Contains(r.Id)), clock, ct);
        return checks
            .Select(c => (c.RegistrationId, Broken: c.Failed.Where(r => r.Kind is not (RuleKind.RegistrationWindow or RuleKind.CommittedStock)).ToList()))
            .Where(c => c.Broken.Count > 0)
            .ToDictionary(c => c.RegistrationId, c => c.Broken);
    }

    /// <summary>
    /// One state change in one transaction: a conditional update on the expected state (so a concurrent change wins
    /// cleanly), the stock lock or release it implies, and the audit entry.
    /// </summary>
    private static async Task<bool> MoveAsync(CommandContext c, Grant grant, CampaignRegistration row, RegistrationState from, RegistrationState to, string? reason)
    {
        var (db, ct, now, actor) = (c.Db, c.Cancellation, c.Now, c.Actor);
        var reference = $"campaign-registration:{row.Id}";
        var lockUnits = to == RegistrationState.Approved && row.SkuId is not null ? row.CommittedStock : 0;
        var releaseUnits = from == RegistrationState.Approved ? row.LockedStock : 0;
        var deciding = to is RegistrationState.Approved or RegistrationState.Rejected or RegistrationState.UnderReview;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.CampaignRegistrations.Where(r => r.Id == row.Id && r.State == from)
            .ExecuteUpdateAsync(r => r
                .SetProperty(x => x.State, to)
                .SetProperty(x => x.LockedStock, lockUnits)
                .SetProperty(x => x.RejectReason, x => to == RegistrationState.Rejected ? reason : x.RejectReason)
                .SetProperty(x => x.DecidedAt, x => deciding ? now : x.DecidedAt)
                .SetProperty(x => x.DecidedBy, x => deciding ? actor.DisplayName : x.DecidedBy)
                .SetProperty(x => x.UpdatedAt, now), ct);
        if (changed == 0) return false;
        if (lockUnits > 0 && !await StockService.TryCampaignLockAsync(c, row.SkuId!.Value, row.ShopId, lockUnits, reference))
        {
            await transaction.RollbackAsync(ct);
            var free = await db.StockItems.Where(s => s.SkuId == row.SkuId).Select(StockRules.SharedAvailableExpression).FirstOrDefaultAsync(ct);
            throw new DomainException(new($"共享库存可用 {free:N0} 件，少于承诺的 {lockUnits:N0} 件，不能锁定，未通过。",
                $"The shared pool has {free:N0} units available, fewer than the {lockUnits:N0} committed, so they cannot be locked; not approved."));
        }
        if (releaseUnits > 0 && row.SkuId is { } skuId)
            await StockService.TryCampaignUnlockAsync(c, skuId, row.ShopId, releaseUnits, reference);
        // The reviewer acts for the platform; the entry is filed under the registrant's organisation so its owner reads it.
        c.Audit(ActionOf(to), await RegistrationSubjectAsync(c, row), new { state = from.ToString() },
            new { state = to.ToString(), reason, locked = lockUnits > 0 ? lockUnits : (int?)null, released = releaseUnits > 0 ? releaseUnits : (int?)null },
            organisationId: row.OrganisationId, shopId: row.ShopId, via: grant.OrganisationId == row.OrganisationId ? grant : null);
        if (to is RegistrationState.Approved or RegistrationState.Rejected)
            KuaishouSeller.Core.Webhooks.WebhookOutbox.Add(c, row.OrganisationId,
                to == RegistrationState.Approved ? KuaishouSeller.Core.Webhooks.WebhookEvents.RegistrationApproved : KuaishouSeller.Core.Webhooks.WebhookEvents.RegistrationRejected,
                new
                {
                    registrationId = row.Id, campaignId = row.CampaignId, planId = row.PlanId, role = row.Role.ToString(), shopId = row.ShopId,
                    listingId = row.ListingId, skuId = row.SkuId, accountId = row.AccountId, from = from.ToString(), state = to.ToString(),
                    reason = to == RegistrationState.Rejected ? reason : null, lockedStock = lockUnits, decidedAt = now,
                });
        await c.SaveAsync();
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// A creator applies to carry an approved distribution product. The creator needs an approved carry registration
    /// for the campaign; applying twice is refused (also when two applications race: a unique index). Accepted at
    /// once when the goods owner set an auto-accept score and the creator's latest score reaches it.
    /// </summary>
    public Task<CarryState> ApplyToCarryAsync(string userId, long registrationId, CancellationToken ct = default) =>
        commands.RunAsync(userId, AuditActions.CampaignCarryApplied, async c =>
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var goods = await db.CampaignRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct) ?? throw NotFound();
        if (goods.Role != ParticipationRole.Distribution || goods.State != RegistrationState.Approved)
            throw new DomainException(new("该商品不在活动货盘中。", "That product is not in the campaign goods pool."));
        var scope = await workspaces.ResolveAsync(db, c.Actor, ct); // the actor the runner resolved
        if (scope.Workspace is not { Kind: OrganisationKind.Creator } workspace)
            throw new DomainException(new("请先切换到达人工作台。", "Switch to a creator workspace first."));
        var creatorId = workspace.OrganisationId;
        await c.RequireAsync(Permission.CreatorCarry, creatorId, ShopTarget.AllShops);
        var carry = await db.CampaignRegistrations.AsNoTracking()
            .Where(r => r.CampaignId == goods.CampaignId && r.OrganisationId == creatorId && r.Role == ParticipationRole.CreatorCarry && r.State == RegistrationState.Approved)
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException(new("需先通过本活动的“达人带货”报名审核。", "Your creator carry registration for this campaign must be approved first."));
        if (await db.CarryApplications.AnyAsync(a => a.RegistrationId == registrationId && a.CreatorId == creatorId, ct))
            throw AlreadyApplied();

        var score = (await RegistrationChecks.LatestScoresAsync(db, ScoreSubject.Creator, db.Organisations.Where(o => o.Id == creatorId).Select(o => o.Id), ct))
            .GetValueOrDefault(creatorId);
        var auto = goods.AutoAcceptCreatorScore is { } min && score is { } s && (decimal)s >= min;
        var now = c.Now;
        var application = new CarryApplication
        {
            RegistrationId = registrationId, CampaignId = goods.CampaignId, CreatorId = creatorId, AccountId = carry.AccountId!.Value,
            State = auto ? CarryState.Accepted : CarryState.Pending, CreatorScore = score, AutoAccepted = auto, AppliedAt = now,
            DecidedAt = auto ? now : null, DecidedBy = auto ? "auto" : null,
        };
        db.CarryApplications.Add(application);
        c.Audit(await RegistrationSubjectAsync(c, goods), after: new { state = application.State.ToString(), auto });
        try
        {
            await c.SaveAsync();
        }
        catch (DbUpdateException)
        {
            // The unique index caught a second application racing this one.
            throw AlreadyApplied();
        }
        return application.State;
    }, ct);

    /// <summary>The goods owner accepts or declines a pending carry application.</summary>
    public Task DecideCarryAsync(string userId, long applicationId, bool accept, CancellationToken ct = default) =>
        commands.RunAsync(userId, accept ? AuditActions.CampaignCarryAccepted : AuditActions.CampaignCarryDeclined, async c =>
        {
            var (db, ct) = (c.Db, c.Cancellation);
            var application = await db.CarryApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, ct)
                              ?? throw NotFoundException.Of("带货申请", "carry application");
            var goods = await db.CampaignRegistrations.AsNoTracking().SingleAsync(r => r.Id == application.RegistrationId, ct);
            await AuthoriseRowAsync(c, goods, NotFoundException.Of("带货申请", "carry application"));
            var to = accept ? CarryState.Accepted : CarryState.Declined;
            var changed = await db.CarryApplications.Where(a => a.Id == applicationId && a.State == CarryState.Pending)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.State, to).SetProperty(x => x.DecidedAt, c.Now)
                    .SetProperty(x => x.DecidedBy, c.Actor.DisplayName), ct);
            if (changed == 0) throw new ConflictException(new("该申请已处理。", "That application has already been decided."));
            var creator = await db.Organisations.Where(o => o.Id == application.CreatorId).Select(o => o.Name).SingleAsync(ct);
            c.Audit(new AuditSubject("CarryApplication", applicationId.ToString(), creator), new { state = nameof(CarryState.Pending) }, new { state = to.ToString() },
                shopId: goods.ShopId);
        }, ct);

    // ---- rules shared by the commands ----

    private static IQueryable<CampaignRegistration> Drafts(AppDbContext db, long batchId) =>
        db.CampaignRegistrations.Where(r => r.BatchId == batchId && r.State == RegistrationState.Draft);

    private async Task RequireWindowOpenAsync(AppDbContext db, long campaignId, CancellationToken ct)
    {
        var (start, end) = await RegistrationChecks.WindowAsync(db, campaignId, ct);
        var today = ShanghaiTime.Today(clock);
        if (today < start || today > end)
            throw new DomainException(new($"报名时间为 {start:yyyy-MM-dd} 至 {end:yyyy-MM-dd}，今天（{today:yyyy-MM-dd}）不在报名时间内，未执行。",
                $"Registration is open {start:yyyy-MM-dd} to {end:yyyy-MM-dd}; today ({today:yyyy-MM-dd}) is outside the window, so nothing was changed."));
    }

    /// <summary>Goods plans: a shop of the current merchant with the register right on it. Carry plan: an account of the current creator.</summary>
    private static async Task<long> AuthoriseAsync(CommandContext c, ParticipationRole role, long? shopId, long? accountId)
    {
        if (role != ParticipationRole.CreatorCarry)
        {
            var shop = shopId is { } id ? await c.Db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, c.Cancellation) : null;
            if (shop is null) throw new DomainException(new("请选择报名的店铺。", "Choose the shop that registers."));
            await c.RequireAsync(Permission.CampaignsRegister, shop.MerchantId, ShopTarget.Shop(shop.Id), NotFoundException.Of("店铺", "shop"));
            return shop.MerchantId;
        }
        var account = accountId is { } a ? await c.Db.SellingAccounts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == a && x.Kind == SellingAccountKind.CreatorAccount, c.Cancellation) : null;
        if (account is null) throw new DomainException(new("请选择报名的达人账号。", "Choose the creator account that registers."));
        await c.RequireAsync(Permission.CreatorCarry, account.OrganisationId, ShopTarget.AllShops, NotFoundException.Of("达人账号", "creator account"));
        return account.OrganisationId;
    }

    /// <summary>The right a registration row needs: creator.carry for a creator's row, campaigns.register on the row's shop otherwise.</summary>
    private static Task<Grant> AuthoriseRowAsync(CommandContext c, CampaignRegistration row, NotFoundException? foreignAs = null) =>
        c.RequireAsync(RightFor(row.ShopId), row.OrganisationId, row.ShopId is { } shop ? ShopTarget.Shop(shop) : ShopTarget.AllShops, foreignAs ?? NotFound());

    private static Permission RightFor(long? shopId) => shopId is null ? Permission.CreatorCarry : Permission.CampaignsRegister;

    /// <summary>The draft, once the actor may work on it (inside a command).</summary>
    private static async Task<RegistrationBatch> RequireBatchAsync(CommandContext c, long batchId)
    {
        var batch = await c.Db.RegistrationBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, c.Cancellation) ?? throw BatchNotFound();
        await c.RequireAsync(RightFor(batch.ShopId), batch.OrganisationId, batch.ShopId is { } shop ? ShopTarget.Shop(shop) : ShopTarget.AllShops, BatchNotFound());
        return batch;
    }

    /// <summary>
    /// The draft and who may work on it: the register right on its shop, or the carry right for a creator's draft.
    /// <see cref="CampaignQueries"/> shows a draft to the same people.
    /// </summary>
    internal static async Task<(RegistrationBatch Batch, Actor Actor)> RequireBatchAsync(AppDbContext db, AccessService access, string userId,
        long batchId, CancellationToken ct, string action = "campaigns.batch")
    {
        var batch = await db.RegistrationBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct) ?? throw BatchNotFound();
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, RightFor(batch.ShopId), batch.OrganisationId,
            batch.ShopId is { } shop ? ShopTarget.Shop(shop) : ShopTarget.AllShops, action, ct, BatchNotFound());
        return (batch, actor);
    }

    private static NotFoundException BatchNotFound() => NotFoundException.Of("报名草稿", "registration draft");

    /// <summary>A registration as the log names it: the product card's title, or the creator account for a carry row.</summary>
    private static async Task<AuditSubject> RegistrationSubjectAsync(CommandContext c, CampaignRegistration row) =>
        (await RegistrationSubjectsAsync(c, [row.Id])).Single();

    private static async Task<IReadOnlyList<AuditSubject>> RegistrationSubjectsAsync(CommandContext c, IReadOnlyCollection<long> ids)
    {
        var labels = await (from r in c.Db.CampaignRegistrations
                            where ids.Contains(r.Id)
                            join l in c.Db.Listings on r.ListingId equals l.Id into listing
                            from l in listing.DefaultIfEmpty()
                            join a in c.Db.SellingAccounts on r.AccountId equals a.Id into account
                            from a in account.DefaultIfEmpty()
                            select new { r.Id, Label = l != null ? l.Title : a != null ? a.Nickname : null }).ToListAsync(c.Cancellation);
        return labels.OrderBy(l => l.Id).Select(l => new AuditSubject("CampaignRegistration", l.Id.ToString(), l.Label)).ToList();
    }

    /// <summary>Failed rules go onto their rows (bilingual, one line each); passing rows are cleared.</summary>
    private static async Task StoreProblemsAsync(AppDbContext db, IReadOnlyList<RowCheck> checks, CancellationToken ct)
    {
        var passed = checks.Where(c => c.Passed).Select(c => c.RegistrationId).ToList();
        if (passed.Count > 0)
            await db.CampaignRegistrations.Where(r => passed.Contains(r.Id) && r.Problems != null)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.Problems, (string?)null), ct);
        foreach (var group in checks.Where(c => !c.Passed).GroupBy(c => FormatProblems(c.Failed)))
        {
            var ids = group.Select(c => c.RegistrationId).ToList();
            var text = group.Key;
            await db.CampaignRegistrations.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(r => r.SetProperty(x => x.Problems, text), ct);
        }
    }

    public static string FormatProblems(IEnumerable<RuleResult> failed)
    {
        var text = string.Join("\n", failed.Select(r => $"{r.Refusal.Zh}|{r.Refusal.En}"));
        return text.Length > 2000 ? text[..2000] : text;
    }

    private static async Task<RegistrationState?> StateOfAsync(AppDbContext db, long id, CancellationToken ct) =>
        await db.CampaignRegistrations.Where(r => r.Id == id).Select(r => (RegistrationState?)r.State).FirstOrDefaultAsync(ct);

    private static NotFoundException NotFound() => NotFoundException.Of("报名", "registration");

    private static DomainException NotEditable(RegistrationState? state) => new(new(
        $"只能修改草稿；该报名状态为“{state?.Name().Zh ?? "不存在"}”，未执行。",
        $"Only drafts can be edited; this registration is {state?.Name().En ?? "gone"}, so nothing was changed."));

    private static DomainException AlreadyApplied() => new(new("您已申请带货该商品，不能重复申请。", "You have already applied to carry this product; you cannot apply twice."));

    private static Bilingual StateChanged() => new("该报名刚被他人处理，请刷新后再试。", "Someone else changed this registration just now; refresh and try again.");
}
