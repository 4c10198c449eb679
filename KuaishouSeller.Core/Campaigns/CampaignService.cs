using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
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
public sealed class CampaignService(IDbContextFactory<AppDbContext> contexts, AccessService access, WorkspaceService workspaces, AuditTrail audit, TimeProvider clock)
{
    public const int MaxBatchRows = 5_000;
    public const decimal MaxCommissionPercent = 90m;

    /// <summary>
    /// Starts the wizard's draft for a plan: goods plans for a merchant's shop, the carry plan for a creator's account.
    /// Refused outside the registration window, with the window in the message.
    /// </summary>
    public async Task<long> StartAsync(string userId, long campaignId, long planId, long? shopId, long? accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var plan = await db.ParticipationPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId && p.CampaignId == campaignId, ct)
                   ?? throw new DomainException(new("找不到该参与方案。", "That participation plan does not exist."));
        await RequireWindowOpenAsync(db, campaignId, ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var (organisationId, grant) = await AuthoriseAsync(db, scope.Actor, plan.Role, shopId, accountId, "campaigns.start", ct);
        var now = clock.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var batch = new RegistrationBatch
        {
            CampaignId = campaignId, OrganisationId = organisationId, PlanId = planId, ShopId = plan.ForGoods ? shopId : null,
            AccountId = plan.ForGoods ? null : accountId, Step = 1, CreatedByUserId = userId, CreatedAt = now, UpdatedAt = now,
        };
        db.RegistrationBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        if (!plan.ForGoods)
        {
            if (await db.CampaignRegistrations.AnyAsync(r => r.PlanId == planId && r.AccountId == accountId && r.ListingId == null && r.State < RegistrationState.Rejected, ct))
                throw new DomainException(new("该账号已报名此方案，不能重复报名。", "That account is already registered for this plan; it cannot register twice."));
            db.CampaignRegistrations.Add(new CampaignRegistration
            {
                CampaignId = campaignId, PlanId = planId, Role = plan.Role, BatchId = batch.Id, OrganisationId = organisationId, AccountId = accountId,
                CreatedBy = scope.Actor.DisplayName, CreatedAt = now, UpdatedAt = now,
            });
        }
        Audit(db, scope.Actor, grant, organisationId, shopId, "campaigns.draft-started", "RegistrationBatch", batch.Id, null, $"{plan.NameEn} ({plan.Role})");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return batch.Id;
    }

    /// <summary>Remembers the wizard step so a reopened draft continues where it was left.</summary>
    public async Task SetStepAsync(string userId, long batchId, int step, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (batch, _, _) = await RequireBatchAsync(db, access, userId, batchId, ct);
        await db.RegistrationBatches.Where(b => b.Id == batch.Id)
            .ExecuteUpdateAsync(b => b.SetProperty(x => x.Step, Math.Clamp(step, 1, 9)).SetProperty(x => x.UpdatedAt, clock.GetUtcNow().UtcDateTime), ct);
    }

