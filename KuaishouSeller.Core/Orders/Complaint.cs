namespace KuaishouSeller.Core.Orders;

public class Complaint
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ShopId { get; set; }
    public ComplaintKind Kind { get; set; }
    /// <summary>Platform ruled the complaint justified (counts against the shop).</summary>
    public bool Upheld { get; set; }
    public DateTime CreatedAt { get; set; }
}
