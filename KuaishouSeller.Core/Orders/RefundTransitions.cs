namespace KuaishouSeller.Core.Orders;

/// <summary>Every move an after-sale request can make, by whom it is made.</summary>
public enum RefundAction
{
    Accept, Reject, AskReturn, AutoAccept, ShipReturn, ReturnArrived, Restock, WriteOff, CloseUnreturned, ShipReplacement,
}

/// <summary>
/// The after-sale transition table: from which stage an action may start, for which kinds, and where it leads. Commands
/// use it in a conditional update (<c>WHERE Status = from</c>), so of two people deciding at once exactly one moves it.
/// </summary>
public static class RefundTransitions
{
    private static readonly RefundKind[] Refunds = [RefundKind.RefundOnly, RefundKind.ReturnAndRefund];
    private static readonly RefundKind[] Returns = [RefundKind.ReturnAndRefund, RefundKind.Exchange];
    private static readonly RefundKind[] All = [RefundKind.RefundOnly, RefundKind.ReturnAndRefund, RefundKind.Exchange];
    private static readonly RefundStatus[] Inspectable = [RefundStatus.ReturnShipped, RefundStatus.ReturnArrived];

    private static readonly Dictionary<RefundAction, (RefundStatus[] From, RefundKind[] Kinds)> Table = new()
    {
        // Accepting a return request without asking for the goods is 退款不退货; an exchange always needs them back.
        [RefundAction.Accept] = ([RefundStatus.Requested], Refunds),
        [RefundAction.Reject] = ([RefundStatus.Requested], All),
        [RefundAction.AskReturn] = ([RefundStatus.Requested], Returns),
        [RefundAction.AutoAccept] = ([RefundStatus.Requested], All),
        [RefundAction.ShipReturn] = ([RefundStatus.AwaitingReturn], Returns),
        [RefundAction.ReturnArrived] = ([RefundStatus.ReturnShipped], Returns),
        // The merchant may inspect a parcel in hand before the carrier's delivery scan arrives.
        [RefundAction.Restock] = (Inspectable, Returns),
        [RefundAction.WriteOff] = (Inspectable, Returns),
        [RefundAction.CloseUnreturned] = ([RefundStatus.AwaitingReturn], Returns),
        // An exchange ends when the replacement leaves with its waybill, not when the old goods are inspected.
        [RefundAction.ShipReplacement] = ([RefundStatus.ReplacementDue], [RefundKind.Exchange]),
    };

    public static IReadOnlyList<RefundStatus> From(RefundAction action) => Table[action].From;

    public static bool Allows(RefundAction action, RefundKind kind, RefundStatus status) =>
        Table[action].Kinds.Contains(kind) && Table[action].From.Contains(status);

    public static bool AppliesTo(RefundAction action, RefundKind kind) => Table[action].Kinds.Contains(kind);

    /// <summary>Where the action leads for this kind of request.</summary>
    public static RefundStatus Target(RefundAction action, RefundKind kind) => action switch
    {
        RefundAction.Accept => RefundStatus.Approved,
        RefundAction.Reject => RefundStatus.Rejected,
        RefundAction.AskReturn => RefundStatus.AwaitingReturn,
        // The platform accepts what the buyer asked for: the money for a refund only, the return for the others.
        RefundAction.AutoAccept => kind == RefundKind.RefundOnly ? RefundStatus.Approved : RefundStatus.AwaitingReturn,
        RefundAction.ShipReturn => RefundStatus.ReturnShipped,
        RefundAction.ReturnArrived => RefundStatus.ReturnArrived,
        RefundAction.Restock or RefundAction.WriteOff => kind == RefundKind.Exchange ? RefundStatus.ReplacementDue : RefundStatus.Approved,
        RefundAction.ShipReplacement => RefundStatus.Exchanged,
        RefundAction.CloseUnreturned => RefundStatus.Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>Stages that still wait for someone (the merchant, the buyer or the carrier).</summary>
    public static readonly IReadOnlySet<RefundStatus> Open = new HashSet<RefundStatus>
        { RefundStatus.Requested, RefundStatus.AwaitingReturn, RefundStatus.ReturnShipped, RefundStatus.ReturnArrived, RefundStatus.ReplacementDue };

    /// <summary>Stages whose amount is no longer claimable again: anything but a rejected or closed request.</summary>
    public static readonly IReadOnlySet<RefundStatus> Void = new HashSet<RefundStatus> { RefundStatus.Rejected, RefundStatus.Closed };
}
