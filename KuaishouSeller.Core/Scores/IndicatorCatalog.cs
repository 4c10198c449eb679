namespace KuaishouSeller.Core.Scores;

/// <summary>What an indicator counts: the numerator and denominator over the window, in words.</summary>
public sealed record IndicatorInfo(string Code, string NameZh, string NameEn, string NumeratorZh, string NumeratorEn, string DenominatorZh, string DenominatorEn);

/// <summary>
/// The indicators the engine can compute from the facts. A rulebook may weight and band them as it likes, but may
/// only name these codes; each code's formula lives in <see cref="ScoreFacts"/>.
/// </summary>
public static class IndicatorCatalog
{
    public const string QualityRefundRate = "quality_refund_rate";
    public const string NegativeReviewRate = "negative_review_rate";
    public const string GoodReviewRate = "good_review_rate";
    public const string ProductComplaintRate = "product_complaint_rate";
    public const string Pickup48hRate = "pickup_48h_rate";
    public const string Delivery5dRate = "delivery_5d_rate";
    public const string LogisticsComplaintRate = "logistics_complaint_rate";
    public const string ChatReply3minRate = "chat_3min_reply_rate";
    public const string ServiceComplaintRate = "service_complaint_rate";
    public const string Refund3dResolveRate = "refund_3d_resolve_rate";
    public const string RefundRate = "refund_rate";

    // The thresholds in the indicators' names, shared by the engine's facts, the orders behind an indicator and the order page.
    public const int PickupHours = 48;
    public const int DeliveryDays = 5;
    public const int RefundHandlingDays = 3;
    public const int ChatReplySeconds = 180;
    public const int NegativeMaxRating = 2;
    public const int GoodMinRating = 4;

    private static readonly IndicatorInfo[] All =
    [
        new(QualityRefundRate, "品质退款率", "Quality refund rate", "因质量问题、描述不符、错发的退款订单", "orders refunded for quality, not as described or wrong item", "支付订单", "paid orders"),
        new(NegativeReviewRate, "差评率", "Negative review rate", "1–2 星评价", "1–2 star reviews", "评价数", "reviews"),
        new(GoodReviewRate, "好评率", "Good review rate", "4–5 星评价", "4–5 star reviews", "评价数", "reviews"),
        new(ProductComplaintRate, "商品投诉率", "Product complaint rate", "成立的质量、虚假宣传投诉", "upheld quality and false-advertising complaints", "支付订单", "paid orders"),
        new(Pickup48hRate, "48小时揽收率", "48-hour pickup rate", "支付后 48 小时内揽收的订单", "orders picked up within 48 h of payment", "已揽收或支付满 48 小时的订单", "orders picked up or 48 h past payment"),
        new(Delivery5dRate, "5日签收率", "5-day delivery rate", "支付后 5 天内签收的订单", "orders delivered within 5 days of payment", "已签收或支付满 5 天的订单", "orders delivered or 5 days past payment"),
        new(LogisticsComplaintRate, "物流投诉率", "Logistics complaint rate", "成立的物流投诉", "upheld logistics complaints", "支付订单", "paid orders"),
        new(ChatReply3minRate, "3分钟回复率", "3-minute reply rate", "3 分钟内首次回复的咨询", "chats answered within 3 minutes", "已回复或满 3 分钟的咨询", "chats answered or 3 minutes old"),
        new(ServiceComplaintRate, "服务投诉率", "Service complaint rate", "成立的服务投诉", "upheld service complaints", "支付订单", "paid orders"),
        new(Refund3dResolveRate, "3日退款处理率", "3-day refund handling rate", "3 天内处理完的退款", "refunds handled within 3 days", "已处理或申请满 3 天的退款", "refunds handled or 3 days old"),
        new(RefundRate, "退款率", "Refund rate", "发生退款的订单", "orders with a refund", "支付订单", "paid orders"),
    ];

    private static readonly Dictionary<string, IndicatorInfo> ByCode = All.ToDictionary(i => i.Code);

    /// <summary>Which indicators each subject's facts support (chats and pickups belong to shops, not to a listing or creator).</summary>
    public static IReadOnlySet<string> For(ScoreSubject subject) => subject switch
    {
        ScoreSubject.Shop => All.Select(i => i.Code).ToHashSet(),
        ScoreSubject.Product => new HashSet<string> { QualityRefundRate, NegativeReviewRate, GoodReviewRate, ProductComplaintRate, RefundRate, Pickup48hRate },
        _ => new HashSet<string> { QualityRefundRate, NegativeReviewRate, GoodReviewRate, ProductComplaintRate, RefundRate, ServiceComplaintRate },
    };

    public static IndicatorInfo Info(string code) => ByCode.TryGetValue(code, out var info) ? info : new(code, code, code, "", "", "", "");
    public static bool IsKnown(string code) => ByCode.ContainsKey(code);
}
