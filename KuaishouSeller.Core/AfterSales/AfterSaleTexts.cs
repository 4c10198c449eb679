using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;

namespace KuaishouSeller.Core.AfterSales;

/// <summary>The one place after-sale codes get their words; the rows store codes.</summary>
public static class AfterSaleTexts
{
    public static Bilingual Stage(RefundStatus status) => status switch
    {
        RefundStatus.Requested => new("待处理", "To answer"),
        RefundStatus.AwaitingReturn => new("待买家退货", "Awaiting the return"),
        RefundStatus.ReturnShipped => new("退货在途", "Return in transit"),
        RefundStatus.ReturnArrived => new("待验货", "To inspect"),
        RefundStatus.Approved => new("已退款", "Refunded"),
        RefundStatus.ReplacementDue => new("待发换货", "Replacement to ship"),
        RefundStatus.Exchanged => new("已换货", "Exchanged"),
        RefundStatus.Rejected => new("已拒绝", "Rejected"),
        RefundStatus.Closed => new("已关闭", "Closed"),
        _ => new(status.ToString(), status.ToString()),
    };

    public static Bilingual Kind(RefundKind kind) => kind switch
    {
        RefundKind.RefundOnly => new("仅退款", "Refund only"),
        RefundKind.ReturnAndRefund => new("退货退款", "Return and refund"),
        RefundKind.Exchange => new("换货", "Exchange"),
        _ => new(kind.ToString(), kind.ToString()),
    };

    public static Bilingual Outcome(ReturnOutcome outcome) => outcome switch
    {
        ReturnOutcome.Restocked => new("验货入库", "Restocked"),
        _ => new("验货报损", "Written off"),
    };

    public static Bilingual Action(RefundAction action) => action switch
    {
        RefundAction.Accept => new("同意退款", "Accept"),
        RefundAction.Reject => new("拒绝", "Reject"),
        RefundAction.AskReturn => new("同意退货（要求寄回）", "Ask for the goods back"),
        RefundAction.Restock => new("验货入库", "Inspect and restock"),
        RefundAction.WriteOff => new("验货报损", "Inspect and write off"),
        RefundAction.AutoAccept => new("超时自动同意", "Accepted automatically"),
        RefundAction.ShipReturn => new("买家寄回", "Buyer shipped the return"),
        RefundAction.ReturnArrived => new("退货签收", "Return delivered"),
        RefundAction.ShipReplacement => new("发出换货", "Ship the replacement"),
        _ => new("退货超时关闭", "Closed, not returned in time"),
    };

    /// <summary>Time left before a deadline, in the reader's language ("剩 5 小时 12 分" / "5 h 12 min left"), or overdue.</summary>
    public static Bilingual TimeLeft(DateTime dueAt, DateTime now)
    {
        var left = dueAt - now;
        if (left <= TimeSpan.Zero) return new("已超时", "Overdue");
        if (left.TotalHours >= 24) return new($"剩 {(int)left.TotalDays} 天 {left.Hours} 小时", $"{(int)left.TotalDays} d {left.Hours} h left");
        if (left.TotalHours >= 1) return new($"剩 {(int)left.TotalHours} 小时 {left.Minutes} 分", $"{(int)left.TotalHours} h {left.Minutes} min left");
        return new($"剩 {Math.Max(1, left.Minutes)} 分钟", $"{Math.Max(1, left.Minutes)} min left");
    }
}
