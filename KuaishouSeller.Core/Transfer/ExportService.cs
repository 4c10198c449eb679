using System.Runtime.CompilerServices;
using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Transfer;

/// <summary>
/// Exports the current merchant's catalog, prices or stock as CSV or Excel, streamed from the database. The files
/// use the import columns, so an export edited in a spreadsheet can be imported back; extra columns are read-only.
/// </summary>
public sealed class ExportService(IDbContextFactory<AppDbContext> contexts, WorkspaceService workspaces)
{
    public async Task<string> ExportAsync(string userId, ImportKind kind, SheetFormat format, Stream output, CancellationToken ct = default)
    {
        long merchantId;
        string merchantName;
        IReadOnlySet<long>? shops;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var scope = await workspaces.ResolveAsync(db, userId, ct);
            merchantId = scope.MerchantWith(kind == ImportKind.Stock ? Permission.StockView : Permission.CatalogView)
                ?? throw new AccessDeniedException(new("当前工作台无权导出这些数据。", "The current workspace may not export this data."));
            merchantName = scope.Workspace!.OrganisationName;
            // Shop prices are per shop: a shop-limited grant exports exactly its shops' product cards.
            shops = scope.VisibleShops(Permission.CatalogView);
        }
        var (header, rows) = kind switch
        {
            ImportKind.Catalog => (Header(ImportColumns.SpuCode, ImportColumns.SpuTitle, ImportColumns.Category, ImportColumns.Brand, ImportColumns.SkuCode,
                ImportColumns.Attributes, ImportColumns.Barcode, ImportColumns.Cost, ImportColumns.ListPrice, ImportColumns.Weight, ImportColumns.ImageUrl), CatalogRows(merchantId, ct)),
            ImportKind.Prices => ([.. Header(ImportColumns.SkuCode, ImportColumns.Shop, ImportColumns.Price), "商品名称(只读)"], PriceRows(merchantId, shops, ct)),
            _ => ([.. Header(ImportColumns.SkuCode, ImportColumns.Quantity, ImportColumns.Threshold, ImportColumns.Reason), "商品名称(只读)", "规格(只读)", "已预占(只读)", "活动锁定(只读)", "店铺配额(只读)", "可售(只读)"],
                StockRows(merchantId, ct)),
        };
        if (format == SheetFormat.Csv) await SheetWriter.WriteCsvAsync(output, header, rows, ct);
        else await SheetWriter.WriteXlsxAsync(output, ImportColumns.Name(kind).Zh, header, rows, ct);
        return $"{merchantName}-{ImportColumns.Name(kind).En.ToLowerInvariant()}.{(format == SheetFormat.Csv ? "csv" : "xlsx")}";
    }

    private static string[] Header(params ColumnSpec[] columns) => [.. columns.Select(c => c.Zh)];

    private async IAsyncEnumerable<object?[]> CatalogRows(long merchantId, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = from sku in db.Skus.AsNoTracking().Where(s => s.MerchantId == merchantId)
                   join spu in db.Spus on sku.SpuId equals spu.Id
                   join category in db.Categories on spu.CategoryId equals category.Id
                   orderby sku.Code
                   select new { SpuCode = spu.Code, spu.Title, CategoryCode = category.Code, spu.Brand, sku.Code, sku.Attributes, sku.Barcode,
                       sku.CostFen, sku.ListPriceFen, sku.WeightGrams, sku.ImageUrl };
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
            yield return [r.SpuCode, r.Title, r.CategoryCode, r.Brand, r.Code, r.Attributes, r.Barcode, Money.ToYuan(r.CostFen), Money.ToYuan(r.ListPriceFen), r.WeightGrams, r.ImageUrl];
    }

    private async IAsyncEnumerable<object?[]> PriceRows(long merchantId, IReadOnlySet<long>? shops, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var master = from sku in db.Skus.AsNoTracking().Where(s => s.MerchantId == merchantId)
                     join spu in db.Spus on sku.SpuId equals spu.Id
                     orderby sku.Code
                     select new { sku.Code, sku.ListPriceFen, spu.Title };
        await foreach (var r in master.AsAsyncEnumerable().WithCancellation(ct)) yield return [r.Code, null, Money.ToYuan(r.ListPriceFen), r.Title];
        var listings = from l in db.Listings.AsNoTracking()
                       join shop in db.Shops on l.ShopId equals shop.Id
                       where shop.MerchantId == merchantId && (shops == null || shops.Contains(shop.Id))
                       join sku in db.Skus on l.SkuId equals sku.Id
                       orderby shop.Id, sku.Code
                       select new { sku.Code, shop.Name, l.PriceFen, l.Title };
        await foreach (var r in listings.AsAsyncEnumerable().WithCancellation(ct)) yield return [r.Code, r.Name, Money.ToYuan(r.PriceFen), r.Title];
    }

    private async IAsyncEnumerable<object?[]> StockRows(long merchantId, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = from stock in db.StockItems.AsNoTracking().Where(s => s.MerchantId == merchantId)
                   join sku in db.Skus on stock.SkuId equals sku.Id
                   join spu in db.Spus on sku.SpuId equals spu.Id
                   orderby sku.Code
                   select new { sku.Code, stock.OnHand, stock.LowStockThreshold, spu.Title, sku.Attributes, stock.Reserved, stock.CampaignLocked, stock.QuotaAllocated };
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
            yield return [r.Code, r.OnHand, r.LowStockThreshold, null, r.Title, r.Attributes, r.Reserved, r.CampaignLocked, r.QuotaAllocated, r.OnHand - r.Reserved - r.CampaignLocked];
    }
}
