using System.Globalization;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Buyers;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.AfterSales;

/// <summary>The stages the list filters by (a stage may cover more than one status).</summary>
public enum AfterSaleStage { Open, ToAnswer, AwaitingReturn, ReturnInTransit, ToInspect, ToShipReplacement, Done, Rejected, Closed, All }

public sealed record AfterSaleFilter(AfterSaleStage Stage = AfterSaleStage.Open, RefundKind? Kind = null, long? ShopId = null);

public sealed record AfterSaleRow(
    long Id, long OrderId, string OrderNo, long ShopId, string ShopName, string Product, string SkuAttributes, RefundKind Kind, RefundReason Reason,
    RefundStatus Status, long AmountFen, string BuyerWords, string BuyerName, DateTime RequestedAt, DateTime? DueAt);

/// <summary>An action the merchant may take on a request, or why not (the page disables it and shows this; Core still refuses).</summary>
public sealed record AfterSaleOffer(RefundAction Action, Bilingual? Refusal);

public sealed record AfterSaleDetail(
    AfterSaleRow Row, int Quantity, long PaidFen, string? RejectReason, string? ReturnCarrier, string? ReturnWaybill, DateTime? ResolvedAt,
    DateTime? ReturnDueAt, DateTime? ReturnShippedAt, DateTime? ReturnArrivedAt, ReturnOutcome? Outcome, DateTime? CompletedAt,
    string? HandledBy, DateTime? HandledAt, Carrier? ReplacementCarrier, string? ReplacementWaybill, IReadOnlyList<AfterSaleOffer> Offers);

public sealed record AfterSaleCount(AfterSaleStage Stage, int Count);

/// <summary>
/// The after-sales queue of the current workspace (one shop or every shop the actor may handle after-sales in):
/// nearest deadline first, keyset-paged, and one request with what may be done with it.
/// </summary>
public sealed class AfterSaleQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces, TimeProvider clock)
{
    /// <summary>Rows with no deadline sort after every dated one (a constant both providers store).</summary>
    private static readonly DateTime NoDeadline = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public static IReadOnlyList<RefundStatus> StatusesOf(AfterSaleStage stage) => stage switch
    {
        AfterSaleStage.Open => [.. RefundTransitions.Open],
        AfterSaleStage.ToAnswer => [RefundStatus.Requested],
        AfterSaleStage.AwaitingReturn => [RefundStatus.AwaitingReturn],
        AfterSaleStage.ReturnInTransit => [RefundStatus.ReturnShipped],
        AfterSaleStage.ToInspect => [RefundStatus.ReturnArrived],
        AfterSaleStage.ToShipReplacement => [RefundStatus.ReplacementDue],
        AfterSaleStage.Done => [RefundStatus.Approved, RefundStatus.Exchanged],
        AfterSaleStage.Rejected => [RefundStatus.Rejected],
        AfterSaleStage.Closed => [RefundStatus.Closed],
        _ => Enum.GetValues<RefundStatus>(),
    };

    public async Task<PagedResult<AfterSaleRow>> ListAsync(string userId, AfterSaleFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var shopIds = await ShopsAsync(db, userId, filter.ShopId, ct);
        var statuses = StatusesOf(filter.Stage).ToList();
        var refunds = db.Refunds.AsNoTracking().Where(r => shopIds.Contains(r.ShopId) && statuses.Contains(r.Status));
        if (filter.Kind is { } kind) refunds = refunds.Where(r => r.Kind == kind);
        var total = await refunds.CountAsync(ct);

        // The deadline of the current stage (as AfterSaleDueRules.CurrentDue), else "none"; the newest first among equals.
        // Stages nobody is on the clock in (the long tail of finished requests) walk the key alone, newest first.
        var dated = statuses.Any(s => AfterSaleDueRules.CurrentDue(s, DateTime.MinValue, DateTime.MinValue) is not null);
        var keyed = dated
            ? refunds.Select(r => new
            {
                Refund = r,
                Due = r.Status == RefundStatus.Requested ? r.RespondDueAt
                    : r.Status == RefundStatus.AwaitingReturn && r.ReturnDueAt != null ? r.ReturnDueAt.Value : NoDeadline,
            })
            : refunds.Select(r => new { Refund = r, Due = NoDeadline });
        if (Cursor.Parse(page.After) is { } after)
            keyed = dated ? keyed.Where(k => k.Due > after.Due || (k.Due == after.Due && k.Refund.Id < after.Id)) : keyed.Where(k => k.Refund.Id < after.Id);
        var ordered = dated ? keyed.OrderBy(k => k.Due).ThenByDescending(k => k.Refund.Id) : keyed.OrderByDescending(k => k.Refund.Id);
        var paged = page.After is null ? ordered.Skip(page.Offset) : ordered;
        var rows = await (from k in paged.Take(page.Take + 1)
                          join o in db.Orders on k.Refund.OrderId equals o.Id
                          join s in db.Shops on k.Refund.ShopId equals s.Id
                          join l in db.Listings on o.ListingId equals l.Id
                          join sku in db.Skus on o.SkuId equals sku.Id
                          select new
                          {
                              k.Refund, k.Due, o.OrderNo, ShopName = s.Name, l.Title, sku.Attributes,
                              Buyer = db.Buyers.Where(b => b.Id == o.BuyerId).Select(b => b.Name).FirstOrDefault(),
                          })
            .ToListAsync(ct);
        rows = rows.OrderBy(x => x.Due).ThenByDescending(x => x.Refund.Id).ToList();
        var next = rows.Count > page.Take ? rows[page.Take - 1] : null;
        return new PagedResult<AfterSaleRow>(rows.Take(page.Take).Select(x => ToRow(x.Refund, x.OrderNo, x.ShopName, x.Title, x.Attributes, x.Buyer)).ToList(), total)
        {
            Next = next is null ? null : Cursor.Format(next.Due, next.Refund.Id),
        };
    }

