using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Rollups;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Dashboard;

public sealed record ChannelFigures(SalesChannel Channel, long GmvFen, int Orders);

public sealed record DailyGmv(DateOnly Day, long GmvFen);

/// <summary>One field of 全域经营: a sales channel, or one shelf entrance (泛货架 split by where the buyer came in).</summary>
public sealed record FieldRow(SalesChannel Channel, ShelfEntrance Entrance, long GmvFen, int Orders, long PreviousGmvFen, long YearAgoGmvFen)
{
    /// <summary>Daily visitors summed over the period.</summary>
    public long Visitors { get; init; }
    /// <summary>Orders per visitor.</summary>
    public decimal? Conversion => Visitors == 0 ? null : Orders / (decimal)Visitors;
    public decimal? Change => PreviousGmvFen == 0 ? null : (GmvFen - PreviousGmvFen) / (decimal)PreviousGmvFen;
    public decimal? YearOnYear => YearAgoGmvFen == 0 ? null : (GmvFen - YearAgoGmvFen) / (decimal)YearAgoGmvFen;
}

public sealed record TopRow(long Id, string Name, string? Detail, long GmvFen, int Orders);

public sealed record DashboardOverview(
    DateOnly From,
    DateOnly To,
    int Shops,
    long GmvFen,
    int Orders,
    int Buyers,
    long PreviousGmvFen,
    IReadOnlyList<ChannelFigures> ByChannel,
    IReadOnlyList<DailyGmv> Daily)
{
    public decimal? GmvChange => PreviousGmvFen == 0 ? null : (GmvFen - PreviousGmvFen) / (decimal)PreviousGmvFen;
    public int PreviousOrders { get; init; }
    public long YearAgoGmvFen { get; init; }
    public decimal? YearOnYear => YearAgoGmvFen == 0 ? null : (GmvFen - YearAgoGmvFen) / (decimal)YearAgoGmvFen;
    public long CommissionFen { get; init; }
    public long Visitors { get; init; }
    public decimal? Conversion => Visitors == 0 ? null : Orders / (decimal)Visitors;
    public IReadOnlyList<FieldRow> Fields { get; init; } = [];
    public IReadOnlyDictionary<SalesChannel, IReadOnlyList<long>> DailyByChannel { get; init; } = new Dictionary<SalesChannel, IReadOnlyList<long>>();
    public IReadOnlyList<TopRow> TopGoods { get; init; } = [];
    public IReadOnlyList<TopRow> TopCreators { get; init; } = [];
    public IReadOnlyList<TopRow> TopLiveRooms { get; init; } = [];
    /// <summary>Superior content: the share of GMV that content brought (live, short video, creators).</summary>
    public decimal? ContentShare => GmvFen == 0 ? null : ByChannel.Where(c => c.Channel != SalesChannel.Shelf).Sum(c => c.GmvFen) / (decimal)GmvFen;
    /// <summary>Supply: the share of GMV sold at or below the master list price.</summary>
    public decimal? CompetitivePriceShare { get; init; }
}

/// <summary>
/// The 5S dashboard for the shops in the user's scope, read from the daily rollups (complete Shanghai days, T+1);
/// only the period's distinct buyers are counted from orders, because distinct counts cannot be added up by day.
/// </summary>
public sealed class DashboardQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock, DashboardCache cache)
{
    public const int TopCount = 10;

