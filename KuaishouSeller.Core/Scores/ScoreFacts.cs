using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Scores;

/// <summary>
/// Counts the facts behind every indicator over a window, set-based: one grouped aggregate per fact table, grouped by
/// the subject (shop, listing or creator). Impossible facts (see <see cref="DataQuality"/>) are never counted.
/// </summary>
public static class ScoreFacts
{
    public static async Task<Dictionary<long, Dictionary<string, Measure>>> CollectAsync(AppDbContext db, ScoreSubject subject,
        DateTime fromUtc, DateTime toUtc, IReadOnlyCollection<long>? shopIds, CancellationToken ct)
    {
        var orders = DataQuality.CountableOrders(db).Where(o => o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled);
        if (shopIds is not null) orders = orders.Where(o => shopIds.Contains(o.ShopId));
        if (subject == ScoreSubject.Creator) orders = orders.Where(o => o.CreatorId != null);
        // The subject each order counts for; the rest of the queries group by it.
        var keyed = subject switch
        {
            ScoreSubject.Shop => orders.Select(o => new KeyedOrder { Id = o.Id, Key = o.ShopId, PaidAt = o.PaidAt, ShippedAt = o.ShippedAt, PickedUpAt = o.PickedUpAt, DeliveredAt = o.DeliveredAt }),
            ScoreSubject.Product => orders.Select(o => new KeyedOrder { Id = o.Id, Key = o.ListingId, PaidAt = o.PaidAt, ShippedAt = o.ShippedAt, PickedUpAt = o.PickedUpAt, DeliveredAt = o.DeliveredAt }),
            _ => orders.Select(o => new KeyedOrder { Id = o.Id, Key = o.CreatorId!.Value, PaidAt = o.PaidAt, ShippedAt = o.ShippedAt, PickedUpAt = o.PickedUpAt, DeliveredAt = o.DeliveredAt }),
        };
        var result = new Dictionary<long, Dictionary<string, Measure>>();
        void Put(long id, string code, long numerator, long denominator)
        {
            if (!result.TryGetValue(id, out var measures)) result[id] = measures = [];
            measures[code] = new Measure(numerator, denominator);
        }

        var byOrder = await keyed.GroupBy(o => o.Key).Select(g => new
        {
            Id = g.Key,
            Paid = g.Count(),
            Shipped = g.Count(o => o.ShippedAt != null),
            PickedUp48h = g.Count(o => o.PickedUpAt != null && o.PickedUpAt <= o.PaidAt.AddHours(IndicatorCatalog.PickupHours)),
            Delivered5d = g.Count(o => o.DeliveredAt != null && o.DeliveredAt <= o.PaidAt.AddDays(IndicatorCatalog.DeliveryDays)),
        }).ToListAsync(ct);

        var refunds = await (from r in DataQuality.CountableRefunds(db)
                             join o in keyed on r.OrderId equals o.Id
                             select new { o, r })
            .GroupBy(x => x.o.Key)
            .Select(g => new
            {
                Id = g.Key,
                Refunds = g.Count(),
                Quality = g.Count(x => Refund.IsQualityReason(x.r.Reason)),
                Handled3d = g.Count(x => Refund.IsHandledInTime(x.r.RequestedAt, x.r.ResolvedAt)),
            }).WithRules().ToDictionaryAsync(x => x.Id, ct);

        var reviews = await (from v in db.Reviews
                             join o in keyed on v.OrderId equals o.Id
                             select new { o, v })
            .GroupBy(x => x.o.Key)
            .Select(g => new { Id = g.Key, Count = g.Count(), Negative = g.Count(x => x.v.Rating <= IndicatorCatalog.NegativeMaxRating), Good = g.Count(x => x.v.Rating >= IndicatorCatalog.GoodMinRating) })
            .ToDictionaryAsync(x => x.Id, ct);

        var complaints = await (from c in db.Complaints
                                where c.Upheld
                                join o in keyed on c.OrderId equals o.Id
                                select new { o, c })
            .GroupBy(x => x.o.Key)
            .Select(g => new
            {
                Id = g.Key,
                Product = g.Count(x => x.c.Kind == ComplaintKind.ProductQuality || x.c.Kind == ComplaintKind.FalseAdvertising),
                Logistics = g.Count(x => x.c.Kind == ComplaintKind.Logistics),
                Service = g.Count(x => x.c.Kind == ComplaintKind.Service),
            }).ToDictionaryAsync(x => x.Id, ct);

        var chats = new Dictionary<long, (int Count, int Fast)>();
        if (subject == ScoreSubject.Shop)
        {
            var sessions = db.ChatSessions.Where(c => c.StartedAt >= fromUtc && c.StartedAt < toUtc);
            if (shopIds is not null) sessions = sessions.Where(c => shopIds.Contains(c.ShopId));
            chats = (await sessions.GroupBy(c => c.ShopId)
                    .Select(g => new { Id = g.Key, Count = g.Count(), Fast = g.Count(c => c.FirstResponseSeconds != null && c.FirstResponseSeconds <= IndicatorCatalog.ChatReplySeconds) })
                    .ToListAsync(ct))
                .ToDictionary(x => x.Id, x => (x.Count, x.Fast));
        }

        foreach (var o in byOrder)
        {
            var r = refunds.GetValueOrDefault(o.Id);
            var v = reviews.GetValueOrDefault(o.Id);
            var c = complaints.GetValueOrDefault(o.Id);
            Put(o.Id, IndicatorCatalog.QualityRefundRate, r?.Quality ?? 0, o.Paid);
            Put(o.Id, IndicatorCatalog.RefundRate, r?.Refunds ?? 0, o.Paid);
            Put(o.Id, IndicatorCatalog.Refund3dResolveRate, r?.Handled3d ?? 0, r?.Refunds ?? 0);
            Put(o.Id, IndicatorCatalog.NegativeReviewRate, v?.Negative ?? 0, v?.Count ?? 0);
            Put(o.Id, IndicatorCatalog.GoodReviewRate, v?.Good ?? 0, v?.Count ?? 0);
            Put(o.Id, IndicatorCatalog.ProductComplaintRate, c?.Product ?? 0, o.Paid);
            Put(o.Id, IndicatorCatalog.LogisticsComplaintRate, c?.Logistics ?? 0, o.Paid);
            Put(o.Id, IndicatorCatalog.ServiceComplaintRate, c?.Service ?? 0, o.Paid);
            Put(o.Id, IndicatorCatalog.Pickup48hRate, o.PickedUp48h, o.Shipped);
            Put(o.Id, IndicatorCatalog.Delivery5dRate, o.Delivered5d, o.Shipped);
        }
        foreach (var (shop, chat) in chats)
            Put(shop, IndicatorCatalog.ChatReply3minRate, chat.Fast, chat.Count);
        return result;
    }
}

/// <summary>An order reduced to what the indicators read, with the subject it counts for.</summary>
internal sealed class KeyedOrder
{
    public long Id { get; init; }
    public long Key { get; init; }
    public DateTime PaidAt { get; init; }
    public DateTime? ShippedAt { get; init; }
    public DateTime? PickedUpAt { get; init; }
    public DateTime? DeliveredAt { get; init; }
}
