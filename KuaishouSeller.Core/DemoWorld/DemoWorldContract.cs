namespace KuaishouSeller.Core.DemoWorld;

public enum DemoWorldSize
{
    /// <summary>Seeds in seconds; what the app seeds on first start.</summary>
    Demo,
    /// <summary>About 50 shops, 100k SKUs and 2M orders, for benchmarks.</summary>
    Large,
}

/// <summary>A sign-in the demo world creates, printed at start-up.</summary>
public sealed record DemoLogin(string RoleZh, string RoleEn, string Email, string Password);

public sealed record SeedReport(
    DemoWorldSize Size,
    int Seed,
    int Merchants,
    int Shops,
    int Skus,
    long Orders,
    TimeSpan Elapsed,
    IReadOnlyList<DemoLogin> Logins);
