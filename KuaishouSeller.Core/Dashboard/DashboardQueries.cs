using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Dashboard;

public sealed record ChannelFigures(SalesChannel Channel, long GmvFen, int Orders);

public sealed record DailyGmv(DateOnly Day, long GmvFen);

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
}

/// <summary>The headline figures of the dashboard for the shops in the user's scope.</summary>
public sealed class DashboardQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock)
{
    /// <summary>
    /// The last <paramref name="days"/> complete Shanghai days, ending yesterday (figures are T+1, as in
    /// every seller centre), compared with the period of the same length before.
    /// </summary>
    public async Task<DashboardOverview> GetOverviewAsync(string userId, int days = 30, CancellationToken ct = default)
    {
        if (days is < 1 or > 366) throw new DomainException(new("统计天数须在 1 到 366 之间。", "The period must be between 1 and 366 days."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var to = ShanghaiTime.Today(clock).AddDays(-1);
        var from = to.AddDays(-(days - 1));
        var fromUtc = ShanghaiTime.StartOfDayUtc(from);
        var toUtc = ShanghaiTime.StartOfDayUtc(to.AddDays(1));
        var previousFromUtc = ShanghaiTime.StartOfDayUtc(from.AddDays(-days));

        var shopIds = await scope.ShopIdsAsync(db, Permission.DashboardView, ct);
        var sold = db.Orders.Where(o => shopIds.Contains(o.ShopId) && o.Status != OrderStatus.Cancelled);
        var current = sold.Where(o => o.PaidAt >= fromUtc && o.PaidAt < toUtc);

        var byChannel = await current
            .GroupBy(o => o.Channel)
            .Select(g => new ChannelFigures(g.Key, g.Sum(o => o.AmountFen), g.Count()))
            .ToListAsync(ct);
        var buyers = await current.Select(o => o.BuyerId).Distinct().CountAsync(ct);
        var previousGmv = await sold.Where(o => o.PaidAt >= previousFromUtc && o.PaidAt < fromUtc).SumAsync(o => (long?)o.AmountFen, ct) ?? 0;

        // Asia/Shanghai is UTC+8 all year (no daylight saving), so shifting by 8 hours gives the local day
        // in SQL on both providers.
        var daily = (await current
                .GroupBy(o => o.PaidAt.AddHours(ShanghaiTime.UtcOffsetHours).Date)
                .Select(g => new { Day = g.Key, Gmv = g.Sum(o => o.AmountFen) })
                .ToListAsync(ct))
            .ToDictionary(d => DateOnly.FromDateTime(d.Day), d => d.Gmv);
        var series = Enumerable.Range(0, days).Select(i => from.AddDays(i))
            .Select(d => new DailyGmv(d, daily.GetValueOrDefault(d))).ToList();

        return new DashboardOverview(from, to, shopIds.Count,
            byChannel.Sum(c => c.GmvFen), byChannel.Sum(c => c.Orders), buyers, previousGmv,
            Enum.GetValues<SalesChannel>().Select(c => byChannel.FirstOrDefault(x => x.Channel == c) ?? new ChannelFigures(c, 0, 0)).ToList(),
            series);
    }
}
