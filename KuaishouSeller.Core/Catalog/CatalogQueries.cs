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

public sealed record SkuFilter(string? Search = null, SkuSort Sort = SkuSort.Code, bool Descending = false, bool LowStockOnly = false);

/// <summary>The master catalog with its stock, paged and filtered in SQL.</summary>
public sealed class CatalogQueries(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces)
{
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
        var pageRows = await rows.Skip(page.Offset).Take(page.Take)
            .Select(r => new SkuRow(r.sku.Id, r.sku.Code, r.spu.Title, r.sku.Attributes, r.category.NameZh, r.category.NameEn,
                r.sku.ListPriceFen, r.stock.OnHand, r.stock.OnHand - r.stock.Reserved - r.stock.CampaignLocked, r.stock.LowStockThreshold))
            .ToListAsync(ct);
        return new PagedResult<SkuRow>(pageRows, total);
    }
}
