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
    /// <summary>Setting it sets the handling deadline (<see cref="DueRules"/>).</summary>
    public DateTime RequestedAt
    {
        get => _requestedAt;
        set
        {
            _requestedAt = value;
            HandlingDueAt = DueRules.RefundHandlingDue(value);
        }
    }
    private DateTime _requestedAt;
    /// <summary>The 3-day handling deadline, stored so that score queries compare columns.</summary>
    public DateTime HandlingDueAt { get; private set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>Refunds that count against product quality in the scores: named once for the engine, the loss lists and the order page.</summary>
    public static readonly Expression<Func<RefundReason, bool>> QualityReasonExpression =
        reason => reason == RefundReason.QualityProblem || reason == RefundReason.NotAsDescribed || reason == RefundReason.WrongItem;

    private static readonly Func<RefundReason, bool> QualityReasonOf = QualityReasonExpression.Compile();

    [RuleExpression(nameof(QualityReasonExpression))]
    public static bool IsQualityReason(RefundReason reason) => QualityReasonOf(reason);
}
