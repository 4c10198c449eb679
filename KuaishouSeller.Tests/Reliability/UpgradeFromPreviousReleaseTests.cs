using System.Data.Common;
using System.Net;
using System.Text;
using KuaishouSeller.Core.DemoWorld;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace KuaishouSeller.Tests.Reliability;

/// <summary>
/// Upgrades lose nothing: the previous release (built from git) creates and seeds a database and changes stock through
/// its own import verb; then this build's published app starts on that database. It migrates, every table of the old
/// schema keeps its row count, the ledger still proves every stock figure, and every demo login signs in.
/// </summary>
public sealed class UpgradeFromPreviousReleaseTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_new_build_migrates_a_database_of_the_previous_release_and_loses_nothing(DatabaseProvider provider)
    {
        var previous = await PublishedApp.PreviousAsync();
        var current = await PublishedApp.CurrentAsync();
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);

        // The previous release makes the database: its migrations, its seed, then a stocktake through its import verb.
        await AppProcess.RunAsync(previous, database.Options, TimeSpan.FromMinutes(5), "seed", "--size", "demo");
        var merchant = await MerchantAsync(database);
        List<string> codes;
        await using (var db = database.CreateContext())
            codes = await db.Skus.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Select(s => s.Code).Take(40).ToListAsync();
        var file = Path.Combine(Path.GetTempPath(), $"ks-upgrade-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "sku_code,quantity,reason\n" + string.Join('\n', codes.Select((c, i) => $"{c},{7 + i},升级前盘点")) + "\n", new UTF8Encoding(false));
        try
        {
            var import = await AppProcess.RunAsync(previous, database.Options, TimeSpan.FromMinutes(3),
                "import", "--file", file, "--user", "owner@demo.ks", "--kind", "stock", "--mode", "add");
            Assert.Contains("Imported 40 rows", import);
        }
        finally
        {
            File.Delete(file);
        }
        // And the previous release's web app signs the owner in (its first start makes the Data Protection key ring).
        var oldCookies = new CookieContainer();
        await using (var old = AppProcess.Start(previous, database.Options, "previous"))
        {
            await WaitAnswersAsync(old);
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = oldCookies }) { BaseAddress = new Uri(old.RootUri) };
            Assert.Equal(HttpStatusCode.Redirect, (await FormClient.SignInAsync(browser, "owner@demo.ks", DemoWorldSeeder.DemoPassword)).StatusCode);
            old.Kill();
        }
        var before = await RowCountsAsync(database);
        Assert.DoesNotContain(before.Keys, t => t.Equals("JobRuns", StringComparison.OrdinalIgnoreCase));
        Assert.True(before.Values.Sum() > 10_000, "The previous release seeded too little to prove anything.");
        Assert.Empty(await LedgerMismatchesAsync(database, merchant));
        var pendingBefore = await PendingMigrationsAsync(database);
        foreach (var added in new[] { "_DueDates", "_ClusteredJobs", "_StockSortIndexes", "_Buyers", "_OrdersAndShipping", "_BuyerConversations", "_AfterSales", "_ApiKeys", "_OrderIntake", "_Webhooks", "_ExchangesAndOrderCompletion", "_MerchantToShipIndex" })
            Assert.Contains(pendingBefore, m => m.EndsWith(added, StringComparison.Ordinal));

        // This build, published, on the same database: it migrates and becomes ready (migrations applied, scheduler running).
        await using var app = AppProcess.Start(current, database.Options, "upgraded");
        await app.WaitReadyAsync(TimeSpan.FromMinutes(2));
        Assert.Empty(await PendingMigrationsAsync(database));

        var after = await RowCountsAsync(database);
        const string history = "__EFMigrationsHistory";
        Assert.Equal(before[history] + pendingBefore.Count, after[history]); // the migrations since that release, and nothing else
        foreach (var (table, rows) in before.Where(t => t.Key != history))
            Assert.True(after.TryGetValue(table, out var now) && now == rows, $"{table}: {rows} rows before the upgrade, {now} after.");
        Assert.Empty(await LedgerMismatchesAsync(database, merchant));

        // The deadlines the DueDates migration wrote for the facts already stored are the ones new facts get.
        await using (var db = database.CreateContext())
        {
            Assert.Equal(0, await db.Orders.CountAsync(o => o.PickupDueAt != o.PaidAt.AddHours(48) || o.DeliveryDueAt != o.PaidAt.AddDays(5)));
            Assert.Equal(0, await db.Refunds.CountAsync(r => r.HandlingDueAt != r.RequestedAt.AddDays(3)));
            Assert.Equal(0, await db.ChatSessions.CountAsync(c => c.ReplyDueAt != c.StartedAt.AddSeconds(180) ||
                (c.FirstResponseSeconds == null ? c.FirstRepliedAt != null : c.FirstRepliedAt != c.StartedAt.AddSeconds(c.FirstResponseSeconds.Value))));
            Assert.True(await db.Orders.AnyAsync() && await db.ChatSessions.AnyAsync(c => c.FirstResponseSeconds != null));
        }

        // The sign-in cookie the previous release issued still works: the key ring came through.
        var signedIn = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        foreach (Cookie cookie in oldCookies.GetAllCookies()) signedIn.CookieContainer.Add(new Uri(app.RootUri), new Cookie(cookie.Name, cookie.Value, "/"));
        using (var stillSignedIn = new HttpClient(signedIn) { BaseAddress = new Uri(app.RootUri) })
        {
            var stock = await stillSignedIn.GetAsync("/inventory");
            Assert.Equal(HttpStatusCode.OK, stock.StatusCode);
            Assert.Contains("data-testid=\"stock-table\"", await stock.Content.ReadAsStringAsync());
        }

        // The logins that release seeded (later releases add demo logins of their own) all still sign in.
        List<string> seededBefore;
        await using (var db = database.CreateContext())
            seededBefore = await db.Users.Select(u => u.Email!).ToListAsync();
        var oldLogins = DemoWorldSeeder.Logins.Where(l => seededBefore.Contains(l.Email)).ToList();
        Assert.True(oldLogins.Count >= 5, "the previous release's demo logins are in the database");
        foreach (var login in oldLogins)
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(app.RootUri) };
            var signIn = await FormClient.SignInAsync(client, login.Email, login.Password);
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"{login.Email} did not sign in after the upgrade: {signIn.StatusCode}");
            var home = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.DoesNotContain("Input.Password", await home.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The previous release has no /health/ready: its sign-in page answering is its readiness.</summary>
    private static async Task WaitAnswersAsync(AppProcess app)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.RootUri), Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 240; i++)
        {
            Assert.False(app.HasExited, "The previous release exited:\n" + app.Output);
            try
            {
                if ((await client.GetAsync("/Account/Login")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("The previous release did not answer within a minute:\n" + app.Output);
    }

    private static async Task<long> MerchantAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
        return await db.Memberships.Where(m => m.UserId == owner)
            .Join(db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant), m => m.OrganisationId, o => o.Id, (m, o) => o.Id)
            .OrderBy(id => id).FirstAsync();
    }

    /// <summary>The ledger check of this build (the same query the app and the benchmark run).</summary>
    private static async Task<IReadOnlyList<long>> LedgerMismatchesAsync(TestDatabase database, long merchant) =>
        await new CoreServicesFor(database, TimeProvider.System).Stock.LedgerMismatchesAsync(merchant);

    private static async Task<List<string>> PendingMigrationsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.Database.GetPendingMigrationsAsync()).ToList();
    }

    /// <summary>Every table's row count, read from the catalogue (so a table this build does not know is counted too).</summary>
    private static async Task<Dictionary<string, long>> RowCountsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = database.Provider == DatabaseProvider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync());
        }
        return counts;
    }
}
