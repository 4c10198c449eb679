using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Inventory;

public sealed record StockRow(long SkuId, string Code, string Title, string Attributes, string CategoryZh, string CategoryEn,
    int OnHand, int Reserved, int CampaignLocked, int QuotaAllocated, int LowStockThreshold)
{
    public int Available => OnHand - Reserved - CampaignLocked;
    public int SharedAvailable => Available - QuotaAllocated;
    public bool IsLow => Available <= LowStockThreshold;
}

public enum StockSort { Code, Title, OnHand, Available, Reserved }

public sealed record StockFilter(string? Search = null, long? CategoryId = null, bool LowOnly = false, bool WithQuotaOnly = false,
    StockSort Sort = StockSort.Code, bool Descending = false);

public sealed record ShopQuotaRow(long ShopId, string ShopName, int? Remaining, bool Listed);

public sealed record SkuListingRow(long ListingId, long ShopId, string ShopName, string Title, long PriceFen, bool OnShelf);

public sealed record SkuDetail(
    long SkuId, long MerchantId, string Code, string SpuCode, string SpuTitle, string? Brand, string Attributes, string? Barcode,
    long CostFen, long ListPriceFen, int WeightGrams, string? ImageUrl, string CategoryZh, string CategoryEn,
    StockRow Stock, IReadOnlyList<ShopQuotaRow> Shops, IReadOnlyList<SkuListingRow> Listings,
    bool CanAdjust, bool CanEditCatalog, bool CanEditPrices);

public sealed record LedgerRow(long Id, DateTime At, StockMovementKind Kind, string? ShopName, int OnHandDelta, int ReservedDelta, int LockedDelta,
    int QuotaDelta, string Actor, string Reason, string? Reference);

public sealed record StockSummary(int Skus, int LowStock, int SoldOut, long OnHand, long Reserved, long Locked, long InQuotas)
{
    /// <summary>Why the pool (adjustments, thresholds) cannot be changed here; null when it can. Core refuses the same.</summary>
    public Bilingual? AdjustRefusal { get; init; }
    /// <summary>Why a stock import cannot be applied here; null when it can.</summary>
    public Bilingual? ImportRefusal { get; init; }
}

/// <summary>The stock pool of the current merchant, paged, filtered and sorted in SQL; a SKU's detail and its ledger.</summary>
public sealed class StockQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces)
{
    public async Task<PagedResult<StockRow>> ListAsync(string userId, StockFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var merchantId = (await workspaces.ResolveAsync(db, userId, ct)).MerchantWith(Permission.StockView);
        if (string.IsNullOrWhiteSpace(filter.Search) && filter.CategoryId is null && filter.Sort != StockSort.Title)
            return await ListByKeysAsync(db, merchantId, filter, page, ct);

        // Driven from Skus, the default order (merchant, code) walks its index and stops after one page; the alert and
        // quota filters keep few rows, so those start from the pool (the low-stock partial index) instead.
        var selective = filter.LowOnly || filter.WithQuotaOnly;
        var rows = selective
            ? from stock in db.StockItems.AsNoTracking()
              where stock.MerchantId == merchantId
              join sku in db.Skus on stock.SkuId equals sku.Id
              join spu in db.Spus on sku.SpuId equals spu.Id
              join category in db.Categories on spu.CategoryId equals category.Id
              select new { stock, sku, spu, category }
            : from sku in db.Skus.AsNoTracking()
              where sku.MerchantId == merchantId
              join stock in db.StockItems on sku.Id equals stock.SkuId
              join spu in db.Spus on sku.SpuId equals spu.Id
              join category in db.Categories on spu.CategoryId equals category.Id
              select new { stock, sku, spu, category };
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            rows = rows.Where(r => r.sku.Code.StartsWith(term) || r.spu.Title.Contains(term) || r.sku.Barcode == term);
        }
        if (filter.CategoryId is { } categoryId)
            rows = rows.Where(r => r.category.Id == categoryId || r.category.ParentId == categoryId);
        if (filter.LowOnly)
            rows = rows.Where(r => r.stock.OnHand - r.stock.Reserved - r.stock.CampaignLocked <= r.stock.LowStockThreshold);
        if (filter.WithQuotaOnly)
            rows = rows.Where(r => r.stock.QuotaAllocated > 0);

