using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Core.Planning;

/// <summary>
/// One plan (一盘棋): the GMV and order target a shop sets for one sales channel in one month. A shop's target is
/// the sum over its channels; the merchant's is the sum over its shops, so the board always adds up.
/// </summary>
public class PlanTarget
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public long ShopId { get; set; }
    /// <summary>The first day of the month (Asia/Shanghai calendar).</summary>
    public DateOnly Month { get; set; }
    public SalesChannel Channel { get; set; }
    public long GmvTargetFen { get; set; }
    public int OrdersTarget { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
