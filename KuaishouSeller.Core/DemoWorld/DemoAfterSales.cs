using KuaishouSeller.Core.AfterSales;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.DemoWorld;

/// <summary>
/// Today's after-sales queue of the first merchant, at every stage: requests to answer with deadlines spread over the
/// next 48 h (two about to be accepted automatically), returns asked for, in transit and arrived for inspection, and a
/// few finished ones (refunded, restocked, written off, exchanged, rejected, closed). Written after the orders, on
/// delivered orders without a refund; a restocked return is a ledger movement like any other.
/// </summary>
internal static class DemoAfterSales
{
    private sealed record Plan(RefundStatus Status, RefundKind Kind, RefundReason Reason, double RequestedHoursAgo, string Words,
        double? AnsweredHoursAgo = null, double? ShippedHoursAgo = null, double? ArrivedHoursAgo = null, ReturnOutcome? Outcome = null);

    private static readonly Plan[] Plans =
    [
        new(RefundStatus.Requested, RefundKind.RefundOnly, RefundReason.QualityProblem, 2, "收到后发现线头开了，质量太差。"),
        new(RefundStatus.Requested, RefundKind.ReturnAndRefund, RefundReason.NotAsDescribed, 10, "颜色和商品图差很多，想退货。"),
        new(RefundStatus.Requested, RefundKind.Exchange, RefundReason.Other, 20, "尺码偏小，想换大一号。"),
        new(RefundStatus.Requested, RefundKind.RefundOnly, RefundReason.DamagedInTransit, 30, "快递外箱压坏了，里面的瓶子裂了，漏了一半。"),
        new(RefundStatus.Requested, RefundKind.ReturnAndRefund, RefundReason.ChangedMind, 40, "不想要了，还没拆封，麻烦尽快处理。"),
        new(RefundStatus.Requested, RefundKind.ReturnAndRefund, RefundReason.WrongItem, 46.5, "发错颜色了，我要的是黑色，收到的是白色。"),
        new(RefundStatus.Requested, RefundKind.RefundOnly, RefundReason.LateShipment, 47.5, "等了好久才到，已经用不上了。"),
        new(RefundStatus.AwaitingReturn, RefundKind.ReturnAndRefund, RefundReason.QualityProblem, 30, "用了两次就坏了。", AnsweredHoursAgo: 20),
        new(RefundStatus.AwaitingReturn, RefundKind.Exchange, RefundReason.Other, 50, "想换个颜色。", AnsweredHoursAgo: 40),
        new(RefundStatus.ReturnShipped, RefundKind.ReturnAndRefund, RefundReason.NotAsDescribed, 70, "材质和描述不一样。", AnsweredHoursAgo: 60, ShippedHoursAgo: 30),
        new(RefundStatus.ReturnShipped, RefundKind.ReturnAndRefund, RefundReason.ChangedMind, 60, "买多了，退一件。", AnsweredHoursAgo: 55, ShippedHoursAgo: 8),
        new(RefundStatus.ReturnArrived, RefundKind.ReturnAndRefund, RefundReason.QualityProblem, 100, "有划痕。", AnsweredHoursAgo: 90, ShippedHoursAgo: 60, ArrivedHoursAgo: 5),
        new(RefundStatus.ReturnArrived, RefundKind.Exchange, RefundReason.Other, 110, "尺码不合适，换小一号。", AnsweredHoursAgo: 100, ShippedHoursAgo: 70, ArrivedHoursAgo: 12),
        new(RefundStatus.Approved, RefundKind.RefundOnly, RefundReason.DamagedInTransit, 26, "包装破损。", AnsweredHoursAgo: 22),
        new(RefundStatus.Approved, RefundKind.ReturnAndRefund, RefundReason.ChangedMind, 120, "不喜欢。", AnsweredHoursAgo: 110, ShippedHoursAgo: 90, ArrivedHoursAgo: 30, Outcome: ReturnOutcome.Restocked),
        new(RefundStatus.Approved, RefundKind.ReturnAndRefund, RefundReason.QualityProblem, 130, "开胶了。", AnsweredHoursAgo: 125, ShippedHoursAgo: 100, ArrivedHoursAgo: 40, Outcome: ReturnOutcome.WrittenOff),
        new(RefundStatus.ReplacementDue, RefundKind.Exchange, RefundReason.Other, 115, "换大一号。", AnsweredHoursAgo: 105, ShippedHoursAgo: 80, ArrivedHoursAgo: 20, Outcome: ReturnOutcome.Restocked),
        new(RefundStatus.Exchanged, RefundKind.Exchange, RefundReason.Other, 140, "换个尺码。", AnsweredHoursAgo: 130, ShippedHoursAgo: 110, ArrivedHoursAgo: 50, Outcome: ReturnOutcome.Restocked),
        new(RefundStatus.Rejected, RefundKind.RefundOnly, RefundReason.ChangedMind, 20, "就是不想要了。", AnsweredHoursAgo: 18),
        new(RefundStatus.Closed, RefundKind.ReturnAndRefund, RefundReason.ChangedMind, 200, "不想要了。", AnsweredHoursAgo: 190),
    ];

    private static readonly string[] Carriers = ["中通快递", "圆通速递", "顺丰速运", "韵达快递"];

