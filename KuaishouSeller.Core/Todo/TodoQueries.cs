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
/// What needs doing now in the current workspace: every per-shop count, each shop's latest score and the current
/// rulebook in one statement over the shops the user holds any of the panel's rights on (each part then adds up only
/// the shops its own right covers), the points at stake from <see cref="PointsAtStake"/> on those scores.
/// </summary>
public sealed class TodoQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock)
{
    public async Task<TodoPanel> PanelAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var orderShops = await ShopsWithAsync(db, scope, Permission.OrdersView, ct);
        var afterSaleShops = await ShopsWithAsync(db, scope, Permission.AfterSalesHandle, ct);
        var chatShops = await ShopsWithAsync(db, scope, Permission.CustomerService, ct);
        List<long> shops = [.. new[] { orderShops, afterSaleShops, chatShops }.SelectMany(s => s ?? []).Distinct()];
        var counts = shops.Count == 0 ? [] : await CountsAsync(db, shops, now, ct);
        var stakes = ShopStakes.Read(db, counts.FirstOrDefault()?.RulebookId, counts.ToDictionary(c => c.ShopId, c => c.LatestScore));
        return new TodoPanel(now,
            orderShops is null ? null : await OrdersAsync(Of(counts, orderShops), stakes, ct),
            afterSaleShops is null ? null : await AfterSalesAsync(Of(counts, afterSaleShops), stakes, ct),
            chatShops is null ? null : await ChatsAsync(Of(counts, chatShops), stakes, ct),
            await RejectionsAsync(db, scope, now, ct),
            scope.MerchantWith(Permission.StockView) is { } merchantId
                ? await db.StockItems.Where(s => s.MerchantId == merchantId).CountAsync(Inventory.StockRules.IsLowExpression, ct)
                : null);
    }

    /// <summary>The shops a part of the panel counts over; null (no part) without the right in a merchant workspace.</summary>
    private static async Task<List<long>?> ShopsWithAsync(AppDbContext db, Scope scope, Permission permission, CancellationToken ct) =>
        scope.MerchantWith(permission) is null ? null : await scope.ShopIdsAsync(db, permission, ct);

    private static List<ShopCounts> Of(List<ShopCounts> counts, List<long> shops) => [.. counts.Where(c => shops.Contains(c.ShopId))];

    /// <summary>A shop's share of every part: the panel's one statement, each count a seek on its table's (shop, state) index.</summary>
    private sealed record ShopCounts(long ShopId, string Name, int ToShip, int DueSoon, int Overdue, int DueToday,
        int Refunds, int RefundsInTime, DateTime? NearestRefundDue, int Waiting, int ChatsOverdue, int FirstRepliesInTime,
        string? LatestScore, long? RulebookId);

    private static Task<List<ShopCounts>> CountsAsync(AppDbContext db, List<long> shops, DateTime now, CancellationToken ct)
    {
        var soon = now.AddHours(TodoRules.DueSoonHours);
        var midnight = ShanghaiTime.NextMidnightUtc(now);
        var waitedTooLong = now.AddSeconds(-IndicatorCatalog.ChatReplySeconds);
        var paid = db.Orders.Where(o => o.Status == OrderStatus.Paid);
        var requested = db.Refunds.Where(r => r.Status == RefundStatus.Requested);
        var waiting = db.ChatSessions.Where(c => c.State == Service.ConversationState.Waiting);
        var latestScores = ShopStakes.LatestShopScores(db);
        var rulebook = ShopStakes.CurrentRulebookIds(db);
        return db.Shops.AsNoTracking()
            .Where(s => shops.Contains(s.Id))
            .Select(s => new ShopCounts(s.Id, s.Name,
                paid.Count(o => o.ShopId == s.Id),
                paid.Count(o => o.ShopId == s.Id && o.PickupDueAt >= now && o.PickupDueAt < soon),
                paid.Count(o => o.ShopId == s.Id && o.PickupDueAt < now),
                paid.Count(o => o.ShopId == s.Id && o.PickupDueAt >= now && o.PickupDueAt < midnight),
                // The nearest deadline is the answer window (unanswered, the request is accepted for the merchant); the
                // points are those of the 3-day handling indicator, for requests still within it.
                requested.Count(r => r.ShopId == s.Id),
                requested.Count(r => r.ShopId == s.Id && r.HandlingDueAt >= now),
                requested.Where(r => r.ShopId == s.Id).Min(r => (DateTime?)r.RespondDueAt),
                // Waiting = the conversation's state (a follow-up waits too); the points are those of first replies in time.
                waiting.Count(c => c.ShopId == s.Id),
                waiting.Count(c => c.ShopId == s.Id && c.WaitingSince < waitedTooLong),
                waiting.Count(c => c.ShopId == s.Id && c.FirstRepliedAt == null && c.ReplyDueAt >= now),
                latestScores.Where(l => l.SubjectId == s.Id).Select(l => l.Detail).FirstOrDefault(),
                rulebook.Select(id => (long?)id).FirstOrDefault()))
            .ToListAsync(ct);
    }

    private static async Task<TodoOrders> OrdersAsync(List<ShopCounts> rows, ShopStakes stakes, CancellationToken ct)
    {
        var perShop = new List<ShopStake>();
        foreach (var row in rows.Where(r => r.DueToday > 0))
        {
            var stake = await stakes.OfAsync(row.ShopId, IndicatorCatalog.Pickup48hRate, row.DueToday, ct);
            var one = await stakes.OfAsync(row.ShopId, IndicatorCatalog.Pickup48hRate, 1, ct);
            perShop.Add(new ShopStake(row.ShopId, row.Name, row.DueToday, stake.Points, one.Points));
        }
        return new TodoOrders(rows.Sum(r => r.ToShip), rows.Sum(r => r.DueSoon), rows.Sum(r => r.Overdue), rows.Sum(r => r.DueToday),
            perShop.Sum(s => s.Points), [.. perShop.OrderByDescending(s => s.Points).ThenBy(s => s.ShopId)]);
    }

    private static async Task<TodoAfterSales> AfterSalesAsync(List<ShopCounts> rows, ShopStakes stakes, CancellationToken ct)
    {
        decimal points = 0;
        foreach (var row in rows.Where(r => r.RefundsInTime > 0))
            points += (await stakes.OfAsync(row.ShopId, IndicatorCatalog.Refund3dResolveRate, row.RefundsInTime, ct)).Points;
        return new TodoAfterSales(rows.Sum(r => r.Refunds), rows.Min(r => r.NearestRefundDue), points);
    }

    private static async Task<TodoChats> ChatsAsync(List<ShopCounts> rows, ShopStakes stakes, CancellationToken ct)
    {
        decimal points = 0;
        foreach (var row in rows.Where(r => r.FirstRepliesInTime > 0))
            points += (await stakes.OfAsync(row.ShopId, IndicatorCatalog.ChatReply3minRate, row.FirstRepliesInTime, ct)).Points;
        return new TodoChats(rows.Sum(r => r.Waiting), rows.Sum(r => r.ChatsOverdue), points);
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
