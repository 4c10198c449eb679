using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Shops;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.DemoWorld;

/// <summary>
/// The campaign side of the demo world: a 618 campaign whose registration is open today, two ended campaigns with
/// results, price history (a recent promotion on some cards, so the 30-day lowest price matters), a few open
/// violations, and registrations in every state so the reviewer queue and the goods pool have something to show.
/// </summary>
internal static class DemoCampaigns
{
    public static readonly string[] AllCategories = ["food", "apparel", "fresh", "beauty"];

    public static IReadOnlyList<(ParticipationRole Role, string Zh, string En, long Traffic, decimal Subsidy, EligibilityRule[] Rules)> Plans { get; } =
    [
        (ParticipationRole.SelfBroadcast, "货主自播专场", "Goods owner self-broadcast", 20_000, 5m,
        [
            new(RuleKind.RegistrationWindow), new(RuleKind.ShopScore, Min: 60), new(RuleKind.ProductScore, Min: 50),
            new(RuleKind.PriceBelowLowest, Percent: 5), new(RuleKind.CommittedStock, Min: 10), new(RuleKind.NoOpenViolations),
            new(RuleKind.CategoryAllowed, Categories: AllCategories),
        ]),
        (ParticipationRole.Shelf, "货架商品卡会场", "Shelf product-card venue", 8_000, 3m,
        [
            new(RuleKind.RegistrationWindow), new(RuleKind.ShopScore, Min: 60), new(RuleKind.ProductScore, Min: 55),
            new(RuleKind.PriceBelowLowest, Percent: 3), new(RuleKind.CommittedStock, Min: 20), new(RuleKind.NoOpenViolations),
            new(RuleKind.CategoryAllowed, Categories: ["food", "apparel", "beauty"]),
        ]),
        (ParticipationRole.Distribution, "分销招商货盘", "Distribution goods pool", 12_000, 2m,
        [
            new(RuleKind.RegistrationWindow), new(RuleKind.ShopScore, Min: 65), new(RuleKind.PriceBelowLowest, Percent: 5),
            new(RuleKind.CommittedStock, Min: 20), new(RuleKind.CommissionRange, Min: 10, Max: 50), new(RuleKind.NoOpenViolations),
            new(RuleKind.CategoryAllowed, Categories: AllCategories),
        ]),
        (ParticipationRole.CreatorCarry, "达人带货报名", "Creator carry registration", 30_000, 0m,
        [
            new(RuleKind.RegistrationWindow), new(RuleKind.CreatorScore, Min: 60),
        ]),
    ];