    public static async Task SeedAsync(AppDbContext db, long merchantId, DateTime nowUtc, CancellationToken ct)
    {
        // The generated history's open requests older than 48 h went the way the deadline job takes them: accepted by the
        // platform at the deadline, with no answer of the merchant (so the handling indicator still sees them unhandled).
        var lapsed = db.Refunds.Where(r => r.Status == RefundStatus.Requested && r.RespondDueAt <= nowUtc);
        await db.Orders.Where(o => lapsed.Any(r => r.OrderId == o.Id && r.Kind == RefundKind.RefundOnly && r.AmountFen >= o.AmountFen))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Refunded), ct);
        await lapsed.Where(r => r.Kind == RefundKind.RefundOnly).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RefundStatus.Approved).SetProperty(r => r.CompletedAt, r => r.RespondDueAt)
            .SetProperty(r => r.HandledBy, "system:Scheduler").SetProperty(r => r.HandledAt, r => r.RespondDueAt), ct);

        // Delivered, never refunded orders of the merchant's recent days, a few per shop so every shop has a queue.
        var since = nowUtc.AddDays(-20);
        var shops = await db.Shops.Where(s => s.MerchantId == merchantId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var orders = new List<Order>();
        foreach (var shop in shops)
            orders.AddRange(await db.Orders.AsTracking()
                .Where(o => o.ShopId == shop && o.PaidAt >= since && o.PaidAt < nowUtc.AddDays(-6) && o.DeliveredAt != null && o.AmountFen > 0
                            && (o.Status == OrderStatus.Delivered || o.Status == OrderStatus.Completed) && !db.Refunds.Any(r => r.OrderId == o.Id))
                .OrderByDescending(o => o.PaidAt).Take(Plans.Length).ToListAsync(ct));
        // Round-robin over the shops, so each shop's queue has several stages.
        var picked = orders.GroupBy(o => o.ShopId).SelectMany(g => g.Select((o, i) => (o, i))).OrderBy(x => x.i).ThenBy(x => x.o.ShopId)
            .Select(x => x.o).Take(Plans.Length).ToList();

        for (var i = 0; i < picked.Count; i++)
        {
            var (plan, order) = (Plans[i], picked[i]);
            DateTime Ago(double hours) => nowUtc.AddHours(-hours);
            var amount = plan.Kind == RefundKind.Exchange ? 0 : order.AmountFen;
            var refund = new Refund
            {
                OrderId = order.Id, ShopId = order.ShopId, Kind = plan.Kind, Reason = plan.Reason, Status = plan.Status, AmountFen = amount,
                BuyerWords = plan.Words, RequestedAt = Ago(plan.RequestedHoursAgo),
            };
            if (plan.AnsweredHoursAgo is { } answered)
            {
                refund.ResolvedAt = Ago(answered);
                (refund.HandledBy, refund.HandledAt) = ("王老板", Ago(answered));
                if (plan.Kind != RefundKind.RefundOnly && plan.Status != RefundStatus.Rejected)
                    refund.ReturnDueAt = AfterSaleDueRules.ReturnShipDue(Ago(answered));
            }
            if (plan.Status == RefundStatus.Rejected) refund.RejectReason = "商品已拆封使用，不支持无理由退款。";
            if (plan.ShippedHoursAgo is { } shipped)
            {
                (refund.ReturnCarrier, refund.ReturnWaybill, refund.ReturnShippedAt) = (Carriers[i % Carriers.Length], $"YT{9_800_000_000L + order.Id}", Ago(shipped));
                (refund.HandledBy, refund.HandledAt) = ("system:OrderIntake", Ago(shipped));
            }
            if (plan.ArrivedHoursAgo is { } arrived)
            {
                refund.ReturnArrivedAt = Ago(arrived);
                (refund.HandledBy, refund.HandledAt) = ("system:Carrier", Ago(arrived));
            }
            if (plan.Status is RefundStatus.Approved or RefundStatus.Exchanged or RefundStatus.Rejected or RefundStatus.Closed)
            {
                var done = plan.ArrivedHoursAgo is { } a ? Ago(a - 2) : plan.Status == RefundStatus.Closed ? refund.ReturnDueAt : refund.ResolvedAt;
                refund.CompletedAt = done;
                refund.Outcome = plan.Outcome;
                (refund.HandledBy, refund.HandledAt) = (plan.Status == RefundStatus.Closed ? "system:Scheduler" : "王老板", done);
            }
            if (plan.Status == RefundStatus.ReplacementDue)
            {
                // Inspected and restocked two hours after arrival; the replacement has not left yet.
                refund.Outcome = plan.Outcome;
                (refund.HandledBy, refund.HandledAt) = ("王老板", Ago(plan.ArrivedHoursAgo!.Value - 2));
            }
            if (plan.Status == RefundStatus.Exchanged)
                (refund.ReplacementCarrier, refund.ReplacementWaybill) = (Orders.Carrier.Zto, $"75{order.Id % 10_000_000_000L:D10}");
            if (plan.Status == RefundStatus.Approved) order.Status = OrderStatus.Refunded;
            db.Refunds.Add(refund);
            if (plan.Outcome == ReturnOutcome.Restocked)
            {
                await db.StockItems.Where(s => s.SkuId == order.SkuId).ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + order.Quantity), ct);
                db.StockLedger.Add(new StockLedgerEntry
                {
                    SkuId = order.SkuId, MerchantId = merchantId, ShopId = order.ShopId, Kind = StockMovementKind.Return, OnHandDelta = order.Quantity,
                    Actor = "王老板", Reference = order.OrderNo, At = refund.HandledAt!.Value,
                });
            }
            if (refund.ReplacementWaybill is not null)
            {
                // The replacement left the pool as a shipment, as ShipReplacementAsync records it.
                await db.StockItems.Where(s => s.SkuId == order.SkuId).ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand - order.Quantity), ct);
                db.StockLedger.Add(new StockLedgerEntry
                {
                    SkuId = order.SkuId, MerchantId = merchantId, ShopId = order.ShopId, Kind = StockMovementKind.Shipment, OnHandDelta = -order.Quantity,
                    Actor = "王老板", Reference = order.OrderNo, At = refund.CompletedAt!.Value,
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
