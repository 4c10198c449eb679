namespace KuaishouSeller.Core.Orders;

/// <summary>
/// The stage of an after-sale request. Stored by number: 1–3 predate the after-sales desk (Approved means the money
/// went back); the return stages sit between the merchant's answer and the refund. Moves only through
/// <see cref="RefundTransitions"/>.
/// </summary>
public enum RefundStatus
{
    /// <summary>待处理: waiting for the merchant's answer.</summary>
    Requested = 1,
    /// <summary>已完成 (退款成功): the money went back to the buyer.</summary>
    Approved = 2,
    /// <summary>已拒绝.</summary>
    Rejected = 3,
    /// <summary>待买家退货: the merchant asked for the goods back.</summary>
    AwaitingReturn = 4,
    /// <summary>退货在途: the buyer entered the return waybill.</summary>
    ReturnShipped = 5,
    /// <summary>待验货: the carrier delivered the return to the warehouse.</summary>
    ReturnArrived = 6,
    /// <summary>已关闭: the buyer did not send the goods back within the window.</summary>
    Closed = 7,
    /// <summary>已换货: the goods came back, were inspected, and the replacement went out.</summary>
    Exchanged = 8,
    /// <summary>待发换货: an exchange's goods came back and were inspected; the merchant ships the replacement.</summary>
    ReplacementDue = 9,
}
