namespace KuaishouSeller.Core.Inventory;

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
