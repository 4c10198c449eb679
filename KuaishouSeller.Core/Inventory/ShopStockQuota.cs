namespace KuaishouSeller.Core.Inventory;

/// <summary>
/// Units of the pool set aside for one shop (e.g. a live session's allocation). A shop with a quota row sells
/// only from it; a shop without one sells from the shared pool. Emptying a quota back to the pool removes the row.
/// </summary>
public class ShopStockQuota
{
    public long SkuId { get; set; }
    public long ShopId { get; set; }
    public long MerchantId { get; set; }
    public int Remaining { get; set; }
}
