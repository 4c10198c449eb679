using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Campaigns;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Todo;

/// <summary>One shop's share of today's shipping: how many orders fall due before Beijing midnight and what they are worth.</summary>
public sealed record ShopStake(long ShopId, string ShopName, int DueToday, decimal Points, decimal PerOrder);

/// <summary>待发货: unshipped orders, those due within <see cref="TodoRules.DueSoonHours"/> hours, those already late, and today's stake.</summary>
public sealed record TodoOrders(int ToShip, int DueSoon, int Overdue, int DueToday, decimal PointsToday, IReadOnlyList<ShopStake> Shops);

/// <summary>待处理售后: requests waiting for the merchant, the nearest deadline, and the points their handling deadline holds.</summary>
public sealed record TodoAfterSales(int Pending, DateTime? NearestDue, decimal Points);

/// <summary>待回复会话: conversations waiting for a first reply, how many are already past the reply deadline, and the stake of the rest.</summary>
public sealed record TodoChats(int Waiting, int Overdue, decimal Points);

/// <summary>Rejected registrations of the last <see cref="TodoRules.RejectedDays"/> days, with the campaign of the newest one.</summary>
public sealed record TodoRejections(int Count, long? CampaignId);

/// <summary>The to-do panel of a merchant workspace; a part is null when the user has no right to it.</summary>
public sealed record TodoPanel(DateTime AsOf, TodoOrders? Orders, TodoAfterSales? AfterSales, TodoChats? Chats, TodoRejections? Rejections, int? LowStock)
{
    public bool IsEmpty => Orders is null && AfterSales is null && Chats is null && Rejections is null && LowStock is null;
}

/// <summary>The thresholds the to-do panel and the lists it links to share.</summary>
public static class TodoRules
{
    /// <summary>"Due soon": the pickup deadline falls within this many hours.</summary>
    public const int DueSoonHours = 6;
    public const int RejectedDays = 14;
}