    public static async Task SeedAsync(AppDbContext db, DemoWorldGenerator world, DemoWorldSize size, TimeProvider clock, CancellationToken ct)
    {
        var today = ShanghaiTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var current = await AddCampaignAsync(db, "618-demo", "618 好物节", "618 shopping festival", 5_000_000_000, 200_000_000_00, now,
        [
            (CampaignPhaseKind.Registration, "报名期", "Registration", today.AddDays(-7), today.AddDays(21)),
            (CampaignPhaseKind.Presale, "预售期", "Presale", today.AddDays(22), today.AddDays(35)),
            (CampaignPhaseKind.Official, "正式期", "Official period", today.AddDays(36), today.AddDays(53)),
        ], ct);
        var double11 = await AddCampaignAsync(db, "1111-last", "双11 狂欢季", "Double 11 festival", 3_000_000_000, 120_000_000_00, now.AddDays(-120),
        [
            (CampaignPhaseKind.Registration, "报名期", "Registration", today.AddDays(-75), today.AddDays(-50)),
            (CampaignPhaseKind.Presale, "预售期", "Presale", today.AddDays(-49), today.AddDays(-40)),
            (CampaignPhaseKind.Official, "正式期", "Official period", today.AddDays(-39), today.AddDays(-28)),
        ], ct);
        var summer = await AddCampaignAsync(db, "818-last", "818 新势力", "818 new-force festival", 1_500_000_000, 50_000_000_00, now.AddDays(-200),
        [
            (CampaignPhaseKind.Registration, "报名期", "Registration", today.AddDays(-160), today.AddDays(-140)),
            (CampaignPhaseKind.Custom, "主题日", "Theme days", today.AddDays(-139), today.AddDays(-130)),
        ], ct);

        await AddPriceHistoryAsync(db, world, now, ct);
        AddViolations(db, world, now);
        await db.SaveChangesAsync(ct);
        if (size != DemoWorldSize.Demo) return;

        var plans = await db.ParticipationPlans.AsNoTracking().ToListAsync(ct);
        var stock = world.Stock.ToDictionary(s => s.SkuId);
        var spuCategory = world.Spus.ToDictionary(s => s.Id, s => s.CategoryId);
        var skuSpu = world.Skus.ToDictionary(s => s.Id, s => s.SpuId);
        var registrations = new List<CampaignRegistration>();
        CampaignRegistration Goods(long campaignId, ParticipationRole role, Listing listing, RegistrationState state, DateTime at, int units)
        {
            var shop = world.Shops.First(s => s.Id == listing.ShopId);
            var plan = plans.First(p => p.CampaignId == campaignId && p.Role == role);
            var row = new CampaignRegistration
            {
                CampaignId = campaignId, PlanId = plan.Id, Role = role, OrganisationId = shop.MerchantId, ShopId = shop.Id, ListingId = listing.Id,
                SkuId = listing.SkuId, CategoryId = spuCategory[skuSpu[listing.SkuId]], CampaignPriceFen = LowestPrice30Fen(listing) * 90 / 100, CommittedStock = units,
                CommissionPercent = role == ParticipationRole.Distribution ? 20 + listing.Id % 4 * 5 : null,
                AutoAcceptCreatorScore = role == ParticipationRole.Distribution && listing.Id % 2 == 0 ? 70 : null,
                State = state, CreatedBy = "演示 Demo", CreatedAt = at, UpdatedAt = at,
                SubmittedAt = state >= RegistrationState.Submitted ? at : null,
                DecidedAt = state is RegistrationState.Approved or RegistrationState.Rejected ? at.AddDays(1) : null,
                DecidedBy = state is RegistrationState.Approved or RegistrationState.Rejected ? "平台小二" : null,
                RejectReason = state == RegistrationState.Rejected ? "主图与实物不符，请更换后重新报名。 The main picture does not match the product." : null,
            };
            registrations.Add(row);
            return row;
        }

        // Ended campaigns: the first merchant's approved goods with what they sold.
        var firstMerchant = world.MerchantIds[0];
        var firstShops = world.Shops.Where(s => s.MerchantId == firstMerchant).Select(s => s.Id).ToHashSet();
        var ownCards = world.Listings.Where(l => firstShops.Contains(l.ShopId)).OrderBy(l => l.Id).ToList();
        foreach (var (campaign, offset) in new[] { (double11, 50), (summer, 140) })
            foreach (var (listing, i) in ownCards.Take(24).Select((l, i) => (l, i)))
            {
                var row = Goods(campaign, i % 3 == 0 ? ParticipationRole.Distribution : ParticipationRole.Shelf, listing,
                    i % 8 == 7 ? RegistrationState.Rejected : RegistrationState.Approved, now.AddDays(-offset - 5), 50);
                if (row.State == RegistrationState.Approved)
                    (row.ResultUnits, row.ResultGmvFen) = (30 + (int)(listing.Id % 40), (30 + listing.Id % 40) * row.CampaignPriceFen);
            }

        // The open 618: other merchants' goods waiting for review or approved (distribution ones fill the goods pool).
        var others = world.Listings.Where(l => !firstShops.Contains(l.ShopId) && stock[l.SkuId].SharedAvailable >= 60).OrderBy(l => l.Id).ToList();
        var approved = new List<CampaignRegistration>();
        foreach (var (listing, i) in others.Where((_, i) => i % 7 == 0).Take(60).Select((l, i) => (l, i)))
        {
            var state = (i % 4) switch { 0 => RegistrationState.Submitted, 1 => RegistrationState.UnderReview, _ => RegistrationState.Approved };
            var row = Goods(current, i % 4 == 3 ? ParticipationRole.Shelf : ParticipationRole.Distribution, listing, state, now.AddDays(-3 + i % 3), 30);
            if (state == RegistrationState.Approved) approved.Add(row);
        }
        // The first merchant already has a few in review, so its campaign page is not empty.
        foreach (var (listing, i) in ownCards.Skip(40).Where(l => stock[l.SkuId].SharedAvailable >= 60).Take(3).Select((l, i) => (l, i)))
            Goods(current, ParticipationRole.Shelf, listing, i == 0 ? RegistrationState.UnderReview : RegistrationState.Submitted, now.AddDays(-1), 20);

        // Creators: the demo creator is approved to carry; another creator is waiting.
        var carryPlan = plans.First(p => p.CampaignId == current && p.Role == ParticipationRole.CreatorCarry);
        foreach (var (creator, i) in world.Creators.Take(3).Select((c, i) => (c, i)))
            registrations.Add(new CampaignRegistration
            {
                CampaignId = current, PlanId = carryPlan.Id, Role = ParticipationRole.CreatorCarry, OrganisationId = creator.OrganisationId,
                AccountId = creator.AccountId, State = i == 2 ? RegistrationState.Submitted : RegistrationState.Approved, CreatedBy = "演示 Demo",
                CreatedAt = now.AddDays(-2), UpdatedAt = now.AddDays(-2), SubmittedAt = now.AddDays(-2),
                DecidedAt = i == 2 ? null : now.AddDays(-1), DecidedBy = i == 2 ? null : "平台小二",
            });
        db.CampaignRegistrations.AddRange(registrations);
        await db.SaveChangesAsync(ct);

        // Approval locks stock through the same ledgered lock the service uses.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var row in approved)
            {
                if (!await StockService.TryCampaignLockAsync(db, row.SkuId!.Value, row.ShopId, row.CommittedStock, "平台小二", $"campaign-registration:{row.Id}", now.AddDays(-1), ct))
                    continue;
                await db.CampaignRegistrations.Where(r => r.Id == row.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.LockedStock, row.CommittedStock), ct);
            }
            await transaction.CommitAsync(ct);
        }

        // A second creator applied to carry one of the pool's goods; the goods owner has not answered yet.
        var poolItem = approved.FirstOrDefault(r => r.Role == ParticipationRole.Distribution);
        if (poolItem is not null && world.Creators.Count > 1)
        {
            db.CarryApplications.Add(new CarryApplication
            {
                RegistrationId = poolItem.Id, CampaignId = current, CreatorId = world.Creators[1].OrganisationId, AccountId = world.Creators[1].AccountId,
                State = CarryState.Pending, AppliedAt = now.AddHours(-5),
            });
            await db.SaveChangesAsync(ct);
        }
    }

    private static async Task<long> AddCampaignAsync(AppDbContext db, string code, string zh, string en, long traffic, long subsidyFen, DateTime createdAt,
        (CampaignPhaseKind Kind, string Zh, string En, DateOnly From, DateOnly To)[] phases, CancellationToken ct)
    {
        var campaign = new Campaign { Code = code, NameZh = zh, NameEn = en, TrafficPoolViews = traffic, SubsidyPoolFen = subsidyFen, CreatedAt = createdAt };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        db.CampaignPhases.AddRange(phases.Select(p => new CampaignPhase { CampaignId = campaign.Id, Kind = p.Kind, NameZh = p.Zh, NameEn = p.En, StartsOn = p.From, EndsOn = p.To }));
        db.ParticipationPlans.AddRange(Plans.Select(p => new ParticipationPlan
        {
            CampaignId = campaign.Id, Role = p.Role, NameZh = p.Zh, NameEn = p.En, TrafficPerRegistration = p.Traffic, SubsidyRatePercent = p.Subsidy,
            Rules = EligibilityRule.ToJson(p.Rules),
        }));
        await db.SaveChangesAsync(ct);
        return campaign.Id;
    }

    /// <summary>Every fifth card ran a 12%-off promotion 12 to 6 days ago: its 30-day lowest price is below today's.</summary>
    private static bool RanPromotion(Listing listing) => listing.Id % 5 == 0;

    private static long PromotionPriceFen(Listing listing) => listing.PriceFen * 88 / 100;

    /// <summary>What the price rule measures against, so the seeded registrations ask for a price it allows.</summary>
    private static long LowestPrice30Fen(Listing listing) => RanPromotion(listing) ? PromotionPriceFen(listing) : listing.PriceFen;

    private static async Task AddPriceHistoryAsync(AppDbContext db, DemoWorldGenerator world, DateTime now, CancellationToken ct)
    {
        var changes = new List<ListingPriceChange>();
        foreach (var listing in world.Listings.Where(RanPromotion))
        {
            var promo = PromotionPriceFen(listing);
            changes.Add(new ListingPriceChange { Id = changes.Count + 1, ListingId = listing.Id, OldPriceFen = listing.PriceFen, NewPriceFen = promo, ChangedAt = now.AddDays(-12), ChangedBy = "演示 Demo" });
            changes.Add(new ListingPriceChange { Id = changes.Count + 1, ListingId = listing.Id, OldPriceFen = promo, NewPriceFen = listing.PriceFen, ChangedAt = now.AddDays(-6), ChangedBy = "演示 Demo" });
        }
        await BulkInsert.InsertAsync(db, changes, ct);
    }

    /// <summary>The first merchant's third shop has an open shop-level violation; two cards of its first shop have one each.</summary>
    private static void AddViolations(AppDbContext db, DemoWorldGenerator world, DateTime now)
    {
        var shops = world.Shops.Where(s => s.MerchantId == world.MerchantIds[0]).OrderBy(s => s.Id).ToList();
        if (shops.Count > 2)
            db.Violations.Add(new Violation
            {
                ShopId = shops[2].Id, Code = "late-shipping", OpenedAt = now.AddDays(-4),
                DescriptionZh = "延迟发货率超标，整改中", DescriptionEn = "Late-shipping rate above the limit; being corrected",
            });
        foreach (var listing in world.Listings.Where(l => l.ShopId == shops[0].Id).OrderBy(l => l.Id).Skip(3).Take(2))
            db.Violations.Add(new Violation
            {
                ShopId = listing.ShopId, ListingId = listing.Id, Code = "misleading-claim", OpenedAt = now.AddDays(-2),
                DescriptionZh = "商品描述存在夸大宣传", DescriptionEn = "Exaggerated claims in the description",
            });
        foreach (var listing in world.Listings.Where(l => l.ShopId == shops[0].Id).OrderBy(l => l.Id).Skip(6).Take(1))
            db.Violations.Add(new Violation
            {
                ShopId = listing.ShopId, ListingId = listing.Id, Code = "misleading-claim", OpenedAt = now.AddDays(-40), ClosedAt = now.AddDays(-30),
                DescriptionZh = "已整改：标题含绝对化用语", DescriptionEn = "Corrected: absolute wording in the title",
            });
    }
}
