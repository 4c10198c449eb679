using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Planning;

public sealed record PlanFigures(long GmvTargetFen, long GmvActualFen, int OrdersTarget, int OrdersActual)
{
    public static readonly PlanFigures Zero = new(0, 0, 0, 0);
    /// <summary>Actual as a share of target; null when there is no target.</summary>
    public decimal? Attainment => GmvTargetFen == 0 ? null : GmvActualFen / (decimal)GmvTargetFen;
    public PlanFigures Plus(PlanFigures o) => new(GmvTargetFen + o.GmvTargetFen, GmvActualFen + o.GmvActualFen, OrdersTarget + o.OrdersTarget, OrdersActual + o.OrdersActual);
}

public sealed record PlanChannelRow(SalesChannel Channel, PlanFigures Figures);

public sealed record PlanShopRow(long ShopId, string ShopName, PlanFigures Total, IReadOnlyList<PlanChannelRow> Channels);

/// <summary>
/// The board of one month: every shop in the workspace side by side and the consolidated total. Pace is the share
/// of the month that has passed, so "attainment below pace" means the shop is behind plan.
/// </summary>
public sealed record PlanBoard(DateOnly Month, decimal Pace, IReadOnlyList<PlanShopRow> Shops, PlanFigures Total, IReadOnlyList<PlanChannelRow> TotalByChannel, bool CanEdit)
{
    /// <summary>A month "has just started" in its first days: the board says so and offers the month before.</summary>
    public const int JustStartedDays = 3;

    /// <summary>Today's day of the month when the board shows the current month (Beijing time); null for any other month.</summary>
    public int? DayOfMonth { get; init; }

    public bool JustStarted => DayOfMonth is { } day && day <= JustStartedDays;

    public DateOnly PreviousMonth => Month.AddMonths(-1);
}

public sealed record PlanDay(DateOnly Day, long GmvFen, long CumulativeFen, long CumulativeTargetFen);

public sealed record PlanShopDetail(PlanShopRow Shop, DateOnly Month, decimal Pace, IReadOnlyList<PlanDay> Days, bool CanEdit);

/// <summary>One plan (一盘棋): monthly targets per shop and channel against actual sales, for every shop in scope.</summary>
public sealed class PlanService(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, AccessService access, CommandRunner commands, TimeProvider clock)
{
    public const long MaxGmvTargetFen = 100_000_000_000_00; // ¥100 亿 per shop, channel and month

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    public async Task<PlanBoard> BoardAsync(string userId, DateOnly month, CancellationToken ct = default)
    {
        month = MonthOf(month);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var shopIds = await scope.ShopIdsAsync(db, Permission.DashboardView, ct);
        var rows = await ShopRowsAsync(db, shopIds, month, ct);
        var total = rows.Aggregate(PlanFigures.Zero, (sum, r) => sum.Plus(r.Total));
        var byChannel = Enum.GetValues<SalesChannel>()
            .Select(c => new PlanChannelRow(c, rows.Select(r => r.Channels.First(x => x.Channel == c).Figures).Aggregate(PlanFigures.Zero, (a, b) => a.Plus(b))))
            .ToList();
        var canEdit = scope.Workspace is { } w && shopIds.Any(id => scope.Actor.Can(Permission.PlanEdit, w.OrganisationId, ShopTarget.Shop(id)));
        var today = ShanghaiTime.Today(clock);
        return new PlanBoard(month, Pace(month), rows, total, byChannel, canEdit) { DayOfMonth = MonthOf(today) == month ? today.Day : null };
    }

    public async Task<PlanShopDetail> ShopAsync(string userId, long shopId, DateOnly month, CancellationToken ct = default)
    {
        month = MonthOf(month);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var merchantId = await db.Shops.Where(s => s.Id == shopId).Select(s => (long?)s.MerchantId).FirstOrDefaultAsync(ct) ?? throw UnknownShop();
        // A foreign shop answers exactly like a missing one.
        await access.RequireAsync(scope.Actor, Permission.DashboardView, merchantId, ShopTarget.Shop(shopId), "plan.view", ct, UnknownShop());
        var row = (await ShopRowsAsync(db, [shopId], month, ct)).Single();

        var (fromUtc, toUtc) = Bounds(month);
        var daily = (await db.Orders.AsNoTracking()
                .Where(o => o.ShopId == shopId && o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled)
                .GroupBy(o => o.PaidAt.AddHours(ShanghaiTime.UtcOffsetHours).Date)
                .Select(g => new { Day = g.Key, Gmv = g.Sum(o => o.AmountFen) })
                .ToListAsync(ct))
            .ToDictionary(d => DateOnly.FromDateTime(d.Day), d => d.Gmv);
        var daysInMonth = DateTime.DaysInMonth(month.Year, month.Month);
        var today = ShanghaiTime.Today(clock);
        var days = new List<PlanDay>();
        long cumulative = 0;
        for (var i = 0; i < daysInMonth; i++)
        {
            var day = month.AddDays(i);
            var gmv = daily.GetValueOrDefault(day);
            cumulative += gmv;
            days.Add(new PlanDay(day, gmv, day <= today ? cumulative : 0, row.Total.GmvTargetFen * (i + 1) / daysInMonth));
        }
        return new PlanShopDetail(row, month, Pace(month), days, scope.Actor.Can(Permission.PlanEdit, merchantId, ShopTarget.Shop(shopId)));
    }

