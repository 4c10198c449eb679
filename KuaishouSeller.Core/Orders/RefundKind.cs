namespace KuaishouSeller.Core.Orders;

/// <summary>What the buyer asks for. Requests from before the after-sales desk are refund-only.</summary>
public enum RefundKind
{
    /// <summary>仅退款.</summary>
    RefundOnly = 1,
    /// <summary>退货退款.</summary>
    ReturnAndRefund = 2,
    /// <summary>换货: the goods come back and a replacement goes out; no money moves.</summary>
    Exchange = 3,
}

/// <summary>What the merchant did with returned goods after inspecting them.</summary>
public enum ReturnOutcome
{
    /// <summary>Sellable again: back in the shared pool (a ledgered return).</summary>
    Restocked = 1,
    /// <summary>Damaged or unsellable: not counted back into stock.</summary>
    WrittenOff = 2,
}
