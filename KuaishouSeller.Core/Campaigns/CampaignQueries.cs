using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Campaigns;

public enum CampaignStatus { Upcoming = 1, RegistrationOpen = 2, Running = 3, Ended = 4 }

public sealed record PhaseView(CampaignPhaseKind Kind, string NameZh, string NameEn, DateOnly StartsOn, DateOnly EndsOn);

public sealed record CampaignCard(long Id, string Code, string NameZh, string NameEn, CampaignStatus Status, IReadOnlyList<PhaseView> Phases,
    long TrafficPoolViews, long SubsidyPoolFen, IReadOnlyDictionary<RegistrationState, int> MyCounts, long MyResultGmvFen, int MyResultUnits)
{
    public PhaseView? Registration => Phases.FirstOrDefault(p => p.Kind == CampaignPhaseKind.Registration);

    /// <summary>Why the current workspace cannot register for this campaign (null when it can, or when registration is not open).</summary>
    public Bilingual? RegisterRefusal { get; init; }
}

public sealed record PlanView(long Id, ParticipationRole Role, string NameZh, string NameEn, long TrafficPerRegistration, decimal SubsidyRatePercent,
    IReadOnlyList<EligibilityRule> Rules, bool ForMe);

public sealed record Choice(long Id, string Name);

public sealed record DraftView(long BatchId, long? PlanId, Bilingual PlanName, string? Where, int Step, int Rows, DateTime UpdatedAt);

/// <summary>The registrant's totals: what is locked, and what approval brings (traffic, and subsidy at most).</summary>
public sealed record RegistrantSummary(int Approved, int Pending, int Drafts, int Rejected, long LockedUnits, long ExpectedTrafficViews, long ExpectedSubsidyFen);

public sealed record CampaignDetail(CampaignCard Campaign, IReadOnlyList<PlanView> Plans, OrganisationKind? WorkspaceKind, IReadOnlyList<Choice> Shops,
    IReadOnlyList<Choice> Accounts, IReadOnlyList<DraftView> Drafts, RegistrantSummary Summary, bool CanRegister, bool IsReviewer, int PendingCarryApplications,
    IReadOnlyDictionary<string, Bilingual> CategoryNames);

public sealed record RegistrationRow(long Id, ParticipationRole Role, Bilingual PlanName, string? ShopName, string? SkuCode, string Title, long CampaignPriceFen,
    int CommittedStock, decimal? CommissionPercent, RegistrationState State, int LockedStock, string? RejectReason, string? Problems,
    long ExpectedTrafficViews, long ExpectedSubsidyFen, DateTime UpdatedAt, long? ResultGmvFen, int? ResultUnits);

public sealed record RegistrationFilter(RegistrationState? State = null, string? Search = null);

public sealed record BatchView(long Id, long CampaignId, Bilingual CampaignName, long? PlanId, ParticipationRole? Role, Bilingual? PlanName,
    IReadOnlyList<EligibilityRule> Rules, long? ShopId, string? ShopName, long? AccountId, string? AccountName, int Step, int Drafts, int WithProblems,
    int Submitted, bool WindowOpen, DateOnly WindowStart, DateOnly WindowEnd);

public sealed record BatchRow(long Id, string SkuCode, string Title, string? ImageUrl, long CurrentPriceFen, long LowestPrice30Fen, long? AllowedPriceFen,
    long CampaignPriceFen, int CommittedStock, int SharedAvailable, decimal? CommissionPercent, decimal? AutoAcceptCreatorScore, RegistrationState State,
    IReadOnlyList<Bilingual> Problems);

/// <summary>
/// How the rows of a batch are listed. While a person edits, rows keep the order they were added in, so a saved edit
/// never moves a row under the cursor (issue 18: an edit "by position" landed on another product after a re-sort);
/// "check all" asks for the rows that failed first.
/// </summary>
public enum BatchRowOrder { AsAdded, ProblemsFirst }

public sealed record GoodsChoice(long ListingId, string SkuCode, string Title, long PriceFen, int SharedAvailable, bool InBatch, bool Registered);

public sealed record ReviewFilter(long? CampaignId = null, RegistrationState? State = null, ParticipationRole? Role = null, string? Search = null);

