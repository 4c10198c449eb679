using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Scores;

/// <summary>
/// Counts the facts behind every indicator over a window, set-based and in one pass for every subject: one grouped
/// aggregate per fact table by (shop, listing, creator), summed in memory into shops, listings and creators.
/// Impossible facts (see <see cref="DataQuality"/>) are never counted; time-bound facts follow <see cref="DueRules"/>
/// and only what was known before <c>asOf</c> counts, so a past day's score comes out the same whenever it is computed.
/// </summary>
public static class ScoreFacts
{
    public static async Task<FactCells> CollectAsync(AppDbContext db, DateTime fromUtc, DateTime toUtc, DateTime asOfUtc, CancellationToken ct)
    {
        var orders = DataQuality.CountableOrders(db).Where(o => o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled);

        var byOrder = await orders.GroupBy(o => new { o.ShopId, o.ListingId, o.CreatorId }).Select(g => new
        {
            g.Key,
            Paid = g.Count(),
            PickupAssessed = g.Count(o => DueRules.IsAssessed(o.PickedUpAt, o.PickupDueAt, asOfUtc)),
            PickupOnTime = g.Count(o => DueRules.IsOnTime(o.PickedUpAt, o.PickupDueAt, asOfUtc)),
            DeliveryAssessed = g.Count(o => DueRules.IsAssessed(o.DeliveredAt, o.DeliveryDueAt, asOfUtc)),
            DeliveryOnTime = g.Count(o => DueRules.IsOnTime(o.DeliveredAt, o.DeliveryDueAt, asOfUtc)),
        }).WithRules().ToListAsync(ct);

        var refunds = await (from r in DataQuality.CountableRefunds(db)
                             where r.RequestedAt < asOfUtc
                             join o in orders on r.OrderId equals o.Id
                             select new { o.ShopId, o.ListingId, o.CreatorId, r })
            .GroupBy(x => new { x.ShopId, x.ListingId, x.CreatorId })
            .Select(g => new
            {
                g.Key,
                Refunds = g.Count(),
                Quality = g.Count(x => Refund.IsQualityReason(x.r.Reason)),
                Assessed = g.Count(x => DueRules.IsAssessed(x.r.ResolvedAt, x.r.HandlingDueAt, asOfUtc)),
                OnTime = g.Count(x => DueRules.IsOnTime(x.r.ResolvedAt, x.r.HandlingDueAt, asOfUtc)),
            }).WithRules().ToListAsync(ct);

        var reviews = await (from v in db.Reviews
                             where v.CreatedAt < asOfUtc
                             join o in orders on v.OrderId equals o.Id
                             select new { o.ShopId, o.ListingId, o.CreatorId, v.Rating })
            .GroupBy(x => new { x.ShopId, x.ListingId, x.CreatorId })
            .Select(g => new
            {
                g.Key,
                Count = g.Count(),
                Negative = g.Count(x => x.Rating <= IndicatorCatalog.NegativeMaxRating),
                Good = g.Count(x => x.Rating >= IndicatorCatalog.GoodMinRating),
            }).ToListAsync(ct);

        var complaints = await (from c in db.Complaints
                                where c.Upheld && c.CreatedAt < asOfUtc
                                join o in orders on c.OrderId equals o.Id
                                select new { o.ShopId, o.ListingId, o.CreatorId, c.Kind })
            .GroupBy(x => new { x.ShopId, x.ListingId, x.CreatorId })
            .Select(g => new
            {
                g.Key,
                Product = g.Count(x => x.Kind == ComplaintKind.ProductQuality || x.Kind == ComplaintKind.FalseAdvertising),
                Logistics = g.Count(x => x.Kind == ComplaintKind.Logistics),
                Service = g.Count(x => x.Kind == ComplaintKind.Service),
            }).ToListAsync(ct);

        var chats = await db.ChatSessions.Where(c => c.StartedAt >= fromUtc && c.StartedAt < toUtc)
            .GroupBy(c => c.ShopId)
            .Select(g => new
            {
                ShopId = g.Key,
                Count = g.Count(),
                Assessed = g.Count(c => DueRules.IsAssessed(c.FirstRepliedAt, c.ReplyDueAt, asOfUtc)),
                OnTime = g.Count(c => DueRules.IsOnTime(c.FirstRepliedAt, c.ReplyDueAt, asOfUtc)),
            }).WithRules().ToListAsync(ct);

        var cells = new Dictionary<(long Shop, long Listing, long? Creator), FactCounts>(byOrder.Count);
        FactCounts Cell(long shop, long listing, long? creator) =>
            cells.TryGetValue((shop, listing, creator), out var cell) ? cell : cells[(shop, listing, creator)] = new FactCounts();
        foreach (var o in byOrder)
        {
            var cell = Cell(o.Key.ShopId, o.Key.ListingId, o.Key.CreatorId);
            cell.Paid = o.Paid;
            cell.PickupAssessed = o.PickupAssessed;
            cell.PickupOnTime = o.PickupOnTime;
            cell.DeliveryAssessed = o.DeliveryAssessed;
            cell.DeliveryOnTime = o.DeliveryOnTime;
        }
        foreach (var r in refunds)
        {
            var cell = Cell(r.Key.ShopId, r.Key.ListingId, r.Key.CreatorId);
            (cell.Refunds, cell.QualityRefunds, cell.RefundAssessed, cell.RefundOnTime) = (r.Refunds, r.Quality, r.Assessed, r.OnTime);
        }
        foreach (var v in reviews)
        {
            var cell = Cell(v.Key.ShopId, v.Key.ListingId, v.Key.CreatorId);
            (cell.Reviews, cell.NegativeReviews, cell.GoodReviews) = (v.Count, v.Negative, v.Good);
        }
        foreach (var c in complaints)
        {
            var cell = Cell(c.Key.ShopId, c.Key.ListingId, c.Key.CreatorId);
            (cell.ProductComplaints, cell.LogisticsComplaints, cell.ServiceComplaints) = (c.Product, c.Logistics, c.Service);
        }
        return new FactCells(
            cells.Select(c => (c.Key.Shop, c.Key.Listing, c.Key.Creator, c.Value)).ToList(),
            chats.ToDictionary(c => c.ShopId, c => (c.Count, c.Assessed, c.OnTime)));
    }
}

