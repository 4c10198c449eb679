namespace KuaishouSeller.Core.Inventory;

/// <summary>
/// The merchant's single stock pool, one row per SKU.
/// Available = OnHand − Reserved − CampaignLocked is what can still be sold anywhere; QuotaAllocated is the part of
/// it carved out for particular shops (<see cref="ShopStockQuota"/>), so SharedAvailable is what every other shop
/// sells from. Every change is also a <see cref="StockLedgerEntry"/>; each column always equals its ledger sum.
/// </summary>
public class StockItem
{
    public long SkuId { get; set; }
    public long MerchantId { get; set; }
    public int OnHand { get; set; }
    public int Reserved { get; set; }
    public int CampaignLocked { get; set; }
    public int QuotaAllocated { get; set; }
    /// <summary>Low-stock rule: alert when available stock falls to this many units or fewer (0 = only when sold out).</summary>
    public int LowStockThreshold { get; set; }
    public int Available => StockRules.Available(this);
    public int SharedAvailable => StockRules.SharedAvailable(this);
}
