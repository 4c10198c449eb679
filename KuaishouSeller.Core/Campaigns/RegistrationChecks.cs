using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Campaigns;

/// <summary>A registration row with every rule's outcome.</summary>
public sealed record RowCheck(long RegistrationId, IReadOnlyList<RuleResult> Rules)
{
    public bool Passed => Rules.All(r => r.Passed);
    public IEnumerable<RuleResult> Failed => Rules.Where(r => !r.Passed);
}

/// <summary>
/// Gathers the facts of many registration rows in a fixed number of set-based queries (scores, 30-day lowest price,
/// pool stock net of other pending registrations, violations, category) and evaluates the plan's rules on each.
/// </summary>
internal static class RegistrationChecks
{
    public const int LowestPriceDays = 30;

    public sealed record Row(long Id, long CampaignId, long PlanId, long OrganisationId, long? ShopId, long? ListingId, long? SkuId,
        long CampaignPriceFen, int CommittedStock, decimal? CommissionPercent);

    public static async Task<List<RowCheck>> CheckAsync(AppDbContext db, IQueryable<CampaignRegistration> rows, TimeProvider clock, CancellationToken ct)
    {
        var list = await rows.AsNoTracking().Select(r => new Row(r.Id, r.CampaignId, r.PlanId, r.OrganisationId, r.ShopId, r.ListingId, r.SkuId,
            r.CampaignPriceFen, r.CommittedStock, r.CommissionPercent)).ToListAsync(ct);
        if (list.Count == 0) return [];
        var facts = await FactsAsync(db, rows, list, clock, ct);
        var plans = await PlansAsync(db, list.Select(r => r.PlanId).Distinct().ToList(), ct);
        return list.Select(r => new RowCheck(r.Id, EligibilityEngine.Evaluate(plans[r.PlanId], facts[r.Id]))).ToList();
    }

