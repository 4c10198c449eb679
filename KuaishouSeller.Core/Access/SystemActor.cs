namespace KuaishouSeller.Core.Access;

/// <summary>Who acted when no person did; stored as a code, shown in the reader's language.</summary>
public enum SystemActor
{
    /// <summary>Orders arriving from live rooms, storefronts and the open API.</summary>
    OrderIntake,
    /// <summary>Carrier scans (picked up, delivered).</summary>
    Carrier,
    /// <summary>Scheduled jobs (lock release, deadlines, recomputes).</summary>
    Scheduler,
    /// <summary>The demo world's generator and simulator.</summary>
    DemoWorld,
    /// <summary>Buyers' chat messages arriving from the platform (the demo world and the open API).</summary>
    BuyerMessages,
}
