using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Scores;

/// <summary>
/// Counts the facts behind every indicator over a window, set-based and in one pass for every subject: one statement
/// groups the window's orders, with their refunds, reviews and complaints, by (shop, listing, creator), and the cells are
/// summed in memory into shops, listings and creators.
/// Impossible facts (see <see cref="DataQuality"/>) are never counted; time-bound facts follow <see cref="DueRules"/>
/// and only what was known before <c>asOf</c> counts, so a past day's score comes out the same whenever it is computed.
/// </summary>
public static class ScoreFacts
{
    /// <summary>
    /// The window's fact cells and chats. With <paramref name="readers"/> (a new context per call, each its own
    /// connection) the shops are split into partitions counted side by side, one statement each, on every core: the
    /// cells are summed per subject afterwards, so a partition's cells need nothing from another's. Without it (the
    /// seeder, whose context is all it has) one statement counts every shop.
    /// </summary>
    public static async Task<FactCells> CollectAsync(AppDbContext db, Func<AppDbContext>? readers, IReadOnlyList<long> shopIds,
        DateTime fromUtc, DateTime toUtc, DateTime asOfUtc, CancellationToken ct)
    {
        var cells = new List<(long, long, long?, FactCounts)>();
        if (readers is null || shopIds.Count < 2)
            cells.AddRange(await CellsAsync(db, null, fromUtc, toUtc, asOfUtc, ct));
        else
        {
            // More partitions than cores, so a partition of busy shops does not leave a core idle at the end.
            var cores = Environment.ProcessorCount;
            var partitions = shopIds.Order().Select((id, i) => (id, i)).GroupBy(x => x.i % Math.Min(shopIds.Count, cores * 2), x => x.id)
                .Select(g => g.ToList()).ToList();
            await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = ct }, async (part, token) =>
            {
                await using var reader = readers();
                reader.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
                var counted = await CellsAsync(reader, part, fromUtc, toUtc, asOfUtc, token);
                lock (cells) cells.AddRange(counted);
            });
        }

        var chats = await db.ChatSessions.Where(c => c.StartedAt >= fromUtc && c.StartedAt < toUtc)
            .GroupBy(c => c.ShopId)
            .Select(g => new
            {
                ShopId = g.Key,
                Count = g.Count(),
                Assessed = g.Count(c => DueRules.IsAssessed(c.FirstRepliedAt, c.ReplyDueAt, asOfUtc)),
                OnTime = g.Count(c => DueRules.IsOnTime(c.FirstRepliedAt, c.ReplyDueAt, asOfUtc)),
            }).WithRules().ToListAsync(ct);
        return new FactCells(cells, chats.ToDictionary(c => c.ShopId, c => (c.Count, c.Assessed, c.OnTime)));
    }

    /// <summary>One statement: the window's orders of the given shops (all when null), with their facts, grouped by cell.</summary>
    private static async Task<List<(long Shop, long Listing, long? Creator, FactCounts Counts)>> CellsAsync(AppDbContext db, List<long>? shops,
        DateTime fromUtc, DateTime toUtc, DateTime asOfUtc, CancellationToken ct)
    {
        var orders = DataQuality.CountableOrders(db).Where(o => o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled);
        var refunds = DataQuality.CountableRefunds(db);
        if (shops is not null)
        {
            orders = orders.Where(o => shops.Contains(o.ShopId));
            // A refund's shop is its order's (set from the order when it is made), so the partition's refunds are its shops'.
            refunds = refunds.Where(r => shops.Contains(r.ShopId));
        }

        // Refunds and upheld complaints per order first (an order may have several, known by asOf); a review is one per
        // order (a unique index), so it is joined directly, by that index, instead of grouping every review there is.
        var refundsByOrder = from r in refunds
                             where r.RequestedAt < asOfUtc
                             group r by r.OrderId into g
                             select new
                             {
                                 OrderId = g.Key,
                                 Count = g.Count(),
                                 Quality = g.Count(r => Refund.IsQualityReason(r.Reason)),
                                 Assessed = g.Count(r => DueRules.IsAssessed(r.ResolvedAt, r.HandlingDueAt, asOfUtc)),
                                 OnTime = g.Count(r => DueRules.IsOnTime(r.ResolvedAt, r.HandlingDueAt, asOfUtc)),
                             };
        var complaintsByOrder = from c in db.Complaints
                                where c.Upheld && c.CreatedAt < asOfUtc
                                group c by c.OrderId into g
                                select new
                                {
                                    OrderId = g.Key,
                                    Product = g.Count(c => c.Kind == ComplaintKind.ProductQuality || c.Kind == ComplaintKind.FalseAdvertising),
                                    Logistics = g.Count(c => c.Kind == ComplaintKind.Logistics),
                                    Service = g.Count(c => c.Kind == ComplaintKind.Service),
                                };
        var facts = from o in orders
                    join r in refundsByOrder on o.Id equals r.OrderId into refundJoin
                    from r in refundJoin.DefaultIfEmpty()
                    join v in db.Reviews.Where(v => v.CreatedAt < asOfUtc) on o.Id equals v.OrderId into reviewJoin
                    from v in reviewJoin.DefaultIfEmpty()
                    join c in complaintsByOrder on o.Id equals c.OrderId into complaintJoin
                    from c in complaintJoin.DefaultIfEmpty()
                    select new
                    {
                        o.ShopId, o.ListingId, o.CreatorId,
                        PickupAssessed = DueRules.IsAssessed(o.PickedUpAt, o.PickupDueAt, asOfUtc) ? 1 : 0,
                        PickupOnTime = DueRules.IsOnTime(o.PickedUpAt, o.PickupDueAt, asOfUtc) ? 1 : 0,
                        DeliveryAssessed = DueRules.IsAssessed(o.DeliveredAt, o.DeliveryDueAt, asOfUtc) ? 1 : 0,
                        DeliveryOnTime = DueRules.IsOnTime(o.DeliveredAt, o.DeliveryDueAt, asOfUtc) ? 1 : 0,
                        Refunds = (int?)r.Count ?? 0, QualityRefunds = (int?)r.Quality ?? 0,
                        RefundAssessed = (int?)r.Assessed ?? 0, RefundOnTime = (int?)r.OnTime ?? 0,
                        Reviews = v == null ? 0 : 1,
                        NegativeReviews = v != null && v.Rating <= IndicatorCatalog.NegativeMaxRating ? 1 : 0,
                        GoodReviews = v != null && v.Rating >= IndicatorCatalog.GoodMinRating ? 1 : 0,
                        ProductComplaints = (int?)c.Product ?? 0, LogisticsComplaints = (int?)c.Logistics ?? 0, ServiceComplaints = (int?)c.Service ?? 0,
                    };
        var byCell = await facts.WithRules().GroupBy(f => new { f.ShopId, f.ListingId, f.CreatorId }).Select(g => new
        {
            g.Key,
            Paid = g.Count(),
            PickupAssessed = g.Sum(f => f.PickupAssessed), PickupOnTime = g.Sum(f => f.PickupOnTime),
            DeliveryAssessed = g.Sum(f => f.DeliveryAssessed), DeliveryOnTime = g.Sum(f => f.DeliveryOnTime),
            Refunds = g.Sum(f => f.Refunds), QualityRefunds = g.Sum(f => f.QualityRefunds),
            RefundAssessed = g.Sum(f => f.RefundAssessed), RefundOnTime = g.Sum(f => f.RefundOnTime),
            Reviews = g.Sum(f => f.Reviews), NegativeReviews = g.Sum(f => f.NegativeReviews), GoodReviews = g.Sum(f => f.GoodReviews),
            ProductComplaints = g.Sum(f => f.ProductComplaints), LogisticsComplaints = g.Sum(f => f.LogisticsComplaints),
            ServiceComplaints = g.Sum(f => f.ServiceComplaints),
        }).ToListAsync(ct);

        return byCell.Select(c => (c.Key.ShopId, c.Key.ListingId, c.Key.CreatorId, new FactCounts
        {
            Paid = c.Paid, PickupAssessed = c.PickupAssessed, PickupOnTime = c.PickupOnTime, DeliveryAssessed = c.DeliveryAssessed,
            DeliveryOnTime = c.DeliveryOnTime, Refunds = c.Refunds, QualityRefunds = c.QualityRefunds, RefundAssessed = c.RefundAssessed,
            RefundOnTime = c.RefundOnTime, Reviews = c.Reviews, NegativeReviews = c.NegativeReviews, GoodReviews = c.GoodReviews,
            ProductComplaints = c.ProductComplaints, LogisticsComplaints = c.LogisticsComplaints, ServiceComplaints = c.ServiceComplaints,
        })).ToList();
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

/// <summary>What was counted for one subject: its summed cells (none when it sold nothing) and, for a shop, its chats.</summary>
public sealed record SubjectFacts(FactCounts? Counts, (int Count, int Assessed, int OnTime)? Chats)
{
    /// <summary>Made per subject when it is scored (on every core), not for all of them up front.</summary>
    public Dictionary<string, Measure> ToMeasures()
    {
        var measures = Counts?.ToMeasures() ?? [];
        if (Chats is { } chat) measures[IndicatorCatalog.ChatReply3minRate] = new(chat.OnTime, chat.Assessed, chat.Count - chat.Assessed);
        return measures;
    }
}

/// <summary>The window's facts by (shop, listing, creator), and chats by shop.</summary>
public sealed record FactCells(IReadOnlyList<(long Shop, long Listing, long? Creator, FactCounts Counts)> Cells,
    IReadOnlyDictionary<long, (int Count, int Assessed, int OnTime)> ChatsByShop)
{
    /// <summary>The facts of every subject of a kind that has any (for listings: only those of the given shops, if any).</summary>
    public Dictionary<long, SubjectFacts> For(ScoreSubject subject, IReadOnlyCollection<long>? onlyShops = null)
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
        var result = sums.ToDictionary(s => s.Key, s => new SubjectFacts(s.Value, null));
        if (subject == ScoreSubject.Shop)
            foreach (var (shop, chat) in ChatsByShop)
                result[shop] = new SubjectFacts(sums.GetValueOrDefault(shop), chat);
        return result;
    }
}
