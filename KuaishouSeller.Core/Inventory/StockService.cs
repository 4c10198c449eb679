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
/// the last unit. (The CHECK constraints on StockItems and ShopStockQuotas are the second line of defence.)
/// </summary>
public sealed class StockService(IDbContextFactory<AppDbContext> contexts, AccessService access, AuditTrail audit, TimeProvider clock)
{
    public const int MaxQuantity = 1_000_000;

    /// <summary>
    /// Reserves stock for a shop's order: from the shop's quota when it has one, otherwise from the shared pool.
    /// Returns NotEnoughStock instead of throwing: running out is normal business.
    /// </summary>
    public async Task<ReservationOutcome> ReserveAsync(long shopId, long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        int quotaDelta;
        if (await db.ShopStockQuotas.AnyAsync(q => q.SkuId == skuId && q.ShopId == shopId, ct))
        {
            var fromQuota = await db.ShopStockQuotas
                .Where(q => q.SkuId == skuId && q.ShopId == shopId && q.Remaining >= quantity)
                .ExecuteUpdateAsync(q => q.SetProperty(x => x.Remaining, x => x.Remaining - quantity), ct);
            if (fromQuota == 0) return ReservationOutcome.NotEnoughStock;
            // The units were already set aside for this shop, so the pool row cannot fail its check here.
            await db.StockItems.Where(s => s.SkuId == skuId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Reserved, x => x.Reserved + quantity)
                .SetProperty(x => x.QuotaAllocated, x => x.QuotaAllocated - quantity), ct);
            quotaDelta = -quantity;
        }
        else
        {
            var changed = await db.StockItems
                .Where(s => s.SkuId == skuId && s.OnHand - s.Reserved - s.CampaignLocked - s.QuotaAllocated >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved + quantity), ct);
            if (changed == 0)
                return await db.StockItems.AnyAsync(s => s.SkuId == skuId, ct) ? ReservationOutcome.NotEnoughStock : ReservationOutcome.UnknownSku;
            quotaDelta = 0;
        }

        await AddOrderLedgerAsync(db, shopId, skuId, StockMovementKind.Reservation, 0, quantity, quotaDelta, orderReference, "下单预占 Order reservation", ct);
        await transaction.CommitAsync(ct);
        return ReservationOutcome.Reserved;
    }

    /// <summary>The reserved units leave the warehouse: on-hand and reserved both go down.</summary>
    public async Task ShipAsync(long shopId, long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ConsumeReservationAsync(db, skuId, quantity, onHandDelta: -quantity, backToQuota: false, ct);
        await AddOrderLedgerAsync(db, shopId, skuId, StockMovementKind.Shipment, -quantity, -quantity, 0, orderReference, "发货 Shipment", ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>An unshipped order was cancelled: the units go back where they came from (the shop's quota, or the pool).</summary>
    public async Task ReleaseAsync(long shopId, long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var toQuota = await db.ShopStockQuotas.Where(q => q.SkuId == skuId && q.ShopId == shopId)
            .ExecuteUpdateAsync(q => q.SetProperty(x => x.Remaining, x => x.Remaining + quantity), ct) == 1;
        await ConsumeReservationAsync(db, skuId, quantity, onHandDelta: 0, backToQuota: toQuota, ct);
        await AddOrderLedgerAsync(db, shopId, skuId, StockMovementKind.ReservationRelease, 0, -quantity, toQuota ? quantity : 0,
            orderReference, "取消释放 Cancellation release", ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>A returned parcel is back in the warehouse and sellable again from the shared pool.</summary>
    public async Task ReturnAsync(long shopId, long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.StockItems.Where(s => s.SkuId == skuId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + quantity), ct);
        if (changed == 0) throw UnknownSku();
        await AddOrderLedgerAsync(db, shopId, skuId, StockMovementKind.Return, quantity, 0, 0, orderReference, "退货入库 Return", ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Locks stock for an approved campaign registration: from the shared pool, one conditional update, so two
    /// registrations racing for the same pool can never lock more than is there.
    /// </summary>
    public async Task<bool> LockForCampaignAsync(long skuId, int quantity, string registrationReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await TryCampaignLockAsync(db, skuId, null, quantity, "campaign", registrationReference, clock.GetUtcNow().UtcDateTime, ct)) return false;
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Releases a campaign lock (registration withdrawn, rejected or the campaign ended).</summary>
    public async Task UnlockCampaignAsync(long skuId, int quantity, string registrationReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await TryCampaignUnlockAsync(db, skuId, null, quantity, "campaign", registrationReference, clock.GetUtcNow().UtcDateTime, ct))
            throw new DomainException(new("该 SKU 没有这么多活动锁定库存，未执行。", "That SKU does not have that many campaign-locked units; nothing was changed."));
        await transaction.CommitAsync(ct);
    }

    /// <summary>The campaign lock inside the caller's transaction (campaign approval changes the registration in the same one).</summary>
    internal static async Task<bool> TryCampaignLockAsync(AppDbContext db, long skuId, long? shopId, int quantity, string actor, string reference, DateTime at, CancellationToken ct)
    {
        var changed = await db.StockItems
            .Where(s => s.SkuId == skuId && s.OnHand - s.Reserved - s.CampaignLocked - s.QuotaAllocated >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CampaignLocked, x => x.CampaignLocked + quantity), ct);
        if (changed == 0) return false;
        await AddLedgerAsync(db, new StockLedgerEntry
        {
            SkuId = skuId, ShopId = shopId, Kind = StockMovementKind.CampaignLock, LockedDelta = quantity, Actor = actor, Reason = "活动锁定 Campaign lock", Reference = reference, At = at,
        }, ct);
        return true;
    }

    internal static async Task<bool> TryCampaignUnlockAsync(AppDbContext db, long skuId, long? shopId, int quantity, string actor, string reference, DateTime at, CancellationToken ct)
    {
        var changed = await db.StockItems.Where(s => s.SkuId == skuId && s.CampaignLocked >= quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CampaignLocked, x => x.CampaignLocked - quantity), ct);
        if (changed == 0) return false;
        await AddLedgerAsync(db, new StockLedgerEntry
        {
            SkuId = skuId, ShopId = shopId, Kind = StockMovementKind.CampaignUnlock, LockedDelta = -quantity, Actor = actor, Reason = "活动解锁 Campaign unlock", Reference = reference, At = at,
        }, ct);
        return true;
    }

    /// <summary>Shipment and release both consume a reservation; refusing more than is reserved keeps the ledger honest.</summary>
    private static async Task ConsumeReservationAsync(AppDbContext db, long skuId, int quantity, int onHandDelta, bool backToQuota, CancellationToken ct)
    {
        var quotaDelta = backToQuota ? quantity : 0;
        var changed = await db.StockItems
            .Where(s => s.SkuId == skuId && s.Reserved >= quantity)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Reserved, x => x.Reserved - quantity)
                .SetProperty(x => x.OnHand, x => x.OnHand + onHandDelta)
                .SetProperty(x => x.QuotaAllocated, x => x.QuotaAllocated + quotaDelta), ct);
        if (changed == 0)
            throw new DomainException(new("该 SKU 没有这么多已预占库存，未执行。", "That SKU does not have that many reserved units; nothing was changed."));
    }

    /// <summary>Writes a system movement (orders, campaigns) to the ledger with the SKU's merchant.</summary>
    private static async Task AddLedgerAsync(AppDbContext db, StockLedgerEntry entry, CancellationToken ct)
    {
        entry.MerchantId = await db.StockItems.Where(s => s.SkuId == entry.SkuId).Select(s => s.MerchantId).SingleAsync(ct);
        db.StockLedger.Add(entry);
        await db.SaveChangesAsync(ct);
    }

    private Task AddOrderLedgerAsync(AppDbContext db, long shopId, long skuId, StockMovementKind kind, int onHandDelta, int reservedDelta,
        int quotaDelta, string reference, string reason, CancellationToken ct) =>
        AddLedgerAsync(db, new StockLedgerEntry
        {
            SkuId = skuId, ShopId = shopId, Kind = kind, OnHandDelta = onHandDelta, ReservedDelta = reservedDelta, QuotaDelta = quotaDelta,
            Actor = "order", Reason = reason, Reference = reference, At = clock.GetUtcNow().UtcDateTime,
        }, ct);

    /// <summary>A person adds or removes physical stock (count, damage, receipt). On-hand may not fall below what is promised.</summary>
    public async Task AdjustAsync(string userId, long skuId, int delta, string reason, CancellationToken ct = default)
    {
        if (delta == 0) throw new DomainException(new("调整数量不能为 0。", "The adjustment cannot be 0."));
        if (Math.Abs(delta) > MaxQuantity) throw TooLarge();
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException(new("请填写调整原因。", "Give a reason for the adjustment."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var item = await db.StockItems.AsNoTracking().FirstOrDefaultAsync(s => s.SkuId == skuId, ct) ?? throw UnknownSku();
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.StockAdjust, item.MerchantId, null, $"stock.adjust sku={skuId}", ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.StockItems
            .Where(s => s.SkuId == skuId && s.OnHand + delta >= s.Reserved + s.CampaignLocked + s.QuotaAllocated)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + delta), ct);
        if (changed == 0)
            throw new DomainException(new("调整后实物库存将少于已预占、活动锁定和店铺配额的数量，未执行。",
                "After this adjustment on-hand stock would be less than what is reserved, campaign-locked and in shop quotas; nothing was changed."));
        db.StockLedger.Add(new StockLedgerEntry
        {
            SkuId = skuId, MerchantId = item.MerchantId, Kind = delta > 0 ? StockMovementKind.Receipt : StockMovementKind.Adjustment,
            OnHandDelta = delta, Actor = actor.DisplayName, Reason = reason.Trim(), At = clock.GetUtcNow().UtcDateTime,
        });
        audit.Add(db, new AuditEntry
        {
            ActorUserId = userId, ActorName = actor.DisplayName, OrganisationId = item.MerchantId,
            DelegationId = actor.Find(Permission.StockAdjust, item.MerchantId)?.DelegationId,
            Action = "stock.adjusted", EntityType = "Sku", EntityId = skuId.ToString(),
            Before = item.OnHand.ToString(), After = $"{item.OnHand + delta} ({reason.Trim()})",
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Moves quota in one action: from the shared pool (null) to a shop, between two shops, or from a shop back to
    /// the pool. Emptying a shop's quota into the pool ends it, so the shop sells from the shared pool again.
    /// </summary>
    public async Task MoveQuotaAsync(string userId, long skuId, long? fromShopId, long? toShopId, int quantity, string? reason, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        if (fromShopId == toShopId)
            throw new DomainException(new("调出和调入不能相同。", "Moving quota needs two different places (a shop or the shared pool)."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var item = await db.StockItems.AsNoTracking().FirstOrDefaultAsync(s => s.SkuId == skuId, ct) ?? throw UnknownSku();
        var actor = await access.ResolveAsync(db, userId, ct);
        foreach (var shopId in new[] { fromShopId, toShopId }.OfType<long>())
        {
            if (!await db.Shops.AnyAsync(s => s.Id == shopId && s.MerchantId == item.MerchantId, ct))
                throw new DomainException(new("该店铺不属于此商家。", "That shop does not belong to this merchant."));
            await access.RequireAsync(actor, Permission.StockAdjust, item.MerchantId, shopId, $"stock.quota sku={skuId} shop={shopId}", ct);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var note = string.IsNullOrWhiteSpace(reason) ? "配额调拨 Quota move" : reason.Trim();
        var reference = $"quota:{Guid.NewGuid():N}";

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (fromShopId is { } from)
        {
            var taken = await db.ShopStockQuotas.Where(q => q.SkuId == skuId && q.ShopId == from && q.Remaining >= quantity)
                .ExecuteUpdateAsync(q => q.SetProperty(x => x.Remaining, x => x.Remaining - quantity), ct);
            if (taken == 0)
                throw new DomainException(new($"调出店铺的配额不足 {quantity} 件，未执行。", $"The shop moving quota out has fewer than {quantity} units in its quota; nothing was changed."));
            if (toShopId is null)
            {
                await db.StockItems.Where(s => s.SkuId == skuId).ExecuteUpdateAsync(s => s.SetProperty(x => x.QuotaAllocated, x => x.QuotaAllocated - quantity), ct);
                await db.ShopStockQuotas.Where(q => q.SkuId == skuId && q.ShopId == from && q.Remaining == 0).ExecuteDeleteAsync(ct);
            }
        }
        else
        {
            var carved = await db.StockItems
                .Where(s => s.SkuId == skuId && s.OnHand - s.Reserved - s.CampaignLocked - s.QuotaAllocated >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.QuotaAllocated, x => x.QuotaAllocated + quantity), ct);
            if (carved == 0)
                throw new DomainException(new($"共享库存可用不足 {quantity} 件，不能划出配额，未执行。",
                    $"The shared pool has fewer than {quantity} units available, so that quota cannot be carved out; nothing was changed."));
        }
        if (toShopId is { } to)
        {
            var added = await db.ShopStockQuotas.Where(q => q.SkuId == skuId && q.ShopId == to)
                .ExecuteUpdateAsync(q => q.SetProperty(x => x.Remaining, x => x.Remaining + quantity), ct);
            if (added == 0)
                db.ShopStockQuotas.Add(new ShopStockQuota { SkuId = skuId, ShopId = to, MerchantId = item.MerchantId, Remaining = quantity });
        }

        foreach (var (shopId, sign) in new[] { (fromShopId, -1), (toShopId, 1) })
            if (shopId is not null)
                db.StockLedger.Add(new StockLedgerEntry
                {
                    SkuId = skuId, MerchantId = item.MerchantId, ShopId = shopId, Kind = StockMovementKind.QuotaMove, QuotaDelta = sign * quantity,
                    Actor = actor.DisplayName, Reason = note, Reference = reference, At = now,
                });
        audit.Add(db, new AuditEntry
        {
            ActorUserId = userId, ActorName = actor.DisplayName, OrganisationId = item.MerchantId, ShopId = toShopId ?? fromShopId,
            DelegationId = actor.Find(Permission.StockAdjust, item.MerchantId, toShopId ?? fromShopId)?.DelegationId,
            Action = "stock.quota-moved", EntityType = "Sku", EntityId = skuId.ToString(),
            Before = fromShopId is null ? "pool" : $"shop {fromShopId}", After = $"{(toShopId is null ? "pool" : $"shop {toShopId}")} +{quantity}",
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Sets the low-stock rule of one SKU: alert when available stock is at or below the threshold.</summary>
    public async Task SetLowStockThresholdAsync(string userId, long skuId, int threshold, CancellationToken ct = default)
    {
        if (threshold < 0 || threshold > MaxQuantity)
            throw new DomainException(new($"预警阈值须在 0 到 {MaxQuantity:N0} 之间。", $"The low-stock threshold must be between 0 and {MaxQuantity:N0}."));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var item = await db.StockItems.AsTracking().FirstOrDefaultAsync(s => s.SkuId == skuId, ct) ?? throw UnknownSku();
        var actor = await access.ResolveAsync(db, userId, ct);
        await access.RequireAsync(actor, Permission.StockAdjust, item.MerchantId, null, $"stock.threshold sku={skuId}", ct);
        if (item.LowStockThreshold == threshold) return;
        audit.Add(db, new AuditEntry
        {
            ActorUserId = userId, ActorName = actor.DisplayName, OrganisationId = item.MerchantId,
            DelegationId = actor.Find(Permission.StockAdjust, item.MerchantId)?.DelegationId,
            Action = "stock.threshold-set", EntityType = "Sku", EntityId = skuId.ToString(),
            Before = item.LowStockThreshold.ToString(), After = threshold.ToString(),
        });
        item.LowStockThreshold = threshold;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// SKUs whose pool columns or shop quotas differ from the sums of their ledger (should always be none):
    /// the proof that every change went through the ledger.
    /// </summary>
    public async Task<IReadOnlyList<long>> LedgerMismatchesAsync(long merchantId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var pool = await db.StockItems
            .Where(s => s.MerchantId == merchantId)
            .Where(s => s.OnHand != db.StockLedger.Where(l => l.SkuId == s.SkuId).Sum(l => l.OnHandDelta)
                        || s.Reserved != db.StockLedger.Where(l => l.SkuId == s.SkuId).Sum(l => l.ReservedDelta)
                        || s.CampaignLocked != db.StockLedger.Where(l => l.SkuId == s.SkuId).Sum(l => l.LockedDelta)
                        || s.QuotaAllocated != db.StockLedger.Where(l => l.SkuId == s.SkuId).Sum(l => l.QuotaDelta))
            .Select(s => s.SkuId).ToListAsync(ct);
        var quotas = await (from q in db.ShopStockQuotas.Where(q => q.MerchantId == merchantId)
                            let sum = db.StockLedger.Where(l => l.SkuId == q.SkuId && l.ShopId == q.ShopId).Sum(l => l.QuotaDelta)
                            where q.Remaining != sum
                            select q.SkuId).ToListAsync(ct);
        return pool.Concat(quotas).Distinct().Order().ToList();
    }

    private static void RequireQuantity(int quantity)
    {
        if (quantity <= 0) throw new DomainException(new("数量必须大于 0。", "The quantity must be more than 0."));
        if (quantity > MaxQuantity) throw TooLarge();
    }

    private static DomainException TooLarge() => new(new($"单次数量不能超过 {MaxQuantity:N0}。", $"One movement cannot exceed {MaxQuantity:N0} units."));

    private static DomainException UnknownSku() => new(new("找不到该 SKU。", "That SKU does not exist."));
}
