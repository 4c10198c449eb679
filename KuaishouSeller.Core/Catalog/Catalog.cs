namespace KuaishouSeller.Core.Catalog;

public class Category
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public long? ParentId { get; set; }
}

/// <summary>SPU: one product in the merchant's master catalog; its SKUs are the sellable variants.</summary>
public class Spu
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public long CategoryId { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Brand { get; set; }
    public DateTime CreatedAt { get; set; }
}

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

/// <summary>A shop's listing of a master SKU with its own title and price (shown as a product card).</summary>
public class Listing
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public long SkuId { get; set; }
    public string Title { get; set; } = "";
    public long PriceFen { get; set; }
    public bool OnShelf { get; set; } = true;
    public DateTime ListedAt { get; set; }
}

/// <summary>
/// One change of a listing's price. Campaigns compare a campaign price with the lowest price of the last 30 days:
/// the prices in force in a window are the current one plus the old and new price of every change inside it.
/// </summary>
public class ListingPriceChange
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public long OldPriceFen { get; set; }
    public long NewPriceFen { get; set; }
    public DateTime ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}
