using System.Diagnostics;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.DemoWorld;

/// <summary>
/// Seeds a demo world: organisations, shops, accounts, catalog, stock, ~180 days of orders and their
/// facts, and one sign-in per role. Same seed and same Shanghai day give the same world.
/// </summary>
public static class DemoWorldSeeder
{
    public const string DemoPassword = "Demo@2026";

    public static IReadOnlyList<DemoLogin> Logins { get; } =
    [
        new("商家老板", "Merchant owner", "owner@demo.ks", DemoPassword),
        new("多店运营", "Multi-shop operator", "operator@demo.ks", DemoPassword),
        new("代运营", "Agency staff", "agency@demo.ks", DemoPassword),
        new("达人", "Creator", "creator@demo.ks", DemoPassword),
        new("平台小二", "Platform reviewer", "reviewer@demo.ks", DemoPassword),
    ];

    /// <summary>Seeds only when the database holds no organisation yet; returns null otherwise.</summary>
    public static async Task<SeedReport?> SeedIfEmptyAsync(DatabaseOptions options, DemoWorldSize size, int seed,
        TimeProvider clock, Action<string>? progress = null, CancellationToken ct = default)
    {
        await using var db = DatabaseSetup.CreateContext(options);
        if (await db.Organisations.AnyAsync(ct)) return null;
        return await SeedIntoAsync(db, size, seed, clock, progress, ct);
    }

    /// <summary>Seeds, refusing a database that holds data unless <paramref name="reset"/> wipes it first.</summary>
    public static async Task<SeedReport> SeedAsync(DatabaseOptions options, DemoWorldSize size, int seed,
        TimeProvider clock, bool reset, Action<string>? progress = null, CancellationToken ct = default)
    {
        await using var db = DatabaseSetup.CreateContext(options);
        if (await db.Organisations.AnyAsync(ct))
        {
            if (!reset)
                throw new InvalidOperationException("The database already holds data; pass --reset to delete everything in it and seed again.");
            progress?.Invoke("deleting existing data");
            await BulkInsert.DeleteEverythingAsync(db, ct);
        }
        return await SeedIntoAsync(db, size, seed, clock, progress, ct);
    }

    private static async Task<SeedReport> SeedIntoAsync(AppDbContext db, DemoWorldSize size, int seed,
        TimeProvider clock, Action<string>? progress, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var plan = DemoWorldPlan.For(size);
        var todayStartUtc = ShanghaiTime.StartOfDayUtc(ShanghaiTime.Today(clock));
        var world = new DemoWorldGenerator(plan, seed, todayStartUtc);

        progress?.Invoke($"catalog: {world.Shops.Count} shops, {world.Skus.Count:N0} SKUs, {world.Listings.Count:N0} listings");
        await BulkInsert.InsertAsync(db, world.Categories, ct);
        await BulkInsert.InsertAsync(db, world.Organisations, ct);
        await BulkInsert.InsertAsync(db, world.Shops, ct);
        await BulkInsert.InsertAsync(db, world.Accounts, ct);
        await BulkInsert.InsertAsync(db, world.Spus, ct);
        await BulkInsert.InsertAsync(db, world.Skus, ct);
        await BulkInsert.InsertAsync(db, world.Listings, ct);
        await BulkInsert.InsertAsync(db, world.Stock, ct);
        await BulkInsert.InsertAsync(db, world.Ledger, ct);
        await AddUsersAsync(db, world, todayStartUtc, ct);

        var orders = new OrderStream(world, plan, todayStartUtc);
        foreach (var batch in orders.Batches())
        {
            await BulkInsert.InsertAsync(db, batch.Orders, ct);
            await BulkInsert.InsertAsync(db, batch.Refunds, ct);
            await BulkInsert.InsertAsync(db, batch.Reviews, ct);
            await BulkInsert.InsertAsync(db, batch.Complaints, ct);
            await BulkInsert.InsertAsync(db, batch.Chats, ct);
            progress?.Invoke($"orders {orders.OrdersGenerated:N0} / ~{plan.Orders:N0}");
        }

        await BulkInsert.ResetIdentitySequencesAsync(db, ct);
        await BulkInsert.AnalyzeAsync(db, ct);
        return new SeedReport(size, seed, plan.Merchants, world.Shops.Count, world.Skus.Count, orders.OrdersGenerated, stopwatch.Elapsed, Logins);
    }

    private static async Task AddUsersAsync(AppDbContext db, DemoWorldGenerator world, DateTime createdAt, CancellationToken ct)
    {
        var merchants = world.MerchantIds;
        var hasher = new PasswordHasher<AppUser>();
        (string Email, string Name, (long OrganisationId, MemberRole Role)[] Memberships)[] people =
        [
            ("owner@demo.ks", "王老板", [(merchants[0], MemberRole.Owner)]),
            ("operator@demo.ks", "李运营", [(merchants[0], MemberRole.Operations), (merchants[Math.Min(1, merchants.Count - 1)], MemberRole.Operations)]),
            ("agency@demo.ks", "张代运营", [(world.AgencyId, MemberRole.AgencyStaff)]),
            ("creator@demo.ks", "小美", [(world.Creators[0].OrganisationId, MemberRole.Owner)]),
            ("reviewer@demo.ks", "平台小二", [(world.PlatformId, MemberRole.Reviewer)]),
        ];
        foreach (var (email, name, memberships) in people)
        {
            var user = new AppUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                DisplayName = name,
                LockoutEnabled = true,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
            };
            user.PasswordHash = hasher.HashPassword(user, DemoPassword);
            db.Users.Add(user);
            foreach (var (organisationId, role) in memberships.Distinct())
                db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = organisationId, Role = role, CreatedAt = createdAt });
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
