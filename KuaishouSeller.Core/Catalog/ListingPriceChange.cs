namespace KuaishouSeller.Core.Catalog;

/// <summary>
/// One change of a listing's price. Campaigns compare a campaign price with the lowest price of the last 30 days:
/// the prices in force in a window are the current one plus the old and new price of every change inside it.
/// </summary>
public class ListingPriceChange
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public long OldPriceFen { get; set; }
    public long NewPriceFen { get; set; }
    public DateTime ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}
