using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Scores;

public sealed record DataQualityIssue(string Kind, string Reference, long OrderId, long ShopId, string ShopName, DateTime At, Bilingual Problem);

/// <summary>
/// Facts that cannot be true (delivered before shipped, shipped before paid, negative amounts, a refund larger than
/// its order). They are listed for the merchant and never counted in a score.
/// </summary>
public static class DataQuality
{
    public static IQueryable<Order> CountableOrders(AppDbContext db) => db.Orders.Where(o =>
        o.AmountFen >= 0 &&
        (o.ShippedAt == null || o.ShippedAt >= o.PaidAt) &&
        (o.DeliveredAt == null || (o.ShippedAt != null && o.DeliveredAt >= o.ShippedAt)));

    public static IQueryable<Refund> CountableRefunds(AppDbContext db) => db.Refunds.Where(r =>
        r.AmountFen >= 0 && db.Orders.Any(o => o.Id == r.OrderId && r.AmountFen <= o.AmountFen));

    /// <summary>The impossible facts of the given shops, newest first.</summary>
    public static async Task<PagedResult<DataQualityIssue>> ListAsync(AppDbContext db, IReadOnlyCollection<long> shopIds, PageRequest page, CancellationToken ct)
    {
        var orders = from o in db.Orders.AsNoTracking()
                     where shopIds.Contains(o.ShopId)
                     where o.AmountFen < 0 || (o.ShippedAt != null && o.ShippedAt < o.PaidAt) ||
                           (o.DeliveredAt != null && (o.ShippedAt == null || o.DeliveredAt < o.ShippedAt))
                     join s in db.Shops on o.ShopId equals s.Id
                     select new { Kind = "order", Ref = o.OrderNo, OrderId = o.Id, o.ShopId, Shop = s.Name, At = o.PaidAt, o.AmountFen, o.ShippedAt, o.DeliveredAt, Refund = 0L };
        var refunds = from r in db.Refunds.AsNoTracking()
                      where shopIds.Contains(r.ShopId)
                      join o in db.Orders on r.OrderId equals o.Id
                      where r.AmountFen < 0 || r.AmountFen > o.AmountFen
                      join s in db.Shops on r.ShopId equals s.Id
                      select new { Kind = "refund", Ref = o.OrderNo, OrderId = o.Id, r.ShopId, Shop = s.Name, At = r.RequestedAt, o.AmountFen, o.ShippedAt, o.DeliveredAt, Refund = r.AmountFen };
        var all = orders.Concat(refunds);
        var total = await all.CountAsync(ct);
        var rows = await all.OrderByDescending(x => x.At).Skip(page.Offset).Take(page.Take).ToListAsync(ct);
        return new PagedResult<DataQualityIssue>(rows.Select(x => new DataQualityIssue(x.Kind, x.Ref, x.OrderId, x.ShopId, x.Shop, x.At, Explain(x.Kind, x.AmountFen, x.ShippedAt, x.DeliveredAt, x.Refund, x.At))).ToList(), total);
    }

    private static Bilingual Explain(string kind, long amount, DateTime? shipped, DateTime? delivered, long refund, DateTime at)
    {
        if (kind == "refund")
            return refund < 0
                ? new($"退款金额为负（{Money.Format(refund)}）", $"Negative refund amount ({Money.Format(refund)})")
                : new($"退款 {Money.Format(refund)} 大于订单金额 {Money.Format(amount)}", $"Refund {Money.Format(refund)} exceeds the order amount {Money.Format(amount)}");
        if (amount < 0) return new($"订单金额为负（{Money.Format(amount)}）", $"Negative order amount ({Money.Format(amount)})");
        if (shipped is { } s && s < at) return new("发货时间早于支付时间", "Shipped before it was paid");
        if (delivered is not null && shipped is null) return new("没有发货记录却已签收", "Delivered without a shipment");
        return new("签收时间早于发货时间", "Delivered before it was shipped");
    }
}
