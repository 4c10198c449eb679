namespace KuaishouSeller.Core.Shops;

/// <summary>
/// A platform governance finding against a shop (ListingId null) or one of its product cards: misleading claims,
/// late shipping, counterfeit risk. While open it blocks campaign registration of what it concerns.
/// </summary>
public class Violation
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public long? ListingId { get; set; }
    public string Code { get; set; } = "";
    public string DescriptionZh { get; set; } = "";
    public string DescriptionEn { get; set; } = "";
    public DateTime OpenedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}
