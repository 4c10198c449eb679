namespace KuaishouSeller.Core.Orders;

public class Review
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ShopId { get; set; }
    public long ListingId { get; set; }
    /// <summary>1–5 stars.</summary>
    public int Rating { get; set; }
    public bool HasContent { get; set; }
    public DateTime CreatedAt { get; set; }
}
