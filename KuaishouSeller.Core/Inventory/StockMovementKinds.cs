using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Inventory;

/// <summary>The one place a stock movement kind gets its words; the ledger stores the code.</summary>
public static class StockMovementKinds
{
    public static Bilingual Name(StockMovementKind kind) => kind switch
    {
        StockMovementKind.Receipt => new("入库", "Receipt"),
        StockMovementKind.Reservation => new("下单预占", "Reservation"),
        StockMovementKind.Shipment => new("发货", "Shipment"),
        StockMovementKind.ReservationRelease => new("取消释放", "Cancellation release"),
        StockMovementKind.Return => new("退货入库", "Return"),
        StockMovementKind.Adjustment => new("调整", "Adjustment"),
        StockMovementKind.CampaignLock => new("活动锁定", "Campaign lock"),
        StockMovementKind.CampaignUnlock => new("活动解锁", "Campaign unlock"),
        StockMovementKind.QuotaMove => new("配额调拨", "Quota move"),
        StockMovementKind.Stocktake => new("盘点", "Stocktake"),
        _ => new(kind.ToString(), kind.ToString()),
    };
}
