using System.Globalization;
using System.Linq.Expressions;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Buyers;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Orders;

/// <summary>
/// The order of the list: newest paid first; nearest pickup deadline first; or most points at stake first (the shops whose
/// experience score one late pickup costs most, each by nearest deadline).
/// </summary>
public enum OrderSort { Newest, Deadline, Stake }

/// <summary>The state tabs of the order list.</summary>
public enum OrderListState { All, ToShip, InTransit, Delivered, Cancelled }

public sealed record OrderFilter
{
    public OrderListState State { get; init; }
    public long? ShopId { get; init; }
    public long? SellingAccountId { get; init; }
    public SalesChannel? Channel { get; init; }
    public long? CreatorId { get; init; }
    /// <summary>Beijing days, inclusive.</summary>
    public DateOnly? PaidFrom { get; init; }
    public DateOnly? PaidTo { get; init; }
    /// <summary>The longest "due within" window a filter takes: a month of hours.</summary>
    public const int MaxDueWithinHours = 24 * 30;
    /// <summary>Unshipped orders whose pickup deadline falls within this many hours from now (at most <see cref="MaxDueWithinHours"/>).</summary>
    public int? DueWithinHours { get; init; }
    /// <summary>Unshipped orders past their pickup deadline.</summary>
    public bool OverdueOnly { get; init; }
    /// <summary>Unshipped orders whose pickup deadline falls between now and the next Beijing midnight (the to-do's "today").</summary>
    public bool DueToday { get; init; }
    public OrderSort Sort { get; init; }
    /// <summary>An order number, a waybill, or a buyer's full phone number.</summary>
    public string? Search { get; init; }
}

public sealed record OrderListRow(long Id, string OrderNo, long ShopId, string ShopName, string Title, string SkuCode, string? ImageUrl, int Quantity,
    long AmountFen, OrderStatus Status, DateTime PaidAt, DateTime PickupDueAt, DateTime? ShippedAt, Carrier? Carrier, string? WaybillNo,
    long BuyerId, MaskedBuyer? Buyer)
{
    /// <summary>Unshipped: the time left to the pickup deadline (negative once overdue); null once shipped or cancelled.</summary>
    public TimeSpan? TimeLeft(DateTime nowUtc) => Status == OrderStatus.Paid ? PickupDueAt - nowUtc : null;
}

/// <summary>One page of the order list, with the cursors of the pages before and after it.</summary>
/// <summary>A page of orders; <see cref="PickupStakes"/> is what one more late pickup costs each shop's score (points).</summary>
public sealed record OrderListPage(IReadOnlyList<OrderListRow> Rows, string? Next, string? Previous, DateTime AsOfUtc)
{
    public IReadOnlyDictionary<long, decimal> PickupStakes { get; init; } = new Dictionary<long, decimal>();
}

public sealed record PickListLine(string SkuCode, string Title, int Quantity, string OrderNo, string Region, string ShopName);

/// <summary>A filter's choices: the shops, live-room accounts and creators of the workspace the user may see orders of.</summary>
public sealed record OrderFilterChoices(IReadOnlyList<(long Id, string Name)> Shops, IReadOnlyList<(long Id, string Name)> Accounts,
    IReadOnlyList<(long Id, string Name)> Creators, bool CanFulfil, Bilingual? Refusal);

/// <summary>
/// The order list of the current workspace, paged by keys (PaidAt desc, Id desc): each page seeks through the
/// (shop or merchant, PaidAt, Id) index to its cursor, so the thousandth page costs what the first does, and rows with
/// equal PaidAt never repeat or go missing between pages.
/// </summary>
public sealed class OrderListQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock)
{
    public const int MaxPickList = 1_000;