    /// <summary>The shops of the current workspace the actor handles after-sales in (the shop filter's choices).</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> ShopChoicesAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var shopIds = await ShopsAsync(db, userId, null, ct);
        return (await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
    }

    /// <summary>How many requests stand in each stage (one grouped count over the (ShopId, Status) index).</summary>
    public async Task<IReadOnlyList<AfterSaleCount>> CountsAsync(string userId, long? shopId = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var shopIds = await ShopsAsync(db, userId, shopId, ct);
        var byStatus = await db.Refunds.AsNoTracking().Where(r => shopIds.Contains(r.ShopId)).GroupBy(r => r.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return Enum.GetValues<AfterSaleStage>().Select(stage => new AfterSaleCount(stage, StatusesOf(stage).Sum(s => byStatus.GetValueOrDefault(s)))).ToList();
    }

    /// <summary>One request with its offers; another merchant's (or another shop's, for a shop-limited grant) answers as missing.</summary>
    public async Task<AfterSaleDetail> GetAsync(string userId, long refundId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var x = await (from q in db.Refunds.AsNoTracking()
                       where q.Id == refundId
                       join o in db.Orders on q.OrderId equals o.Id
                       join s in db.Shops on q.ShopId equals s.Id
                       join l in db.Listings on o.ListingId equals l.Id
                       join sku in db.Skus on o.SkuId equals sku.Id
                       select new
                       {
                           Refund = q, o.OrderNo, o.MerchantId, o.Quantity, o.AmountFen, ShopName = s.Name, l.Title, sku.Attributes,
                           Buyer = db.Buyers.Where(b => b.Id == o.BuyerId).Select(b => b.Name).FirstOrDefault(),
                       }).FirstOrDefaultAsync(ct);
        var actor = scope.Actor;
        if (x is null || !actor.Can(Permission.AfterSalesHandle, x.MerchantId, ShopTarget.Shop(x.Refund.ShopId)))
            throw AfterSaleCommands.UnknownRequest();
        var r = x.Refund;
        var now = clock.GetUtcNow().UtcDateTime;
        var offers = new[] { RefundAction.Accept, RefundAction.AskReturn, RefundAction.Reject, RefundAction.Restock, RefundAction.WriteOff, RefundAction.ShipReplacement }
            .Where(a => RefundTransitions.AppliesTo(a, r.Kind))
            .Select(a => new AfterSaleOffer(a, Refusal(a, r, now))).ToList();
        return new AfterSaleDetail(ToRow(r, x.OrderNo, x.ShopName, x.Title, x.Attributes, x.Buyer), x.Quantity, x.AmountFen, r.RejectReason,
            r.ReturnCarrier, r.ReturnWaybill, r.ResolvedAt, r.ReturnDueAt, r.ReturnShippedAt, r.ReturnArrivedAt, r.Outcome, r.CompletedAt,
            r.HandledBy, r.HandledAt, r.ReplacementCarrier, r.ReplacementWaybill, offers);
    }

    /// <summary>Why the action is not offered now, in the words Core refuses it with; null when it may be taken.</summary>
    private static Bilingual? Refusal(RefundAction action, Refund r, DateTime now)
    {
        if (!RefundTransitions.From(action).Contains(r.Status))
            return new($"当前为「{AfterSaleTexts.Stage(r.Status).Zh}」，此操作不可用。", $"Not available while “{AfterSaleTexts.Stage(r.Status).En}”.");
        if (action is RefundAction.Accept or RefundAction.Reject or RefundAction.AskReturn && !AfterSaleDueRules.IsOpen(r.RespondDueAt, now))
            return new("已超过处理时限，平台将自动同意。", "The answer deadline has passed; the platform accepts automatically.");
        return null;
    }

    private async Task<List<long>> ShopsAsync(AppDbContext db, string userId, long? shopId, CancellationToken ct)
    {
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var shops = await scope.ShopIdsAsync(db, Permission.AfterSalesHandle, ct);
        return shopId is { } only ? shops.Where(s => s == only).ToList() : shops;
    }

    private static AfterSaleRow ToRow(Refund r, string orderNo, string shopName, string title, string attributes, string? buyer) =>
        new(r.Id, r.OrderId, orderNo, r.ShopId, shopName, title, attributes, r.Kind, r.Reason, r.Status, r.AmountFen, r.BuyerWords,
            BuyerMasking.Name(buyer ?? ""), r.RequestedAt, AfterSaleDueRules.CurrentDue(r.Status, r.RespondDueAt, r.ReturnDueAt));

    /// <summary>The keyset cursor: the deadline key (ticks) and the id of the last row shown.</summary>
    private sealed record Cursor(DateTime Due, long Id)
    {
        public static string Format(DateTime due, long id) => string.Create(CultureInfo.InvariantCulture, $"{due.Ticks}:{id}");

        public static Cursor? Parse(string? text)
        {
            var parts = text?.Split(':');
            return parts is [var ticks, var id] && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t) && long.TryParse(id, CultureInfo.InvariantCulture, out var i)
                && t >= DateTime.MinValue.Ticks && t <= DateTime.MaxValue.Ticks
                ? new Cursor(new DateTime(t, DateTimeKind.Utc), i) : null;
        }
    }
}
