namespace KuaishouSeller.Core.DemoWorld;

/// <summary>How big a demo world is. Everything else follows from these numbers and the seed.</summary>
public sealed record DemoWorldPlan(
    int Merchants,
    int Shops,
    int Creators,
    int Skus,
    int Days,
    long Orders,
    int Buyers)
{
    public static DemoWorldPlan For(DemoWorldSize size) => size switch
    {
        DemoWorldSize.Large => new DemoWorldPlan(Merchants: 20, Shops: 50, Creators: 200, Skus: 100_000, Days: 180, Orders: 2_000_000, Buyers: 600_000),
        _ => new DemoWorldPlan(Merchants: 3, Shops: 7, Creators: 4, Skus: 600, Days: 180, Orders: 50_000, Buyers: 20_000),
    };

    /// <summary>Orders are written in batches of this many so memory stays flat for any size.</summary>
    public const int BatchSize = 50_000;
}
