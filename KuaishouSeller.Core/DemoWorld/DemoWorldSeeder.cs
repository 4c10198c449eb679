using System.Diagnostics;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Identity;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Planning;
using KuaishouSeller.Core.Scores;
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
        new("客服", "Customer service", DemoConversations.ServiceEmail, DemoPassword),
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
        var quotas = CarveLiveRoomQuotas(world, todayStartUtc);
        await BulkInsert.InsertAsync(db, world.Stock, ct);
        await BulkInsert.InsertAsync(db, world.Ledger, ct);
        await BulkInsert.InsertAsync(db, quotas, ct);
        await AddUsersAsync(db, world, todayStartUtc, ct);
        progress?.Invoke($"buyers: {plan.Buyers:N0}");
        await BulkInsert.InsertAsync(db, DemoBuyers.Generate(plan.Buyers, seed), ct);

        var orders = new OrderStream(world, plan, todayStartUtc);
        var unshipped = new List<Order>();
        foreach (var batch in orders.Batches())
        {
            unshipped.AddRange(batch.Orders.Where(o => o.Status == OrderStatus.Paid));
            await BulkInsert.InsertAsync(db, batch.Orders, ct);
            await BulkInsert.InsertAsync(db, batch.Refunds, ct);
            await BulkInsert.InsertAsync(db, batch.Reviews, ct);
            await BulkInsert.InsertAsync(db, batch.Complaints, ct);
            await BulkInsert.InsertAsync(db, batch.Chats, ct);
            progress?.Invoke($"orders {orders.OrdersGenerated:N0} / ~{plan.Orders:N0}");
        }

        progress?.Invoke($"reservations for {unshipped.Count:N0} unshipped orders");
        await ReserveUnshippedAsync(db, world, quotas, unshipped, ct);
        await DemoOrders.PrepareAsync(db, ct);
        progress?.Invoke("plan targets");
        await AddPlanTargetsAsync(db, world, todayStartUtc, ct);
        // The first merchant's live shop joined 川流 45 days ago, so the programme page has returning buyers to show.
        var liveShop = world.Shops.Where(s => s.MerchantId == world.MerchantIds[0]).Skip(1).FirstOrDefault();
        if (liveShop is not null)
        {
            db.ProgrammeEnrolments.Add(new Programmes.ProgrammeEnrolment
            {
                ShopId = liveShop.Id, Programme = Programmes.Programme.Chuanliu, EnrolledAt = todayStartUtc.AddDays(-45), EnrolledBy = "王老板",
            });
            await db.SaveChangesAsync(ct);
        }
        await BulkInsert.ResetIdentitySequencesAsync(db, ct);
        await DemoAfterSales.SeedAsync(db, world.MerchantIds[0], clock.GetUtcNow().UtcDateTime, ct);
        await BulkInsert.AnalyzeAsync(db, ct);
        await SeedScoresAsync(db, size, clock, progress, ct);
        var rollups = await Rollups.RollupService.RefreshAsync(db, clock, null, ct);
        progress?.Invoke($"rollups: {rollups.Rows:N0} rows in {rollups.Took.TotalSeconds:0.0} s");
        await AddTrafficAsync(db, seed, ct);
        await DemoCampaigns.SeedAsync(db, world, size, clock, ct);
        await DemoConversations.SeedAsync(db, world, clock, ct);
        // Traffic and campaign price history were bulk-inserted with their own ids too: new rows must continue after them.
        await BulkInsert.ResetIdentitySequencesAsync(db, ct);
        // Statistics for what was loaded after the first ANALYZE (the rollups see to their own).
        await BulkInsert.AnalyzeAsync(db, ct, typeof(Orders.TrafficDay), typeof(Scores.ScoreSnapshot), typeof(Scores.ScorePeer), typeof(Catalog.ListingPriceChange));
        progress?.Invoke("campaigns: 618 open for registration, two ended with results");
        return new SeedReport(size, seed, plan.Merchants, world.Shops.Count, world.Skus.Count, orders.OrdersGenerated, stopwatch.Elapsed, Logins);
    }

    /// <summary>
    /// The first merchant's first shop runs a live room with its own allocation of its best-stocked SKUs, so the
    /// stock page shows quotas next to the shared pool. Each quota is a ledger movement like any other.
    /// </summary>
    private static List<ShopStockQuota> CarveLiveRoomQuotas(DemoWorldGenerator world, DateTime todayStartUtc)
    {
        var merchant = world.MerchantIds[0];
        var shop = world.Shops.First(s => s.MerchantId == merchant).Id;
        var quotas = new List<ShopStockQuota>();
        foreach (var item in world.Stock.Where(s => s.MerchantId == merchant && s.OnHand >= 100).OrderBy(s => s.SkuId).Take(8))
        {
            const int units = 30;
            item.QuotaAllocated += units;
            quotas.Add(new ShopStockQuota { SkuId = item.SkuId, ShopId = shop, MerchantId = merchant, Remaining = units });
            world.Ledger.Add(new StockLedgerEntry
            {
                Id = world.Ledger.Count + 1, SkuId = item.SkuId, MerchantId = merchant, ShopId = shop, Kind = StockMovementKind.QuotaMove,
                QuotaDelta = units, Actor = "王老板", Reason = "直播间专享配额", Reference = "demo", At = todayStartUtc.AddDays(-2),
            });
        }
        return quotas;
    }

    /// <summary>
    /// Daily visitors per shop, field and entrance: each day's buyers divided by a conversion rate that differs by field
    /// (shelf search converts best, guess-you-like least) and wobbles by day, deterministically from the seed.
    /// </summary>
    private static async Task AddTrafficAsync(AppDbContext db, int seed, CancellationToken ct)
    {
        var days = await db.DailySales.AsNoTracking().Select(r => new { r.Day, r.ShopId, r.Channel, r.Entrance, r.Buyers }).ToListAsync(ct);
        var traffic = days.Select(r =>
        {
            var baseRate = (r.Channel, r.Entrance) switch
            {
                (Orders.SalesChannel.Shelf, Orders.ShelfEntrance.Search) => 0.08,
                (Orders.SalesChannel.Shelf, Orders.ShelfEntrance.ShopPage) => 0.06,
                (Orders.SalesChannel.Shelf, Orders.ShelfEntrance.GuessYouLike) => 0.018,
                (Orders.SalesChannel.Shelf, _) => 0.03,
                (Orders.SalesChannel.SelfBroadcastLive, _) => 0.045,
                (Orders.SalesChannel.CreatorDistribution, _) => 0.035,
                _ => 0.012,
            };
            var wobble = new Random(unchecked(seed * 1_000_003 + r.Day.DayNumber * 7_919 + (int)r.ShopId * 104_729 + (int)r.Channel * 131 + (int)r.Entrance)).NextDouble() * 0.4 + 0.8;
            return new Orders.TrafficDay { Day = r.Day, ShopId = r.ShopId, Channel = r.Channel, Entrance = r.Entrance, Visitors = (int)Math.Ceiling(r.Buyers / (baseRate * wobble)) };
        }).ToList();
        await BulkInsert.InsertAsync(db, traffic, ct);
    }

    /// <summary>
    /// Scores for yesterday (every subject), and for the demo world a month of daily shop snapshots so the trend
    /// chart has a history; the nightly job adds a day at a time from then on.
    /// </summary>
    private static async Task SeedScoresAsync(AppDbContext db, DemoWorldSize size, TimeProvider clock, Action<string>? progress, CancellationToken ct)
    {
        var yesterday = ShanghaiTime.Today(clock).AddDays(-1);
        if (size == DemoWorldSize.Demo)
            for (var day = yesterday.AddDays(-29); day < yesterday; day = day.AddDays(1))
                await ScoreService.RecomputeAsync(db, clock, day, [ScoreSubject.Shop], null, null, ct);
        var report = await ScoreService.RecomputeAsync(db, clock, yesterday, [ScoreSubject.Shop, ScoreSubject.Product, ScoreSubject.Creator], null, null, ct);
        progress?.Invoke($"scores: {report.Shops} shops, {report.Products:N0} products, {report.Creators} creators in {report.Took.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Paid but unshipped orders hold a reservation on the pool, written as ledger entries like live orders are,
    /// so the stock page shows reserved units next to on-hand stock.
    /// </summary>
    private static async Task ReserveUnshippedAsync(AppDbContext db, DemoWorldGenerator world, List<ShopStockQuota> quotas, List<Order> unshipped, CancellationToken ct)
    {
        var stock = world.Stock.ToDictionary(s => s.SkuId);
        var quotaKeys = quotas.Select(q => (q.SkuId, q.ShopId)).ToHashSet();
        var entries = new List<StockLedgerEntry>();
        var nextId = world.Ledger.Count + 1;
        foreach (var order in unshipped.OrderBy(o => o.PaidAt))
        {
            var item = stock[order.SkuId];
            if (quotaKeys.Contains((order.SkuId, order.ShopId)) || item.SharedAvailable < order.Quantity) continue;
            item.Reserved += order.Quantity;
            entries.Add(new StockLedgerEntry
            {
                Id = nextId++, SkuId = order.SkuId, MerchantId = order.MerchantId, ShopId = order.ShopId, Kind = StockMovementKind.Reservation,
                ReservedDelta = order.Quantity, Actor = "system:OrderIntake", Reason = "", Reference = order.OrderNo, At = order.PaidAt,
            });
        }
        await BulkInsert.InsertAsync(db, entries, ct);
        // One statement per SKU that holds reservations; the pool rows were written before the orders existed.
        foreach (var group in entries.GroupBy(e => e.SkuId))
        {
            var reserved = group.Sum(e => e.ReservedDelta);
            await db.StockItems.Where(s => s.SkuId == group.Key).ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, reserved), ct);
        }
    }

    /// <summary>
    /// Monthly targets per shop and channel for the last two months, this month and the next: the shop's average
    /// month over the last 90 days times a growth factor that differs per shop, so some shops are ahead and some behind.
    /// </summary>
    private static async Task AddPlanTargetsAsync(AppDbContext db, DemoWorldGenerator world, DateTime todayStartUtc, CancellationToken ct)
    {
        var since = todayStartUtc.AddDays(-90);
        var actual = await db.Orders.AsNoTracking().Where(o => o.PaidAt >= since && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => new { o.ShopId, o.Channel })
            .Select(g => new { g.Key.ShopId, g.Key.Channel, Gmv = g.Sum(o => o.AmountFen), Orders = g.Count() })
            .ToListAsync(ct);
        var thisMonth = PlanService.MonthOf(DateOnly.FromDateTime(ShanghaiTime.ToLocal(todayStartUtc)));
        var targets = new List<PlanTarget>();
        foreach (var shop in world.Shops)
        {
            var growth = 1.0m + shop.Id % 4 * 0.1m;
            foreach (var a in actual.Where(a => a.ShopId == shop.Id))
                for (var m = -2; m <= 1; m++)
                    targets.Add(new PlanTarget
                    {
                        Id = targets.Count + 1, MerchantId = shop.MerchantId, ShopId = shop.Id, Month = thisMonth.AddMonths(m), Channel = a.Channel,
                        GmvTargetFen = (long)(a.Gmv / 3m * growth / 10000) * 10000, OrdersTarget = (int)(a.Orders / 3m * growth),
                        UpdatedAt = todayStartUtc.AddDays(-40), UpdatedBy = "王老板",
                    });
        }
        await BulkInsert.InsertAsync(db, targets, ct);
    }

    private static async Task AddUsersAsync(AppDbContext db, DemoWorldGenerator world, DateTime todayStartUtc, CancellationToken ct)
    {
        var merchants = world.MerchantIds;
        var secondMerchant = merchants[Math.Min(1, merchants.Count - 1)];
        var shopsOf = world.Shops.ToLookup(s => s.MerchantId, s => s.Id);
        var hasher = new PasswordHasher<AppUser>();
        var users = new Dictionary<string, AppUser>();
        foreach (var (email, name) in new[]
                 {
                     ("owner@demo.ks", "王老板"), ("operator@demo.ks", "李运营"), ("agency@demo.ks", "张代运营"),
                     ("creator@demo.ks", "小美"), ("reviewer@demo.ks", "平台小二"),
                 })
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
            users[email] = user;
        }

        Membership Member(string email, long organisationId, long roleId, params long[] onlyShops)
        {
            var membership = new Membership
            {
                UserId = users[email].Id, OrganisationId = organisationId, RoleId = roleId, AllShops = onlyShops.Length == 0, CreatedAt = todayStartUtc,
            };
            db.Memberships.Add(membership);
            return membership;
        }

        Member("owner@demo.ks", merchants[0], BuiltInRoles.Owner);
        // The multi-shop operator runs every shop of the first merchant and one shop of the second.
        Member("operator@demo.ks", merchants[0], BuiltInRoles.Operations);
        var limited = secondMerchant == merchants[0] ? null : Member("operator@demo.ks", secondMerchant, BuiltInRoles.Operations, shopsOf[secondMerchant].First());
        // The agency login is its admin: it requests delegations and assigns itself to them.
        Member("agency@demo.ks", world.AgencyId, BuiltInRoles.AgencyAdmin);
        Member("creator@demo.ks", world.Creators[0].OrganisationId, BuiltInRoles.CreatorOwner);
        Member("reviewer@demo.ks", world.PlatformId, BuiltInRoles.PlatformReviewer);
        await db.SaveChangesAsync(ct);
        if (limited is not null)
            db.MembershipShops.Add(new MembershipShop { MembershipId = limited.Id, ShopId = shopsOf[secondMerchant].First() });

        // The agency runs two of the first merchant's shops for it: operations without money or staff rights.
        var delegation = new Delegation
        {
            MerchantId = merchants[0],
            AgencyId = world.AgencyId,
            Status = DelegationStatus.Active,
            Permissions = PermissionCodes.FormatList([
                Permission.DashboardView, Permission.ShopsView, Permission.CatalogView, Permission.StockView, Permission.ScoresView,
                Permission.CampaignsView, Permission.CampaignsRegister]),
            AllShops = false,
            EndsAt = todayStartUtc.AddDays(90),
            RequestedByUserId = users["agency@demo.ks"].Id,
            RequestedAt = todayStartUtc.AddDays(-30),
            DecidedByUserId = users["owner@demo.ks"].Id,
            DecidedAt = todayStartUtc.AddDays(-29),
        };
        db.Delegations.Add(delegation);
        await db.SaveChangesAsync(ct);
        foreach (var shopId in shopsOf[merchants[0]].Take(2))
            db.DelegationShops.Add(new DelegationShop { DelegationId = delegation.Id, ShopId = shopId });
        db.DelegationAssignments.Add(new DelegationAssignment { DelegationId = delegation.Id, UserId = users["agency@demo.ks"].Id, AssignedAt = todayStartUtc.AddDays(-29) });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
