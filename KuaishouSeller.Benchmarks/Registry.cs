using KuaishouSeller.Benchmarks.Circuits;

namespace KuaishouSeller.Benchmarks;

/// <summary>Every benchmark, in the order `all` runs them on one shared world (mostly the ones that add data last).</summary>
public static class Registry
{
    public static readonly IReadOnlyList<IBenchmark> All =
    [
        new ReservationBenchmark(),
        new ScoreBenchmark(),
        new DashboardBenchmark(),
        new PageLoadBenchmark(),
        new InventoryBenchmark(),
        new CampaignBenchmark(),
        // After the campaigns benchmark: the reviewer queue it measures is empty on a freshly seeded large world.
        new CircuitBenchmark(),
        new OrdersBenchmark(),
        new IntakeBenchmark(),
    ];
}
