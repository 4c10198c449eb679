using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Webhooks;

/// <summary>Every event type a subscription can choose, by code, with its name in both languages. Codes never change.</summary>
public static class WebhookEvents
{
    public const string OrderCreated = "order.created";
    public const string OrderShipped = "order.shipped";
    public const string OrderCancelled = "order.cancelled";
    public const string AfterSaleCreated = "aftersale.created";
    /// <summary>The merchant (or the platform at the deadline) agreed: refunded, or the goods asked back.</summary>
    public const string AfterSaleAccepted = "aftersale.accepted";
    public const string AfterSaleRejected = "aftersale.rejected";
    /// <summary>The return moved: the buyer shipped it, or it arrived at the warehouse.</summary>
    public const string AfterSaleReturned = "aftersale.returned";
    /// <summary>The returned goods were inspected (restocked or written off): refunded or exchanged.</summary>
    public const string AfterSaleCompleted = "aftersale.completed";
    /// <summary>The goods were not sent back within the window.</summary>
    public const string AfterSaleClosed = "aftersale.closed";
    public const string StockLow = "stock.low";
    public const string RegistrationApproved = "registration.approved";
    public const string RegistrationRejected = "registration.rejected";
    public const string ScoreChanged = "score.changed";

    private static readonly (string Code, Bilingual Name)[] Table =
    [
        (OrderCreated, new("新订单", "Order created")),
        (OrderShipped, new("订单已发货", "Order shipped")),
        (OrderCancelled, new("订单已取消", "Order cancelled")),
        (AfterSaleCreated, new("新售后申请", "After-sale requested")),
        (AfterSaleAccepted, new("售后已同意", "After-sale accepted")),
        (AfterSaleRejected, new("售后已拒绝", "After-sale rejected")),
        (AfterSaleReturned, new("退货寄回/到仓", "Return shipped or arrived")),
        (AfterSaleCompleted, new("售后已完成（验货后）", "After-sale completed (after inspection)")),
        (AfterSaleClosed, new("售后已关闭", "After-sale closed")),
        (StockLow, new("库存低于预警值", "Stock fell to its low threshold")),
        (RegistrationApproved, new("活动报名通过", "Campaign registration approved")),
        (RegistrationRejected, new("活动报名驳回", "Campaign registration rejected")),
        (ScoreChanged, new("店铺体验分变化", "Shop score changed")),
    ];

    public static IReadOnlyList<string> All { get; } = Table.Select(t => t.Code).ToList();

    private static readonly Dictionary<string, Bilingual> Names = Table.ToDictionary(t => t.Code, t => t.Name, StringComparer.Ordinal);

    public static bool IsKnown(string code) => Names.ContainsKey(code);

    public static Bilingual NameOf(string code) => Names.TryGetValue(code, out var name) ? name : new(code, code);
}
