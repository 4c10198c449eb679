using KuaishouSeller.Core.Persistence;

namespace KuaishouSeller.Core.DemoWorld;

// Placeholder signatures; the generator replaces this file.
public static class DemoWorldSeeder
{
    public static IReadOnlyList<DemoLogin> Logins { get; } = [];

    public static Task<SeedReport?> SeedIfEmptyAsync(DatabaseOptions options, DemoWorldSize size, int seed,
        TimeProvider clock, Action<string>? progress = null, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public static Task<SeedReport> SeedAsync(DatabaseOptions options, DemoWorldSize size, int seed,
        TimeProvider clock, bool reset, Action<string>? progress = null, CancellationToken ct = default) =>
        throw new NotSupportedException();
}
