namespace KuaishouSeller.Core.Orders;

/// <summary>
/// Visitors of one shop on one Shanghai day in one field and shelf entrance, as the platform's traffic statistics
/// report them (daily unique visitors; a period's figure is the sum of its days).
/// </summary>
public class TrafficDay
{
    public DateOnly Day { get; set; }
    public long ShopId { get; set; }
    public SalesChannel Channel { get; set; }
    public ShelfEntrance Entrance { get; set; }
    public int Visitors { get; set; }
}
