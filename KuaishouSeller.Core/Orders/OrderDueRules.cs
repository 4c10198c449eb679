namespace KuaishouSeller.Core.Orders;

/// <summary>
/// 自动确认收货: a delivered order completes itself this long after the delivery scan, as the platforms run it; the
/// buyer's after-sale window stays open past it. Named once for the job, the demo world and the tests.
/// </summary>
public static class OrderDueRules
{
    public const int CompleteAfterDeliveryDays = 7;

    public static DateTime CompletesAt(DateTime deliveredAt) => deliveredAt.AddDays(CompleteAfterDeliveryDays);

    /// <summary>The delivery scans at or before this moment have completed by <paramref name="now"/>.</summary>
    public static DateTime DeliveredBy(DateTime now) => now.AddDays(-CompleteAfterDeliveryDays);
}