    public async Task<OrderFilterChoices> ChoicesAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var shopIds = await scope.ShopIdsAsync(db, Permission.OrdersView, ct);
        var shops = (await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
        var accounts = (await db.SellingAccounts.AsNoTracking().Where(a => a.ShopId != null && shopIds.Contains(a.ShopId.Value)).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Nickname }).ToListAsync(ct)).Select(a => (a.Id, a.Nickname)).ToList();
        var creators = (await db.Organisations.AsNoTracking().Where(o => o.Kind == Organisations.OrganisationKind.Creator).OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name }).Take(200).ToListAsync(ct)).Select(o => (o.Id, o.Name)).ToList();
        var canFulfil = scope.Workspace is { } w && scope.Actor.CanInSomeShop(Permission.OrdersFulfil, w.OrganisationId);
        Bilingual? refusal = shops.Count == 0
            ? scope.Workspace is { } ws ? AccessDeniedException.For(Permission.OrdersView, ws.OrganisationName).UserMessage : new("请先在工作台切换到一个商家。", "Switch to a merchant workspace first.")
            : null;
        return new OrderFilterChoices(shops, accounts, creators, canFulfil, refusal);
    }

    /// <summary>
    /// A page of orders. <paramref name="cursor"/> is a page's <see cref="OrderListPage.Next"/> or <see cref="OrderListPage.Previous"/>
    /// (null for the first page).
    /// </summary>
    public async Task<OrderListPage> ListAsync(string userId, OrderFilter filter, string? cursor, int pageSize = 50, CancellationToken ct = default)
    {
        var take = Math.Clamp(pageSize, 1, PageRequest.MaxPageSize);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var orders = await FilteredAsync(db, userId, filter, now, ct);
        if (orders is null) return new OrderListPage([], null, null, now);

        var key = Cursor.Parse(cursor);
        var backwards = key?.Backwards == true;
        // The stake order ranks the shops by what one late pickup costs each (the engine on each shop's latest score).
        var stakes = filter.Sort == OrderSort.Stake || filter.State == OrderListState.ToShip
            ? await Todo.ShopStakes.PickupPerOrderAsync(db, await ShopIdsAsync(db, userId, ct), ct)
            : new Dictionary<long, decimal>();
        var rank = filter.Sort == OrderSort.Stake ? RankByStake(stakes) : null;
        var ordered = Ordered(orders, filter.Sort, rank, key, backwards);
        // The page's orders first (one index seek, take + 1 to know whether there is more), then only they are joined.
        var ids = await ordered.Take(take + 1).Select(o => new { o.Id, o.PaidAt, o.PickupDueAt, o.ShopId }).ToListAsync(ct);
        var more = ids.Count > take;
        if (more) ids.RemoveAt(ids.Count - 1);
        if (backwards) ids.Reverse();
        var pageIds = ids.Select(i => i.Id).ToList();
        var rows = await Rows(db, db.Orders.Where(o => pageIds.Contains(o.Id))).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id);
        var page = pageIds.Select(id => byId[id]).ToList();

        string? next = null, previous = null;
        if (ids.Count > 0)
        {
            var (first, last) = (ids[0], ids[^1]);
            long RankOf(long shopId) => rank is null ? 0 : rank.Value.Ranks.GetValueOrDefault(shopId, rank.Value.Ranks.Count);
            DateTime AtOf(DateTime paidAt, DateTime dueAt) => filter.Sort == OrderSort.Newest ? paidAt : dueAt;
            // Going forward there is a page before whenever we came from a cursor; going back, a page after always.
            next = (backwards || more) ? Cursor.Format(RankOf(last.ShopId), AtOf(last.PaidAt, last.PickupDueAt), last.Id, false) : null;
            previous = (!backwards && key is not null) || (backwards && more)
                ? Cursor.Format(RankOf(first.ShopId), AtOf(first.PaidAt, first.PickupDueAt), first.Id, true) : null;
        }
        return new OrderListPage(page, next, previous, now) { PickupStakes = stakes };
    }

    private async Task<List<long>> ShopIdsAsync(AppDbContext db, string userId, CancellationToken ct) =>
        await (await workspaces.ResolveAsync(db, userId, ct)).ShopIdsAsync(db, Permission.OrdersView, ct);

    /// <summary>Each shop's place in the stake order (most points first, then by id) and the CASE expression that reads it.</summary>
    private static (IReadOnlyDictionary<long, int> Ranks, Expression<Func<Order, long>> Expression)? RankByStake(IReadOnlyDictionary<long, decimal> stakes)
    {
        var ranks = stakes.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Select((s, i) => (s.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var o = Expression.Parameter(typeof(Order), "o");
        Expression body = Expression.Constant((long)ranks.Count);
        foreach (var (shopId, place) in ranks.OrderByDescending(r => r.Value))
            body = Expression.Condition(
                Expression.Equal(Expression.Property(o, nameof(Order.ShopId)), Expression.Constant(shopId)),
                Expression.Constant((long)place), body);
        return (ranks, Expression.Lambda<Func<Order, long>>(body, o));
    }

    /// <summary>The list in its order from the cursor on: a keyset seek on (PaidAt, Id) descending, or (rank, PickupDueAt, Id) ascending.</summary>
    private static IQueryable<Order> Ordered(IQueryable<Order> orders, OrderSort sort, (IReadOnlyDictionary<long, int> Ranks, Expression<Func<Order, long>> Expression)? rank,
        Cursor? key, bool backwards)
    {
        if (sort == OrderSort.Newest)
        {
            if (key is { } k)
                orders = backwards
                    ? orders.Where(o => o.PaidAt > k.At || (o.PaidAt == k.At && o.Id > k.Id))
                    : orders.Where(o => o.PaidAt < k.At || (o.PaidAt == k.At && o.Id < k.Id));
            return backwards ? orders.OrderBy(o => o.PaidAt).ThenBy(o => o.Id) : orders.OrderByDescending(o => o.PaidAt).ThenByDescending(o => o.Id);
        }
        if (rank is null)
        {
            if (key is { } k)
                orders = backwards
                    ? orders.Where(o => o.PickupDueAt < k.At || (o.PickupDueAt == k.At && o.Id < k.Id))
                    : orders.Where(o => o.PickupDueAt > k.At || (o.PickupDueAt == k.At && o.Id > k.Id));
            return backwards ? orders.OrderByDescending(o => o.PickupDueAt).ThenByDescending(o => o.Id) : orders.OrderBy(o => o.PickupDueAt).ThenBy(o => o.Id);
        }
        var byRank = rank.Value.Expression;
        if (key is { } c)
        {
            // rank > r OR (rank = r AND (due > d OR (due = d AND id > i))), mirrored when reading backwards.
            var o = byRank.Parameters[0];
            var r = Expression.Constant(c.Rank);
            var d = Expression.Constant(c.At);
            var i = Expression.Constant(c.Id);
            var due = Expression.Property(o, nameof(Order.PickupDueAt));
            var id = Expression.Property(o, nameof(Order.Id));
            Func<System.Linq.Expressions.Expression, System.Linq.Expressions.Expression, BinaryExpression> beyond =
                backwards ? Expression.LessThan : Expression.GreaterThan;
            var predicate = Expression.OrElse(beyond(byRank.Body, r),
                Expression.AndAlso(Expression.Equal(byRank.Body, r),
                    Expression.OrElse(beyond(due, d),
                        Expression.AndAlso(Expression.Equal(due, d), beyond(id, i)))));
            orders = orders.Where(Expression.Lambda<Func<Order, bool>>(predicate, o));
        }
        return backwards
            ? orders.OrderByDescending(byRank).ThenByDescending(x => x.PickupDueAt).ThenByDescending(x => x.Id)
            : orders.OrderBy(byRank).ThenBy(x => x.PickupDueAt).ThenBy(x => x.Id);
    }

    /// <summary>A CSV export holds at most this many orders (the newest of the filter).</summary>
    public const int MaxExport = 20_000;

    /// <summary>The filtered orders as CSV, newest first; buyer columns carry the masked values only.</summary>
    public async Task ExportCsvAsync(string userId, OrderFilter filter, Stream output, CancellationToken ct = default)
    {
        var rows = new List<object?[]>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(userId, filter, cursor, PageRequest.MaxPageSize, ct);
            rows.AddRange(page.Rows.Select(r => new object?[]
            {
                r.OrderNo, r.ShopName, ShanghaiTime.Format(r.PaidAt), r.SkuCode, r.Title, r.Quantity, Money.ToYuan(r.AmountFen), r.Status.ToString(),
                r.Carrier is { } c ? Carriers.Of(c).Code : null, r.WaybillNo, ShanghaiTime.Format(r.PickupDueAt),
                r.Buyer?.Name, r.Buyer?.Phone, r.Buyer?.Address,
            }));
            cursor = page.Next;
        } while (cursor is not null && rows.Count < MaxExport);
        string[] header = ["订单号", "店铺", "支付时间", "SKU编码", "商品", "数量", "金额", "状态", "快递公司", "运单号", "揽收时限", "收货人(脱敏)", "手机号(脱敏)", "地址(脱敏)"];
        await Transfer.SheetWriter.WriteCsvAsync(output, header, Stream(rows.Take(MaxExport)), ct);

        static async IAsyncEnumerable<object?[]> Stream(IEnumerable<object?[]> rows)
        {
            foreach (var row in rows) yield return row;
            await Task.CompletedTask;
        }
    }

    /// <summary>The orders for a pick list: the chosen ones (or the first orders of the filter), by SKU.</summary>
    public async Task<IReadOnlyList<PickListLine>> PickListAsync(string userId, OrderFilter filter, IReadOnlyCollection<long>? orderIds, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var orders = await FilteredAsync(db, userId, orderIds is { Count: > 0 } ? new OrderFilter() : filter, clock.GetUtcNow().UtcDateTime, ct);
        if (orders is null) return [];
        if (orderIds is { Count: > 0 })
        {
            var chosen = orderIds.Take(MaxPickList).ToList();
            orders = orders.Where(o => chosen.Contains(o.Id));
        }
        var lines = await (from o in orders.OrderByDescending(o => o.PaidAt).ThenByDescending(o => o.Id).Take(MaxPickList)
                           join l in db.Listings on o.ListingId equals l.Id
                           join k in db.Skus on o.SkuId equals k.Id
                           join s in db.Shops on o.ShopId equals s.Id
                           from b in db.Buyers.Where(b => b.Id == o.BuyerId).DefaultIfEmpty()
                           select new PickListLine(k.Code, l.Title, o.Quantity, o.OrderNo, b == null ? "" : b.Region, s.Name)).ToListAsync(ct);
        return lines.OrderBy(l => l.SkuCode, StringComparer.Ordinal).ThenBy(l => l.OrderNo, StringComparer.Ordinal).ToList();
    }

    /// <summary>The workspace's orders the user may see, with the filter applied; null when there are none to see.</summary>
    private async Task<IQueryable<Order>?> FilteredAsync(AppDbContext db, string userId, OrderFilter filter, DateTime now, CancellationToken ct)
    {
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var shopIds = await scope.ShopIdsAsync(db, Permission.OrdersView, ct);
        if (shopIds.Count == 0 || scope.Workspace is not { } workspace) return null;
        var orders = db.Orders.AsNoTracking();
        if (filter.ShopId is { } shop)
        {
            if (!shopIds.Contains(shop)) return null;
            orders = orders.Where(o => o.ShopId == shop);
        }
        else
        {
            var merchant = workspace.OrganisationId;
            var allShops = await db.Shops.CountAsync(s => s.MerchantId == merchant, ct);
            // Every shop of the merchant: the (MerchantId, PaidAt, Id) index; a subset: the shop index per shop.
            orders = shopIds.Count == allShops && workspace.ShopId is null
                ? orders.Where(o => o.MerchantId == merchant)
                : shopIds.Count == 1 ? orders.Where(o => o.ShopId == shopIds[0]) : orders.Where(o => shopIds.Contains(o.ShopId));
        }
        orders = filter.State switch
        {
            OrderListState.ToShip => orders.Where(o => o.Status == OrderStatus.Paid),
            OrderListState.InTransit => orders.Where(o => o.Status == OrderStatus.Shipped || o.Status == OrderStatus.PickedUp),
            OrderListState.Delivered => orders.Where(o => o.Status == OrderStatus.Delivered || o.Status == OrderStatus.Completed),
            OrderListState.Cancelled => orders.Where(o => o.Status == OrderStatus.Cancelled),
            _ => orders,
        };
        if (filter.SellingAccountId is { } account) orders = orders.Where(o => o.SellingAccountId == account);
        if (filter.Channel is { } channel) orders = orders.Where(o => o.Channel == channel);
        if (filter.CreatorId is { } creator) orders = orders.Where(o => o.CreatorId == creator);
        if (filter.PaidFrom is { } from)
        {
            var fromUtc = ShanghaiTime.StartOfDayUtc(from);
            orders = orders.Where(o => o.PaidAt >= fromUtc);
        }
        if (filter.PaidTo is { } to)
        {
            var toUtc = ShanghaiTime.StartOfDayUtc(to.AddDays(1));
            orders = orders.Where(o => o.PaidAt < toUtc);
        }
        if (filter.DueWithinHours is { } hours)
        {
            var until = now.AddHours(Math.Clamp(hours, 0, OrderFilter.MaxDueWithinHours));
            orders = orders.Where(o => o.Status == OrderStatus.Paid && o.PickupDueAt >= now && o.PickupDueAt <= until);
        }
        if (filter.OverdueOnly) orders = orders.Where(o => o.Status == OrderStatus.Paid && o.PickupDueAt < now);
        if (filter.DueToday)
        {
            var midnight = ShanghaiTime.NextMidnightUtc(now);
            orders = orders.Where(o => o.Status == OrderStatus.Paid && o.PickupDueAt >= now && o.PickupDueAt < midnight);
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            if (term.Length == 11 && term.All(char.IsAsciiDigit))
            {
                // A full phone number through the Buyers.Phone index; rows still show it masked.
                var buyers = db.Buyers.Where(b => b.Phone == term).Select(b => b.Id);
                orders = orders.Where(o => buyers.Contains(o.BuyerId));
            }
            else
            {
                var waybill = term.ToUpperInvariant();
                orders = orders.Where(o => o.OrderNo == term || o.WaybillNo == waybill);
            }
        }
        return orders;
    }

    private static IQueryable<OrderListRow> Rows(AppDbContext db, IQueryable<Order> orders) =>
        from o in orders
        join s in db.Shops on o.ShopId equals s.Id
        join l in db.Listings on o.ListingId equals l.Id
        join k in db.Skus on o.SkuId equals k.Id
        // An upgraded database may hold orders whose buyer was never stored: the row shows the buyer id.
        from b in db.Buyers.Where(b => b.Id == o.BuyerId).DefaultIfEmpty()
        select new OrderListRow(o.Id, o.OrderNo, o.ShopId, s.Name, l.Title, k.Code, k.ImageUrl, o.Quantity, o.AmountFen, o.Status, o.PaidAt,
            o.PickupDueAt, o.ShippedAt, o.Carrier, o.WaybillNo, o.BuyerId,
            b == null ? null : new MaskedBuyer(b.Id, b.Nickname, BuyerMasking.Name(b.Name), BuyerMasking.Phone(b.Phone), BuyerMasking.Address(b.Region, b.Street)));

    /// <summary>A keyset cursor: the (rank, time, Id) of the row next to the page (time = PaidAt or PickupDueAt by the sort), and which way to read.</summary>
    private readonly record struct Cursor(long Rank, DateTime At, long Id, bool Backwards)
    {
        public static string Format(long rank, DateTime at, long id, bool backwards) =>
            $"{(backwards ? 'b' : 'a')}{rank.ToString(CultureInfo.InvariantCulture)}.{at.Ticks.ToString(CultureInfo.InvariantCulture)}.{id.ToString(CultureInfo.InvariantCulture)}";

        public static Cursor? Parse(string? text)
        {
            if (string.IsNullOrEmpty(text) || text.Length < 6 || text[0] is not ('a' or 'b')) return null;
            var parts = text[1..].Split('.');
            return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rank)
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks is >= 0 and <= 3155378975999999999
                   && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new Cursor(rank, new DateTime(ticks, DateTimeKind.Utc), id, text[0] == 'b')
                : null;
        }
    }
}