/// <summary>The counts of one (shop, listing, creator) cell, or of a subject once its cells are summed.</summary>
public sealed class FactCounts
{
    public long Paid, PickupAssessed, PickupOnTime, DeliveryAssessed, DeliveryOnTime;
    public long Refunds, QualityRefunds, RefundAssessed, RefundOnTime;
    public long Reviews, NegativeReviews, GoodReviews;
    public long ProductComplaints, LogisticsComplaints, ServiceComplaints;

    public void Add(FactCounts o)
    {
        Paid += o.Paid; PickupAssessed += o.PickupAssessed; PickupOnTime += o.PickupOnTime;
        DeliveryAssessed += o.DeliveryAssessed; DeliveryOnTime += o.DeliveryOnTime;
        Refunds += o.Refunds; QualityRefunds += o.QualityRefunds; RefundAssessed += o.RefundAssessed; RefundOnTime += o.RefundOnTime;
        Reviews += o.Reviews; NegativeReviews += o.NegativeReviews; GoodReviews += o.GoodReviews;
        ProductComplaints += o.ProductComplaints; LogisticsComplaints += o.LogisticsComplaints; ServiceComplaints += o.ServiceComplaints;
    }

    /// <summary>Every indicator's numerator and denominator (and, for time-bound ones, how many are still in assessment).</summary>
    public Dictionary<string, Measure> ToMeasures() => new()
    {
        [IndicatorCatalog.QualityRefundRate] = new(QualityRefunds, Paid),
        [IndicatorCatalog.RefundRate] = new(Refunds, Paid),
        [IndicatorCatalog.Refund3dResolveRate] = new(RefundOnTime, RefundAssessed, Refunds - RefundAssessed),
        [IndicatorCatalog.NegativeReviewRate] = new(NegativeReviews, Reviews),
        [IndicatorCatalog.GoodReviewRate] = new(GoodReviews, Reviews),
        [IndicatorCatalog.ProductComplaintRate] = new(ProductComplaints, Paid),
        [IndicatorCatalog.LogisticsComplaintRate] = new(LogisticsComplaints, Paid),
        [IndicatorCatalog.ServiceComplaintRate] = new(ServiceComplaints, Paid),
        [IndicatorCatalog.Pickup48hRate] = new(PickupOnTime, PickupAssessed, Paid - PickupAssessed),
        [IndicatorCatalog.Delivery5dRate] = new(DeliveryOnTime, DeliveryAssessed, Paid - DeliveryAssessed),
    };
}

/// <summary>The window's facts by (shop, listing, creator), and chats by shop.</summary>
public sealed record FactCells(IReadOnlyList<(long Shop, long Listing, long? Creator, FactCounts Counts)> Cells,
    IReadOnlyDictionary<long, (int Count, int Assessed, int OnTime)> ChatsByShop)
{
    /// <summary>The measures of every subject of a kind that has facts (for listings: only those of the given shops, if any).</summary>
    public Dictionary<long, Dictionary<string, Measure>> For(ScoreSubject subject, IReadOnlyCollection<long>? onlyShops = null)
    {
        var sums = new Dictionary<long, FactCounts>();
        foreach (var (shop, listing, creator, counts) in Cells)
        {
            long? key = subject switch
            {
                ScoreSubject.Shop => shop,
                ScoreSubject.Product => onlyShops is null || onlyShops.Contains(shop) ? listing : null,
                _ => creator,
            };
            if (key is not { } id) continue;
            if (!sums.TryGetValue(id, out var sum)) sums[id] = sum = new FactCounts();
            sum.Add(counts);
        }
        var result = sums.ToDictionary(s => s.Key, s => s.Value.ToMeasures());
        if (subject == ScoreSubject.Shop)
            foreach (var (shop, chat) in ChatsByShop)
            {
                if (!result.TryGetValue(shop, out var measures)) result[shop] = measures = [];
                measures[IndicatorCatalog.ChatReply3minRate] = new(chat.OnTime, chat.Assessed, chat.Count - chat.Assessed);
            }
        return result;
    }
}
