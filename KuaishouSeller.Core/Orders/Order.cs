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

    /// <summary>Set when shipped: the carrier and its waybill (unique together, so a waybill is never used twice).</summary>
    public Carrier? Carrier { get; set; }
    public string? WaybillNo { get; set; }
    /// <summary>Who shipped it (a person's display name), so a colleague shipping it a second later is told who was first.</summary>
    public string? ShippedBy { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelledBy { get; set; }
    public string? CancelReason { get; set; }
    /// <summary>
    /// Where the order's reservation came from, so cancelling gives the units back to that quota or pool. None for an
    /// order that holds no reservation (an upgraded database, or seeded orders the pool could not cover): shipping it
    /// then takes the units from the shared available stock.
    /// </summary>
    public ReservationSource ReservedFrom { get; set; }
    /// <summary>The intake (external id, idempotency key) an order handed in through the open API came from.</summary>
    public long? IntakeId { get; set; }
}

public enum ReservationSource { None = 0, Pool = 1, Quota = 2 }
