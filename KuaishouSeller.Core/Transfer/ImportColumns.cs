using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Transfer;

/// <summary>A column of an import/export file. Headers match the key, the Chinese or the English name, in any case.</summary>
public sealed record ColumnSpec(string Key, string Zh, string En, bool Required = false)
{
    public bool Matches(string header)
    {
        var h = header.Trim().TrimStart('\uFEFF');
        return h.Equals(Key, StringComparison.OrdinalIgnoreCase) || h.Equals(Zh, StringComparison.OrdinalIgnoreCase) ||
               h.Equals(En, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The columns of each file kind. Exports write the Chinese names; extra columns (e.g. read-only ones an export adds) are ignored on import.</summary>
public static class ImportColumns
{
    public static readonly ColumnSpec SpuCode = new("spu_code", "商品编码", "Product code", true);
    public static readonly ColumnSpec SpuTitle = new("title", "商品名称", "Title", true);
    public static readonly ColumnSpec Category = new("category", "类目", "Category", true);
    public static readonly ColumnSpec Brand = new("brand", "品牌", "Brand");
    public static readonly ColumnSpec SkuCode = new("sku_code", "SKU编码", "SKU code", true);
    public static readonly ColumnSpec Attributes = new("attributes", "规格", "Attributes");
    public static readonly ColumnSpec Barcode = new("barcode", "条码", "Barcode");
    public static readonly ColumnSpec Cost = new("cost", "成本价", "Cost");
    public static readonly ColumnSpec ListPrice = new("list_price", "售价", "List price");
    public static readonly ColumnSpec Weight = new("weight_g", "重量(克)", "Weight (g)");
    public static readonly ColumnSpec ImageUrl = new("image_url", "图片链接", "Image URL");
    public static readonly ColumnSpec Shop = new("shop", "店铺", "Shop");
    public static readonly ColumnSpec Price = new("price", "价格", "Price", true);
    public static readonly ColumnSpec Quantity = new("quantity", "数量", "Quantity");
    public static readonly ColumnSpec Threshold = new("low_stock_threshold", "预警阈值", "Low-stock threshold");
    public static readonly ColumnSpec Reason = new("reason", "原因", "Reason");
    public static readonly ColumnSpec OrderNo = new("order_no", "订单号", "Order no.", true);
    public static readonly ColumnSpec Carrier = new("carrier", "快递公司", "Carrier", true);
    public static readonly ColumnSpec Waybill = new("waybill", "运单号", "Waybill", true);

    public static IReadOnlyList<ColumnSpec> For(ImportKind kind) => kind switch
    {
        ImportKind.Catalog => [SpuCode, SpuTitle, Category, Brand, SkuCode, Attributes, Barcode, Cost, ListPrice, Weight, ImageUrl],
        ImportKind.Prices => [SkuCode, Shop, Price],
        ImportKind.Stock => [SkuCode, Quantity, Threshold, Reason],
        ImportKind.Shipments => [OrderNo, Carrier, Waybill],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static Bilingual Name(ImportKind kind) => kind switch
    {
        ImportKind.Catalog => new("商品资料", "Catalog"),
        ImportKind.Prices => new("价格", "Prices"),
        ImportKind.Shipments => new("批量发货", "Shipments"),
        _ => new("库存", "Stock"),
    };
}