    public static async Task<Dictionary<long, IReadOnlyList<EligibilityRule>>> PlansAsync(AppDbContext db, List<long> planIds, CancellationToken ct) =>
        (await db.ParticipationPlans.AsNoTracking().Where(p => planIds.Contains(p.Id)).Select(p => new { p.Id, p.Rules }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => EligibilityRule.Parse(p.Rules));

    public static async Task<(DateOnly Start, DateOnly End)> WindowAsync(AppDbContext db, long campaignId, CancellationToken ct)
    {
        var phase = await db.CampaignPhases.AsNoTracking().Where(p => p.CampaignId == campaignId && p.Kind == CampaignPhaseKind.Registration)
            .Select(p => new { p.StartsOn, p.EndsOn }).FirstOrDefaultAsync(ct);
        return phase is null ? (DateOnly.MaxValue, DateOnly.MinValue) : (phase.StartsOn, phase.EndsOn);
    }

    /// <summary>Prices in force in the window: the current price plus the old and new price of every change inside it.</summary>
    public static IQueryable<LowestPrice> LowestPrices(AppDbContext db, IQueryable<long> listingIds, DateTime sinceUtc) =>
        from l in db.Listings
        where listingIds.Contains(l.Id)
        select new LowestPrice(l.Id, l.PriceFen, db.ListingPriceChanges
            .Where(c => c.ListingId == l.Id && c.ChangedAt >= sinceUtc)
            .Min(c => (long?)(c.OldPriceFen < c.NewPriceFen ? c.OldPriceFen : c.NewPriceFen)));

    public static DateTime LowestPriceSince(TimeProvider clock) => ShanghaiTime.StartOfDayUtc(ShanghaiTime.Today(clock).AddDays(-LowestPriceDays));

    private static async Task<Dictionary<long, RegistrationFacts>> FactsAsync(AppDbContext db, IQueryable<CampaignRegistration> rows, List<Row> list,
        TimeProvider clock, CancellationToken ct)
    {
        var today = ShanghaiTime.Today(clock);
        var windows = new Dictionary<long, (DateOnly, DateOnly)>();
        foreach (var campaignId in list.Select(r => r.CampaignId).Distinct())
            windows[campaignId] = await WindowAsync(db, campaignId, ct);

        var listingIds = rows.Where(r => r.ListingId != null).Select(r => r.ListingId!.Value);
        var prices = await LowestPrices(db, listingIds, LowestPriceSince(clock)).ToDictionaryAsync(p => p.ListingId, ct);

        // What the pool can still promise: shared available less what other submitted registrations of the SKU ask for.
        var skuIds = rows.Where(r => r.SkuId != null).Select(r => r.SkuId!.Value);
        var available = await db.StockItems.AsNoTracking().Where(s => skuIds.Contains(s.SkuId))
            .Select(s => new { s.SkuId, Shared = s.OnHand - s.Reserved - s.CampaignLocked - s.QuotaAllocated })
            .ToDictionaryAsync(s => s.SkuId, s => s.Shared, ct);
        var pending = await db.CampaignRegistrations.AsNoTracking()
            .Where(o => (o.State == RegistrationState.Submitted || o.State == RegistrationState.UnderReview) && skuIds.Contains(o.SkuId!.Value))
            .GroupBy(o => o.SkuId!.Value).Select(g => new { g.Key, Units = g.Sum(o => o.CommittedStock) })
            .ToDictionaryAsync(g => g.Key, g => g.Units, ct);

        var shopIds = rows.Where(r => r.ShopId != null).Select(r => r.ShopId!.Value);
        var shopViolations = await db.Violations.AsNoTracking().Where(v => v.ClosedAt == null && v.ListingId == null && shopIds.Contains(v.ShopId))
            .GroupBy(v => v.ShopId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var listingViolations = await db.Violations.AsNoTracking().Where(v => v.ClosedAt == null && v.ListingId != null && listingIds.Contains(v.ListingId!.Value))
            .GroupBy(v => v.ListingId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var skuCategory = await (from sku in db.Skus.AsNoTracking()
                                 where skuIds.Contains(sku.Id)
                                 join spu in db.Spus on sku.SpuId equals spu.Id
                                 select new { sku.Id, spu.CategoryId }).ToDictionaryAsync(s => s.Id, s => s.CategoryId, ct);

        var shopScores = await LatestScoresAsync(db, ScoreSubject.Shop, shopIds, ct);
        var productScores = await LatestScoresAsync(db, ScoreSubject.Product, listingIds, ct);
        var organisationIds = rows.Select(r => r.OrganisationId);
        var creatorScores = await LatestScoresAsync(db, ScoreSubject.Creator, organisationIds, ct);

        var categoryNames = categories.Values.GroupBy(c => c.Code, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => new Bilingual(g.First().NameZh, g.First().NameEn), StringComparer.OrdinalIgnoreCase);
        var facts = new Dictionary<long, RegistrationFacts>();
        foreach (var r in list)
        {
            var (start, end) = windows[r.CampaignId];
            Category? top = null;
            if (r.SkuId is { } skuId && skuCategory.TryGetValue(skuId, out var categoryId) && categories.TryGetValue(categoryId, out var leaf))
                top = leaf.ParentId is { } parent && categories.TryGetValue(parent, out var p) ? p : leaf;
            var free = r.SkuId is { } sku ? available.GetValueOrDefault(sku) - pending.GetValueOrDefault(sku) : 0;
            long? lowest = r.ListingId is { } listingId && prices.TryGetValue(listingId, out var price) ? price.LowestFen : null;
            var violations = (r.ShopId is { } shop ? shopViolations.GetValueOrDefault(shop) : 0)
                             + (r.ListingId is { } listing ? listingViolations.GetValueOrDefault(listing) : 0);
            facts[r.Id] = new RegistrationFacts(today, start, end,
                ShopScore: r.ShopId is { } s1 ? shopScores.GetValueOrDefault(s1) : null,
                ProductScore: r.ListingId is { } l1 ? productScores.GetValueOrDefault(l1) : null,
                CreatorScore: creatorScores.GetValueOrDefault(r.OrganisationId),
                CampaignPriceFen: r.CampaignPriceFen, LowestPrice30Fen: lowest,
                CommittedStock: r.CommittedStock, AvailableStock: Math.Max(0, free),
                OpenViolations: violations, TopCategoryCode: top?.Code, TopCategoryName: top is null ? null : new Bilingual(top.NameZh, top.NameEn),
                CommissionPercent: r.CommissionPercent) { CategoryNames = categoryNames };
        }
        return facts;
    }

    /// <summary>The newest score of each subject (the nightly run writes one day for every subject at once).</summary>
    public static async Task<Dictionary<long, double?>> LatestScoresAsync(AppDbContext db, ScoreSubject subject, IQueryable<long> ids, CancellationToken ct)
    {
        var day = await db.ScoreSnapshots.Where(s => s.Subject == subject).MaxAsync(s => (DateOnly?)s.Day, ct);
        if (day is null) return [];
        return await db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == subject && s.Day == day && ids.Contains(s.SubjectId))
            .ToDictionaryAsync(s => s.SubjectId, s => (double?)s.Total, ct);
    }
}

public sealed record LowestPrice(long ListingId, long CurrentFen, long? LowestChangeFen)
{
    public long LowestFen => Math.Min(CurrentFen, LowestChangeFen ?? long.MaxValue);
}
