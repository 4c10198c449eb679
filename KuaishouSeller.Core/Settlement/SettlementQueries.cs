using KuaishouSeller.Core.AfterSales;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Settlement;

/// <summary>
/// 商品卡免佣: during the promotion period, shelf (product-card) orders of shops whose score tier grants commission-free
/// cards carry no commission. The demo promotion runs from the first day of last month to the last day of next month.
/// </summary>
public static class CommissionFreeCards
{
    public static (DateOnly From, DateOnly To) Period(TimeProvider clock)
    {
        var today = ShanghaiTime.Today(clock);
        var month = new DateOnly(today.Year, today.Month, 1);
        return (month.AddMonths(-1), month.AddMonths(2).AddDays(-1));
    }
}

/// <summary>
/// One field of one shop: GMV and commission as charged on the orders paid in the period, what the waiver saved, and the
/// refunds that went back to buyers in the period with the commission they give back (none for commission already waived).
/// </summary>
public sealed record SettlementField(SalesChannel Channel, long GmvFen, long CommissionFen, long WaivedFen, long RefundedFen = 0, long CommissionReversedFen = 0)
{
    public long DueFen => CommissionFen - WaivedFen - CommissionReversedFen;
}

public sealed record SettlementShop(long ShopId, string ShopName, string? Tier, bool WaiverApplies, IReadOnlyList<SettlementField> Fields)
{
    public long GmvFen => Fields.Sum(f => f.GmvFen);
    public long CommissionFen => Fields.Sum(f => f.CommissionFen);
    public long WaivedFen => Fields.Sum(f => f.WaivedFen);
    public long RefundedFen => Fields.Sum(f => f.RefundedFen);
    public long CommissionReversedFen => Fields.Sum(f => f.CommissionReversedFen);
    public long DueFen => Fields.Sum(f => f.DueFen);
}

public sealed record SettlementView(DateOnly From, DateOnly To, DateOnly PromotionFrom, DateOnly PromotionTo, IReadOnlyList<SettlementShop> Shops)
{
    public long CommissionFen => Shops.Sum(s => s.CommissionFen);
    public long WaivedFen => Shops.Sum(s => s.WaivedFen);
    public long RefundedFen => Shops.Sum(s => s.RefundedFen);
    public long CommissionReversedFen => Shops.Sum(s => s.CommissionReversedFen);
    public long DueFen => Shops.Sum(s => s.DueFen);
}

/// <summary>Commission per shop and field over a period, and what the commission-free product cards saved; read from the rollups.</summary>
public sealed class SettlementQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock)
{
    public async Task<SettlementView> GetAsync(string userId, int days = 30, CancellationToken ct = default)
    {
        var (from, to) = ReportingPeriod.LastDays(clock, days);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var shopIds = await scope.ShopIdsAsync(db, Permission.FinanceView, ct);
        var (promoFrom, promoTo) = CommissionFreeCards.Period(clock);

        var rows = await db.DailySales.AsNoTracking().Where(r => shopIds.Contains(r.ShopId) && r.Day >= from && r.Day <= to)
            .GroupBy(r => new { r.ShopId, r.Channel, InPromotion = r.Day >= promoFrom && r.Day <= promoTo })
            .Select(g => new { g.Key.ShopId, g.Key.Channel, g.Key.InPromotion, Gmv = g.Sum(r => r.GmvFen), Commission = g.Sum(r => r.CommissionFen) })
            .ToListAsync(ct);
        // Refunds by the day the money went back (before the after-sales desk: the day the request was resolved), with the
        // order's field and whether the order was paid inside the promotion (its commission then may have been waived).
        var (fromUtc, toUtc) = (ShanghaiTime.StartOfDayUtc(from), ShanghaiTime.StartOfDayUtc(to.AddDays(1)));
        var (promoFromUtc, promoToUtc) = (ShanghaiTime.StartOfDayUtc(promoFrom), ShanghaiTime.StartOfDayUtc(promoTo.AddDays(1)));
        var refunds = await (from r in db.Refunds.AsNoTracking()
                             where shopIds.Contains(r.ShopId) && r.Status == RefundStatus.Approved
                             let at = r.CompletedAt ?? r.ResolvedAt
                             where at >= fromUtc && at < toUtc
                             join o in db.Orders on r.OrderId equals o.Id
                             group new { r.AmountFen, Reversed = AfterSaleRules.CommissionReversedFen(o.CommissionFen, o.AmountFen, r.AmountFen) }
                                 by new { r.ShopId, o.Channel, InPromotion = o.PaidAt >= promoFromUtc && o.PaidAt < promoToUtc } into g
                             select new { g.Key.ShopId, g.Key.Channel, g.Key.InPromotion, Refunded = g.Sum(x => x.AmountFen), Reversed = g.Sum(x => x.Reversed) })
            .WithRules().ToListAsync(ct);
        var shops = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        // The entitlement comes from each shop's latest experience score.
        var tiers = await db.ScoreSnapshots.AsNoTracking().Where(s => s.Subject == ScoreSubject.Shop && shopIds.Contains(s.SubjectId))
            .GroupBy(s => s.SubjectId).Select(g => g.OrderByDescending(s => s.Day).Select(s => new { s.SubjectId, s.Tier, s.RulebookId }).First()).ToListAsync(ct);
        var rulebookIds = tiers.Select(t => t.RulebookId).Distinct().ToList();
        var books = (await db.Rulebooks.AsNoTracking().Where(r => rulebookIds.Contains(r.Id)).ToListAsync(ct))
            .ToDictionary(r => r.Id, r => RulebookDefinition.Parse(r.Definition));

        return new SettlementView(from, to, promoFrom, promoTo, shops.Select(shop =>
        {
            var tier = tiers.FirstOrDefault(t => t.SubjectId == shop.Id);
            var waiver = tier is not null && books[tier.RulebookId].Tiers.FirstOrDefault(t => t.Code == tier.Tier)?.CommissionFreeCards == true;
            var fields = Enum.GetValues<SalesChannel>().Select(channel =>
            {
                var of = rows.Where(r => r.ShopId == shop.Id && r.Channel == channel).ToList();
                var waived = waiver && channel == SalesChannel.Shelf ? of.Where(r => r.InPromotion).Sum(r => r.Commission) : 0;
                var back = refunds.Where(r => r.ShopId == shop.Id && r.Channel == channel).ToList();
                var reversed = back.Where(r => !(waiver && channel == SalesChannel.Shelf && r.InPromotion)).Sum(r => r.Reversed);
                return new SettlementField(channel, of.Sum(r => r.Gmv), of.Sum(r => r.Commission), waived, back.Sum(r => r.Refunded), reversed);
            }).ToList();
            return new SettlementShop(shop.Id, shop.Name, tier?.Tier, waiver, fields);
        }).ToList());
    }
}
