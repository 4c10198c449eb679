using KuaishouSeller.Core.Catalog;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Dashboard;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Shops;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.Core;

/// <summary>
/// The read services on the seeded demo world: every user sees exactly their own organisations' data,
/// figures match the raw orders, paging and search happen in SQL. Runs on both providers.
/// </summary>
public sealed class ScopedQueriesTests : IAsyncLifetime
{
    private static readonly FakeTimeProvider Clock = new(AppFactory.Now);
    private readonly Dictionary<DatabaseProvider, TestDatabase> _databases = [];

    public async Task InitializeAsync()
    {
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            var database = await TestDatabase.CreateAsync(provider);
            await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
            _databases[provider] = database;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _databases.Values) await database.DisposeAsync();
    }

    private CoreServicesFor Services(DatabaseProvider provider) => new(_databases[provider], Clock);

    private Task<string> UserIdAsync(DatabaseProvider provider, string email) => Services(provider).UserIdAsync(email);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Each_user_sees_only_the_shops_of_their_own_merchants(DatabaseProvider provider)
    {
        var services = Services(provider);
        var owner = await services.Shops.ListAsync(await UserIdAsync(provider, "owner@demo.ks"));
        var agency = await services.Shops.ListAsync(await UserIdAsync(provider, "agency@demo.ks"));
        var creator = await services.Shops.ListAsync(await UserIdAsync(provider, "creator@demo.ks"));
        var reviewer = await services.Shops.ListAsync(await UserIdAsync(provider, "reviewer@demo.ks"));

        Assert.Equal(3, owner.Count);
        Assert.Single(owner.Select(s => s.MerchantName).Distinct());
        // The agency sees the two shops the merchant delegated, nothing else.
        Assert.Equal(2, agency.Count);
        Assert.Subset(owner.Select(s => s.Id).ToHashSet(), agency.Select(s => s.Id).ToHashSet());
        Assert.Empty(creator);
        Assert.Empty(reviewer);
        Assert.All(owner, s => Assert.NotEmpty(s.Accounts));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Dashboard_figures_equal_the_raw_orders_of_the_users_shops(DatabaseProvider provider)
    {
        var ownerId = await UserIdAsync(provider, "owner@demo.ks");
        var overview = await Services(provider).Dashboard.GetOverviewAsync(ownerId, 30);

        await using var db = _databases[provider].CreateContext();
        var merchantId = await db.Memberships.Where(m => m.UserId == ownerId).Select(m => m.OrganisationId).SingleAsync();
        var fromUtc = ShanghaiTime.StartOfDayUtc(overview.From);
        var toUtc = ShanghaiTime.StartOfDayUtc(overview.To.AddDays(1));
        var raw = await db.Orders.Where(o => o.MerchantId == merchantId && o.Status != OrderStatus.Cancelled && o.PaidAt >= fromUtc && o.PaidAt < toUtc)
            .Select(o => new { o.AmountFen, o.BuyerId }).ToListAsync();

        Assert.Equal(new DateOnly(2026, 11, 18), overview.To); // T+1: yesterday in Beijing
        Assert.Equal(30, overview.Daily.Count);
        Assert.Equal(raw.Sum(o => o.AmountFen), overview.GmvFen);
        Assert.Equal(raw.Count, overview.Orders);
        Assert.Equal(raw.Select(o => o.BuyerId).Distinct().Count(), overview.Buyers);
        Assert.Equal(overview.GmvFen, overview.Daily.Sum(d => d.GmvFen));
        Assert.Equal(overview.GmvFen, overview.ByChannel.Sum(c => c.GmvFen));
        Assert.All(overview.ByChannel, c => Assert.True(c.Orders > 0, $"{c.Channel} has no orders"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_user_without_shops_gets_an_empty_dashboard(DatabaseProvider provider)
    {
        var overview = await Services(provider).Dashboard.GetOverviewAsync(await UserIdAsync(provider, "creator@demo.ks"));
        Assert.Equal(0, overview.Shops);
        Assert.Equal(0, overview.GmvFen);
    }

    [Fact]
    public async Task The_dashboard_refuses_an_impossible_period()
    {
        var queries = Services(DatabaseProvider.Sqlite).Dashboard;
        var e = await Assert.ThrowsAsync<DomainException>(() => queries.GetOverviewAsync("any", 0));
        Assert.Contains("1 到 366", e.UserMessage.Zh);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_catalog_pages_searches_and_filters_in_sql_within_scope(DatabaseProvider provider)
    {
        var catalog = Services(provider).Catalog;
        var ownerId = await UserIdAsync(provider, "owner@demo.ks");

        var first = await catalog.ListSkusAsync(ownerId, new SkuFilter(), new PageRequest(0, 25));
        var second = await catalog.ListSkusAsync(ownerId, new SkuFilter(), new PageRequest(1, 25));
        Assert.Equal(25, first.Rows.Count);
        Assert.Empty(first.Rows.Select(r => r.SkuId).Intersect(second.Rows.Select(r => r.SkuId)));
        Assert.Equal(first.Rows.Select(r => r.Code).Order(StringComparer.Ordinal), first.Rows.Select(r => r.Code));

        var code = first.Rows[0].Code;
        var found = await catalog.ListSkusAsync(ownerId, new SkuFilter(Search: code), new PageRequest(0, 25));
        Assert.Equal(code, Assert.Single(found.Rows).Code);

        var low = await catalog.ListSkusAsync(ownerId, new SkuFilter(LowStockOnly: true, Sort: SkuSort.Available), new PageRequest(0, 200));
        Assert.NotEmpty(low.Rows);
        Assert.All(low.Rows, r => Assert.True(r.IsLowStock));
        Assert.Equal(low.Rows.Select(r => r.Available).Order(), low.Rows.Select(r => r.Available));

        // Another merchant's SKU code is invisible to this user, even searched by exact code.
        await using var db = _databases[provider].CreateContext();
        var ownMerchant = await db.Memberships.Where(m => m.UserId == ownerId).Select(m => m.OrganisationId).SingleAsync();
        var foreignCode = await db.Skus.Where(s => s.MerchantId != ownMerchant).Select(s => s.Code).FirstAsync();
        Assert.Equal(0, (await catalog.ListSkusAsync(ownerId, new SkuFilter(Search: foreignCode), new PageRequest(0, 25))).TotalCount);
    }
}
