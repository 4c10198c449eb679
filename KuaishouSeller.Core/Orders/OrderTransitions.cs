using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Orders;

/// <summary>What moves an order from one state to the next.</summary>
public enum OrderMove { Ship, Cancel, PickUp, Deliver, Complete }

/// <summary>
/// The order's life, one table: Paid → Shipped → PickedUp → Delivered → Completed, or Cancelled before shipping. Every
/// command looks its move up here and uses <see cref="From"/> as the WHERE of its conditional update, so two people
/// racing cannot both move the same order.
/// </summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderMove, (OrderStatus From, OrderStatus To)> Table = new()
    {
        [OrderMove.Ship] = (OrderStatus.Paid, OrderStatus.Shipped),
        [OrderMove.Cancel] = (OrderStatus.Paid, OrderStatus.Cancelled),
        [OrderMove.PickUp] = (OrderStatus.Shipped, OrderStatus.PickedUp),
        [OrderMove.Deliver] = (OrderStatus.PickedUp, OrderStatus.Delivered),
        [OrderMove.Complete] = (OrderStatus.Delivered, OrderStatus.Completed),
    };

    public static OrderStatus From(OrderMove move) => Table[move].From;
    public static OrderStatus To(OrderMove move) => Table[move].To;
    public static bool Allows(OrderStatus status, OrderMove move) => Table[move].From == status;

    /// <summary>Whether the order has reached the state the move leads to, or a later one (a repeated carrier scan).</summary>
    public static bool IsPast(OrderStatus status, OrderMove move) => Rank(status) >= Rank(To(move));

    private static int Rank(OrderStatus status) => status switch
    {
        OrderStatus.Paid => 0,
        OrderStatus.Shipped => 1,
        OrderStatus.PickedUp => 2,
        OrderStatus.Delivered => 3,
        OrderStatus.Completed => 4,
        _ => -1,
    };

    /// <summary>
    /// Why the move is refused for an order in this state, in the words a colleague who lost a race needs: who shipped or
    /// cancelled it, and when (Beijing time). Null when the move is allowed.
    /// </summary>
    public static Bilingual? Refusal(OrderMove move, OrderStatus status, string? shippedBy, DateTime? shippedAt, string? cancelledBy, DateTime? cancelledAt)
    {
        if (Allows(status, move)) return null;
        var verbZh = move == OrderMove.Ship ? "发货" : "取消";
        var verbEn = move == OrderMove.Ship ? "shipped" : "cancelled";
        return status switch
        {
            OrderStatus.Cancelled => new($"订单已由 {cancelledBy ?? "系统"} 于 {At(cancelledAt)} 取消，不能{verbZh}。",
                $"The order was already cancelled by {cancelledBy ?? "the system"} at {At(cancelledAt)}; it cannot be {verbEn}."),
            OrderStatus.Shipped or OrderStatus.PickedUp or OrderStatus.Delivered or OrderStatus.Completed when move is OrderMove.Ship or OrderMove.Cancel =>
                new($"订单已由 {shippedBy ?? "系统"} 于 {At(shippedAt)} 发货，不能{verbZh}。",
                    $"The order was already shipped by {shippedBy ?? "the system"} at {At(shippedAt)}; it cannot be {verbEn}."),
            _ => new($"订单当前状态不允许{verbZh}。", $"The order's current state does not allow it to be {verbEn}."),
        };
    }

    private static string At(DateTime? utc) => utc is { } t ? ShanghaiTime.Format(t) : "—";
}
