using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Orders;

public sealed record OrderRefundFact(RefundReason Reason, RefundStatus Status, long AmountFen, DateTime RequestedAt, DateTime? ResolvedAt);
public sealed record OrderReviewFact(int Rating, bool HasContent, DateTime At);
public sealed record OrderComplaintFact(ComplaintKind Kind, bool Upheld, DateTime At);

/// <summary>
/// How one order fares on one indicator: it costs points, it counts in the shop's favour, it is not counted there, or
/// it is still in assessment (its deadline has not passed and its outcome is not known; see <see cref="DueRules"/>).
/// </summary>
public enum OrderOutcome { CostsPoints, Counts, NotCounted, InAssessment }

public sealed record OrderIndicatorResult(string Code, OrderOutcome Outcome, Bilingual Why);

/// <summary>One order with every fact a score reads from it, and what each indicator makes of them.</summary>
public sealed record OrderDetail(
    long Id, string OrderNo, long ShopId, string ShopName, long ListingId, string ListingTitle, long SkuId, string SkuCode,
    string? Creator, string? Account, SalesChannel Channel, ShelfEntrance Entrance, int Quantity, long AmountFen, long CommissionFen,
    OrderStatus Status, DateTime PaidAt, DateTime? ShippedAt, DateTime? PickedUpAt, DateTime? DeliveredAt,
    IReadOnlyList<OrderRefundFact> Refunds, IReadOnlyList<OrderReviewFact> Reviews, IReadOnlyList<OrderComplaintFact> Complaints,
    Bilingual? NotCountedBecause, IReadOnlyList<OrderIndicatorResult> Indicators)
{
    /// <summary>Shipping, cancelling and the deadlines, with why each action is not offered (null when it is).</summary>
    public OrderFulfilment Fulfilment { get; init; } = default!;
}

/// <summary>The order's fulfilment history and what the reader may do with it now.</summary>
public sealed record OrderFulfilment(Carrier? Carrier, string? WaybillNo, string? ShippedBy, DateTime? CancelledAt, string? CancelledBy, string? CancelReason,
    DateTime PickupDueAt, DateTime DeliveryDueAt, Bilingual? ShipRefusal, Bilingual? CancelRefusal);

/// <summary>The order page: the order the score pages and the data-quality list link to.</summary>
public sealed class OrderQueries(IDbContextFactory<AppDbContext> contexts, AccessService access, TimeProvider clock)
{
    /// <summary>
    /// The order, for someone who may see the scores of its shop, or of the creator who carried it. A user who may
    /// not is refused (and the refusal audited) exactly as for an order that does not exist in their scope.
    /// </summary>
    public async Task<OrderDetail> DetailAsync(string userId, long orderId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await (from o in db.Orders.AsNoTracking()
                         where o.Id == orderId
                         join s in db.Shops on o.ShopId equals s.Id
                         join l in db.Listings on o.ListingId equals l.Id
                         join k in db.Skus on o.SkuId equals k.Id
                         select new
                         {
                             Order = o, ShopName = s.Name, l.Title, k.Code,
                             Creator = db.Organisations.Where(c => c.Id == o.CreatorId).Select(c => c.Name).FirstOrDefault(),
                             Account = db.SellingAccounts.Where(a => a.Id == o.SellingAccountId).Select(a => a.Nickname).FirstOrDefault(),
                             Countable = DataQuality.CountableOrders(db).Any(c => c.Id == o.Id),
                         }).FirstOrDefaultAsync(ct)
                  ?? throw UnknownOrder();
        var order = row.Order;
        var actor = await access.ResolveAsync(db, userId, ct);
        // Another merchant's order answers exactly like a missing one (no existence oracle).
        var canFulfil = actor.Can(Permission.OrdersFulfil, order.MerchantId, ShopTarget.Shop(order.ShopId));
        if (!(order.CreatorId is { } creator && actor.Can(Permission.ScoresView, creator, ShopTarget.AllShops))
            && !actor.Can(Permission.OrdersView, order.MerchantId, ShopTarget.Shop(order.ShopId)))
            await access.RequireAsync(actor, Permission.ScoresView, order.MerchantId, ShopTarget.Shop(order.ShopId), "orders.view", ct, UnknownOrder());

        var refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == orderId).OrderBy(r => r.RequestedAt)
            .Select(r => new { Fact = new OrderRefundFact(r.Reason, r.Status, r.AmountFen, r.RequestedAt, r.ResolvedAt), Countable = DataQuality.CountableRefunds(db).Any(c => c.Id == r.Id) })
            .ToListAsync(ct);
        var reviews = await db.Reviews.AsNoTracking().Where(v => v.OrderId == orderId).OrderBy(v => v.CreatedAt)
            .Select(v => new OrderReviewFact(v.Rating, v.HasContent, v.CreatedAt)).ToListAsync(ct);
        var complaints = await db.Complaints.AsNoTracking().Where(c => c.OrderId == orderId).OrderBy(c => c.CreatedAt)
            .Select(c => new OrderComplaintFact(c.Kind, c.Upheld, c.CreatedAt)).ToListAsync(ct);