        rows = (filter.Sort, filter.Descending) switch
        {
            (StockSort.Title, false) => rows.OrderBy(r => r.spu.Title).ThenBy(r => r.sku.Code),
            (StockSort.Title, true) => rows.OrderByDescending(r => r.spu.Title).ThenBy(r => r.sku.Code),
            (StockSort.OnHand, false) => rows.OrderBy(r => r.stock.OnHand).ThenBy(r => r.sku.Code),
            (StockSort.OnHand, true) => rows.OrderByDescending(r => r.stock.OnHand).ThenBy(r => r.sku.Code),
            (StockSort.Reserved, false) => rows.OrderBy(r => r.stock.Reserved).ThenBy(r => r.sku.Code),
            (StockSort.Reserved, true) => rows.OrderByDescending(r => r.stock.Reserved).ThenBy(r => r.sku.Code),
            (StockSort.Available, false) => rows.OrderBy(r => r.stock.OnHand - r.stock.Reserved - r.stock.CampaignLocked).ThenBy(r => r.sku.Code),
            (StockSort.Available, true) => rows.OrderByDescending(r => r.stock.OnHand - r.stock.Reserved - r.stock.CampaignLocked).ThenBy(r => r.sku.Code),
            (_, true) => rows.OrderByDescending(r => r.sku.Code),
            _ => rows.OrderBy(r => r.sku.Code),
        };
        // Without text or category filters the count needs only the pool rows of the merchant (an index-only count).
        var total = string.IsNullOrWhiteSpace(filter.Search) && filter.CategoryId is null
            ? await db.StockItems.Where(s => s.MerchantId == merchantId)
                .Where(s => !filter.LowOnly || s.OnHand - s.Reserved - s.CampaignLocked <= s.LowStockThreshold)
                .Where(s => !filter.WithQuotaOnly || s.QuotaAllocated > 0)
                .CountAsync(ct)
            : await rows.CountAsync(ct);
        var pageRows = await rows.Skip(page.Offset).Take(page.Take)
            .Select(r => new StockRow(r.sku.Id, r.sku.Code, r.spu.Title, r.sku.Attributes, r.category.NameZh, r.category.NameEn,
                r.stock.OnHand, r.stock.Reserved, r.stock.CampaignLocked, r.stock.QuotaAllocated, r.stock.LowStockThreshold))
            .ToListAsync(ct);
        return new PagedResult<StockRow>(pageRows, total);
    }

    /// <summary>Up to this many filtered SKUs are paged by their ids (see <see cref="ListByKeysAsync"/>).</summary>
    private const int FewSkus = 5_000;

    /// <summary>
    /// The unfiltered pool (or its alerts or quota SKUs) sorted by a stock figure or the code: the page's SKU ids come from
    /// one index over (merchant, sort key, SKU id) — seeking to the cursor, or skipping index entries only for a jump —
    /// and only that page is joined to the catalog (a few alerts or quota SKUs are sorted among their ids instead). The
    /// SKU id breaks ties, in the sort's direction.
    /// </summary>
    private static async Task<PagedResult<StockRow>> ListByKeysAsync(AppDbContext db, long? merchantId, StockFilter filter, PageRequest page, CancellationToken ct)
    {
        var pool = db.StockItems.AsNoTracking().Where(s => s.MerchantId == merchantId);
        if (filter.LowOnly) pool = pool.Where(StockRules.IsLowExpression);
        if (filter.WithQuotaOnly) pool = pool.Where(s => s.QuotaAllocated > 0);
        var total = await pool.CountAsync(ct);
        // The alert and quota filters keep few SKUs, but the planner cannot tell how few (it has no statistics for
        // "available at or below the threshold") and walks a sort index hoping to meet them, visiting every SKU when they
        // sort last (PostgreSQL, large world: 100k index rows for 925 alerts, 190 ms). When they are few, their ids are
        // read first, from the partial index, and the page is sorted among them: by id alone (they are the merchant's
        // already), so the planner cannot walk the merchant's sort index instead.
        var few = (filter.LowOnly || filter.WithQuotaOnly) && total <= FewSkus ? await pool.Select(s => s.SkuId).ToListAsync(ct) : null;
        if (few is not null) pool = db.StockItems.AsNoTracking().Where(s => few.Contains(s.SkuId));

        var cursor = StockCursor.Parse(page.After, filter.Sort);
        var descending = filter.Descending;
        List<(long SkuId, string Key)> keys;
        if (filter.Sort == StockSort.Code)
        {
            // Codes are unique per merchant: the code is its own tie-breaker (index (MerchantId, Code)).
            var skus = few is not null ? db.Skus.AsNoTracking().Where(k => few.Contains(k.Id)) : db.Skus.AsNoTracking().Where(k => k.MerchantId == merchantId);
            if (few is null && (filter.LowOnly || filter.WithQuotaOnly)) skus = skus.Where(k => pool.Any(s => s.SkuId == k.Id));
            if (cursor is { Text: { } after })
                skus = descending ? skus.Where(k => string.Compare(k.Code, after) < 0) : skus.Where(k => string.Compare(k.Code, after) > 0);
            var ordered = descending ? skus.OrderByDescending(k => k.Code) : skus.OrderBy(k => k.Code);
            var page0 = cursor is null ? ordered.Skip(page.Offset) : ordered;
            keys = (await page0.Take(page.Take + 1).Select(k => new { k.Id, k.Code }).ToListAsync(ct)).Select(k => (k.Id, k.Code)).ToList();
        }
        else
        {
            var keyed = filter.Sort switch
            {
                StockSort.OnHand => pool.Select(s => new KeyedSku { SkuId = s.SkuId, Value = s.OnHand }),
                StockSort.Reserved => pool.Select(s => new KeyedSku { SkuId = s.SkuId, Value = s.Reserved }),
                _ => pool.Select(s => new KeyedSku { SkuId = s.SkuId, Value = StockRules.Available(s) }).WithRules(),
            };
            if (cursor is { Value: { } value, SkuId: var afterId })
                keyed = descending
                    ? keyed.Where(k => k.Value < value || (k.Value == value && k.SkuId < afterId))
                    : keyed.Where(k => k.Value > value || (k.Value == value && k.SkuId > afterId));
            var ordered = descending ? keyed.OrderByDescending(k => k.Value).ThenByDescending(k => k.SkuId) : keyed.OrderBy(k => k.Value).ThenBy(k => k.SkuId);
            var page0 = cursor is null ? ordered.Skip(page.Offset) : ordered;
            keys = (await page0.Take(page.Take + 1).ToListAsync(ct)).Select(k => (k.SkuId, StockCursor.Format(k.Value, k.SkuId))).ToList();
        }

        var more = keys.Count > page.Take;
        if (more) keys.RemoveAt(keys.Count - 1);
        var ids = keys.Select(k => k.SkuId).ToList();
        var details = await (from sku in db.Skus.AsNoTracking()
                             where ids.Contains(sku.Id)
                             join stock in db.StockItems on sku.Id equals stock.SkuId
                             join spu in db.Spus on sku.SpuId equals spu.Id
                             join category in db.Categories on spu.CategoryId equals category.Id
                             select new StockRow(sku.Id, sku.Code, spu.Title, sku.Attributes, category.NameZh, category.NameEn,
                                 stock.OnHand, stock.Reserved, stock.CampaignLocked, stock.QuotaAllocated, stock.LowStockThreshold))
            .ToDictionaryAsync(r => r.SkuId, ct);
        var rows = ids.Where(details.ContainsKey).Select(id => details[id]).ToList();
        return new PagedResult<StockRow>(rows, total) { Next = more && keys.Count > 0 ? keys[^1].Key : null };
    }

    /// <summary>Headline figures of the pool, including the low-stock alert count shown in the menu.</summary>
    public async Task<StockSummary> SummaryAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var merchantId = scope.MerchantWith(Permission.StockView);
        var summary = await db.StockItems.AsNoTracking().Where(s => s.MerchantId == merchantId)
            .GroupBy(_ => 1)
            .Select(g => new StockSummary(g.Count(),
                g.Count(s => StockRules.IsLow(s)),
                g.Count(s => StockRules.IsSoldOut(s)),
                g.Sum(s => (long)s.OnHand), g.Sum(s => (long)s.Reserved), g.Sum(s => (long)s.CampaignLocked), g.Sum(s => (long)s.QuotaAllocated)))
            .WithRules().SingleOrDefaultAsync(ct);
        var refusal = scope.RefusalForAllShops(Permission.StockAdjust);
        return (summary ?? new StockSummary(0, 0, 0, 0, 0, 0, 0)) with
        {
            AdjustRefusal = refusal,
            ImportRefusal = scope.RefusalForAllShops(KuaishouSeller.Core.Transfer.ImportService.PermissionFor(KuaishouSeller.Core.Transfer.ImportKind.Stock)),
        };
    }

    /// <summary>Just the alert count (the dashboard banner): the filter matches the low-stock partial index, so no pool scan.</summary>
    public async Task<int> LowStockCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var merchantId = (await workspaces.ResolveAsync(db, userId, ct)).MerchantWith(Permission.StockView);
        return merchantId is null ? 0 : await db.StockItems.CountAsync(s => s.MerchantId == merchantId && s.OnHand - s.Reserved - s.CampaignLocked <= s.LowStockThreshold, ct);
    }

    public async Task<SkuDetail?> SkuAsync(string userId, long skuId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var merchantId = scope.MerchantWith(Permission.StockView);
        var head = await (from sku in db.Skus.AsNoTracking()
                          where sku.Id == skuId && sku.MerchantId == merchantId
                          join spu in db.Spus on sku.SpuId equals spu.Id
                          join category in db.Categories on spu.CategoryId equals category.Id
                          join stock in db.StockItems on sku.Id equals stock.SkuId
                          select new { sku, spu, category, stock }).FirstOrDefaultAsync(ct);
        if (head is null) return null;

        // Quotas and product cards are per shop: a shop-limited grant sees exactly its shops.
        var visible = scope.Actor.ShopsWith(Permission.StockView, head.sku.MerchantId);
        var shops = await db.Shops.AsNoTracking().Where(s => s.MerchantId == head.sku.MerchantId && (visible == null || visible.Contains(s.Id))).OrderBy(s => s.Id)
            .Select(s => new ShopQuotaRow(s.Id, s.Name,
                db.ShopStockQuotas.Where(q => q.SkuId == skuId && q.ShopId == s.Id).Select(q => (int?)q.Remaining).FirstOrDefault(),
                db.Listings.Any(l => l.SkuId == skuId && l.ShopId == s.Id)))
            .ToListAsync(ct);
        var listings = await (from l in db.Listings.AsNoTracking()
                              where l.SkuId == skuId && (visible == null || visible.Contains(l.ShopId))
                              join s in db.Shops on l.ShopId equals s.Id
                              orderby s.Id
                              select new SkuListingRow(l.Id, s.Id, s.Name, l.Title, l.PriceFen, l.OnShelf)).ToListAsync(ct);
        var m = head.sku.MerchantId;
        var stockRow = new StockRow(head.sku.Id, head.sku.Code, head.spu.Title, head.sku.Attributes, head.category.NameZh, head.category.NameEn,
            head.stock.OnHand, head.stock.Reserved, head.stock.CampaignLocked, head.stock.QuotaAllocated, head.stock.LowStockThreshold);
        return new SkuDetail(head.sku.Id, m, head.sku.Code, head.spu.Code, head.spu.Title, head.spu.Brand, head.sku.Attributes, head.sku.Barcode,
            head.sku.CostFen, head.sku.ListPriceFen, head.sku.WeightGrams, head.sku.ImageUrl, head.category.NameZh, head.category.NameEn,
            stockRow, shops, listings,
            scope.CanForAllShops(Permission.StockAdjust), scope.CanForAllShops(Permission.CatalogEdit), scope.CanForAllShops(Permission.PricesEdit));
    }

    /// <summary>
    /// The SKUs whose stock moved after a ledger position, for systems that mirror the pool: the next ledger entries
    /// (oldest first, at most <paramref name="take"/>), the current stock of their SKUs, and the position to ask from next
    /// time (the last entry read, or the same position when nothing moved). Seeks the (merchant, id) index.
    /// </summary>
    public async Task<(IReadOnlyList<StockRow> Rows, long Next)> ChangedSinceAsync(string userId, long afterLedgerId, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var merchantId = (await workspaces.ResolveAsync(db, userId, ct)).MerchantWith(Permission.StockView);
        if (merchantId is null) return ([], afterLedgerId);
        var entries = await db.StockLedger.AsNoTracking().Where(l => l.MerchantId == merchantId && l.Id > afterLedgerId)
            .OrderBy(l => l.Id).Take(Math.Clamp(take, 1, PageRequest.MaxPageSize)).Select(l => new { l.Id, l.SkuId }).ToListAsync(ct);
        if (entries.Count == 0) return ([], afterLedgerId);
        var order = entries.GroupBy(e => e.SkuId).Select(g => (SkuId: g.Key, Last: g.Max(e => e.Id))).OrderBy(g => g.Last).Select(g => g.SkuId).ToList();
        var details = await (from sku in db.Skus.AsNoTracking()
                             where order.Contains(sku.Id)
                             join stock in db.StockItems on sku.Id equals stock.SkuId
                             join spu in db.Spus on sku.SpuId equals spu.Id
                             join category in db.Categories on spu.CategoryId equals category.Id
                             select new StockRow(sku.Id, sku.Code, spu.Title, sku.Attributes, category.NameZh, category.NameEn,
                                 stock.OnHand, stock.Reserved, stock.CampaignLocked, stock.QuotaAllocated, stock.LowStockThreshold))
            .ToDictionaryAsync(r => r.SkuId, ct);
        return (order.Where(details.ContainsKey).Select(id => details[id]).ToList(), entries[^1].Id);
    }

    /// <summary>A SKU's ledger, newest first, paged in SQL.</summary>
    public async Task<PagedResult<LedgerRow>> LedgerAsync(string userId, long skuId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var merchantId = (await workspaces.ResolveAsync(db, userId, ct)).MerchantWith(Permission.StockView);
        var entries = db.StockLedger.AsNoTracking().Where(l => l.SkuId == skuId && l.MerchantId == merchantId);
        var total = await entries.CountAsync(ct);
        var rows = await (from l in entries.OrderByDescending(l => l.At).ThenByDescending(l => l.Id).Skip(page.Offset).Take(page.Take)
                          join s in db.Shops on l.ShopId equals s.Id into shop
                          from s in shop.DefaultIfEmpty()
                          orderby l.At descending, l.Id descending
                          select new LedgerRow(l.Id, l.At, l.Kind, s == null ? null : s.Name, l.OnHandDelta, l.ReservedDelta, l.LockedDelta, l.QuotaDelta,
                              l.Actor, l.Reason, l.Reference)).ToListAsync(ct);
        return new PagedResult<LedgerRow>(rows, total);
    }
}

/// <summary>A pool row reduced to its sort key, for paging keys before joining the page's details.</summary>
internal sealed class KeyedSku
{
    public long SkuId { get; init; }
    public int Value { get; init; }
}

/// <summary>The stock list's keyset cursor: the last row's sort value and SKU id ("value:id"), or its code.</summary>
internal sealed record StockCursor(int? Value, long SkuId, string? Text)
{
    public static string Format(int value, long skuId) => FormattableString.Invariant($"{value}:{skuId}");

    /// <summary>The cursor, or null when there is none or it does not fit the sort (then the list pages by offset).</summary>
    public static StockCursor? Parse(string? after, StockSort sort)
    {
        if (string.IsNullOrEmpty(after)) return null;
        if (sort == StockSort.Code) return new StockCursor(null, 0, after);
        var parts = after.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var value) &&
               long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? new StockCursor(value, id, null)
            : null;
    }
}
