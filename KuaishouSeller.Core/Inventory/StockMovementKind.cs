namespace KuaishouSeller.Core.Inventory;

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
