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

/// <summary>A day's sales of one product card (top goods).</summary>
public class DailyListingSales
{
    public DateOnly Day { get; set; }
    public long ShopId { get; set; }
    public long ListingId { get; set; }
    public int Orders { get; set; }
    public long GmvFen { get; set; }
}

/// <summary>A day's sales carried by one creator for one shop (top creators), or through one live room (top live rooms).</summary>
public class DailyPartnerSales
{
    public DateOnly Day { get; set; }
    public long ShopId { get; set; }
    public PartnerKind Kind { get; set; }
    public long PartnerId { get; set; }
    public int Orders { get; set; }
    public long GmvFen { get; set; }
    public long CommissionFen { get; set; }
}

public enum PartnerKind { Creator = 1, SellingAccount = 2 }

/// <summary>How far the rollups are complete: every day up to and including RefreshedThrough.</summary>
public class RollupState
{
    public int Id { get; set; }
    public DateOnly RefreshedThrough { get; set; }
    public DateTime UpdatedAt { get; set; }
}
