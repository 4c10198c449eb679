using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Inventory;

public enum ReservationOutcome { Reserved, NotEnoughStock, UnknownSku }

/// <summary>
/// Changes to the shared stock pool. Every change is one conditional, set-based UPDATE plus its ledger entry in
/// one transaction, so concurrent orders can never oversell: the database, not the application, decides who gets
/// the last unit. (The CHECK constraint on StockItems is the second line of defence.)
/// </summary>
public sealed class StockService(IDbContextFactory<AppDbContext> contexts, AccessService access, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Reserves stock for an order. Returns NotEnoughStock instead of throwing: running out is normal business.</summary>
    public async Task<ReservationOutcome> ReserveAsync(long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        if (quantity <= 0) throw new DomainException(new("预占数量必须大于 0。", "The quantity to reserve must be more than 0."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.StockItems
            .Where(s => s.SkuId == skuId && s.OnHand - s.Reserved - s.CampaignLocked >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved + quantity), ct);
        if (changed == 0)
            return await db.StockItems.AnyAsync(s => s.SkuId == skuId, ct) ? ReservationOutcome.NotEnoughStock : ReservationOutcome.UnknownSku;

        await AddLedgerAsync(db, skuId, StockMovementKind.Reservation, 0, quantity, orderReference, "下单预占 Order reservation", ct);
        await transaction.CommitAsync(ct);
        return ReservationOutcome.Reserved;
    }

    /// <summary>The reserved units leave the warehouse: on-hand and reserved both go down.</summary>
    public Task ShipAsync(long skuId, int quantity, string orderReference, CancellationToken ct = default) =>
        MoveReservedAsync(skuId, quantity, orderReference, StockMovementKind.Shipment, onHandDelta: -quantity,
            new Bilingual("发货 Shipment", "Shipment"), ct);

    /// <summary>An unshipped order was cancelled: the reservation goes back to available stock.</summary>
    public Task ReleaseAsync(long skuId, int quantity, string orderReference, CancellationToken ct = default) =>
        MoveReservedAsync(skuId, quantity, orderReference, StockMovementKind.ReservationRelease, onHandDelta: 0,
            new Bilingual("取消释放 Cancellation release", "Cancellation release"), ct);

    /// <summary>A returned parcel is back in the warehouse and sellable again.</summary>
    public async Task ReturnAsync(long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        if (quantity <= 0) throw new DomainException(new("退货数量必须大于 0。", "The returned quantity must be more than 0."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.StockItems.Where(s => s.SkuId == skuId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + quantity), ct);
        if (changed == 0) throw new DomainException(new("找不到该 SKU。", "That SKU does not exist."));
        await AddLedgerAsync(db, skuId, StockMovementKind.Return, quantity, 0, orderReference, "退货入库 Return", ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Shipment and release both consume a reservation; refusing more than is reserved keeps the ledger honest.</summary>
    private async Task MoveReservedAsync(long skuId, int quantity, string orderReference, StockMovementKind kind, int onHandDelta, Bilingual reason, CancellationToken ct)
    {
        if (quantity <= 0) throw new DomainException(new("数量必须大于 0。", "The quantity must be more than 0."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.StockItems
            .Where(s => s.SkuId == skuId && s.Reserved >= quantity)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Reserved, x => x.Reserved - quantity)
                .SetProperty(x => x.OnHand, x => x.OnHand + onHandDelta), ct);
        if (changed == 0)
            throw new DomainException(new("该 SKU 没有这么多已预占库存，未执行。", "That SKU does not have that many reserved units; nothing was changed."));
        await AddLedgerAsync(db, skuId, kind, onHandDelta, -quantity, orderReference, reason.Zh, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task AddLedgerAsync(AppDbContext db, long skuId, StockMovementKind kind, int onHandDelta, int reservedDelta, string reference, string reason, CancellationToken ct)
    {
        var merchantId = await db.StockItems.Where(s => s.SkuId == skuId).Select(s => s.MerchantId).SingleAsync(ct);
        db.StockLedger.Add(new StockLedgerEntry
        {
            SkuId = skuId, MerchantId = merchantId, Kind = kind, OnHandDelta = onHandDelta, ReservedDelta = reservedDelta,
            Actor = "order", Reason = reason, Reference = reference, At = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A person adds or removes physical stock (count, damage, receipt). On-hand may not fall below what is promised.</summary>
    public async Task AdjustAsync(string userId, long skuId, int delta, string reason, CancellationToken ct = default)
    {
        if (delta == 0) throw new DomainException(new("调整数量不能为 0。", "The adjustment cannot be 0."));
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException(new("请填写调整原因。", "Give a reason for the adjustment."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var item = await db.StockItems.FirstOrDefaultAsync(s => s.SkuId == skuId, ct)
            ?? throw new DomainException(new("找不到该 SKU。", "That SKU does not exist."));
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.StockAdjust, item.MerchantId, null, $"stock.adjust sku={skuId}", ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.StockItems
            .Where(s => s.SkuId == skuId && s.OnHand + delta >= s.Reserved + s.CampaignLocked)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + delta), ct);
        if (changed == 0)
            throw new DomainException(new("调整后实物库存将少于已预占和活动锁定的数量，未执行。",
                "After this adjustment on-hand stock would be less than what is reserved and campaign-locked; nothing was changed."));
        var now = clock.GetUtcNow().UtcDateTime;
        db.StockLedger.Add(new StockLedgerEntry
        {
            SkuId = skuId, MerchantId = item.MerchantId, Kind = delta > 0 ? StockMovementKind.Receipt : StockMovementKind.Adjustment,
            OnHandDelta = delta, Actor = actor.DisplayName, Reason = reason.Trim(), At = now,
        });
        audit.Add(db, new AuditEntry
        {
            ActorUserId = userId, ActorName = actor.DisplayName, OrganisationId = item.MerchantId,
            DelegationId = actor.Find(Permission.StockAdjust, item.MerchantId)?.DelegationId,
            Action = "stock.adjusted", EntityType = "Sku", EntityId = skuId.ToString(), Before = item.OnHand.ToString(), After = (item.OnHand + delta).ToString(),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>SKUs whose on-hand differs from the sum of their ledger (should always be none).</summary>
    public async Task<IReadOnlyList<long>> LedgerMismatchesAsync(long merchantId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.StockItems
            .Where(s => s.MerchantId == merchantId)
            .Where(s => s.OnHand != db.StockLedger.Where(l => l.SkuId == s.SkuId).Sum(l => l.OnHandDelta)
                        || s.Reserved != db.StockLedger.Where(l => l.SkuId == s.SkuId).Sum(l => l.ReservedDelta))
            .Select(s => s.SkuId).ToListAsync(ct);
    }
}
