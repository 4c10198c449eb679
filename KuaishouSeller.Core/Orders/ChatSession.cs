namespace KuaishouSeller.Core.Orders;

/// <summary>A buyer's customer-service chat; the first response time feeds the service dimension.</summary>
public class ChatSession
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public long BuyerId { get; set; }
    public DateTime StartedAt { get; set; }
    /// <summary>Seconds until the shop's first reply; null when nobody replied.</summary>
    public int? FirstResponseSeconds { get; set; }
}
