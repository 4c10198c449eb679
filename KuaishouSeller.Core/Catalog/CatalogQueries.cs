using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Organisations;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Catalog;

public sealed record SkuRow(long SkuId, string Code, string SpuTitle, string Attributes, string CategoryZh, string CategoryEn,
    long ListPriceFen, int OnHand, int Available, int LowStockThreshold)
{
    public bool IsLowStock => Available <= LowStockThreshold;
}

public enum SkuSort { Code, Title, Available, Price }

/// <summary>A shop's product card: its own title and price, the master's picture and attributes, the pool's availability.</summary>
public sealed record ListingCard(long ListingId, long ShopId, string ShopName, string Title, long PriceFen, bool OnShelf,
    long SkuId, string SkuCode, string Attributes, string? ImageUrl, int Available);

public sealed record SkuFilter(string? Search = null, SkuSort Sort = SkuSort.Code, bool Descending = false, bool LowStockOnly = false);

/// <summary>The master catalog with its stock, paged and filtered in SQL.</summary>
public sealed class CatalogQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces)
{
    /// <summary>The platform's top-level categories (filters).</summary>
    public async Task<IReadOnlyList<Category>> TopCategoriesAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Categories.AsNoTracking().Where(c => c.ParentId == null).OrderBy(c => c.Id).ToListAsync(ct);
    }

    public async Task<PagedResult<SkuRow>> ListSkusAsync(string userId, SkuFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The master catalog belongs to the merchant, not to a shop: any shop-level right to it shows all of it.
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var merchantId = scope.MerchantWith(Permission.CatalogView);

        var rows = from sku in db.Skus
                   where sku.MerchantId == merchantId
                   join spu in db.Spus on sku.SpuId equals spu.Id
                   join category in db.Categories on spu.CategoryId equals category.Id
                   join stock in db.StockItems on sku.Id equals stock.SkuId
                   select new { sku, spu, category, stock };

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            rows = rows.Where(r => r.sku.Code.Contains(term) || r.spu.Title.Contains(term) || (r.sku.Barcode != null && r.sku.Barcode == term));
        }
        if (filter.LowStockOnly)
            rows = rows.Where(r => r.stock.OnHand - r.stock.Reserved - r.stock.CampaignLocked <= r.stock.LowStockThreshold);

        rows = (filter.Sort, filter.Descending) switch
        {
            (SkuSort.Title, false) => rows.OrderBy(r => r.spu.Title).ThenBy(r => r.sku.Id),
            (SkuSort.Title, true) => rows.OrderByDescending(r => r.spu.Title).ThenBy(r => r.sku.Id),
            (SkuSort.Available, false) => rows.OrderBy(r => r.stock.OnHand - r.stock.Reserved - r.stock.CampaignLocked).ThenBy(r => r.sku.Id),
            (SkuSort.Available, true) => rows.OrderByDescending(r => r.stock.OnHand - r.stock.Reserved - r.stock.CampaignLocked).ThenBy(r => r.sku.Id),
            (SkuSort.Price, false) => rows.OrderBy(r => r.sku.ListPriceFen).ThenBy(r => r.sku.Id),
            (SkuSort.Price, true) => rows.OrderByDescending(r => r.sku.ListPriceFen).ThenBy(r => r.sku.Id),
            (_, true) => rows.OrderByDescending(r => r.sku.Code),
            _ => rows.OrderBy(r => r.sku.Code),
        };

        var total = await rows.CountAsync(ct);
        // In code order (the default) the next page seeks past the last code through the unique (merchant, code) index;
        // the other orders and any jump skip by offset.
        var byCode = filter.Sort == SkuSort.Code;
        var seek = byCode && page.After is { Length: > 0 } after ? after : null;
        if (seek is not null)
            rows = filter.Descending ? rows.Where(r => string.Compare(r.sku.Code, seek) < 0) : rows.Where(r => string.Compare(r.sku.Code, seek) > 0);
        var pageRows = await (seek is null ? rows.Skip(page.Offset) : rows).Take(page.Take + 1)
            .Select(r => new SkuRow(r.sku.Id, r.sku.Code, r.spu.Title, r.sku.Attributes, r.category.NameZh, r.category.NameEn,
                r.sku.ListPriceFen, r.stock.OnHand, r.stock.OnHand - r.stock.Reserved - r.stock.CampaignLocked, r.stock.LowStockThreshold))
            .ToListAsync(ct);
        var more = pageRows.Count > page.Take;
        if (more) pageRows.RemoveAt(pageRows.Count - 1);
        return new PagedResult<SkuRow>(pageRows, total) { Next = byCode && more ? pageRows[^1].Code : null };
    }

    /// <summary>The product cards of the shops in the workspace, newest first, paged in SQL.</summary>
    public async Task<PagedResult<ListingCard>> ListCardsAsync(string userId, string? search, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scope = await workspaces.ResolveAsync(db, userId, ct);
        var shopIds = await scope.ShopIdsAsync(db, Permission.CatalogView, ct);
        var cards = from listing in db.Listings.AsNoTracking()
                    where shopIds.Contains(listing.ShopId)
                    join shop in db.Shops on listing.ShopId equals shop.Id
                    join sku in db.Skus on listing.SkuId equals sku.Id
                    join stock in db.StockItems on sku.Id equals stock.SkuId
                    select new { listing, shop, sku, stock };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            cards = cards.Where(c => c.listing.Title.Contains(term) || c.sku.Code.StartsWith(term));
        }
        var total = await cards.CountAsync(ct);
        // Newest first by id: the next page seeks below the last id instead of counting past every earlier card.
        var seek = long.TryParse(page.After, out var lastId) ? lastId : (long?)null;
        if (seek is not null) cards = cards.Where(c => c.listing.Id < seek);
        var rows = await (seek is null ? cards.OrderByDescending(c => c.listing.Id).Skip(page.Offset) : cards.OrderByDescending(c => c.listing.Id)).Take(page.Take + 1)
            .Select(c => new ListingCard(c.listing.Id, c.shop.Id, c.shop.Name, c.listing.Title, c.listing.PriceFen, c.listing.OnShelf,
                c.sku.Id, c.sku.Code, c.sku.Attributes, c.sku.ImageUrl, c.stock.OnHand - c.stock.Reserved - c.stock.CampaignLocked))
            .ToListAsync(ct);
        var more = rows.Count > page.Take;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new PagedResult<ListingCard>(rows, total) { Next = more ? rows[^1].ListingId.ToString() : null };
    }
}
