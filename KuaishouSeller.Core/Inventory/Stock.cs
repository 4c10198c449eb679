namespace KuaishouSeller.Core.Inventory;

/// <summary>
/// The merchant's single stock pool, one row per SKU. Available = OnHand − Reserved − CampaignLocked.
/// Every change is also a <see cref="StockLedgerEntry"/>; OnHand always equals the ledger's sum.
/// </summary>
public class StockItem
{
    public long SkuId { get; set; }
    public long MerchantId { get; set; }
    public int OnHand { get; set; }
    public int Reserved { get; set; }
    public int CampaignLocked { get; set; }
    public int LowStockThreshold { get; set; }
    public int Available => OnHand - Reserved - CampaignLocked;
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
}

public class StockLedgerEntry
{
    public long Id { get; set; }
    public long SkuId { get; set; }
    public long MerchantId { get; set; }
    public StockMovementKind Kind { get; set; }
    /// <summary>Change to on-hand stock (receipts +, shipments −).</summary>
    public int OnHandDelta { get; set; }
    public int ReservedDelta { get; set; }
    public int LockedDelta { get; set; }
    public string Actor { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? Reference { get; set; }
    public DateTime At { get; set; }
}