        Bilingual? notCounted = !row.Countable
            ? new("订单数据不可能成立（如签收早于发货、金额为负），列入数据质量清单，不计入任何评分。", "The order's facts cannot be true (e.g. delivered before shipped, a negative amount); it is on the data-quality list and counts in no score.")
            : order.Status == OrderStatus.Cancelled ? new("订单已取消，不计入评分。", "The order was cancelled; scores do not count it.") : null;
        var indicators = notCounted is null
            ? OrderIndicators.Evaluate(order, refunds.Where(r => r.Countable).Select(r => r.Fact).ToList(), reviews, complaints, clock.GetUtcNow().UtcDateTime)
            : [];
        return new OrderDetail(order.Id, order.OrderNo, order.ShopId, row.ShopName, order.ListingId, row.Title, order.SkuId, row.Code, row.Creator, row.Account,
            order.Channel, order.Entrance, order.Quantity, order.AmountFen, order.CommissionFen, order.Status, order.PaidAt, order.ShippedAt, order.PickedUpAt,
            order.DeliveredAt, refunds.Select(r => r.Fact).ToList(), reviews, complaints, notCounted, indicators)
        {
            Fulfilment = new OrderFulfilment(order.Carrier, order.WaybillNo, order.ShippedBy, order.CancelledAt, order.CancelledBy, order.CancelReason,
                order.PickupDueAt, order.DeliveryDueAt,
                canFulfil ? OrderTransitions.Refusal(OrderMove.Ship, order.Status, order.ShippedBy, order.ShippedAt, order.CancelledBy, order.CancelledAt) : NoFulfilRight(),
                canFulfil ? OrderTransitions.Refusal(OrderMove.Cancel, order.Status, order.ShippedBy, order.ShippedAt, order.CancelledBy, order.CancelledAt) : NoFulfilRight()),
        };
    }

    private static Bilingual NoFulfilRight() => new("你没有这个店铺的“发货与取消订单”权限。", "You do not have 'Ship and cancel orders' for this shop.");

    private static NotFoundException UnknownOrder() => NotFoundException.Of("订单", "order");
}

