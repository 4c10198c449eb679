using System.Diagnostics;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Rollups;

public sealed record RollupReport(DateOnly From, DateOnly To, int Rows, TimeSpan Took);

/// <summary>
/// Keeps the daily rollups up to date incrementally: each refresh rebuilds only the days since the watermark (plus a
/// few days back, because refunds and cancellations arrive late), set-based per day range, in one transaction.
/// </summary>
public sealed class RollupService(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    /// <summary>Late changes (a cancellation days after payment) are picked up by rebuilding this many days before the watermark.</summary>
    public const int LateDays = 3;
    /// <summary>A build writing at least this many rows refreshes the rollup tables' planner statistics.</summary>
    public const int AnalyzeAfterRows = 100_000;

    public async Task<RollupReport> RefreshAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await RefreshAsync(db, clock, null, ct);
    }

    public static async Task<RollupReport> RefreshAsync(AppDbContext db, TimeProvider clock, DateOnly? from, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var yesterday = ShanghaiTime.Today(clock).AddDays(-1);
        var state = await db.RollupStates.AsTracking().FirstOrDefaultAsync(s => s.Id == 1, ct);
        var start = from ?? (state is null
            ? DateOnly.FromDateTime(ShanghaiTime.ToLocal(await db.Orders.MinAsync(o => (DateTime?)o.PaidAt, ct) ?? DateTime.UtcNow))
            : state.RefreshedThrough.AddDays(-LateDays));
        if (start > yesterday) return new RollupReport(start, yesterday, 0, stopwatch.Elapsed);
        var fromUtc = ShanghaiTime.StartOfDayUtc(start);
        var toUtc = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(1));
        var orders = db.Orders.AsNoTracking().Where(o => o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled);
        const int offset = ShanghaiTime.UtcOffsetHours;

        var sales = (await (from o in orders
                                join k in db.Skus on o.SkuId equals k.Id
                                select new { o.PaidAt, o.ShopId, o.MerchantId, o.Channel, o.Entrance, o.AmountFen, o.CommissionFen, o.BuyerId,
                                    Competitive = o.AmountFen <= (long)o.Quantity * k.ListPriceFen ? o.AmountFen : 0 })
                .GroupBy(o => new { Day = o.PaidAt.AddHours(offset).Date, o.ShopId, o.MerchantId, o.Channel, o.Entrance })
                .Select(g => new { g.Key.Day, g.Key.ShopId, g.Key.MerchantId, g.Key.Channel, g.Key.Entrance, Orders = g.Count(), Gmv = g.Sum(o => o.AmountFen),
                    Commission = g.Sum(o => o.CommissionFen), Competitive = g.Sum(o => o.Competitive), Buyers = g.Select(o => o.BuyerId).Distinct().Count() })
                .ToListAsync(ct))
            .Select(r => new DailySales { Day = DateOnly.FromDateTime(r.Day), ShopId = r.ShopId, MerchantId = r.MerchantId, Channel = r.Channel, Entrance = r.Entrance,
                Orders = r.Orders, GmvFen = r.Gmv, CommissionFen = r.Commission, CompetitiveGmvFen = r.Competitive, Buyers = r.Buyers }).ToList();
        var listings = (await orders
                .GroupBy(o => new { Day = o.PaidAt.AddHours(offset).Date, o.ShopId, o.ListingId })
                .Select(g => new { g.Key.Day, g.Key.ShopId, g.Key.ListingId, Orders = g.Count(), Gmv = g.Sum(o => o.AmountFen) })
                .ToListAsync(ct))
            .Select(r => new DailyListingSales { Day = DateOnly.FromDateTime(r.Day), ShopId = r.ShopId, ListingId = r.ListingId, Orders = r.Orders, GmvFen = r.Gmv }).ToList();
        var creators = (await orders.Where(o => o.CreatorId != null)
                .GroupBy(o => new { Day = o.PaidAt.AddHours(offset).Date, o.ShopId, Partner = o.CreatorId!.Value })
                .Select(g => new { g.Key.Day, g.Key.ShopId, g.Key.Partner, Orders = g.Count(), Gmv = g.Sum(o => o.AmountFen), Commission = g.Sum(o => o.CommissionFen) })
                .ToListAsync(ct))
            .Select(r => new DailyPartnerSales { Day = DateOnly.FromDateTime(r.Day), ShopId = r.ShopId, Kind = PartnerKind.Creator, PartnerId = r.Partner, Orders = r.Orders, GmvFen = r.Gmv, CommissionFen = r.Commission });
        var accounts = (await orders.Where(o => o.SellingAccountId != null)
                .GroupBy(o => new { Day = o.PaidAt.AddHours(offset).Date, o.ShopId, Partner = o.SellingAccountId!.Value })
                .Select(g => new { g.Key.Day, g.Key.ShopId, g.Key.Partner, Orders = g.Count(), Gmv = g.Sum(o => o.AmountFen), Commission = g.Sum(o => o.CommissionFen) })
                .ToListAsync(ct))
            .Select(r => new DailyPartnerSales { Day = DateOnly.FromDateTime(r.Day), ShopId = r.ShopId, Kind = PartnerKind.SellingAccount, PartnerId = r.Partner, Orders = r.Orders, GmvFen = r.Gmv, CommissionFen = r.Commission });
        var partners = creators.Concat(accounts).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.DailySales.Where(r => r.Day >= start && r.Day <= yesterday).ExecuteDeleteAsync(ct);
        await db.DailyListingSales.Where(r => r.Day >= start && r.Day <= yesterday).ExecuteDeleteAsync(ct);
        await db.DailyPartnerSales.Where(r => r.Day >= start && r.Day <= yesterday).ExecuteDeleteAsync(ct);
        await BulkInsert.InsertAsync(db, sales, ct);
        await BulkInsert.InsertAsync(db, listings, ct);
        await BulkInsert.InsertAsync(db, partners, ct);
        if (state is null) db.RollupStates.Add(state = new RollupState { Id = 1 });
        state.RefreshedThrough = yesterday;
        // The stamp the dashboard's cache is keyed by: it moves with every refresh, even two within one clock tick.
        var now = clock.GetUtcNow().UtcDateTime;
        state.UpdatedAt = now > state.UpdatedAt ? now : state.UpdatedAt.AddMilliseconds(1);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var written = sales.Count + listings.Count + partners.Count;
        // After a build that rewrote many rows (the first one, or a rebuild) the planner's statistics describe tables that
        // no longer exist: without fresh ones PostgreSQL picked slow plans for the dashboard until autovacuum caught up.
        if (written >= AnalyzeAfterRows)
            await BulkInsert.AnalyzeAsync(db, ct, typeof(DailySales), typeof(DailyListingSales), typeof(DailyPartnerSales));
        return new RollupReport(start, yesterday, written, stopwatch.Elapsed);
    }
}
