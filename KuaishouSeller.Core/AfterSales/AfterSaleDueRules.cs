using System.Linq.Expressions;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Core.AfterSales;

/// <summary>
/// The after-sale deadlines as the platforms run them (快手、抖店、淘宝 alike), named once and stored on the request when
/// it reaches the stage: the merchant answers within 48 h or the request is accepted automatically; once the goods are
/// asked back, the buyer ships them within 7 days or the request closes. They sit inside the score's 3-day handling
/// rule (<see cref="Scores.DueRules.RefundHandlingDue"/>), which reads only the merchant's own answer.
/// </summary>
public static class AfterSaleDueRules
{
    public const int RespondHours = 48;
    public const int ReturnShipDays = 7;

    public static DateTime RespondDue(DateTime requestedAt) => requestedAt.AddHours(RespondHours);
    public static DateTime ReturnShipDue(DateTime askedAt) => askedAt.AddDays(ReturnShipDays);

    /// <summary>A deadline still open at <paramref name="now"/>: deciding at or after it is refused (the job acts instead).</summary>
    public static bool IsOpen(DateTime dueAt, DateTime now) => now < dueAt;

    /// <summary>The deadline the request's current stage runs against, or null when nobody is on the clock.</summary>
    public static DateTime? CurrentDue(RefundStatus status, DateTime respondDueAt, DateTime? returnDueAt) => status switch
    {
        RefundStatus.Requested => respondDueAt,
        RefundStatus.AwaitingReturn => returnDueAt,
        _ => null,
    };
}

/// <summary>The money rules of an after-sale, named once.</summary>
public static class AfterSaleRules
{
    /// <summary>
    /// At most what was paid less what earlier requests of the same order already claim (refunded or still open;
    /// a rejected or closed request claims nothing).
    /// </summary>
    public static long MaxRefundFen(long paidFen, long claimedByEarlierFen) => Math.Max(0, paidFen - claimedByEarlierFen);

    /// <summary>The commission a refund gives back: the order's commission in proportion to the refunded share (rounded down).</summary>
    public static readonly Expression<Func<long, long, long, long>> CommissionReversedExpression =
        (orderCommissionFen, orderAmountFen, refundFen) =>
            orderAmountFen <= 0 ? 0 : orderCommissionFen * (refundFen < orderAmountFen ? refundFen : orderAmountFen) / orderAmountFen;

    private static readonly Func<long, long, long, long> CommissionReversedOf = CommissionReversedExpression.Compile();

    [RuleExpression(nameof(CommissionReversedExpression))]
    public static long CommissionReversedFen(long orderCommissionFen, long orderAmountFen, long refundFen) =>
        CommissionReversedOf(orderCommissionFen, orderAmountFen, refundFen);

    public static void RequireAmount(RefundKind kind, long amountFen, long maxFen)
    {
        if (kind == RefundKind.Exchange)
        {
            if (amountFen != 0) throw new DomainException(new("换货不退款，金额须为 0。", "An exchange refunds nothing; the amount must be 0."));
            return;
        }
        if (amountFen <= 0) throw new DomainException(new("退款金额必须大于 0。", "The refund amount must be more than 0."));
        if (amountFen > maxFen)
            throw new DomainException(new($"退款金额 {Money.Format(amountFen)} 超过可退金额 {Money.Format(maxFen)}（实付减去此前的退款）。",
                $"The refund of {Money.Format(amountFen)} is more than the {Money.Format(maxFen)} still refundable (paid less earlier refunds)."));
    }
}
