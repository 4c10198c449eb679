using KuaishouSeller.Benchmarks.Circuits;

namespace KuaishouSeller.Benchmarks;

/// <summary>Every benchmark, in the order `all` runs them on one shared world (the ones that add data last).</summary>
public static class Registry
{
    public static readonly IReadOnlyList<IBenchmark> All =
    [
        new ReservationBenchmark(),
        new ScoreBenchmark(),
        new DashboardBenchmark(),
        new PageLoadBenchmark(),
        new CircuitBenchmark(),
        new InventoryBenchmark(),
        new CampaignBenchmark(),
        new OrdersBenchmark(),
        new IntakeBenchmark(),
    ];
}
