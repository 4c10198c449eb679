using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Orders;

/// <summary>A carrier's scan of a parcel.</summary>
public enum CarrierScanKind { PickedUp = 1, Delivered = 2 }

public enum CarrierScanResult
{
    Recorded,
    /// <summary>The same scan arrived again (carriers resend): nothing changed.</summary>
    AlreadyRecorded,
}

/// <summary>
/// The one way carrier scans enter: the open API's carrier callbacks and the demo world's simulator both call
/// <see cref="RecordAsync"/>. Setting PickedUpAt and DeliveredAt is what the pickup and delivery indicators read
/// (<see cref="Scores.DueRules"/>). Idempotent (a repeated scan changes nothing) and strict about order (a delivery
/// before a pickup, or a scan dated before shipping or in the future, is refused).
/// </summary>
public sealed class CarrierScans(CommandRunner commands)
{
    public Task<CarrierScanResult> RecordAsync(Carrier carrier, string waybill, CarrierScanKind kind, DateTime atUtc, CancellationToken ct = default) =>
        commands.RunAsSystemAsync(SystemActor.Carrier, OrderCommandNames.CarrierScan, async c =>
        {
            var (db, cancel) = (c.Db, c.Cancellation);
            var w = waybill.Trim().ToUpperInvariant();
            var order = await db.Orders.AsNoTracking().Where(o => o.Carrier == carrier && o.WaybillNo == w)
                            .Select(o => new { o.Id, o.Status, o.ShippedAt, o.PickedUpAt, o.DeliveredAt }).FirstOrDefaultAsync(cancel)
                        ?? throw NotFoundException.Of("运单", "waybill");
            var move = kind == CarrierScanKind.PickedUp ? OrderMove.PickUp : OrderMove.Deliver;
            if (OrderTransitions.IsPast(order.Status, move)) return CarrierScanResult.AlreadyRecorded;
            if (!OrderTransitions.Allows(order.Status, move))
                throw new ConflictException(kind == CarrierScanKind.Delivered
                    ? new("包裹还没有揽收记录，不能先签收。", "The parcel has no pickup scan yet; it cannot be delivered first.")
                    : new("订单当前状态不能记录揽收。", "The order's state does not allow a pickup scan."));
            var earliest = kind == CarrierScanKind.PickedUp ? order.ShippedAt : order.PickedUpAt;
            if (atUtc < earliest || atUtc > c.Now)
                throw new DomainException(new("扫描时间早于上一环节或晚于现在，未记录。", "The scan time is before the previous step or in the future; it was not recorded."));
            var (from, to) = (OrderTransitions.From(move), OrderTransitions.To(move));
            var changed = kind == CarrierScanKind.PickedUp
                ? await db.Orders.Where(o => o.Id == order.Id && o.Status == from)
                    .ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, to).SetProperty(x => x.PickedUpAt, atUtc), cancel)
                : await db.Orders.Where(o => o.Id == order.Id && o.Status == from)
                    .ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, to).SetProperty(x => x.DeliveredAt, atUtc), cancel);
            // The same scan delivered twice at once: the second finds the state already moved.
            return changed == 1 ? CarrierScanResult.Recorded : CarrierScanResult.AlreadyRecorded;
        }, ct);
}
