using System.Linq.Expressions;
using KuaishouSeller.Core.AfterSales;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Scores;

namespace KuaishouSeller.Core.Orders;

/// <summary>
/// An after-sale request on one order (refund only, return and refund, or exchange), the fact the refund indicators
/// read. <see cref="ResolvedAt"/> is the merchant's own answer (accept, reject or ask for the goods back): exactly what
/// the 3-day handling indicator reads, so a request the platform accepted after the merchant let it lapse stays
/// unhandled there.
/// </summary>
public class Refund
{
    public const int MaxWordsLength = 500, MaxReasonLength = 200, MaxWaybillLength = 40;

    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ShopId { get; set; }
    public RefundKind Kind { get; set; } = RefundKind.RefundOnly;
    public RefundReason Reason { get; set; }
    public RefundStatus Status { get; set; }
    /// <summary>What the buyer asks back (0 for an exchange).</summary>
    public long AmountFen { get; set; }
    /// <summary>The buyer's own words (shown to the merchant, never logged).</summary>
    public string BuyerWords { get; set; } = "";

    /// <summary>Setting it sets the handling deadline (<see cref="DueRules"/>) and the answer deadline (<see cref="AfterSaleDueRules"/>).</summary>
    public DateTime RequestedAt
    {
        get => _requestedAt;
        set
        {
            _requestedAt = value;
            HandlingDueAt = DueRules.RefundHandlingDue(value);
            RespondDueAt = AfterSaleDueRules.RespondDue(value);
        }
    }
    private DateTime _requestedAt;
    /// <summary>The 3-day handling deadline, stored so that score queries compare columns.</summary>
    public DateTime HandlingDueAt { get; private set; }
    /// <summary>The 48-hour answer deadline: unanswered by then, the request is accepted automatically.</summary>
    public DateTime RespondDueAt { get; private set; }
    /// <summary>The merchant's answer (accept, reject, ask for the goods back); what the handling indicator reads.</summary>
    public DateTime? ResolvedAt { get; set; }

    public string? RejectReason { get; set; }
    /// <summary>Once the goods are asked back: the buyer must ship them by then, else the request closes.</summary>
    public DateTime? ReturnDueAt { get; set; }
    public string? ReturnCarrier { get; set; }
    public string? ReturnWaybill { get; set; }
    public DateTime? ReturnShippedAt { get; set; }
    public DateTime? ReturnArrivedAt { get; set; }
    public ReturnOutcome? Outcome { get; set; }
    /// <summary>An exchange's replacement parcel, once it left.</summary>
    public Carrier? ReplacementCarrier { get; set; }
    public string? ReplacementWaybill { get; set; }
    /// <summary>When the request ended (refunded, rejected, closed, exchanged): the moment a refund reaches settlement.</summary>
    public DateTime? CompletedAt { get; set; }
    /// <summary>Who made the last move and when: what a colleague deciding at the same moment is told.</summary>
    public string? HandledBy { get; set; }
    public DateTime? HandledAt { get; set; }

    /// <summary>Refunds that count against product quality in the scores: named once for the engine, the loss lists and the order page.</summary>
    public static readonly Expression<Func<RefundReason, bool>> QualityReasonExpression =
        reason => reason == RefundReason.QualityProblem || reason == RefundReason.NotAsDescribed || reason == RefundReason.WrongItem;

    private static readonly Func<RefundReason, bool> QualityReasonOf = QualityReasonExpression.Compile();

    [RuleExpression(nameof(QualityReasonExpression))]
    public static bool IsQualityReason(RefundReason reason) => QualityReasonOf(reason);
}