    public async Task<DashboardOverview> GetOverviewAsync(string userId, int days = 30, CancellationToken ct = default)
    {
        if (days is < 1 or > 366) throw new DomainException(new("统计天数须在 1 到 366 之间。", "The period must be between 1 and 366 days."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var to = ShanghaiTime.Today(clock).AddDays(-1);
        var from = to.AddDays(-(days - 1));
        var shopIds = await scope.ShopIdsAsync(db, Permission.DashboardView, ct);
        var stamp = await db.RollupStates.AsNoTracking().Where(r => r.Id == 1).Select(r => (DateTime?)r.UpdatedAt).FirstOrDefaultAsync(ct) ?? DateTime.MinValue;
        return await cache.GetOrAddAsync(shopIds, to, days, stamp, () => ComputeAsync(db, shopIds, from, to, days, ct));
    }

    private static async Task<DashboardOverview> ComputeAsync(AppDbContext db, IReadOnlyCollection<long> shopIds, DateOnly from, DateOnly to, int days, CancellationToken ct)
    {
        var previousFrom = from.AddDays(-days);
        var yearAgoFrom = from.AddYears(-1);
        var yearAgoTo = to.AddYears(-1);

        var sales = db.DailySales.AsNoTracking().Where(r => shopIds.Contains(r.ShopId));
        var fields = await sales
            .Where(r => (r.Day >= previousFrom && r.Day <= to) || (r.Day >= yearAgoFrom && r.Day <= yearAgoTo))
            .GroupBy(r => new { r.Channel, r.Entrance, Period = r.Day >= from ? 0 : r.Day >= previousFrom ? 1 : 2 })
            .Select(g => new { g.Key.Channel, g.Key.Entrance, g.Key.Period, Gmv = g.Sum(r => r.GmvFen), Orders = g.Sum(r => r.Orders), Commission = g.Sum(r => r.CommissionFen) })
            .ToListAsync(ct);
        var visitors = await db.Traffic.AsNoTracking().Where(t => shopIds.Contains(t.ShopId) && t.Day >= from && t.Day <= to)
            .GroupBy(t => new { t.Channel, t.Entrance }).Select(g => new { g.Key.Channel, g.Key.Entrance, Visitors = g.Sum(t => (long)t.Visitors) }).ToListAsync(ct);
        var daily = await sales.Where(r => r.Day >= from && r.Day <= to)
            .GroupBy(r => new { r.Day, r.Channel }).Select(g => new { g.Key.Day, g.Key.Channel, Gmv = g.Sum(r => r.GmvFen) }).ToListAsync(ct);

        var fromUtc = ShanghaiTime.StartOfDayUtc(from);
        var toUtc = ShanghaiTime.StartOfDayUtc(to.AddDays(1));
        var buyers = await db.Orders.Where(o => shopIds.Contains(o.ShopId) && o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled)
            .Select(o => o.BuyerId).Distinct().CountAsync(ct);

        var current = fields.Where(f => f.Period == 0).ToList();
        var byChannel = Enum.GetValues<SalesChannel>()
            .Select(c => new ChannelFigures(c, current.Where(f => f.Channel == c).Sum(f => f.Gmv), current.Where(f => f.Channel == c).Sum(f => f.Orders))).ToList();
        var fieldRows = fields.GroupBy(f => (f.Channel, f.Entrance))
            .Select(g => new FieldRow(g.Key.Channel, g.Key.Entrance, g.Where(f => f.Period == 0).Sum(f => f.Gmv), g.Where(f => f.Period == 0).Sum(f => f.Orders),
                g.Where(f => f.Period == 1).Sum(f => f.Gmv), g.Where(f => f.Period == 2).Sum(f => f.Gmv))
            {
                Visitors = visitors.Where(v => v.Channel == g.Key.Channel && v.Entrance == g.Key.Entrance).Sum(v => v.Visitors),
            })
            .OrderBy(f => f.Channel).ThenBy(f => f.Entrance).ToList();
        var dayList = Enumerable.Range(0, days).Select(i => from.AddDays(i)).ToList();
        var dailyByChannel = Enum.GetValues<SalesChannel>().ToDictionary(c => c,
            c => (IReadOnlyList<long>)dayList.Select(d => daily.Where(x => x.Day == d && x.Channel == c).Sum(x => x.Gmv)).ToList());

        var (first, last) = (from, to); // "from" is a keyword inside query expressions
        var goods = await (from r in db.DailyListingSales.AsNoTracking()
                           where shopIds.Contains(r.ShopId) && r.Day >= first && r.Day <= last
                           group r by r.ListingId into g
                           orderby g.Sum(x => x.GmvFen) descending
                           select new { Id = g.Key, Gmv = g.Sum(x => x.GmvFen), Orders = g.Sum(x => x.Orders) }).Take(TopCount).ToListAsync(ct);
        var goodsIds = goods.Select(g => g.Id).ToList();
        var goodsNames = await (from l in db.Listings where goodsIds.Contains(l.Id) join s in db.Shops on l.ShopId equals s.Id select new { l.Id, l.Title, Shop = s.Name })
            .ToDictionaryAsync(x => x.Id, ct);
        var partners = db.DailyPartnerSales.AsNoTracking().Where(r => shopIds.Contains(r.ShopId) && r.Day >= from && r.Day <= to);
        var creators = await partners.Where(r => r.Kind == PartnerKind.Creator).GroupBy(r => r.PartnerId)
            .Select(g => new { Id = g.Key, Gmv = g.Sum(x => x.GmvFen), Orders = g.Sum(x => x.Orders) }).OrderByDescending(x => x.Gmv).Take(TopCount).ToListAsync(ct);
        var creatorIds = creators.Select(c => c.Id).ToList();
        var creatorNames = await db.Organisations.Where(o => creatorIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        // Live rooms are the shops' own (self-broadcast); creators' accounts are ranked as creators above.
        var rooms = await partners.Where(r => r.Kind == PartnerKind.SellingAccount &&
                                              db.SellingAccounts.Any(a => a.Id == r.PartnerId && a.Kind == Organisations.SellingAccountKind.ShopLiveRoom))
            .GroupBy(r => r.PartnerId)
            .Select(g => new { Id = g.Key, Gmv = g.Sum(x => x.GmvFen), Orders = g.Sum(x => x.Orders) }).OrderByDescending(x => x.Gmv).Take(TopCount).ToListAsync(ct);
        var roomIds = rooms.Select(r => r.Id).ToList();
        var roomNames = await db.SellingAccounts.Where(a => roomIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => new { a.Nickname, a.KuaishouId }, ct);

        var gmv = byChannel.Sum(c => c.GmvFen);
        var competitive = await sales.Where(r => r.Day >= from && r.Day <= to).SumAsync(r => (long?)r.CompetitiveGmvFen, ct) ?? 0;

        return new DashboardOverview(from, to, shopIds.Count, gmv, byChannel.Sum(c => c.Orders), buyers, fields.Where(f => f.Period == 1).Sum(f => f.Gmv), byChannel,
            dayList.Select(d => new DailyGmv(d, daily.Where(x => x.Day == d).Sum(x => x.Gmv))).ToList())
        {
            PreviousOrders = fields.Where(f => f.Period == 1).Sum(f => f.Orders),
            YearAgoGmvFen = fields.Where(f => f.Period == 2).Sum(f => f.Gmv),
            CommissionFen = current.Sum(f => f.Commission),
            Visitors = visitors.Sum(v => v.Visitors),
            Fields = fieldRows,
            DailyByChannel = dailyByChannel,
            TopGoods = goods.Select(g => new TopRow(g.Id, goodsNames.GetValueOrDefault(g.Id)?.Title ?? g.Id.ToString(), goodsNames.GetValueOrDefault(g.Id)?.Shop, g.Gmv, g.Orders)).ToList(),
            TopCreators = creators.Select(c => new TopRow(c.Id, creatorNames.GetValueOrDefault(c.Id) ?? c.Id.ToString(), null, c.Gmv, c.Orders)).ToList(),
            TopLiveRooms = rooms.Select(r => new TopRow(r.Id, roomNames.GetValueOrDefault(r.Id)?.Nickname ?? r.Id.ToString(), roomNames.GetValueOrDefault(r.Id)?.KuaishouId, r.Gmv, r.Orders)).ToList(),
            CompetitivePriceShare = gmv == 0 ? null : competitive / (decimal)gmv,
        };
    }
}
