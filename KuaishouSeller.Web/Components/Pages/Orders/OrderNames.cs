using KuaishouSeller.Core.Orders;
using static KuaishouSeller.Web.Localization.Tr;

namespace KuaishouSeller.Web.Components.Pages.Orders;

public static class OrderNames
{
    public static string Of(OrderStatus status) => status switch
    {
        OrderStatus.Paid => T("已支付", "Paid"),
        OrderStatus.Shipped => T("已发货", "Shipped"),
        OrderStatus.Delivered => T("已签收", "Delivered"),
        OrderStatus.Completed => T("已完成", "Completed"),
        OrderStatus.Cancelled => T("已取消", "Cancelled"),
        OrderStatus.Refunded => T("已退款", "Refunded"),
        _ => status.ToString(),
    };

    public static string Of(RefundReason reason) => reason switch
    {
        RefundReason.QualityProblem => T("质量问题", "Quality problem"),
        RefundReason.NotAsDescribed => T("描述不符", "Not as described"),
        RefundReason.DamagedInTransit => T("运输损坏", "Damaged in transit"),
        RefundReason.WrongItem => T("错发", "Wrong item"),
        RefundReason.LateShipment => T("发货慢", "Late shipment"),
        RefundReason.ChangedMind => T("不想要了", "Changed mind"),
        _ => T("其他", "Other"),
    };

    public static string Of(RefundStatus status) => status switch
    {
        RefundStatus.Requested => T("待处理", "Requested"),
        RefundStatus.Approved => T("已同意", "Approved"),
        _ => T("已拒绝", "Rejected"),
    };

    public static string Of(ComplaintKind kind) => kind switch
    {
        ComplaintKind.ProductQuality => T("商品质量", "Product quality"),
        ComplaintKind.Logistics => T("物流", "Logistics"),
        ComplaintKind.Service => T("服务", "Service"),
        _ => T("虚假宣传", "False advertising"),
    };

    public static string Of(OrderOutcome outcome) => outcome switch
    {
        OrderOutcome.CostsPoints => T("扣分", "Costs points"),
        OrderOutcome.Counts => T("达标", "Counts in favour"),
        _ => T("不计入", "Not counted"),
    };

    public static MudBlazor.Color ColorOf(OrderOutcome outcome) => outcome switch
    {
        OrderOutcome.CostsPoints => MudBlazor.Color.Error,
        OrderOutcome.Counts => MudBlazor.Color.Success,
        _ => MudBlazor.Color.Default,
    };
}
