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

public enum StockMovementKind
{
    Receipt = 1,
    Reservation = 2,
    Shipment = 3,
    ReservationRelease = 4,
    Return = 5,
    Adjustment = 6,
    CampaignLock = 7,
    CampaignUnlock = 8,
    QuotaMove = 9,
    /// <summary>A counted quantity replaced on-hand (an import in set-on-hand mode): shown as a stocktake, not a receipt.</summary>
    Stocktake = 10,
}

public class StockLedgerEntry
{
    public long Id { get; set; }
    public long SkuId { get; set; }
    public long MerchantId { get; set; }
    /// <summary>The shop the movement is for (order reservations, quota moves); null for pool-wide movements.</summary>
    public long? ShopId { get; set; }
    public StockMovementKind Kind { get; set; }
    /// <summary>Change to on-hand stock (receipts +, shipments −).</summary>
    public int OnHandDelta { get; set; }
    public int ReservedDelta { get; set; }
    public int LockedDelta { get; set; }
    /// <summary>Change to the shop's quota (and so to the pool's QuotaAllocated).</summary>
    public int QuotaDelta { get; set; }
    public string Actor { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? Reference { get; set; }
    public DateTime At { get; set; }
}
