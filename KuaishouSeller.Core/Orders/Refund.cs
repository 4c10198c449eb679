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

    /// <summary>Refunds that count against product quality in the scores.</summary>
    public static bool IsQualityReason(RefundReason reason) =>
        reason is RefundReason.QualityProblem or RefundReason.NotAsDescribed or RefundReason.WrongItem;
}
