using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Core.Rollups;

/// <summary>One shop's sales of one Shanghai day in one field and shelf entrance: what the dashboard reads instead of orders.</summary>
public class DailySales
{
    public DateOnly Day { get; set; }
    public long ShopId { get; set; }
    public long MerchantId { get; set; }
    public SalesChannel Channel { get; set; }
    public ShelfEntrance Entrance { get; set; }
    public int Orders { get; set; }
    public long GmvFen { get; set; }
    public long CommissionFen { get; set; }
    /// <summary>GMV sold at or below the master list price (the Supply / price-competitiveness indicator).</summary>
    public long CompetitiveGmvFen { get; set; }
    /// <summary>Distinct buyers of that day in that field (a period's buyers are counted from orders, not summed).</summary>
    public int Buyers { get; set; }
}