    /// <summary>
    /// Adds product cards of the batch's shop as draft rows: the given ones, or (ids null) every card matching the
    /// search. Cards already registered for the plan are skipped. Defaults: the highest allowed price, up to 100
    /// units of what the pool can promise, the plan's minimum commission. Returns how many rows were added.
    /// </summary>
    public async Task<int> AddGoodsAsync(string userId, long batchId, IReadOnlyCollection<long>? listingIds, string? search = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (batch, actor, _) = await RequireBatchAsync(db, access, userId, batchId, ct);
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
        cards = cards.Where(l => !db.CampaignRegistrations.Any(r => r.PlanId == plan.Id && r.ListingId == l.Id && r.State < RegistrationState.Rejected));
        var existing = await db.CampaignRegistrations.CountAsync(r => r.BatchId == batchId && r.State == RegistrationState.Draft, ct);
        var chosen = await (from l in cards
                            join sku in db.Skus on l.SkuId equals sku.Id
                            join spu in db.Spus on sku.SpuId equals spu.Id
                            join stock in db.StockItems on l.SkuId equals stock.SkuId
                            orderby l.Id
                            select new { l.Id, l.SkuId, spu.CategoryId, Shared = stock.OnHand - stock.Reserved - stock.CampaignLocked - stock.QuotaAllocated })
            .Take(MaxBatchRows - existing + 1).ToListAsync(ct);
        if (existing + chosen.Count > MaxBatchRows)
            throw new DomainException(new($"一个批次最多 {MaxBatchRows:N0} 个商品，请分批报名。", $"A batch holds at most {MaxBatchRows:N0} products; register in several batches."));
        if (chosen.Count == 0) return 0;

        var rules = EligibilityRule.Parse(plan.Rules);
        var discount = EligibilityRule.PriceDiscount(rules);
        var minCommission = rules.FirstOrDefault(r => r.Kind == RuleKind.CommissionRange)?.Min ?? 20m;
        var ids = chosen.Select(c => c.Id).ToList();
        var prices = await RegistrationChecks.LowestPrices(db, db.Listings.Where(l => ids.Contains(l.Id)).Select(l => l.Id), RegistrationChecks.LowestPriceSince(clock))
            .ToDictionaryAsync(p => p.ListingId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = chosen.Select(c => new CampaignRegistration
        {
            CampaignId = batch.CampaignId, PlanId = plan.Id, Role = plan.Role, BatchId = batchId, OrganisationId = batch.OrganisationId, ShopId = shopId,
            ListingId = c.Id, SkuId = c.SkuId, CategoryId = c.CategoryId,
            CampaignPriceFen = discount is { } d ? EligibilityEngine.AllowedPriceFen(d, prices[c.Id].LowestFen)!.Value : prices[c.Id].CurrentFen,
            CommittedStock = Math.Clamp(c.Shared, 0, 100),
            CommissionPercent = plan.Role == ParticipationRole.Distribution ? minCommission : null,
            CreatedBy = actor.DisplayName, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        var newIds = await BulkInsert.NextIdsAsync<CampaignRegistration>(db, rows.Count, ct);
        for (var i = 0; i < rows.Count; i++) rows[i].Id = newIds[i];
        await BulkInsert.InsertAsync(db, rows, ct);
        await db.RegistrationBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(b => b.SetProperty(x => x.UpdatedAt, now), ct);
        return rows.Count;
    }

    /// <summary>Edits one draft row (price, committed stock, commission); anything but a draft is refused with its state.</summary>
    public async Task<RowCheck> UpdateDraftAsync(string userId, long registrationId, long campaignPriceFen, int committedStock, decimal? commissionPercent,
        decimal? autoAcceptCreatorScore = null, CancellationToken ct = default)
    {
        if (campaignPriceFen <= 0) throw new DomainException(new("活动价必须大于 0。", "The campaign price must be more than 0."));
        if (committedStock is < 0 or > StockService.MaxQuantity)
            throw new DomainException(new($"承诺库存须在 0 到 {StockService.MaxQuantity:N0} 之间。", $"Committed stock must be between 0 and {StockService.MaxQuantity:N0}."));
        if (commissionPercent is < 0 or > MaxCommissionPercent)
            throw new DomainException(new($"佣金比例须在 0% 到 {MaxCommissionPercent}% 之间。", $"The commission must be between 0% and {MaxCommissionPercent}%."));
        if (autoAcceptCreatorScore is < 0 or > 100)
            throw new DomainException(new("自动通过的达人分须在 0 到 100 之间。", "The auto-accept creator score must be between 0 and 100."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.CampaignRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct) ?? throw NotFound();
        var actor = await access.ResolveAsync(db, userId, ct);
        var grant = await AuthoriseRowAsync(actor, row, "campaigns.edit", ct);
        var isDistribution = row.Role == ParticipationRole.Distribution;
        var changed = await db.CampaignRegistrations.Where(r => r.Id == registrationId && r.State == RegistrationState.Draft)
            .ExecuteUpdateAsync(r => r
                .SetProperty(x => x.CampaignPriceFen, campaignPriceFen)
                .SetProperty(x => x.CommittedStock, committedStock)
                .SetProperty(x => x.CommissionPercent, isDistribution ? commissionPercent : null)
                .SetProperty(x => x.AutoAcceptCreatorScore, isDistribution ? autoAcceptCreatorScore : null)
                .SetProperty(x => x.UpdatedAt, clock.GetUtcNow().UtcDateTime), ct);
        if (changed == 0) throw NotEditable(await StateOfAsync(db, registrationId, ct));
        Audit(db, actor, grant, row.OrganisationId, row.ShopId, "campaigns.draft-edited", "CampaignRegistration", registrationId,
            $"{Money.Format(row.CampaignPriceFen)} × {row.CommittedStock}", $"{Money.Format(campaignPriceFen)} × {committedStock}{(isDistribution ? $" @ {commissionPercent}%" : "")}");
        await db.SaveChangesAsync(ct);
        var check = (await RegistrationChecks.CheckAsync(db, db.CampaignRegistrations.Where(r => r.Id == registrationId), clock, ct)).Single();
        await StoreProblemsAsync(db, [check], ct);
        return check;
    }

    /// <summary>Takes draft rows out of a batch (they were never submitted, so nothing else refers to them).</summary>
    public async Task<int> RemoveDraftsAsync(string userId, long batchId, IReadOnlyCollection<long> registrationIds, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RequireBatchAsync(db, access, userId, batchId, ct);
        return await db.CampaignRegistrations.Where(r => r.BatchId == batchId && r.State == RegistrationState.Draft && registrationIds.Contains(r.Id))
            .ExecuteDeleteAsync(ct);
    }

    /// <summary>Checks every draft row of the batch rule by rule and keeps the failed rules on each row for fixing.</summary>
    public async Task<IReadOnlyList<RowCheck>> CheckAsync(string userId, long batchId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await RequireBatchAsync(db, access, userId, batchId, ct);
        var checks = await RegistrationChecks.CheckAsync(db, Drafts(db, batchId), clock, ct);
        await StoreProblemsAsync(db, checks, ct);
        return checks;
    }

    /// <summary>
    /// Submits the rows of the batch that pass every rule; the others stay drafts with their failed rules, so the
    /// user fixes them row by row and submits again. All-or-nothing per row, one transaction for the batch.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(string userId, long batchId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (batch, actor, grant) = await RequireBatchAsync(db, access, userId, batchId, ct);
        await RequireWindowOpenAsync(db, batch.CampaignId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var checks = await RegistrationChecks.CheckAsync(db, Drafts(db, batchId), clock, ct);
        if (checks.Count == 0) throw new DomainException(new("没有可提交的草稿。", "There are no drafts to submit."));
        var passed = checks.Where(c => c.Passed).Select(c => c.RegistrationId).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var submitted = await db.CampaignRegistrations.Where(r => r.BatchId == batchId && r.State == RegistrationState.Draft && passed.Contains(r.Id))
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.State, RegistrationState.Submitted).SetProperty(x => x.SubmittedAt, now)
                .SetProperty(x => x.UpdatedAt, now).SetProperty(x => x.Problems, (string?)null), ct);
        var failed = checks.Where(c => !c.Passed).ToList();
        await StoreProblemsAsync(db, failed, ct);
        foreach (var id in passed)
            Audit(db, actor, grant, batch.OrganisationId, batch.ShopId, "campaigns.submitted", "CampaignRegistration", id, nameof(RegistrationState.Draft), nameof(RegistrationState.Submitted));
        if (failed.Count == 0)
            await db.RegistrationBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(b => b.SetProperty(x => x.SubmittedAt, now).SetProperty(x => x.UpdatedAt, now), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SubmitResult(submitted, failed);
    }

    /// <summary>
    /// The registrant withdraws: drafts, submitted, under-review, approved or rejected rows become Withdrawn; an approved
    /// row's locked stock goes back to the pool in the same transaction. A row already withdrawn is refused.
    /// </summary>
    public async Task<DecisionResult> WithdrawAsync(string userId, IReadOnlyCollection<long> registrationIds, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var rows = await db.CampaignRegistrations.AsNoTracking().Where(r => registrationIds.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct);
        // Every row is authorised before any moves, so a refusal leaves all of them as they were.
        var grants = new Dictionary<long, Grant>();
        foreach (var row in rows) grants[row.Id] = await AuthoriseRowAsync(actor, row, "campaigns.withdraw", ct);
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
            if (await MoveAsync(db, actor, grant, row, row.State, RegistrationState.Withdrawn, null, ct)) done++;
            else refused.Add((row.Id, StateChanged()));
        }
        return new DecisionResult(done, refused);
    }

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

    private async Task<DecisionResult> DecideAsync(string userId, IReadOnlyCollection<long> registrationIds, RegistrationState to, string? reason, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var grant = await access.RequirePlatformReviewerAsync(db, actor, $"campaigns.review {to}", ct);
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
                if (await MoveAsync(db, actor, grant, row, row.State, to, reason, ct)) done++;
                else refused.Add((row.Id, StateChanged()));
            }
            catch (DomainException e)
            {
                refused.Add((row.Id, e.UserMessage));
            }
        }
        return new DecisionResult(done, refused);
    }

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
    private async Task<bool> MoveAsync(AppDbContext db, Actor actor, Grant? grant, CampaignRegistration row, RegistrationState from, RegistrationState to,
        string? reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
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
        if (lockUnits > 0 && !await StockService.TryCampaignLockAsync(db, row.SkuId!.Value, row.ShopId, lockUnits, actor.DisplayName, reference, now, ct))
        {
            await transaction.RollbackAsync(ct);
            var free = await db.StockItems.Where(s => s.SkuId == row.SkuId).Select(s => s.OnHand - s.Reserved - s.CampaignLocked - s.QuotaAllocated).FirstOrDefaultAsync(ct);
            throw new DomainException(new($"共享库存可用 {free:N0} 件，少于承诺的 {lockUnits:N0} 件，不能锁定，未通过。",
                $"The shared pool has {free:N0} units available, fewer than the {lockUnits:N0} committed, so they cannot be locked; not approved."));
        }
        if (releaseUnits > 0 && row.SkuId is { } skuId)
            await StockService.TryCampaignUnlockAsync(db, skuId, row.ShopId, releaseUnits, actor.DisplayName, reference, now, ct);
        var action = to switch
        {
            RegistrationState.UnderReview => "campaigns.review-started",
            RegistrationState.Approved => "campaigns.approved",
            RegistrationState.Rejected => "campaigns.rejected",
            _ => "campaigns.withdrawn",
        };
        Audit(db, actor, grant, row.OrganisationId, row.ShopId, action, "CampaignRegistration", row.Id, from.ToString(),
            to + (reason is null ? "" : $": {reason}") + (lockUnits > 0 ? $" (locked {lockUnits})" : "") + (releaseUnits > 0 ? $" (released {releaseUnits})" : ""));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// A creator applies to carry an approved distribution product. The creator needs an approved carry registration
    /// for the campaign; applying twice is refused (also when two applications race: a unique index). Accepted at
    /// once when the goods owner set an auto-accept score and the creator's latest score reaches it.
    /// </summary>
    public async Task<CarryState> ApplyToCarryAsync(string userId, long registrationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var goods = await db.CampaignRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct) ?? throw NotFound();
        if (goods.Role != ParticipationRole.Distribution || goods.State != RegistrationState.Approved)
            throw new DomainException(new("该商品不在活动货盘中。", "That product is not in the campaign goods pool."));
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (scope.Workspace is not { Kind: OrganisationKind.Creator } workspace)
            throw new DomainException(new("请先切换到达人工作台。", "Switch to a creator workspace first."));
        var creatorId = workspace.OrganisationId;
        var grant = await access.RequireAsync(scope.Actor, Permission.CreatorCarry, creatorId, null, $"campaigns.carry registration={registrationId}", ct);
        var carry = await db.CampaignRegistrations.AsNoTracking()
            .Where(r => r.CampaignId == goods.CampaignId && r.OrganisationId == creatorId && r.Role == ParticipationRole.CreatorCarry && r.State == RegistrationState.Approved)
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException(new("需先通过本活动的“达人带货”报名审核。", "Your creator carry registration for this campaign must be approved first."));
        if (await db.CarryApplications.AnyAsync(a => a.RegistrationId == registrationId && a.CreatorId == creatorId, ct))
            throw AlreadyApplied();

        var score = (await RegistrationChecks.LatestScoresAsync(db, ScoreSubject.Creator, db.Organisations.Where(o => o.Id == creatorId).Select(o => o.Id), ct))
            .GetValueOrDefault(creatorId);
        var auto = goods.AutoAcceptCreatorScore is { } min && score is { } s && (decimal)s >= min;
        var now = clock.GetUtcNow().UtcDateTime;
        var application = new CarryApplication
        {
            RegistrationId = registrationId, CampaignId = goods.CampaignId, CreatorId = creatorId, AccountId = carry.AccountId!.Value,
            State = auto ? CarryState.Accepted : CarryState.Pending, CreatorScore = score, AutoAccepted = auto, AppliedAt = now,
            DecidedAt = auto ? now : null, DecidedBy = auto ? "auto" : null,
        };
        db.CarryApplications.Add(application);
        Audit(db, scope.Actor, grant, creatorId, null, "campaigns.carry-applied", "CampaignRegistration", registrationId, null, auto ? "accepted automatically" : "pending");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique index caught a second application racing this one.
            throw AlreadyApplied();
        }
        return application.State;
    }

    /// <summary>The goods owner accepts or declines a pending carry application.</summary>
    public async Task DecideCarryAsync(string userId, long applicationId, bool accept, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var application = await db.CarryApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, ct)
                          ?? throw new DomainException(new("找不到该带货申请。", "That carry application does not exist."));
        var goods = await db.CampaignRegistrations.AsNoTracking().SingleAsync(r => r.Id == application.RegistrationId, ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        var grant = await AuthoriseRowAsync(actor, goods, "campaigns.carry-decide", ct);
        var to = accept ? CarryState.Accepted : CarryState.Declined;
        var changed = await db.CarryApplications.Where(a => a.Id == applicationId && a.State == CarryState.Pending)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.State, to).SetProperty(x => x.DecidedAt, clock.GetUtcNow().UtcDateTime)
                .SetProperty(x => x.DecidedBy, actor.DisplayName), ct);
        if (changed == 0) throw new DomainException(new("该申请已处理。", "That application has already been decided."));
        Audit(db, actor, grant, goods.OrganisationId, goods.ShopId, accept ? "campaigns.carry-accepted" : "campaigns.carry-declined",
            "CarryApplication", applicationId, nameof(CarryState.Pending), to.ToString());
        await db.SaveChangesAsync(ct);
    }

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
    private async Task<(long OrganisationId, Grant Grant)> AuthoriseAsync(AppDbContext db, Actor actor, ParticipationRole role, long? shopId, long? accountId,
        string action, CancellationToken ct)
    {
        if (role != ParticipationRole.CreatorCarry)
        {
            var shop = shopId is { } id ? await db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) : null;
            if (shop is null) throw new DomainException(new("请选择报名的店铺。", "Choose the shop that registers."));
            var grant = await access.RequireAsync(actor, Permission.CampaignsRegister, shop.MerchantId, shop.Id, $"{action} shop={shop.Id}", ct);
            return (shop.MerchantId, grant);
        }
        var account = accountId is { } a ? await db.SellingAccounts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == a && x.Kind == SellingAccountKind.CreatorAccount, ct) : null;
        if (account is null) throw new DomainException(new("请选择报名的达人账号。", "Choose the creator account that registers."));
        var creatorGrant = await access.RequireAsync(actor, Permission.CreatorCarry, account.OrganisationId, null, $"{action} account={account.Id}", ct);
        return (account.OrganisationId, creatorGrant);
    }

    private async Task<Grant> AuthoriseRowAsync(Actor actor, CampaignRegistration row, string action, CancellationToken ct) =>
        row.Role == ParticipationRole.CreatorCarry
            ? await access.RequireAsync(actor, Permission.CreatorCarry, row.OrganisationId, null, $"{action} registration={row.Id}", ct)
            : await access.RequireAsync(actor, Permission.CampaignsRegister, row.OrganisationId, row.ShopId, $"{action} registration={row.Id}", ct);

    /// <summary>
    /// The draft and who may work on it: the register right on its shop, or the carry right for a creator's draft.
    /// Shared with <see cref="CampaignQueries"/>, which shows a draft to the same people.
    /// </summary>
    internal static async Task<(RegistrationBatch Batch, Actor Actor, Grant Grant)> RequireBatchAsync(AppDbContext db, AccessService access, string userId,
        long batchId, CancellationToken ct, string action = "campaigns.batch")
    {
        var batch = await db.RegistrationBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct)
                    ?? throw new DomainException(new("找不到该报名草稿。", "That registration draft does not exist."));
        var actor = await access.ResolveAsync(db, userId, ct);
        var grant = await access.RequireAsync(actor, batch.ShopId is null ? Permission.CreatorCarry : Permission.CampaignsRegister, batch.OrganisationId,
            batch.ShopId, $"{action} batch={batchId}", ct);
        return (batch, actor, grant);
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

    private void Audit(AppDbContext db, Actor actor, Grant? grant, long organisationId, long? shopId, string action, string entity, long id, string? before, string? after) =>
        audit.Add(db, new AuditEntry
        {
            ActorUserId = actor.UserId, ActorName = actor.DisplayName, OrganisationId = organisationId, ShopId = shopId, DelegationId = grant?.DelegationId,
            Action = action, EntityType = entity, EntityId = id.ToString(), Before = before, After = after,
        });

    private static DomainException NotFound() => new(new("找不到该报名。", "That registration does not exist."));

    private static DomainException NotEditable(RegistrationState? state) => new(new(
        $"只能修改草稿；该报名状态为“{state?.Name().Zh ?? "不存在"}”，未执行。",
        $"Only drafts can be edited; this registration is {state?.Name().En ?? "gone"}, so nothing was changed."));

    private static DomainException AlreadyApplied() => new(new("您已申请带货该商品，不能重复申请。", "You have already applied to carry this product; you cannot apply twice."));

    private static Bilingual StateChanged() => new("该报名刚被他人处理，请刷新后再试。", "Someone else changed this registration just now; refresh and try again.");
}
