namespace KuaishouSeller.Core.Orders;

public enum OrderStatus
{
    Paid = 1,
    Shipped = 2,
    Delivered = 3,
    Completed = 4,
    Cancelled = 5,
    Refunded = 6,
}
