using KuaishouSeller.Core.Scores;

namespace KuaishouSeller.Core.Orders;

/// <summary>
/// A (sub-)order for one listing, the unit that scores, refunds and reviews refer to. Fulfilment
/// timestamps live on the row because every score and dashboard query reads them together.
/// </summary>
public class Order
{
    public long Id { get; set; }
    public string OrderNo { get; set; } = "";
    public long MerchantId { get; set; }
    public long ShopId { get; set; }
    public long ListingId { get; set; }
    public long SkuId { get; set; }
    /// <summary>The live room or video account the sale came through, if any.</summary>
    public long? SellingAccountId { get; set; }
    /// <summary>For creator distribution: the creator organisation that carried the goods.</summary>
    public long? CreatorId { get; set; }
    public SalesChannel Channel { get; set; }
    public ShelfEntrance Entrance { get; set; }
    public long BuyerId { get; set; }
    public int Quantity { get; set; }
    public long AmountFen { get; set; }
    /// <summary>Platform and creator commission charged on the order.</summary>
    public long CommissionFen { get; set; }
    public OrderStatus Status { get; set; }
    /// <summary>Setting it sets the deadlines that follow from it (<see cref="DueRules"/>).</summary>
    public DateTime PaidAt
    {
        get => _paidAt;
        set
        {
            _paidAt = value;
            PickupDueAt = DueRules.PickupDue(value);
            DeliveryDueAt = DueRules.DeliveryDue(value);
        }
    }
    private DateTime _paidAt;
    /// <summary>The 48-hour pickup deadline, stored so that score queries compare columns.</summary>
    public DateTime PickupDueAt { get; private set; }
    /// <summary>The 5-day delivery deadline.</summary>
    public DateTime DeliveryDueAt { get; private set; }
    public DateTime? ShippedAt { get; set; }
    /// <summary>揽收: the carrier picked the parcel up.</summary>
    public DateTime? PickedUpAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}