public sealed record ReviewRow(long Id, Bilingual CampaignName, ParticipationRole Role, string Organisation, string? ShopName, string? SkuCode, string Title,
    long CampaignPriceFen, int CommittedStock, decimal? CommissionPercent, RegistrationState State, DateTime? SubmittedAt, string? DecidedBy, string? RejectReason);

public sealed record PoolFilter(long? CategoryId = null, decimal? MinCommission = null, long? MinPriceFen = null, long? MaxPriceFen = null,
    decimal? MinMerchantScore = null, string? Search = null);

public sealed record PoolRow(long RegistrationId, string Merchant, string ShopName, string Title, string SkuCode, Bilingual Category, long CampaignPriceFen,
    decimal CommissionPercent, int CommittedStock, double? MerchantScore, decimal? AutoAcceptCreatorScore, CarryState? MyApplication);

public sealed record CarryRow(long Id, string Creator, string Account, double? CreatorScore, string Title, string ShopName, CarryState State, bool AutoAccepted,
    DateTime AppliedAt, decimal CommissionPercent);

/// <summary>Reads for the registration centre; every list pages and filters in SQL.</summary>
public sealed class CampaignQueries(IDbContextFactory<AppDbContext> contexts, AccessService access, WorkspaceService workspaces, TimeProvider clock)
{
    public async Task<IReadOnlyList<CampaignCard>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var organisationId = RegistrantId(scope);
        var refusal = scope.RegistrationRefusal();
        var campaigns = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).ToListAsync(ct);
        var phases = (await db.CampaignPhases.AsNoTracking().ToListAsync(ct)).ToLookup(p => p.CampaignId);
        var mine = organisationId is { } org
            ? await db.CampaignRegistrations.AsNoTracking().Where(r => r.OrganisationId == org)
                .GroupBy(r => new { r.CampaignId, r.State })
                .Select(g => new { g.Key.CampaignId, g.Key.State, Count = g.Count(), Gmv = g.Sum(r => r.ResultGmvFen ?? 0), Units = g.Sum(r => r.ResultUnits ?? 0) })
                .ToListAsync(ct)
            : [];
        return campaigns.Select(c =>
        {
            var own = mine.Where(m => m.CampaignId == c.Id).ToList();
            var card = Card(c, phases[c.Id], own.ToDictionary(m => m.State, m => m.Count), own.Sum(m => m.Gmv), own.Sum(m => m.Units));
            return card.Status == CampaignStatus.RegistrationOpen ? card with { RegisterRefusal = refusal } : card;
        }).OrderBy(c => c.Status == CampaignStatus.Ended).ThenByDescending(c => c.Registration?.StartsOn).ToList();
    }

    public async Task<bool> IsReviewerAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        return await AccessService.IsPlatformReviewerAsync(db, actor, ct);
    }

    public async Task<CampaignDetail> DetailAsync(string userId, long campaignId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct)
                       ?? throw new DomainException(new("找不到该活动。", "That campaign does not exist."));
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var organisationId = RegistrantId(scope);
        var phases = await db.CampaignPhases.AsNoTracking().Where(p => p.CampaignId == campaignId).ToListAsync(ct);
        var kind = scope.Workspace?.Kind;
        var plans = (await db.ParticipationPlans.AsNoTracking().Where(p => p.CampaignId == campaignId).OrderBy(p => p.Role).ToListAsync(ct))
            .Select(p => new PlanView(p.Id, p.Role, p.NameZh, p.NameEn, p.TrafficPerRegistration, p.SubsidyRatePercent, EligibilityRule.Parse(p.Rules),
                kind == OrganisationKind.Merchant ? p.ForGoods : kind == OrganisationKind.Creator && !p.ForGoods)).ToList();

        List<Choice> shops = [], accounts = [];
        if (kind == OrganisationKind.Merchant)
        {
            var shopIds = await scope.ShopIdsAsync(db, Permission.CampaignsRegister, ct);
            shops = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).OrderBy(s => s.Id).Select(s => new Choice(s.Id, s.Name)).ToListAsync(ct);
        }
        else if (kind == OrganisationKind.Creator && scope.Actor.Can(Permission.CreatorCarry, scope.Workspace!.OrganisationId, ShopTarget.AllShops))
            accounts = await db.SellingAccounts.AsNoTracking()
                .Where(a => a.OrganisationId == scope.Workspace.OrganisationId && a.Kind == SellingAccountKind.CreatorAccount)
                .OrderBy(a => a.Id).Select(a => new Choice(a.Id, a.Nickname)).ToListAsync(ct);

        var drafts = new List<DraftView>();
        var summary = new RegistrantSummary(0, 0, 0, 0, 0, 0, 0);
        var mine = new Dictionary<RegistrationState, int>();
        long gmv = 0; int units = 0, pendingCarry = 0;
        if (organisationId is { } org)
        {
            var planNames = plans.ToDictionary(p => p.Id, p => (p.NameZh, p.NameEn));
            drafts = (await (from b in db.RegistrationBatches.AsNoTracking()
                             where b.OrganisationId == org && b.CampaignId == campaignId && b.SubmittedAt == null
                             orderby b.UpdatedAt descending
                             select new
                             {
                                 b.Id, b.PlanId, b.Step, b.UpdatedAt,
                                 Shop = db.Shops.Where(s => s.Id == b.ShopId).Select(s => s.Name).FirstOrDefault(),
                                 Account = db.SellingAccounts.Where(a => a.Id == b.AccountId).Select(a => a.Nickname).FirstOrDefault(),
                                 Rows = db.CampaignRegistrations.Count(r => r.BatchId == b.Id && r.State == RegistrationState.Draft),
                             }).Take(20).ToListAsync(ct))
                .Select(b => new DraftView(b.Id, b.PlanId, b.PlanId is { } p && planNames.TryGetValue(p, out var n) ? new Bilingual(n.NameZh, n.NameEn) : new Bilingual("–", "–"),
                    b.Shop ?? b.Account, b.Step, b.Rows, b.UpdatedAt)).ToList();
            var rows = Mine(db, scope, org, campaignId);
            // Summed per state and plan in SQL; traffic and subsidy follow from each plan's terms.
            var terms = plans.ToDictionary(p => p.Id);
            var sums = await rows.GroupBy(r => new { r.State, r.PlanId })
                .Select(g => new
                {
                    g.Key.State, g.Key.PlanId, Count = g.Count(), Locked = g.Sum(r => (long)r.LockedStock),
                    Value = g.Sum(r => r.CampaignPriceFen * r.CommittedStock), Gmv = g.Sum(r => r.ResultGmvFen ?? 0), Units = g.Sum(r => r.ResultUnits ?? 0),
                }).ToListAsync(ct);
            mine = sums.GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Sum(t => t.Count));
            gmv = sums.Sum(t => t.Gmv);
            units = sums.Sum(t => t.Units);
            var approved = sums.Where(t => t.State == RegistrationState.Approved).ToList();
            summary = new RegistrantSummary(mine.GetValueOrDefault(RegistrationState.Approved),
                mine.GetValueOrDefault(RegistrationState.Submitted) + mine.GetValueOrDefault(RegistrationState.UnderReview),
                mine.GetValueOrDefault(RegistrationState.Draft), mine.GetValueOrDefault(RegistrationState.Rejected),
                approved.Sum(t => t.Locked), approved.Sum(t => t.Count * terms[t.PlanId].TrafficPerRegistration),
                (long)approved.Sum(t => ParticipationPlan.Subsidy(t.Value, terms[t.PlanId].SubsidyRatePercent)));
            pendingCarry = await (from a in db.CarryApplications
                                  where a.CampaignId == campaignId && a.State == CarryState.Pending
                                  join r in rows on a.RegistrationId equals r.Id
                                  select a).CountAsync(ct);
        }
        var card = Card(campaign, phases, mine, gmv, units);
        var canRegister = card.Status == CampaignStatus.RegistrationOpen && (shops.Count > 0 || accounts.Count > 0);
        var categoryNames = await db.Categories.AsNoTracking().Where(x => x.ParentId == null)
            .ToDictionaryAsync(x => x.Code, x => new Bilingual(x.NameZh, x.NameEn), StringComparer.OrdinalIgnoreCase, ct);
        return new CampaignDetail(card, plans, kind, shops, accounts, drafts, summary, canRegister,
            await AccessService.IsPlatformReviewerAsync(db, scope.Actor, ct), pendingCarry, categoryNames);
    }

    /// <summary>The registrant's registrations of one campaign (drafts of open batches included), paged.</summary>
    public async Task<PagedResult<RegistrationRow>> RegistrationsAsync(string userId, long campaignId, RegistrationFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (RegistrantId(scope) is not { } org) return new([], 0);
        var rows = Mine(db, scope, org, campaignId);
        if (filter.State is { } state) rows = rows.Where(r => r.State == state);
        var query = from r in rows
                    join p in db.ParticipationPlans on r.PlanId equals p.Id
                    select new
                    {
                        r, p,
                        Shop = db.Shops.Where(s => s.Id == r.ShopId).Select(s => s.Name).FirstOrDefault(),
                        Sku = db.Skus.Where(s => s.Id == r.SkuId).Select(s => s.Code).FirstOrDefault(),
                        Title = r.ListingId != null
                            ? db.Listings.Where(l => l.Id == r.ListingId).Select(l => l.Title).FirstOrDefault()
                            : db.SellingAccounts.Where(a => a.Id == r.AccountId).Select(a => a.Nickname).FirstOrDefault(),
                    };
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            query = query.Where(x => (x.Title != null && x.Title.Contains(term)) || (x.Sku != null && x.Sku.StartsWith(term)));
        }
        var total = await query.CountAsync(ct);
        var list = await query.OrderByDescending(x => x.r.UpdatedAt).ThenByDescending(x => x.r.Id).Skip(page.Offset).Take(page.Take).ToListAsync(ct);
        return new(list.Select(x => new RegistrationRow(x.r.Id, x.r.Role, new Bilingual(x.p.NameZh, x.p.NameEn), x.Shop, x.Sku, x.Title ?? "", x.r.CampaignPriceFen, x.r.CommittedStock,
            x.r.CommissionPercent, x.r.State, x.r.LockedStock, x.r.RejectReason, x.r.Problems, x.p.TrafficPerRegistration,
            (long)ParticipationPlan.Subsidy(x.r.CampaignPriceFen * x.r.CommittedStock, x.p.SubsidyRatePercent), x.r.UpdatedAt, x.r.ResultGmvFen, x.r.ResultUnits)).ToList(), total);
    }

    public async Task<BatchView> BatchAsync(string userId, long batchId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (batch, _) = await CampaignService.RequireBatchAsync(db, access, userId, batchId, ct, "campaigns.batch-view");
        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == batch.CampaignId, ct);
        var plan = batch.PlanId is { } planId ? await db.ParticipationPlans.AsNoTracking().SingleAsync(p => p.Id == planId, ct) : null;
        var counts = await db.CampaignRegistrations.AsNoTracking().Where(r => r.BatchId == batchId)
            .GroupBy(r => 1).Select(g => new
            {
                Drafts = g.Count(r => r.State == RegistrationState.Draft),
                Problems = g.Count(r => r.State == RegistrationState.Draft && r.Problems != null),
                Submitted = g.Count(r => r.State != RegistrationState.Draft),
            }).SingleOrDefaultAsync(ct);
        var (start, end) = await RegistrationChecks.WindowAsync(db, batch.CampaignId, ct);
        var today = ShanghaiTime.Today(clock);
        return new BatchView(batch.Id, batch.CampaignId, new Bilingual(campaign.NameZh, campaign.NameEn), batch.PlanId, plan?.Role, plan is null ? null : new Bilingual(plan.NameZh, plan.NameEn),
            plan is null ? [] : EligibilityRule.Parse(plan.Rules), batch.ShopId,
            await db.Shops.Where(s => s.Id == batch.ShopId).Select(s => s.Name).FirstOrDefaultAsync(ct), batch.AccountId,
            await db.SellingAccounts.Where(a => a.Id == batch.AccountId).Select(a => a.Nickname).FirstOrDefaultAsync(ct),
            batch.Step, counts?.Drafts ?? 0, counts?.Problems ?? 0, counts?.Submitted ?? 0, today >= start && today <= end, start, end);
    }

    /// <summary>The rows of a batch with what the rules compare against: 30-day lowest price, allowed price, pool stock.</summary>
    public async Task<PagedResult<BatchRow>> BatchRowsAsync(string userId, long batchId, bool problemsOnly, BatchRowOrder order, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (batch, _) = await CampaignService.RequireBatchAsync(db, access, userId, batchId, ct, "campaigns.batch-view");
        var discount = batch.PlanId is { } planId
            ? EligibilityRule.PriceDiscount(EligibilityRule.Parse(await db.ParticipationPlans.Where(p => p.Id == planId).Select(p => p.Rules).SingleAsync(ct)))
            : null;
        var rows = db.CampaignRegistrations.AsNoTracking().Where(r => r.BatchId == batchId);
        if (problemsOnly) rows = rows.Where(r => r.State == RegistrationState.Draft && r.Problems != null);
        var total = await rows.CountAsync(ct);
        var joined = from r in rows
                     join l in db.Listings on r.ListingId equals l.Id
                     join sku in db.Skus on r.SkuId equals sku.Id
                     join stock in db.StockItems on r.SkuId equals stock.SkuId
                     select new
                     {
                         r, sku.Code, l.Title, sku.ImageUrl, l.PriceFen,
                         Shared = stock.OnHand - stock.Reserved - stock.CampaignLocked - stock.QuotaAllocated,
                     };
        var ordered = order == BatchRowOrder.ProblemsFirst
            ? joined.OrderBy(x => x.r.State).ThenBy(x => x.r.Problems == null).ThenBy(x => x.r.Id)
            : joined.OrderBy(x => x.r.Id);
        var list = await ordered.Skip(page.Offset).Take(page.Take).ToListAsync(ct);
        var listingIds = list.Select(x => x.r.ListingId!.Value).ToList();
        var prices = await RegistrationChecks.LowestPrices(db, db.Listings.Where(l => listingIds.Contains(l.Id)).Select(l => l.Id), RegistrationChecks.LowestPriceSince(clock))
            .ToDictionaryAsync(p => p.ListingId, ct);
        return new(list.Select(x =>
        {
            var lowest = prices[x.r.ListingId!.Value].LowestFen;
            return new BatchRow(x.r.Id, x.Code, x.Title, x.ImageUrl, x.PriceFen, lowest, discount is { } d ? EligibilityEngine.AllowedPriceFen(d, lowest) : null,
                x.r.CampaignPriceFen, x.r.CommittedStock, x.Shared, x.r.CommissionPercent, x.r.AutoAcceptCreatorScore, x.r.State, ParseProblems(x.r.Problems));
        }).ToList(), total);
    }

    /// <summary>The product cards of the batch's shop to choose from, paged and searchable, marking those already chosen or registered.</summary>
    public async Task<PagedResult<GoodsChoice>> ShopGoodsAsync(string userId, long batchId, string? search, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (batch, _) = await CampaignService.RequireBatchAsync(db, access, userId, batchId, ct, "campaigns.batch-view");
        if (batch.ShopId is not { } shopId) return new([], 0);
        var cards = from l in db.Listings.AsNoTracking()
                    where l.ShopId == shopId
                    join sku in db.Skus on l.SkuId equals sku.Id
                    join stock in db.StockItems on l.SkuId equals stock.SkuId
                    select new { l, sku.Code, Shared = stock.OnHand - stock.Reserved - stock.CampaignLocked - stock.QuotaAllocated };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            cards = cards.Where(c => c.l.Title.Contains(term) || c.Code.StartsWith(term));
        }
        var total = await cards.CountAsync(ct);
        var list = await cards.OrderBy(c => c.l.Id).Skip(page.Offset).Take(page.Take)
            .Select(c => new GoodsChoice(c.l.Id, c.Code, c.l.Title, c.l.PriceFen, c.Shared,
                db.CampaignRegistrations.Any(r => r.BatchId == batchId && r.ListingId == c.l.Id),
                db.CampaignRegistrations.Any(r => r.PlanId == batch.PlanId && r.ListingId == c.l.Id && RegistrationStates.IsLive(r) && r.BatchId != batchId)))
            .WithRules().ToListAsync(ct);
        return new(list, total);
    }

    /// <summary>
    /// One registration checked against every rule of its plan as things stand now (read only): for the registrant
    /// fixing a row, and for the reviewer deciding.
    /// </summary>
    public async Task<RowCheck> CheckRowAsync(string userId, long registrationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.CampaignRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct)
                  ?? throw NotFoundException.Of("报名", "registration");
        var actor = await access.ResolveAsync(db, userId, ct);
        if (!await AccessService.IsPlatformReviewerAsync(db, actor, ct))
            await access.RequireAsync(actor, Permission.CampaignsView, row.OrganisationId,
                row.ShopId is { } shop ? ShopTarget.Shop(shop) : ShopTarget.AllShops, "campaigns.check", ct, NotFoundException.Of("报名", "registration"));
        return (await RegistrationChecks.CheckAsync(db, db.CampaignRegistrations.Where(r => r.Id == registrationId), clock, ct)).Single();
    }

    /// <summary>The platform reviewer's queue over every registrant, oldest submission first, filtered and paged in SQL.</summary>
    public async Task<PagedResult<ReviewRow>> ReviewQueueAsync(string userId, ReviewFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequirePlatformReviewerAsync(db, actor, "campaigns.review-queue", ct);
        var rows = db.CampaignRegistrations.AsNoTracking().Where(r => r.State != RegistrationState.Draft);
        if (filter.CampaignId is { } campaignId) rows = rows.Where(r => r.CampaignId == campaignId);
        rows = filter.State is { } state ? rows.Where(r => r.State == state) : rows.Where(r => r.State == RegistrationState.Submitted || r.State == RegistrationState.UnderReview);
        if (filter.Role is { } role) rows = rows.Where(r => r.Role == role);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            // Organisations and shops are small tables: resolve them first. SKU codes go in as one uncorrelated subquery.
            var organisations = await db.Organisations.Where(o => o.Name.Contains(term)).Select(o => o.Id).ToListAsync(ct);
            var shops = await db.Shops.Where(s => s.Name.Contains(term)).Select(s => (long?)s.Id).ToListAsync(ct);
            var skus = db.Skus.Where(s => s.Code.StartsWith(term)).Select(s => (long?)s.Id);
            rows = rows.Where(r => organisations.Contains(r.OrganisationId) || shops.Contains(r.ShopId) || skus.Contains(r.SkuId));
        }
        var total = await rows.CountAsync(ct);
        // The page's keys first, so the names below are looked up for 50 rows, not for every row an offset skips; the next
        // page seeks past the last (submitted, id) through the (campaign, submitted, id) index.
        var ordered = rows.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id);
        var keys = await (ReviewCursor.Parse(page.After) is { } c
                ? ordered.Where(r => r.SubmittedAt > c.SubmittedAt || (r.SubmittedAt == c.SubmittedAt && r.Id > c.Id))
                : ordered.Skip(page.Offset))
            .Take(page.Take + 1).Select(r => new { r.Id, r.SubmittedAt }).ToListAsync(ct);
        var more = keys.Count > page.Take;
        if (more) keys.RemoveAt(keys.Count - 1);
        var ids = keys.Select(k => k.Id).ToList();
        var list = await db.CampaignRegistrations.AsNoTracking().Where(r => ids.Contains(r.Id)).OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .Select(r => new
            {
                r,
                Campaign = db.Campaigns.Where(c => c.Id == r.CampaignId).Select(c => c.NameZh).First(),
                CampaignEn = db.Campaigns.Where(c => c.Id == r.CampaignId).Select(c => c.NameEn).First(),
                Organisation = db.Organisations.Where(o => o.Id == r.OrganisationId).Select(o => o.Name).First(),
                Shop = db.Shops.Where(s => s.Id == r.ShopId).Select(s => s.Name).FirstOrDefault(),
                Sku = db.Skus.Where(s => s.Id == r.SkuId).Select(s => s.Code).FirstOrDefault(),
                Title = r.ListingId != null
                    ? db.Listings.Where(l => l.Id == r.ListingId).Select(l => l.Title).FirstOrDefault()
                    : db.SellingAccounts.Where(a => a.Id == r.AccountId).Select(a => a.Nickname).FirstOrDefault(),
            }).ToListAsync(ct);
        return new(list.Select(x => new ReviewRow(x.r.Id, new Bilingual(x.Campaign, x.CampaignEn), x.r.Role, x.Organisation, x.Shop, x.Sku, x.Title ?? "", x.r.CampaignPriceFen,
            x.r.CommittedStock, x.r.CommissionPercent, x.r.State, x.r.SubmittedAt, x.r.DecidedBy, x.r.RejectReason)).ToList(), total)
        {
            Next = more && keys[^1].SubmittedAt is { } at ? new ReviewCursor(at, keys[^1].Id).ToString() : null,
        };
    }

    /// <summary>The review queue's keyset position: the last row's submission time and id.</summary>
    private sealed record ReviewCursor(DateTime SubmittedAt, long Id)
    {
        public override string ToString() => $"{SubmittedAt.Ticks}:{Id}";

        public static ReviewCursor? Parse(string? text)
        {
            var parts = text?.Split(':');
            return parts is [var ticks, var id] && long.TryParse(ticks, out var t) && long.TryParse(id, out var i)
                ? new ReviewCursor(new DateTime(t, DateTimeKind.Utc), i) : null;
        }
    }

    /// <summary>The campaign goods pool: approved distribution products, for creators to browse and apply to carry.</summary>
    public async Task<PagedResult<PoolRow>> GoodsPoolAsync(string userId, long campaignId, PoolFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var creatorId = scope.Workspace is { Kind: OrganisationKind.Creator } w ? w.OrganisationId : (long?)null;
        if (creatorId is null && scope.Actor.Grants.All(g => !g.Permissions.Contains(Permission.CampaignsView)))
            throw AccessDeniedException.NotInOrganisation();
        var scoreDay = await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Shop).MaxAsync(s => (DateOnly?)s.Day, ct);
        var pool = from r in db.CampaignRegistrations.AsNoTracking()
                   where r.CampaignId == campaignId && r.Role == ParticipationRole.Distribution && r.State == RegistrationState.Approved
                   join l in db.Listings on r.ListingId equals l.Id
                   join shop in db.Shops on r.ShopId equals shop.Id
                   join merchant in db.Organisations on r.OrganisationId equals merchant.Id
                   join sku in db.Skus on r.SkuId equals sku.Id
                   join category in db.Categories on r.CategoryId equals category.Id
                   select new
                   {
                       r, l.Title, ShopName = shop.Name, Merchant = merchant.Name, sku.Code, category, CategoryName = category.NameZh, CategoryNameEn = category.NameEn,
                       Score = db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Shop && s.SubjectId == shop.Id && s.Day == scoreDay).Select(s => (double?)s.Total).FirstOrDefault(),
                   };
        if (filter.CategoryId is { } categoryId) pool = pool.Where(x => x.category.Id == categoryId || x.category.ParentId == categoryId);
        if (filter.MinCommission is { } minCommission) pool = pool.Where(x => x.r.CommissionPercent >= minCommission);
        if (filter.MinPriceFen is { } minPrice) pool = pool.Where(x => x.r.CampaignPriceFen >= minPrice);
        if (filter.MaxPriceFen is { } maxPrice) pool = pool.Where(x => x.r.CampaignPriceFen <= maxPrice);
        if (filter.MinMerchantScore is { } minScore) pool = pool.Where(x => x.Score >= (double)minScore);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            pool = pool.Where(x => x.Title.Contains(term) || x.Merchant.Contains(term));
        }
        var total = await pool.CountAsync(ct);
        var list = await pool.OrderByDescending(x => x.r.CommissionPercent).ThenBy(x => x.r.Id).Skip(page.Offset).Take(page.Take)
            .Select(x => new PoolRow(x.r.Id, x.Merchant, x.ShopName, x.Title, x.Code, new Bilingual(x.CategoryName, x.CategoryNameEn), x.r.CampaignPriceFen, x.r.CommissionPercent ?? 0,
                x.r.CommittedStock, x.Score, x.r.AutoAcceptCreatorScore,
                db.CarryApplications.Where(a => a.RegistrationId == x.r.Id && a.CreatorId == creatorId).Select(a => (CarryState?)a.State).FirstOrDefault()))
            .ToListAsync(ct);
        return new(list, total);
    }

    /// <summary>Carry applications: for a goods owner those on its products, for a creator its own.</summary>
    public async Task<PagedResult<CarryRow>> CarryApplicationsAsync(string userId, long campaignId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        if (RegistrantId(scope) is not { } org) return new([], 0);
        var applications = scope.Workspace!.Kind == OrganisationKind.Creator
            ? db.CarryApplications.AsNoTracking().Where(a => a.CampaignId == campaignId && a.CreatorId == org)
            : from a in db.CarryApplications.AsNoTracking()
              where a.CampaignId == campaignId
              join r in Mine(db, scope, org, campaignId) on a.RegistrationId equals r.Id
              select a;
        var total = await applications.CountAsync(ct);
        var list = await (from a in applications
                          orderby a.State, a.AppliedAt descending
                          join r in db.CampaignRegistrations on a.RegistrationId equals r.Id
                          join l in db.Listings on r.ListingId equals l.Id
                          join shop in db.Shops on r.ShopId equals shop.Id
                          join creator in db.Organisations on a.CreatorId equals creator.Id
                          join account in db.SellingAccounts on a.AccountId equals account.Id
                          select new CarryRow(a.Id, creator.Name, account.Nickname, a.CreatorScore, l.Title, shop.Name, a.State, a.AutoAccepted, a.AppliedAt,
                              r.CommissionPercent ?? 0))
            .Skip(page.Offset).Take(page.Take).ToListAsync(ct);
        return new(list, total);
    }

    // ---- helpers ----

    /// <summary>The registrant of the current workspace: a merchant with campaign rights or a creator; null otherwise.</summary>
    private static long? RegistrantId(Scope scope) => scope.Workspace switch
    {
        { Kind: OrganisationKind.Merchant or OrganisationKind.Creator } w when scope.Actor.CanInSomeShop(Permission.CampaignsView, w.OrganisationId) => w.OrganisationId,
        _ => null,
    };

    /// <summary>A merchant's rows on the shops the user may see campaigns of (a shop-scoped staff member sees only their shops).</summary>
    private static IQueryable<CampaignRegistration> Mine(AppDbContext db, Scope scope, long organisationId, long campaignId)
    {
        var rows = db.CampaignRegistrations.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.CampaignId == campaignId);
        if (scope.Workspace is { Kind: OrganisationKind.Merchant } w)
        {
            var shops = scope.Actor.ShopsWith(Permission.CampaignsView, organisationId);
            if (w.ShopId is { } only) rows = rows.Where(r => r.ShopId == only);
            if (shops is not null) rows = rows.Where(r => r.ShopId != null && shops.Contains(r.ShopId.Value));
        }
        return rows;
    }

    private CampaignCard Card(Campaign c, IEnumerable<CampaignPhase> phases, IReadOnlyDictionary<RegistrationState, int> mine, long gmv, int units)
    {
        var list = phases.OrderBy(p => p.StartsOn).Select(p => new PhaseView(p.Kind, p.NameZh, p.NameEn, p.StartsOn, p.EndsOn)).ToList();
        return new CampaignCard(c.Id, c.Code, c.NameZh, c.NameEn, StatusOf(list), list, c.TrafficPoolViews, c.SubsidyPoolFen, mine, gmv, units);
    }

    private CampaignStatus StatusOf(IReadOnlyList<PhaseView> phases)
    {
        var today = ShanghaiTime.Today(clock);
        var registration = phases.FirstOrDefault(p => p.Kind == CampaignPhaseKind.Registration);
        if (phases.Count == 0 || today > phases.Max(p => p.EndsOn)) return CampaignStatus.Ended;
        if (registration is not null && today < registration.StartsOn) return CampaignStatus.Upcoming;
        if (registration is not null && today <= registration.EndsOn) return CampaignStatus.RegistrationOpen;
        return CampaignStatus.Running;
    }

    public static IReadOnlyList<Bilingual> ParseProblems(string? problems) =>
        string.IsNullOrEmpty(problems) ? [] : problems.Split('\n').Select(line =>
        {
            var parts = line.Split('|', 2);
            return new Bilingual(parts[0], parts.Length > 1 ? parts[1] : parts[0]);
        }).ToList();
}