/// <summary>
/// What needs doing now in the current workspace, each count one grouped, indexed query over the shops the user holds
/// the matching right on, and the points at stake from <see cref="PointsAtStake"/> on each shop's latest score.
/// </summary>
public sealed class TodoQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock)
{
    public async Task<TodoPanel> PanelAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Each part counts over the shops its own right covers; the stakes of all of them are read together.
        var orderShops = await ShopsWithAsync(db, scope, Permission.OrdersView, ct);
        var afterSaleShops = await ShopsWithAsync(db, scope, Permission.AfterSalesHandle, ct);
        var chatShops = await ShopsWithAsync(db, scope, Permission.CustomerService, ct);
        var stakes = new ShopStakes(db, [.. new[] { orderShops, afterSaleShops, chatShops }.SelectMany(s => s ?? []).Distinct()]);
        return new TodoPanel(now,
            orderShops is null ? null : await OrdersAsync(db, scope, orderShops, now, stakes, ct),
            afterSaleShops is null ? null : await AfterSalesAsync(db, afterSaleShops, now, stakes, ct),
            chatShops is null ? null : await ChatsAsync(db, chatShops, now, stakes, ct),
            await RejectionsAsync(db, scope, now, ct),
            scope.MerchantWith(Permission.StockView) is { } merchantId
                ? await db.StockItems.Where(s => s.MerchantId == merchantId).CountAsync(Inventory.StockRules.IsLowExpression, ct)
                : null);
    }

    /// <summary>The shops a part of the panel counts over; null (no part) without the right in a merchant workspace.</summary>
    private static async Task<List<long>?> ShopsWithAsync(AppDbContext db, Scope scope, Permission permission, CancellationToken ct) =>
        scope.MerchantWith(permission) is null ? null : await scope.ShopIdsAsync(db, permission, ct);

    private static async Task<TodoOrders> OrdersAsync(AppDbContext db, Scope scope, List<long> shops, DateTime now, ShopStakes stakes, CancellationToken ct)
    {
        var soon = now.AddHours(TodoRules.DueSoonHours);
        var midnight = ShanghaiTime.NextMidnightUtc(now);
        var rows = await db.Orders.AsNoTracking()
            .Where(o => shops.Contains(o.ShopId) && o.Status == OrderStatus.Paid)
            .GroupBy(o => o.ShopId)
            .Select(g => new
            {
                ShopId = g.Key,
                ToShip = g.Count(),
                DueSoon = g.Count(o => o.PickupDueAt >= now && o.PickupDueAt < soon),
                Overdue = g.Count(o => o.PickupDueAt < now),
                DueToday = g.Count(o => o.PickupDueAt >= now && o.PickupDueAt < midnight),
            })
            .ToListAsync(ct);
        var names = await scope.ShopNamesAsync(db, rows.Select(r => r.ShopId), ct);
        var perShop = new List<ShopStake>();
        foreach (var row in rows.Where(r => r.DueToday > 0))
        {
            var stake = await stakes.OfAsync(row.ShopId, IndicatorCatalog.Pickup48hRate, row.DueToday, ct);
            var one = await stakes.OfAsync(row.ShopId, IndicatorCatalog.Pickup48hRate, 1, ct);
            perShop.Add(new ShopStake(row.ShopId, names.GetValueOrDefault(row.ShopId, ""), row.DueToday, stake.Points, one.Points));
        }
        return new TodoOrders(rows.Sum(r => r.ToShip), rows.Sum(r => r.DueSoon), rows.Sum(r => r.Overdue), rows.Sum(r => r.DueToday),
            perShop.Sum(s => s.Points), [.. perShop.OrderByDescending(s => s.Points).ThenBy(s => s.ShopId)]);
    }

    private static async Task<TodoAfterSales> AfterSalesAsync(AppDbContext db, List<long> shops, DateTime now, ShopStakes stakes, CancellationToken ct)
    {
        var rows = await db.Refunds.AsNoTracking()
            .Where(r => shops.Contains(r.ShopId) && r.Status == RefundStatus.Requested)
            .GroupBy(r => r.ShopId)
            // The nearest deadline is the answer window (unanswered, the request is accepted for the merchant); the points
            // are those of the 3-day handling indicator, for requests still within it.
            .Select(g => new { ShopId = g.Key, Pending = g.Count(), InTime = g.Count(r => r.HandlingDueAt >= now), Nearest = g.Min(r => (DateTime?)r.RespondDueAt) })
            .ToListAsync(ct);
        decimal points = 0;
        foreach (var row in rows.Where(r => r.InTime > 0))
            points += (await stakes.OfAsync(row.ShopId, IndicatorCatalog.Refund3dResolveRate, row.InTime, ct)).Points;
        return new TodoAfterSales(rows.Sum(r => r.Pending), rows.Min(r => r.Nearest), points);
    }

    private static async Task<TodoChats> ChatsAsync(AppDbContext db, List<long> shops, DateTime now, ShopStakes stakes, CancellationToken ct)
    {
        // Waiting = the conversation's state (a follow-up waits too); the points are those of first replies still in time.
        var waitedTooLong = now.AddSeconds(-IndicatorCatalog.ChatReplySeconds);
        var rows = await db.ChatSessions.AsNoTracking()
            .Where(c => shops.Contains(c.ShopId) && c.State == Service.ConversationState.Waiting)
            .GroupBy(c => c.ShopId)
            .Select(g => new
            {
                ShopId = g.Key,
                Waiting = g.Count(),
                Overdue = g.Count(c => c.WaitingSince < waitedTooLong),
                FirstInTime = g.Count(c => c.FirstRepliedAt == null && c.ReplyDueAt >= now),
            })
            .ToListAsync(ct);
        decimal points = 0;
        foreach (var row in rows.Where(r => r.FirstInTime > 0))
            points += (await stakes.OfAsync(row.ShopId, IndicatorCatalog.ChatReply3minRate, row.FirstInTime, ct)).Points;
        return new TodoChats(rows.Sum(r => r.Waiting), rows.Sum(r => r.Overdue), points);
    }

    private static async Task<TodoRejections?> RejectionsAsync(AppDbContext db, Scope scope, DateTime now, CancellationToken ct)
    {
        if (scope.MerchantWith(Permission.CampaignsView) is not { } merchantId) return null;
        var since = now.AddDays(-TodoRules.RejectedDays);
        var rejected = db.CampaignRegistrations.AsNoTracking()
            .Where(r => r.OrganisationId == merchantId && r.State == RegistrationState.Rejected && r.DecidedAt >= since);
        var count = await rejected.CountAsync(ct);
        var campaign = count == 0 ? null : await rejected.OrderByDescending(r => r.DecidedAt).Select(r => (long?)r.CampaignId).FirstAsync(ct);
        return new TodoRejections(count, campaign);
    }
}
