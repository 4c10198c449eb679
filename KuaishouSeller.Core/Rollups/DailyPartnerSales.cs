namespace KuaishouSeller.Core.Rollups;

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
