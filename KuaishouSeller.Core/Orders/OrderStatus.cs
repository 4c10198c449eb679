namespace KuaishouSeller.Core.Orders;

/// <summary>Stored as its number: new states take new numbers, existing ones never change.</summary>
public enum OrderStatus
{
    Paid = 1,
    Shipped = 2,
    Delivered = 3,
    Completed = 4,
    Cancelled = 5,
    Refunded = 6,
    /// <summary>揽收: the carrier scanned the parcel in.</summary>
    PickedUp = 7,
}