    /// <summary>Sets (or clears, with zeros) one shop's target for one channel and month.</summary>
    public Task SetTargetAsync(string userId, long shopId, DateOnly month, SalesChannel channel, long gmvTargetFen, int ordersTarget, CancellationToken ct = default)
    {
        if (month.Day != 1) throw new DomainException(new("目标按自然月设置，请选择月份的第一天。", "Targets are set per calendar month; use the first day of the month."));
        if (!Enum.IsDefined(channel)) throw new DomainException(new("未知的经营场域。", "Unknown sales channel."));
        if (gmvTargetFen < 0 || ordersTarget < 0) throw new DomainException(new("目标不能为负数。", "A target cannot be negative."));
        if (gmvTargetFen > MaxGmvTargetFen) throw new DomainException(new("GMV 目标过大。", "The GMV target is too large."));
        var thisMonth = MonthOf(ShanghaiTime.Today(clock));
        if (month < thisMonth.AddMonths(-12) || month > thisMonth.AddMonths(24))
            throw new DomainException(new("只能设置过去 12 个月到未来 24 个月的目标。", "Targets can be set from 12 months back to 24 months ahead."));

        return commands.RunAsync(userId, AuditActions.PlanTargetSet, async c =>
        {
            var shop = await c.Db.Shops.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shopId, c.Cancellation) ?? throw UnknownShop();
            await c.RequireAsync(Permission.PlanEdit, shop.MerchantId, ShopTarget.Shop(shopId), UnknownShop());
            var target = await c.Db.PlanTargets.AsTracking().FirstOrDefaultAsync(p => p.ShopId == shopId && p.Month == month && p.Channel == channel, c.Cancellation);
            var before = target is null ? null : new { gmvTargetFen = target.GmvTargetFen, ordersTarget = target.OrdersTarget };
            if (target is null)
                c.Db.PlanTargets.Add(target = new PlanTarget { MerchantId = shop.MerchantId, ShopId = shopId, Month = month, Channel = channel });
            target.GmvTargetFen = gmvTargetFen;
            target.OrdersTarget = ordersTarget;
            target.UpdatedAt = c.Now;
            target.UpdatedBy = c.Actor.DisplayName;
            c.Audit(new AuditSubject("PlanTarget", $"{shopId}/{month:yyyy-MM}/{channel}", shop.Name), before,
                new { gmvTargetFen, ordersTarget, month = month.ToString("yyyy-MM"), channel = channel.ToString() }, shopId: shopId);
        }, ct);
    }

    private static NotFoundException UnknownShop() => NotFoundException.Of("店铺", "shop");

    private static async Task<List<PlanShopRow>> ShopRowsAsync(AppDbContext db, IReadOnlyCollection<long> shopIds, DateOnly month, CancellationToken ct)
    {
        var (fromUtc, toUtc) = Bounds(month);
        var shops = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var targets = await db.PlanTargets.AsNoTracking().Where(p => shopIds.Contains(p.ShopId) && p.Month == month)
            .Select(p => new { p.ShopId, p.Channel, p.GmvTargetFen, p.OrdersTarget }).ToListAsync(ct);
        var actuals = await db.Orders.AsNoTracking()
            .Where(o => shopIds.Contains(o.ShopId) && o.PaidAt >= fromUtc && o.PaidAt < toUtc && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => new { o.ShopId, o.Channel })
            .Select(g => new { g.Key.ShopId, g.Key.Channel, Gmv = g.Sum(o => o.AmountFen), Orders = g.Count() })
            .ToListAsync(ct);
        return shops.Select(shop =>
        {
            var channels = Enum.GetValues<SalesChannel>().Select(c =>
            {
                var t = targets.FirstOrDefault(x => x.ShopId == shop.Id && x.Channel == c);
                var a = actuals.FirstOrDefault(x => x.ShopId == shop.Id && x.Channel == c);
                return new PlanChannelRow(c, new PlanFigures(t?.GmvTargetFen ?? 0, a?.Gmv ?? 0, t?.OrdersTarget ?? 0, a?.Orders ?? 0));
            }).ToList();
            return new PlanShopRow(shop.Id, shop.Name, channels.Aggregate(PlanFigures.Zero, (sum, c) => sum.Plus(c.Figures)), channels);
        }).ToList();
    }

    private static (DateTime FromUtc, DateTime ToUtc) Bounds(DateOnly month) =>
        (ShanghaiTime.StartOfDayUtc(month), ShanghaiTime.StartOfDayUtc(month.AddMonths(1)));

    /// <summary>The share of the month that has passed (0 for a future month, 1 for a past one).</summary>
    private decimal Pace(DateOnly month)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = Bounds(month);
        if (now <= from) return 0;
        if (now >= to) return 1;
        return (decimal)((now - from).TotalSeconds / (to - from).TotalSeconds);
    }
}
