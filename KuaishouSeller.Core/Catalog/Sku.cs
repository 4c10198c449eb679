namespace KuaishouSeller.Core.Catalog;

/// <summary>SKU: a sellable variant. Stock is held per SKU in the merchant's single pool.</summary>
public class Sku
{
    public long Id { get; set; }
    public long SpuId { get; set; }
    public long MerchantId { get; set; }
    /// <summary>Merchant's own code, unique per merchant; import files refer to it.</summary>
    public string Code { get; set; } = "";
    /// <summary>Variant attributes, e.g. "颜色:红;尺码:M".</summary>
    public string Attributes { get; set; } = "";
    public string? Barcode { get; set; }
    public long CostFen { get; set; }
    public long ListPriceFen { get; set; }
    public int WeightGrams { get; set; }
    public string? ImageUrl { get; set; }
}
