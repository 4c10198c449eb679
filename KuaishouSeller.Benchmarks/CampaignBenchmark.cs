using System.Diagnostics;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// Batch registration of 1,000 product cards (add, check every rule, submit) on the seeded world, then the reviewer
/// queue over 100,000 registrations: first page, a deep page, a search and a state filter, and a bulk approval of 200.
/// </summary>
public sealed class CampaignBenchmark : IBenchmark
{
    public string Name => "campaigns";
    public string Description => "batch registration of 1,000 cards (add, check, submit) and the reviewer queue over 100,000 registrations (--rows N)";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        var (provider, database, services) = (world.Provider, world.Database, world.Services);
        var figures = new FigureList(Name, world);
        using var scope = services.CreateScope();
        var campaigns = scope.ServiceProvider.GetRequiredService<CampaignService>();
        var queries = scope.ServiceProvider.GetRequiredService<CampaignQueries>();
        var workspaces = scope.ServiceProvider.GetRequiredService<WorkspaceService>();

        string owner, reviewer;
        long merchant, shop, campaign;
        ParticipationPlan plan;
        List<long> cards;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
            reviewer = await db.Users.Where(u => u.Email == "reviewer@demo.ks").Select(u => u.Id).SingleAsync();
            shop = await db.Listings.Where(l => db.Shops.Any(s => s.Id == l.ShopId && s.MerchantId == merchant))
                .GroupBy(l => l.ShopId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
            campaign = await db.Campaigns.Where(c => c.Code == "618-demo").Select(c => c.Id).SingleAsync();
            plan = await db.ParticipationPlans.SingleAsync(p => p.CampaignId == campaign && p.Role == ParticipationRole.Shelf);
            cards = await db.Listings.Where(l => l.ShopId == shop).OrderBy(l => l.Id).Select(l => l.Id).Take(options.Int("rows", 1_000)).ToListAsync();
        }
        await workspaces.SwitchAsync(owner, merchant, null);

        var batch = await campaigns.StartAsync(owner, campaign, plan.Id, shop, null);
        var (added, addSeconds) = await Timings.TimeAsync(() => campaigns.AddGoodsAsync(owner, batch, cards));
        var (checks, checkSeconds) = await Timings.TimeAsync(() => campaigns.CheckAsync(owner, batch));
        var (submitted, submitSeconds) = await Timings.TimeAsync(() => campaigns.SubmitAsync(owner, batch));
        Console.WriteLine($"{provider,-8} batch of {added:N0} cards: add {addSeconds:0.00} s, check every rule {checkSeconds:0.00} s " +
                          $"({checks.Count(c => c.Passed):N0} pass), submit (checks again) {submitSeconds:0.00} s ({submitted.Submitted:N0} submitted); " +
                          $"check + submit {checkSeconds + submitSeconds:0.00} s");

        var total = await SeedQueueAsync(database, campaign, 100_000);
        var (firstP50, firstP95) = await Timings.MeasureAsync(options.Runs, () => queries.ReviewQueueAsync(reviewer, new ReviewFilter(campaign), new PageRequest(0, 50)));
        var (deepP50, deepP95) = await Timings.MeasureAsync(options.Runs, () => queries.ReviewQueueAsync(reviewer, new ReviewFilter(campaign), new PageRequest(1000, 50)));
        var (searchP50, searchP95) = await Timings.MeasureAsync(options.Runs, () => queries.ReviewQueueAsync(reviewer, new ReviewFilter(campaign, Search: "M01"), new PageRequest(0, 50)));
        var (stateP50, stateP95) = await Timings.MeasureAsync(options.Runs, () => queries.ReviewQueueAsync(reviewer, new ReviewFilter(campaign, RegistrationState.Approved), new PageRequest(0, 50)));
        Console.WriteLine($"{provider,-8} reviewer queue over {total:N0} registrations: first page p50 {firstP50:0.0} / p95 {firstP95:0.0} ms; page 1000 p50 {deepP50:0.0} / p95 {deepP95:0.0} ms; " +
                          $"search p50 {searchP50:0.0} / p95 {searchP95:0.0} ms; approved only p50 {stateP50:0.0} / p95 {stateP95:0.0} ms");

