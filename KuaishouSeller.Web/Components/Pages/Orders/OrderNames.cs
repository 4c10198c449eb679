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
        OrderStatus.Delivered => T("已签收", "Delivered"),
        OrderStatus.Completed => T("已完成", "Completed"),
        OrderStatus.Cancelled => T("已取消", "Cancelled"),
        OrderStatus.Refunded => T("已退款", "Refunded"),
        _ => status.ToString(),
    };

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
