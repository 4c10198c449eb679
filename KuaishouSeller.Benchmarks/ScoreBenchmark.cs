using System.Diagnostics;
using System.Globalization;
using KuaishouSeller.Core;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KuaishouSeller.Benchmarks;

/// <summary>
/// Recomputing every score for one day (shops, every listing sold in the window, creators), printed beside one raw
/// grouped aggregate over the same window's orders (the floor no recompute can beat), and the score page's server time.
/// </summary>
public sealed class ScoreBenchmark : IBenchmark
{
    public string Name => "scores";
    public string Description => "full score recompute beside the raw-aggregate floor, and the score pages' server time";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchWorld world, BenchOptions options)
    {
        var (provider, database, services) = (world.Provider, world.Database, world.Services);
        var figures = new FigureList(Name, world);
        using var scope = services.CreateScope();
        var scores = scope.ServiceProvider.GetRequiredService<ScoreService>();
        var queries = scope.ServiceProvider.GetRequiredService<ScoreQueries>();
        var day = scores.LatestCompleteDay;
        var fromUtc = ShanghaiTime.StartOfDayUtc(day.AddDays(-29));
        var toUtc = ShanghaiTime.StartOfDayUtc(day.AddDays(1));

        var floor = new List<double>();
        var fullFloor = new List<double>();
        var recompute = new List<double>();
        RecomputeReport? report = null;
        for (var run = 0; run < 3; run++)
        {
            await using (var db = DatabaseSetup.CreateContext(database))
            {
                var stopwatch = Stopwatch.StartNew();
                var rows = await db.Orders.Where(o => o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled)
                    .GroupBy(o => o.ListingId).Select(g => new { g.Key, Count = g.Count(), Gmv = g.Sum(o => o.AmountFen) }).ToListAsync();
                floor.Add(stopwatch.Elapsed.TotalSeconds);
                if (run == 0) Console.WriteLine($"{provider,-8} window {day.AddDays(-29):yyyy-MM-dd}..{day:yyyy-MM-dd}: {rows.Sum(r => r.Count):N0} orders over {rows.Count:N0} listings");
            }
            fullFloor.Add(await HandWrittenFactsAsync(database, fromUtc, toUtc));
            var timer = Stopwatch.StartNew();
            report = await scores.RecomputeAsync(day);
            recompute.Add(timer.Elapsed.TotalSeconds);
            Console.WriteLine($"{provider,-8} run {run + 1}: recompute {recompute[^1]:0.00} s (counting {report.Counting.TotalSeconds:0.00} s, writing {report.Writing.TotalSeconds:0.00} s); " +
                              $"hand-written facts SQL {fullFloor[^1]:0.00} s; raw aggregate {floor[^1]:0.00} s");
        }
        Console.WriteLine($"{provider,-8} recompute every score: {report!.Shops} shops, {report.Products:N0} products, {report.Creators} creators; " +
                          $"best {recompute.Min():0.00} s beside the hand-written facts SQL {fullFloor.Min():0.00} s ({recompute.Min() / fullFloor.Min():0.00}×)");

        string owner;
        long shop, listing;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            var merchant = await db.Organisations.Where(o => o.Kind == OrganisationKind.Merchant).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            owner = await db.Users.Where(u => u.Email == "owner@demo.ks").Select(u => u.Id).SingleAsync();
            shop = await db.Shops.Where(s => s.MerchantId == merchant).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            listing = await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Product && s.ShopId == shop).Select(s => s.SubjectId).FirstAsync();
        }
        var (shopP50, shopP95) = await Timings.MeasureAsync(options.Runs, () => queries.PageAsync(owner, ScoreSubject.Shop, shop));
        var (productP50, productP95) = await Timings.MeasureAsync(options.Runs, () => queries.PageAsync(owner, ScoreSubject.Product, listing));
        var (costP50, costP95) = await Timings.MeasureAsync(options.Runs, () =>
            queries.CostingAsync(owner, ScoreSubject.Shop, shop, IndicatorCatalog.QualityRefundRate, day, 30, new PageRequest(0, 10)));
        Console.WriteLine($"{provider,-8} score page (server time of its data call, {options.Runs} runs): shop p50 {shopP50:0.0} ms p95 {shopP95:0.0} ms; " +
                          $"product p50 {productP50:0.0} ms p95 {productP95:0.0} ms; orders behind an indicator p50 {costP50:0.0} ms p95 {costP95:0.0} ms");
        figures.Beside("recompute every score, best of 3", "s", recompute.Min(), "hand-written SQL of every indicator count, best of 3", fullFloor.Min());
        figures.Value("raw grouped aggregate (one COUNT/SUM by listing), best of 3", "s", floor.Min());
        figures.Value("products scored", "count", report.Products);
        figures.Latency("shop score page data", (shopP50, shopP95));
        figures.Latency("product score page data", (productP50, productP95));
        figures.Latency("orders behind an indicator", (costP50, costP95));
        return figures;
    }

    /// <summary>
    /// The floor for a recompute: one hand-written statement counting every indicator's facts over the window, with the
    /// refund, review and complaint joins, grouped by shop, listing and creator (plus the chats by shop), using the
    /// stored deadlines as the engine does. Whatever a recompute adds beyond it is scoring and writing.
    /// </summary>
    private static async Task<double> HandWrittenFactsAsync(DatabaseOptions database, DateTime fromUtc, DateTime asOfUtc)
    {
        int[] quality = [(int)RefundReason.QualityProblem, (int)RefundReason.NotAsDescribed, (int)RefundReason.WrongItem];
        var inQuality = string.Join(", ", quality);
        var sql = $"""
            SELECT o."ShopId", o."ListingId", o."CreatorId", COUNT(*),
                   SUM(CASE WHEN (o."PickedUpAt" IS NOT NULL AND o."PickedUpAt" < @asOf) OR o."PickupDueAt" < @asOf THEN 1 ELSE 0 END),
                   SUM(CASE WHEN o."PickedUpAt" IS NOT NULL AND o."PickedUpAt" <= o."PickupDueAt" AND o."PickedUpAt" < @asOf THEN 1 ELSE 0 END),
                   SUM(CASE WHEN (o."DeliveredAt" IS NOT NULL AND o."DeliveredAt" < @asOf) OR o."DeliveryDueAt" < @asOf THEN 1 ELSE 0 END),
                   SUM(CASE WHEN o."DeliveredAt" IS NOT NULL AND o."DeliveredAt" <= o."DeliveryDueAt" AND o."DeliveredAt" < @asOf THEN 1 ELSE 0 END),
                   SUM(COALESCE(r.n, 0)), SUM(COALESCE(r.q, 0)), SUM(COALESCE(r.a, 0)), SUM(COALESCE(r.t, 0)),
                   SUM(COALESCE(v.n, 0)), SUM(COALESCE(v.neg, 0)), SUM(COALESCE(v.good, 0)),
                   SUM(COALESCE(c.p, 0)), SUM(COALESCE(c.l, 0)), SUM(COALESCE(c.s, 0))
            FROM "Orders" o
            LEFT JOIN (SELECT x."OrderId", COUNT(*) AS n,
                              SUM(CASE WHEN x."Reason" IN ({inQuality}) THEN 1 ELSE 0 END) AS q,
                              SUM(CASE WHEN (x."ResolvedAt" IS NOT NULL AND x."ResolvedAt" < @asOf) OR x."HandlingDueAt" < @asOf THEN 1 ELSE 0 END) AS a,
                              SUM(CASE WHEN x."ResolvedAt" IS NOT NULL AND x."ResolvedAt" <= x."HandlingDueAt" AND x."ResolvedAt" < @asOf THEN 1 ELSE 0 END) AS t
                       FROM "Refunds" x JOIN "Orders" y ON y."Id" = x."OrderId"
                       WHERE x."AmountFen" >= 0 AND x."AmountFen" <= y."AmountFen" AND x."RequestedAt" < @asOf
                       GROUP BY x."OrderId") r ON r."OrderId" = o."Id"
            LEFT JOIN (SELECT "OrderId", COUNT(*) AS n,
                              SUM(CASE WHEN "Rating" <= {IndicatorCatalog.NegativeMaxRating} THEN 1 ELSE 0 END) AS neg,
                              SUM(CASE WHEN "Rating" >= {IndicatorCatalog.GoodMinRating} THEN 1 ELSE 0 END) AS good
                       FROM "Reviews" WHERE "CreatedAt" < @asOf GROUP BY "OrderId") v ON v."OrderId" = o."Id"
            LEFT JOIN (SELECT "OrderId",
                              SUM(CASE WHEN "Kind" IN ({(int)ComplaintKind.ProductQuality}, {(int)ComplaintKind.FalseAdvertising}) THEN 1 ELSE 0 END) AS p,
                              SUM(CASE WHEN "Kind" = {(int)ComplaintKind.Logistics} THEN 1 ELSE 0 END) AS l,
                              SUM(CASE WHEN "Kind" = {(int)ComplaintKind.Service} THEN 1 ELSE 0 END) AS s
                       FROM "Complaints" WHERE "Upheld" AND "CreatedAt" < @asOf GROUP BY "OrderId") c ON c."OrderId" = o."Id"
            WHERE o."PaidAt" >= @from AND o."PaidAt" < @asOf AND o."Status" <> {(int)OrderStatus.Cancelled} AND o."AmountFen" >= 0
              AND (o."ShippedAt" IS NULL OR o."ShippedAt" >= o."PaidAt")
              AND (o."DeliveredAt" IS NULL OR (o."ShippedAt" IS NOT NULL AND o."DeliveredAt" >= o."ShippedAt"))
            GROUP BY o."ShopId", o."ListingId", o."CreatorId";
            SELECT "ShopId", COUNT(*),
                   SUM(CASE WHEN (c."FirstRepliedAt" IS NOT NULL AND c."FirstRepliedAt" < @asOf) OR c."ReplyDueAt" < @asOf THEN 1 ELSE 0 END),
                   SUM(CASE WHEN c."FirstRepliedAt" IS NOT NULL AND c."FirstRepliedAt" <= c."ReplyDueAt" AND c."FirstRepliedAt" < @asOf THEN 1 ELSE 0 END)
            FROM "ChatSessions" c WHERE c."StartedAt" >= @from AND c."StartedAt" < @asOf GROUP BY "ShopId";
            """;
        await using var db = DatabaseSetup.CreateContext(database);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 300;
        foreach (var (name, value) in new[] { ("@from", fromUtc), ("@asOf", asOfUtc) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            // SQLite stores DateTime as text in EF's format; PostgreSQL as timestamptz.
            parameter.Value = database.Provider == DatabaseProvider.Sqlite ? value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) : value;
            command.Parameters.Add(parameter);
        }
        var stopwatch = Stopwatch.StartNew();
        await using var reader = await command.ExecuteReaderAsync();
        var cells = 0;
        do
        {
            while (await reader.ReadAsync())
            {
                for (var i = 3; i < reader.FieldCount; i++) _ = reader.GetInt64(i);
                cells++;
            }
        } while (await reader.NextResultAsync());
        if (cells == 0) throw new InvalidOperationException("the hand-written facts query found nothing");
        return stopwatch.Elapsed.TotalSeconds;
    }
}