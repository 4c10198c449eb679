using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Infrastructure;

/// <summary>A migrated database with the demo world, the Core services on it, and the first merchant's owner working in it.</summary>
public sealed class SeededWorld : IAsyncDisposable
{
    private SeededWorld(TestDatabase database, CoreServicesFor services, FakeTimeProvider clock) => (Database, Services, Clock) = (database, services, clock);

    public TestDatabase Database { get; }
    public CoreServicesFor Services { get; }
    public FakeTimeProvider Clock { get; }
    public long Merchant { get; private set; }
    public IReadOnlyList<long> Shops { get; private set; } = [];
    public string Owner { get; private set; } = "";
    public string MerchantName { get; private set; } = "";

    public static async Task<SeededWorld> CreateAsync(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(AppFactory.Now);
        var database = await TestDatabase.CreateAsync(provider);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, clock, reset: false);
        var world = new SeededWorld(database, new CoreServicesFor(database, clock), clock);
        await using var db = database.CreateContext();
        world.Merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        world.MerchantName = await db.Organisations.Where(o => o.Id == world.Merchant).Select(o => o.Name).SingleAsync();
        world.Shops = await db.Shops.Where(s => s.MerchantId == world.Merchant).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        world.Owner = await world.Services.UserIdAsync("owner@demo.ks");
        await world.Services.Workspaces.SwitchAsync(world.Owner, world.Merchant, null);
        return world;
    }

    public AppDbContext Db() => Database.CreateContext();

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
