using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Orders;

/// <summary>
/// A carrier scan reported by a caller with rights (a warehouse's or carrier's integration key): the waybill's order
/// must be in a shop where the caller holds orders.fulfil (another organisation's waybill looks unknown), then the scan
/// enters through <see cref="CarrierScans.RecordAsync"/>, the one way scans enter.
/// </summary>
public sealed class CarrierEvents(IDbContextFactory<AppDbContext> contexts, AccessService access, CarrierScans scans)
{
    public const string Action = "orders.carrier-event";

    public async Task<(long OrderId, CarrierScanResult Result)> RecordAsync(string userId, Carrier carrier, string waybill, CarrierScanKind kind, DateTime atUtc,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(waybill)) throw new DomainException(new("缺少运单号。", "The waybill is missing."));
        var w = waybill.Trim().ToUpperInvariant();
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var order = await db.Orders.AsNoTracking().Where(o => o.Carrier == carrier && o.WaybillNo == w)
                            .Select(o => new { o.Id, o.MerchantId, o.ShopId }).FirstOrDefaultAsync(ct) ?? throw UnknownWaybill();
            var actor = await access.ResolveAsync(db, userId, ct);
            await access.RequireAsync(actor, Permission.OrdersFulfil, order.MerchantId, ShopTarget.Shop(order.ShopId), Action, ct, UnknownWaybill());
            return (order.Id, await scans.RecordAsync(carrier, w, kind, atUtc, ct));
        }
    }

    private static NotFoundException UnknownWaybill() => NotFoundException.Of("运单", "waybill");
}
