using System.Security.Cryptography;
using System.Text;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KuaishouSeller.Tests.DemoWorld;

public sealed class DemoWorldSeederTests
{
    private static readonly FakeTimeProvider Clock = new(AppFactory.Now);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_same_seed_and_day_give_the_same_world_on_every_provider(DatabaseProvider provider)
    {
        await using var a = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var b = await TestDatabase.CreateAsync(provider);
        await DemoWorldSeeder.SeedAsync(a.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await DemoWorldSeeder.SeedAsync(b.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        Assert.Equal(await FingerprintAsync(a), await FingerprintAsync(b));
    }

    [Fact]
    public async Task After_seeding_on_PostgreSQL_every_identity_continues_after_the_seeded_rows()
    {
        // The seeder writes explicit ids with COPY; a sequence left behind would make the first new row of that table
        // (a price edit, an audit entry, …) fail with a duplicate key.
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await using var db = database.CreateContext();
        var behind = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var key = entity.FindPrimaryKey();
            if (key is not { Properties.Count: 1 } || key.Properties[0].ClrType != typeof(long) ||
                key.Properties[0].ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never) continue;
            var (table, column) = (entity.GetTableName()!, key.Properties[0].GetColumnName());
#pragma warning disable EF1002 // names from the EF model
            var ok = await db.Database.SqlQueryRaw<bool>(
                $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', '{column}')) > COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) AS \"Value\"").SingleAsync();
#pragma warning restore EF1002
            if (!ok) behind.Add(table);
        }
        Assert.Empty(behind);
    }

    [Fact]
    public async Task Every_registration_waiting_for_review_in_the_demo_world_passes_its_plan_rules()
    {
        // A reviewer approving the demo queue should see approvals, not refusals caused by the demo data itself
        // (e.g. a campaign price above what a recent promotion allows).
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await using var db = database.CreateContext();
        var waiting = db.CampaignRegistrations.Where(r => r.State == RegistrationState.Submitted || r.State == RegistrationState.UnderReview);
        var checks = await RegistrationChecks.CheckAsync(db, waiting, Clock, default);

        Assert.True(checks.Count > 10, $"only {checks.Count} registrations wait for review");
        var broken = checks.Where(c => !c.Passed)
            .Select(c => $"registration {c.RegistrationId}: {EligibilityEngine.Describe([.. c.Failed]).En}").ToList();
        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public async Task Another_seed_gives_another_world()
    {
        await using var a = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var b = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(a.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await DemoWorldSeeder.SeedAsync(b.Options, DemoWorldSize.Demo, 1111, Clock, reset: false);
        Assert.NotEqual(await FingerprintAsync(a), await FingerprintAsync(b));
    }

    [Fact]
    public async Task The_demo_world_has_every_role_and_realistic_facts()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var report = await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await using var db = database.CreateContext();

        Assert.Equal(3, report.Merchants);
        Assert.Equal(7, report.Shops);
        Assert.InRange(report.Skus, 550, 650);
        Assert.InRange(report.Orders, 35_000, 65_000);
        Assert.Equal(report.Orders, await db.Orders.LongCountAsync());
        foreach (var kind in Enum.GetValues<OrganisationKind>())
            Assert.True(await db.Organisations.AnyAsync(o => o.Kind == kind), $"no {kind}");
        foreach (var channel in Enum.GetValues<SalesChannel>())
            Assert.True(await db.Orders.AnyAsync(o => o.Channel == channel), $"no {channel} orders");
        foreach (var entrance in Enum.GetValues<ShelfEntrance>().Where(e => e != ShelfEntrance.None))
            Assert.True(await db.Orders.AnyAsync(o => o.Entrance == entrance), $"no {entrance} orders");
        Assert.True(await db.Refunds.AnyAsync(r => r.Reason == RefundReason.QualityProblem));
        Assert.True(await db.Reviews.AnyAsync(r => r.Rating == 1));
        Assert.True(await db.Complaints.AnyAsync());
        Assert.True(await db.ChatSessions.AnyAsync(c => c.FirstResponseSeconds == null));

        // Orders span about 180 days and stop before today in Beijing.
        var first = await db.Orders.MinAsync(o => o.PaidAt);
        var last = await db.Orders.MaxAsync(o => o.PaidAt);
        Assert.InRange((last - first).TotalDays, 178, 181);
        Assert.True(last < Clock.GetUtcNow().UtcDateTime);

        // A creator-distributed order names its creator; shelf orders name their entrance.
        Assert.False(await db.Orders.AnyAsync(o => o.Channel == SalesChannel.CreatorDistribution && o.CreatorId == null));
        Assert.False(await db.Orders.AnyAsync(o => o.Channel == SalesChannel.Shelf && o.Entrance == ShelfEntrance.None));
        Assert.False(await db.Orders.AnyAsync(o => o.Channel != SalesChannel.Shelf && o.Entrance != ShelfEntrance.None));
    }

    [Fact]
    public async Task Shops_differ_in_quality_so_scores_will_differ()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await using var db = database.CreateContext();
        var refundRates = await db.Shops.Select(s => new
        {
            Orders = db.Orders.Count(o => o.ShopId == s.Id),
            Refunds = db.Refunds.Count(r => r.ShopId == s.Id),
        }).ToListAsync();
        var rates = refundRates.Where(r => r.Orders > 1000).Select(r => (double)r.Refunds / r.Orders).ToList();
        Assert.True(rates.Max() > rates.Min() * 2, $"refund rates too similar: {string.Join(", ", rates)}");
    }

    [Fact]
    public async Task On_hand_stock_equals_the_ledger_for_every_sku()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await using var db = database.CreateContext();
        var mismatches = await db.StockItems
            .Where(s => s.OnHand != db.StockLedger.Where(l => l.SkuId == s.SkuId).Sum(l => l.OnHandDelta))
            .CountAsync();
        Assert.Equal(0, mismatches);
        Assert.Equal(await db.Skus.CountAsync(), await db.StockItems.CountAsync());
    }

    [Fact]
    public async Task Fulfilment_times_are_in_order_except_the_few_planted_for_the_data_quality_report()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await using var db = database.CreateContext();

        Assert.False(await db.Orders.AnyAsync(o => o.ShippedAt < o.PaidAt || o.PickedUpAt < o.ShippedAt));
        var deliveredBeforeShipped = await db.Orders.Where(o => o.DeliveredAt < o.ShippedAt).Select(o => o.Id).ToListAsync();
        Assert.Equal([1_001, 2_002, 3_003], deliveredBeforeShipped.Order());
        Assert.Equal(1, await db.Refunds.CountAsync(r => r.AmountFen < 0));
        Assert.False(await db.Orders.AnyAsync(o => o.Status == OrderStatus.Cancelled && o.ShippedAt != null));
        Assert.False(await db.Orders.AnyAsync(o => o.Status == OrderStatus.Completed && o.DeliveredAt == null));
    }

