using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Scores;
using static KuaishouSeller.Web.Localization.Tr;

namespace KuaishouSeller.Web.Components.Pages.Orders;

public static class OrderNames
{
    public static string Of(OrderStatus status) => status switch
    {
        OrderStatus.Paid => T("已支付", "Paid"),
        OrderStatus.Shipped => T("已发货", "Shipped"),
        OrderStatus.PickedUp => T("已揽收", "Picked up"),
        OrderStatus.Delivered => T("已签收", "Delivered"),
        OrderStatus.Completed => T("已完成", "Completed"),
        OrderStatus.Cancelled => T("已取消", "Cancelled"),
        OrderStatus.Refunded => T("已退款", "Refunded"),
        _ => status.ToString(),
    };

    public static string Of(OrderListState state) => state switch
    {
        OrderListState.ToShip => T("待发货", "To ship"),
        OrderListState.InTransit => T("运输中", "In transit"),
        OrderListState.Delivered => T("已签收", "Delivered"),
        OrderListState.Cancelled => T("已取消", "Cancelled"),
        _ => T("全部", "All"),
    };

    public static string Of(Carrier carrier) => Carriers.Of(carrier).Name.ToString();

    /// <summary>Time left to a deadline, or how far past it: "剩 5 小时 12 分" / "5 h 12 min left", "超时 3 小时" / "3 h overdue".</summary>
    public static string TimeLeft(TimeSpan left)
    {
        var span = left.Duration();
        var zh = span.TotalHours >= 1 ? $"{(int)span.TotalHours} 小时 {span.Minutes} 分" : $"{Math.Max(span.Minutes, 1)} 分";
        var en = span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{Math.Max(span.Minutes, 1)} min";
        return left < TimeSpan.Zero ? T($"超时 {zh}", $"{en} overdue") : T($"剩 {zh}", $"{en} left");
    }

    public static string Of(RefundReason reason) => Sentence(IndicatorTexts.Reason(reason));

    public static string Of(RefundStatus status) => status switch
    {
        RefundStatus.Requested => T("待处理", "Requested"),
        RefundStatus.Approved => T("已同意", "Approved"),
        _ => T("已拒绝", "Rejected"),
    };

    public static string Of(ComplaintKind kind) => Sentence(IndicatorTexts.Kind(kind));

    /// <summary>Core's names sit inside sentences (lower-case English); on their own they start with a capital.</summary>
    private static string Sentence(KuaishouSeller.Core.Common.Bilingual name) => T(name.Zh, char.ToUpperInvariant(name.En[0]) + name.En[1..]);

    public static string Of(OrderOutcome outcome) => outcome switch
    {
        OrderOutcome.CostsPoints => T("扣分", "Costs points"),
        OrderOutcome.Counts => T("达标", "Counts in favour"),
        OrderOutcome.InAssessment => T("考核中", "In assessment"),
        _ => T("不计入", "Not counted"),
    };

    public static MudBlazor.Color ColorOf(OrderOutcome outcome) => outcome switch
    {
        OrderOutcome.CostsPoints => MudBlazor.Color.Error,
        OrderOutcome.Counts => MudBlazor.Color.Success,
        OrderOutcome.InAssessment => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Default,
    };
}