/// <summary>
/// What each indicator makes of one order's facts, with the thresholds of <see cref="IndicatorCatalog"/>; the same
/// rules as the engine's set-based counts (<see cref="ScoreFacts"/>) and the orders behind an indicator.
/// </summary>
public static class OrderIndicators
{
    /// <summary>The order's indicators as of a moment (the order page passes now): time-bound ones follow <see cref="DueRules"/>.</summary>
    public static IReadOnlyList<OrderIndicatorResult> Evaluate(Order order, IReadOnlyList<OrderRefundFact> refunds, IReadOnlyList<OrderReviewFact> reviews,
        IReadOnlyList<OrderComplaintFact> complaints, DateTime asOfUtc)
    {
        var results = new List<OrderIndicatorResult>();
        void Add(string code, OrderOutcome outcome, string zh, string en) => results.Add(new(code, outcome, new(zh, en)));

        if (refunds.Any(r => Refund.IsQualityReason(r.Reason))) Add(IndicatorCatalog.QualityRefundRate, OrderOutcome.CostsPoints, "因质量类原因退款", "Refunded for a quality reason");
        else Add(IndicatorCatalog.QualityRefundRate, OrderOutcome.Counts, "没有质量类退款", "No quality refund");
        if (refunds.Count > 0) Add(IndicatorCatalog.RefundRate, OrderOutcome.CostsPoints, "发生了退款", "It was refunded");
        else Add(IndicatorCatalog.RefundRate, OrderOutcome.Counts, "没有退款", "No refund");
        foreach (var refund in refunds)
        {
            var due = DueRules.RefundHandlingDue(refund.RequestedAt);
            switch (DueRules.Assess(refund.ResolvedAt, due, asOfUtc))
            {
                case DueOutcome.OnTime:
                    Add(IndicatorCatalog.Refund3dResolveRate, OrderOutcome.Counts, $"退款在 {IndicatorCatalog.RefundHandlingDays} 天内处理完", $"Refund handled within {IndicatorCatalog.RefundHandlingDays} days");
                    break;
                case DueOutcome.Late:
                    results.Add(new(IndicatorCatalog.Refund3dResolveRate, OrderOutcome.CostsPoints, IndicatorTexts.LateRefund(refund.RequestedAt, refund.ResolvedAt)));
                    break;
                default:
                    results.Add(new(IndicatorCatalog.Refund3dResolveRate, OrderOutcome.InAssessment, IndicatorTexts.InAssessment(due)));
                    break;
            }
        }

        Timely(IndicatorCatalog.Pickup48hRate, order.PickedUpAt, order.PickupDueAt);
        Timely(IndicatorCatalog.Delivery5dRate, order.DeliveredAt, order.DeliveryDueAt);

        foreach (var review in reviews)
        {
            var stars = new Bilingual($"{review.Rating} 星评价", $"{review.Rating}-star review");
            Add(IndicatorCatalog.NegativeReviewRate, review.Rating <= IndicatorCatalog.NegativeMaxRating ? OrderOutcome.CostsPoints : OrderOutcome.Counts, stars.Zh, stars.En);
            Add(IndicatorCatalog.GoodReviewRate, review.Rating >= IndicatorCatalog.GoodMinRating ? OrderOutcome.Counts : OrderOutcome.CostsPoints, stars.Zh, stars.En);
        }
        if (reviews.Count == 0)
        {
            Add(IndicatorCatalog.NegativeReviewRate, OrderOutcome.NotCounted, "没有评价", "No review");
            Add(IndicatorCatalog.GoodReviewRate, OrderOutcome.NotCounted, "没有评价", "No review");
        }

        foreach (var (code, kinds) in new[]
                 {
                     (IndicatorCatalog.ProductComplaintRate, new[] { ComplaintKind.ProductQuality, ComplaintKind.FalseAdvertising }),
                     (IndicatorCatalog.LogisticsComplaintRate, [ComplaintKind.Logistics]),
                     (IndicatorCatalog.ServiceComplaintRate, [ComplaintKind.Service]),
                 })
        {
            var mine = complaints.Where(c => kinds.Contains(c.Kind)).ToList();
            if (mine.Any(c => c.Upheld)) Add(code, OrderOutcome.CostsPoints, "投诉成立", "Upheld complaint");
            else Add(code, OrderOutcome.Counts, mine.Count > 0 ? "投诉未成立" : "没有投诉", mine.Count > 0 ? "Complaint not upheld" : "No complaint");
        }
        return results;

        void Timely(string code, DateTime? at, DateTime due) => results.Add(DueRules.Assess(at, due, asOfUtc) switch
        {
            DueOutcome.OnTime => new(code, OrderOutcome.Counts, IndicatorTexts.TimelyFulfilment(code, order.PaidAt, at!.Value)),
            DueOutcome.Late => new(code, OrderOutcome.CostsPoints, IndicatorTexts.LateFulfilment(code, order.PaidAt, at)),
            _ => new(code, OrderOutcome.InAssessment, IndicatorTexts.InAssessment(due)),
        });
    }
}