        var page = await queries.ReviewQueueAsync(reviewer, new ReviewFilter(campaign), new PageRequest(0, 200));
        var stopwatch = Stopwatch.StartNew();
        var approved = await campaigns.ApproveAsync(reviewer, page.Rows.Select(r => r.Id).ToList());
        var approveSeconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{provider,-8} bulk approval of {page.Rows.Count} (each locks its stock): {approveSeconds:0.00} s, {approved.Done} approved, {approved.Refused.Count} refused");

        figures.Value("batch cards", "count", added);
        figures.Value("batch add", "s", addSeconds);
        figures.Value("batch check every rule", "s", checkSeconds);
        figures.Value("batch submit (checks again)", "s", submitSeconds);
        figures.Value("batch check + submit", "s", checkSeconds + submitSeconds);
        figures.Value("queue registrations", "count", total);
        figures.Latency("queue first page", (firstP50, firstP95));
        figures.Latency("queue page 1000", (deepP50, deepP95));
        figures.Latency("queue search", (searchP50, searchP95));
        figures.Latency("queue approved only", (stateP50, stateP95));
        figures.Value($"bulk approve {page.Rows.Count}", "s", approveSeconds);
        return figures;
    }

    /// <summary>Bulk-writes submitted (and some approved) registrations over many merchants' cards until the campaign holds <paramref name="count"/>.</summary>
    private static async Task<int> SeedQueueAsync(DatabaseOptions database, long campaign, int count)
    {
        await using var db = DatabaseSetup.CreateContext(database);
        var existing = await db.CampaignRegistrations.CountAsync(r => r.CampaignId == campaign);
        var plans = await db.ParticipationPlans.Where(p => p.CampaignId == campaign && p.Role != ParticipationRole.CreatorCarry).ToListAsync();
        var used = (await db.CampaignRegistrations.Where(r => r.CampaignId == campaign && r.ListingId != null).Select(r => new { r.PlanId, r.ListingId }).ToListAsync())
            .Select(r => (r.PlanId, r.ListingId!.Value)).ToHashSet();
        var cards = await (from l in db.Listings
                           join shop in db.Shops on l.ShopId equals shop.Id
                           join sku in db.Skus on l.SkuId equals sku.Id
                           join spu in db.Spus on sku.SpuId equals spu.Id
                           orderby l.Id
                           select new { l.Id, l.ShopId, shop.MerchantId, l.SkuId, spu.CategoryId, l.PriceFen }).Take(count).ToListAsync();
        var now = DateTime.UtcNow;
        var rows = new List<CampaignRegistration>();
        foreach (var plan in plans)
            foreach (var c in cards)
            {
                if (existing + rows.Count >= count) break;
                if (used.Contains((plan.Id, c.Id))) continue;
                var state = rows.Count % 10 == 0 ? RegistrationState.Approved : RegistrationState.Submitted;
                rows.Add(new CampaignRegistration
                {
                    CampaignId = campaign, PlanId = plan.Id, Role = plan.Role, OrganisationId = c.MerchantId, ShopId = c.ShopId, ListingId = c.Id, SkuId = c.SkuId,
                    CategoryId = c.CategoryId, CampaignPriceFen = c.PriceFen * 9 / 10, CommittedStock = 1, State = state, CreatedBy = "bench",
                    CreatedAt = now, UpdatedAt = now, SubmittedAt = now.AddSeconds(-rows.Count),
                    CommissionPercent = plan.Role == ParticipationRole.Distribution ? 20 : null,
                });
            }
        var ids = await BulkInsert.NextIdsAsync<CampaignRegistration>(db, rows.Count, default);
        for (var i = 0; i < rows.Count; i++) rows[i].Id = ids[i];
        await BulkInsert.InsertAsync(db, rows, default);
        await BulkInsert.AnalyzeAsync(db, default);
        return await db.CampaignRegistrations.CountAsync(r => r.CampaignId == campaign);
    }
}
