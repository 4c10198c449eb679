namespace KuaishouSeller.Core.Organisations;

/// <summary>店铺: a storefront of a merchant. Listings, orders and the store experience score hang off it.</summary>
public class Shop
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Main category, used for peer benchmarks.</summary>
    public long MainCategoryId { get; set; }
    public DateTime OpenedAt { get; set; }
    public ShopStatus Status { get; set; } = ShopStatus.Open;
}
