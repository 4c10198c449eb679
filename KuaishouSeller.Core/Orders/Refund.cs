using System.Linq.Expressions;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Scores;

namespace KuaishouSeller.Core.Orders;

public class Refund
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ShopId { get; set; }
    public RefundReason Reason { get; set; }
    public RefundStatus Status { get; set; }
    public long AmountFen { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>Refunds that count against product quality in the scores: named once for the engine, the loss lists and the order page.</summary>
    public static readonly Expression<Func<RefundReason, bool>> QualityReasonExpression =
        reason => reason == RefundReason.QualityProblem || reason == RefundReason.NotAsDescribed || reason == RefundReason.WrongItem;

    /// <summary>A refund handled within the indicator's days of its request (an open one is not).</summary>
    public static readonly Expression<Func<DateTime, DateTime?, bool>> HandledInTimeExpression =
        (requestedAt, resolvedAt) => resolvedAt != null && resolvedAt <= requestedAt.AddDays(IndicatorCatalog.RefundHandlingDays);

    private static readonly Func<RefundReason, bool> QualityReasonOf = QualityReasonExpression.Compile();
    private static readonly Func<DateTime, DateTime?, bool> HandledInTimeOf = HandledInTimeExpression.Compile();

    [RuleExpression(nameof(QualityReasonExpression))]
    public static bool IsQualityReason(RefundReason reason) => QualityReasonOf(reason);

    [RuleExpression(nameof(HandledInTimeExpression))]
    public static bool IsHandledInTime(DateTime requestedAt, DateTime? resolvedAt) => HandledInTimeOf(requestedAt, resolvedAt);
}
