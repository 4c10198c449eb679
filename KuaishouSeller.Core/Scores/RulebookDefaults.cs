namespace KuaishouSeller.Core.Scores;

/// <summary>Version 1 of each rulebook, published when a database has none. Later versions are published as data.</summary>
public static class RulebookDefaults
{
    /// <summary>Contiguous bands from 0, each given by its upper end and points (listed from 0 upwards whatever the direction).</summary>
    private static Band[] Steps(params (decimal To, decimal Points)[] steps)
    {
        var bands = new List<Band>();
        decimal from = 0;
        foreach (var (to, points) in steps)
        {
            bands.Add(new Band(from, to, points));
            from = to;
        }
        return [.. bands];
    }

    private static readonly Band[] QualityRefund = Steps((0.005m, 100), (0.01m, 92), (0.02m, 80), (0.04m, 60), (0.08m, 40), (1m, 20));
    private static readonly Band[] NegativeReview = Steps((0.01m, 100), (0.02m, 92), (0.04m, 80), (0.07m, 60), (0.12m, 40), (1m, 20));
    private static readonly Band[] GoodReview = Steps((0.7m, 30), (0.8m, 55), (0.88m, 75), (0.94m, 90), (1m, 100));
    private static readonly Band[] Complaint = Steps((0.001m, 100), (0.003m, 90), (0.006m, 75), (0.01m, 55), (1m, 30));
    private static readonly Band[] RefundAll = Steps((0.03m, 100), (0.06m, 90), (0.1m, 75), (0.15m, 55), (1m, 30));
    private static readonly Band[] Pickup = Steps((0.7m, 30), (0.85m, 60), (0.92m, 80), (0.97m, 92), (1m, 100));
    private static readonly Band[] Delivery = Steps((0.6m, 30), (0.75m, 60), (0.85m, 80), (0.93m, 92), (1m, 100));
    private static readonly Band[] Reply = Steps((0.6m, 30), (0.75m, 60), (0.85m, 80), (0.93m, 92), (1m, 100));
    private static readonly Band[] RefundHandling = Steps((0.7m, 30), (0.85m, 60), (0.92m, 80), (0.97m, 92), (1m, 100));

    private static readonly TierRule[] ShopTiers =
    [
        new("D", "一般", "Fair", 0, 0.7m, false, false, false),
        new("C", "良好", "Good", 60, 0.9m, false, true, false),
        new("B", "优秀", "Very good", 75, 1.0m, true, true, false),
        new("A", "卓越", "Excellent", 85, 1.15m, true, true, true),
        new("S", "标杆", "Benchmark", 93, 1.3m, true, true, true),
    ];

    public static RulebookDefinition Shop { get; } = new(ScoreSubject.Shop, 30,
    [
        new("product", "商品", "Product",
        [
            new(IndicatorCatalog.QualityRefundRate, 22, Direction.LowerIsBetter, QualityRefund, 30, 80),
            new(IndicatorCatalog.NegativeReviewRate, 18, Direction.LowerIsBetter, NegativeReview, 20, 80),
            new(IndicatorCatalog.ProductComplaintRate, 10, Direction.LowerIsBetter, Complaint, 30, 80),
        ]),
        new("logistics", "物流", "Logistics",
        [
            new(IndicatorCatalog.Pickup48hRate, 10, Direction.HigherIsBetter, Pickup, 30, 80),
            new(IndicatorCatalog.Delivery5dRate, 10, Direction.HigherIsBetter, Delivery, 30, 80),
            new(IndicatorCatalog.LogisticsComplaintRate, 5, Direction.LowerIsBetter, Complaint, 30, 80),
        ]),
        new("service", "服务", "Service",
        [
            new(IndicatorCatalog.ChatReply3minRate, 10, Direction.HigherIsBetter, Reply, 20, 80),
            new(IndicatorCatalog.ServiceComplaintRate, 8, Direction.LowerIsBetter, Complaint, 30, 80),
            new(IndicatorCatalog.Refund3dResolveRate, 7, Direction.HigherIsBetter, RefundHandling, 10, 80),
        ]),
    ], ShopTiers);

    public static RulebookDefinition Product { get; } = new(ScoreSubject.Product, 30,
    [
        new("quality", "品质", "Quality",
        [
            new(IndicatorCatalog.QualityRefundRate, 35, Direction.LowerIsBetter, QualityRefund, 20, 80),
            new(IndicatorCatalog.ProductComplaintRate, 15, Direction.LowerIsBetter, Complaint, 20, 80),
            new(IndicatorCatalog.RefundRate, 10, Direction.LowerIsBetter, RefundAll, 20, 80),
        ]),
        new("satisfaction", "口碑", "Satisfaction",
        [
            new(IndicatorCatalog.NegativeReviewRate, 25, Direction.LowerIsBetter, NegativeReview, 10, 80),
            new(IndicatorCatalog.GoodReviewRate, 15, Direction.HigherIsBetter, GoodReview, 10, 80),
        ]),
    ], ShopTiers);

    public static RulebookDefinition Creator { get; } = new(ScoreSubject.Creator, 30,
    [
        new("goods", "选品", "Goods chosen",
        [
            new(IndicatorCatalog.QualityRefundRate, 30, Direction.LowerIsBetter, QualityRefund, 30, 80),
            new(IndicatorCatalog.RefundRate, 15, Direction.LowerIsBetter, RefundAll, 30, 80),
        ]),
        new("reputation", "口碑", "Reputation",
        [
            new(IndicatorCatalog.NegativeReviewRate, 25, Direction.LowerIsBetter, NegativeReview, 20, 80),
            new(IndicatorCatalog.GoodReviewRate, 10, Direction.HigherIsBetter, GoodReview, 20, 80),
            new(IndicatorCatalog.ProductComplaintRate, 10, Direction.LowerIsBetter, Complaint, 30, 80),
            new(IndicatorCatalog.ServiceComplaintRate, 10, Direction.LowerIsBetter, Complaint, 30, 80),
        ]),
    ], ShopTiers);

    public static RulebookDefinition For(ScoreSubject subject) => subject switch
    {
        ScoreSubject.Shop => Shop,
        ScoreSubject.Product => Product,
        _ => Creator,
    };
}
