namespace KuaishouSeller.Core.Catalog;

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
