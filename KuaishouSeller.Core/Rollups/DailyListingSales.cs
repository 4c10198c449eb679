namespace KuaishouSeller.Core.Rollups;

/// <summary>A day's sales of one product card (top goods).</summary>
public class DailyListingSales
{
    public DateOnly Day { get; set; }
    public long ShopId { get; set; }
    public long ListingId { get; set; }
    public int Orders { get; set; }
    public long GmvFen { get; set; }
}