    [Fact]
    public async Task Every_demo_login_works_with_the_printed_password()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var report = await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false);
        await using var db = database.CreateContext();
        var hasher = new PasswordHasher<AppUser>();
        Assert.Equal(6, report.Logins.Count);
        foreach (var login in report.Logins)
        {
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == login.Email.ToUpperInvariant());
            Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, user.PasswordHash!, login.Password));
            Assert.True(await db.Memberships.AnyAsync(m => m.UserId == user.Id), $"{login.Email} belongs nowhere");
        }
    }

    [Fact]
    public async Task Seeding_refuses_a_database_with_data_unless_reset_and_seeds_only_once_on_start()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        Assert.NotNull(await DemoWorldSeeder.SeedIfEmptyAsync(database.Options, DemoWorldSize.Demo, 618, Clock));
        Assert.Null(await DemoWorldSeeder.SeedIfEmptyAsync(database.Options, DemoWorldSize.Demo, 618, Clock));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: false));
        Assert.Contains("--reset", e.Message);

        var before = await FingerprintAsync(database);
        await DemoWorldSeeder.SeedAsync(database.Options, DemoWorldSize.Demo, 618, Clock, reset: true);
        Assert.Equal(before, await FingerprintAsync(database));
    }

    /// <summary>Counts, money totals and a hash of the first orders: equal only for equal worlds.</summary>
    private static async Task<string> FingerprintAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var firstOrders = await db.Orders.OrderBy(o => o.Id).Take(200)
            .Select(o => new { o.OrderNo, o.ShopId, o.ListingId, o.Channel, o.AmountFen, o.PaidAt, o.ShippedAt, o.Status })
            .ToListAsync();
        var text = new StringBuilder()
            .Append(await db.Shops.CountAsync()).Append('|')
            .Append(await db.Skus.CountAsync()).Append('|')
            .Append(await db.Orders.CountAsync()).Append('|')
            .Append(await db.Orders.SumAsync(o => o.AmountFen)).Append('|')
            .Append(await db.Refunds.CountAsync()).Append('|')
            .Append(await db.Reviews.SumAsync(r => r.Rating)).Append('|')
            .AppendJoin(';', firstOrders.Select(o => $"{o.OrderNo},{o.ShopId},{o.ListingId},{o.Channel},{o.AmountFen},{o.PaidAt:O},{o.ShippedAt:O},{o.Status}"))
            .ToString();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
