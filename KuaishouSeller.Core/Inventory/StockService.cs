using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Inventory;

public enum ReservationOutcome { Reserved, NotEnoughStock, UnknownSku }

/// <summary>One shipped order's stock movement: its units leave the warehouse, from its reservation if it had one.</summary>
internal sealed record ShipmentLine(long MerchantId, long ShopId, long SkuId, int Quantity, bool Reserved, string OrderReference);

/// <summary>Names of the system's stock commands (their refusals and traces); people's stock changes are audited under <see cref="AuditActions"/>.</summary>
public static class StockCommands
{
    public const string Reserve = "stock.reserve", Ship = "stock.ship", Release = "stock.release", Return = "stock.return",
        CampaignLock = "stock.campaign-lock", CampaignUnlock = "stock.campaign-unlock";
}

/// <summary>
/// Changes to the shared stock pool. Every change is one conditional, set-based UPDATE plus its ledger entry in
/// one transaction, so concurrent orders can never oversell: the database, not the application, decides who gets
/// the last unit. (The CHECK constraints on StockItems and ShopStockQuotas are the second line of defence.)
/// </summary>
public sealed class StockService(IDbContextFactory<AppDbContext> contexts, CommandRunner commands)
{
    public const int MaxQuantity = 1_000_000;

    /// <summary>
    /// Reserves stock for a shop's order: from the shop's quota when it has one, otherwise from the shared pool.
    /// Returns NotEnoughStock instead of throwing: running out is normal business.
    /// </summary>
    public Task<ReservationOutcome> ReserveAsync(long shopId, long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        return CountedAsync(commands.RunAsSystemAsync(SystemActor.OrderIntake, StockCommands.Reserve, c => ReserveInAsync(c, shopId, skuId, quantity, orderReference), ct));
    }

    /// <summary>Counts the committed outcome for the reservations metric (a rolled-back one throws and is not counted).</summary>
    private static async Task<ReservationOutcome> CountedAsync(Task<ReservationOutcome> reservation)
    {
        var outcome = await reservation;
        AppTelemetry.Reservations.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
        {
            ReservationOutcome.Reserved => "reserved",
            ReservationOutcome.NotEnoughStock => "not_enough_stock",
            _ => "unknown_sku",
        }));
        return outcome;
    }

    /// <summary>The reservation inside the caller's command (order intake reserves every line of an order in one transaction).</summary>
    internal static async Task<ReservationOutcome> ReserveInAsync(CommandContext c, long shopId, long skuId, int quantity, string orderReference)
    {
        var (db, ct) = (c.Db, c.Cancellation);
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
            var changed = await db.StockItems.Where(s => s.SkuId == skuId).WithSharedAvailableAtLeast(quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved + quantity), ct);
            if (changed == 0)
                return await db.StockItems.AnyAsync(s => s.SkuId == skuId, ct) ? ReservationOutcome.NotEnoughStock : ReservationOutcome.UnknownSku;
            quotaDelta = 0;
        }
        await AddLedgerAsync(c, new StockLedgerEntry
        {
            SkuId = skuId, ShopId = shopId, Kind = StockMovementKind.Reservation, ReservedDelta = quantity, QuotaDelta = quotaDelta, Reference = orderReference,
        });
        return ReservationOutcome.Reserved;
    }

    /// <summary>The reserved units leave the warehouse: on-hand and reserved both go down.</summary>
    public Task ShipAsync(long shopId, long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        return commands.RunAsSystemAsync(SystemActor.OrderIntake, StockCommands.Ship, async c =>
        {
            await ConsumeReservationAsync(c.Db, skuId, quantity, onHandDelta: -quantity, backToQuota: false, c.Cancellation);
            await AddLedgerAsync(c, new StockLedgerEntry
            {
                SkuId = skuId, ShopId = shopId, Kind = StockMovementKind.Shipment, OnHandDelta = -quantity, ReservedDelta = -quantity, Reference = orderReference,
            });
        }, ct);
    }

    /// <summary>An unshipped order was cancelled: the units go back where they came from (the shop's quota, or the pool).</summary>
    public Task ReleaseAsync(long shopId, long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        return commands.RunAsSystemAsync(SystemActor.OrderIntake, StockCommands.Release, async c =>
        {
            var toQuota = await c.Db.ShopStockQuotas.Where(q => q.SkuId == skuId && q.ShopId == shopId)
                .ExecuteUpdateAsync(q => q.SetProperty(x => x.Remaining, x => x.Remaining + quantity), c.Cancellation) == 1;
            await ConsumeReservationAsync(c.Db, skuId, quantity, onHandDelta: 0, backToQuota: toQuota, c.Cancellation);
            await AddLedgerAsync(c, new StockLedgerEntry
            {
                SkuId = skuId, ShopId = shopId, Kind = StockMovementKind.ReservationRelease, ReservedDelta = -quantity, QuotaDelta = toQuota ? quantity : 0,
                Reference = orderReference,
            });
        }, ct);
    }

    /// <summary>A returned parcel is back in the warehouse and sellable again from the shared pool.</summary>
    public Task ReturnAsync(long shopId, long skuId, int quantity, string orderReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        return commands.RunAsSystemAsync(SystemActor.OrderIntake, StockCommands.Return, c => ReturnInAsync(c, shopId, skuId, quantity, orderReference), ct);
    }

    /// <summary>The return inside the caller's command (an after-sale restocks in the same transaction as its own move).</summary>
    internal static async Task ReturnInAsync(CommandContext c, long shopId, long skuId, int quantity, string orderReference)
    {
        RequireQuantity(quantity);
        var changed = await c.Db.StockItems.Where(s => s.SkuId == skuId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + quantity), c.Cancellation);
        if (changed == 0) throw UnknownSku();
        await AddLedgerAsync(c, new StockLedgerEntry
        {
            SkuId = skuId, ShopId = shopId, Kind = StockMovementKind.Return, OnHandDelta = quantity, Reference = orderReference,
        });
    }

    /// <summary>
    /// Locks stock for an approved campaign registration: from the shared pool, one conditional update, so two
    /// registrations racing for the same pool can never lock more than is there.
    /// </summary>
    public Task<bool> LockForCampaignAsync(long skuId, int quantity, string registrationReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        return commands.RunAsSystemAsync(SystemActor.Scheduler, StockCommands.CampaignLock,
            c => TryCampaignLockAsync(c, skuId, null, quantity, registrationReference), ct);
    }

    /// <summary>Releases a campaign lock (registration withdrawn, rejected or the campaign ended).</summary>
    public Task UnlockCampaignAsync(long skuId, int quantity, string registrationReference, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        return commands.RunAsSystemAsync(SystemActor.Scheduler, StockCommands.CampaignUnlock, async c =>
        {
            if (!await TryCampaignUnlockAsync(c, skuId, null, quantity, registrationReference))
                throw new DomainException(new("该 SKU 没有这么多活动锁定库存，未执行。", "That SKU does not have that many campaign-locked units; nothing was changed."));
        }, ct);
    }

    /// <summary>The campaign lock inside the caller's command (campaign approval changes the registration in the same transaction).</summary>
    internal static Task<bool> TryCampaignLockAsync(CommandContext c, long skuId, long? shopId, int quantity, string reference) =>
        TryCampaignLockAsync(c.Db, skuId, shopId, quantity, c.Actor.DisplayName, reference, c.Now, c.Cancellation);

    internal static Task<bool> TryCampaignUnlockAsync(CommandContext c, long skuId, long? shopId, int quantity, string reference) =>
        TryCampaignUnlockAsync(c.Db, skuId, shopId, quantity, c.Actor.DisplayName, reference, c.Now, c.Cancellation);

    /// <summary>The lock on a bare context, for the demo world's history (approvals dated in the past).</summary>
    internal static async Task<bool> TryCampaignLockAsync(AppDbContext db, long skuId, long? shopId, int quantity, string actor, string reference, DateTime at, CancellationToken ct)
    {
        var changed = await db.StockItems.Where(s => s.SkuId == skuId).WithSharedAvailableAtLeast(quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CampaignLocked, x => x.CampaignLocked + quantity), ct);
        if (changed == 0) return false;
        await AddLedgerAsync(db, new StockLedgerEntry
        {
            SkuId = skuId, ShopId = shopId, Kind = StockMovementKind.CampaignLock, LockedDelta = quantity, Actor = actor, Reference = reference, At = at,
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
            SkuId = skuId, ShopId = shopId, Kind = StockMovementKind.CampaignUnlock, LockedDelta = -quantity, Actor = actor, Reference = reference, At = at,
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

    /// <summary>
    /// Writes a movement to the ledger with the command's actor and instant. The kind says what happened (shown in the
    /// reader's language); <see cref="StockLedgerEntry.Reason"/> holds only a person's own words.
    /// </summary>
    private static Task AddLedgerAsync(CommandContext c, StockLedgerEntry entry)
    {
        entry.Actor = c.Actor.DisplayName;
        entry.At = c.Now;
        return AddLedgerAsync(c.Db, entry, c.Cancellation);
    }

    private static async Task AddLedgerAsync(AppDbContext db, StockLedgerEntry entry, CancellationToken ct)
    {
        // The same read as the merchant id alone, now with the level the movement left, for the low-stock event.
        var pool = await db.StockItems.Where(s => s.SkuId == entry.SkuId)
            .Select(s => new { s.MerchantId, Available = StockRules.Available(s), s.LowStockThreshold }).WithRules().SingleAsync(ct);
        entry.MerchantId = pool.MerchantId;
        db.StockLedger.Add(entry);
        AnnounceIfLow(db, entry, pool.MerchantId, pool.Available, pool.LowStockThreshold);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>For movements written without <see cref="AddLedgerAsync(AppDbContext, StockLedgerEntry, CancellationToken)"/>: reads the level only when the movement lowered it.</summary>
    private static async Task AnnounceIfLowAsync(AppDbContext db, StockLedgerEntry entry, CancellationToken ct)
    {
        if (StockRules.AvailableDelta(entry) >= 0) return;
        var pool = await db.StockItems.Where(s => s.SkuId == entry.SkuId)
            .Select(s => new { s.MerchantId, Available = StockRules.Available(s), s.LowStockThreshold }).WithRules().SingleAsync(ct);
        AnnounceIfLow(db, entry, pool.MerchantId, pool.Available, pool.LowStockThreshold);
    }

    /// <summary>The stock.low event, in the movement's own transaction, when this movement crossed the threshold.</summary>
    private static void AnnounceIfLow(AppDbContext db, StockLedgerEntry entry, long merchantId, int availableAfter, int threshold)
    {
        var delta = StockRules.AvailableDelta(entry);
        if (delta >= 0 || !StockRules.CrossesLow(availableAfter - delta, availableAfter, threshold)) return;
        KuaishouSeller.Core.Webhooks.WebhookOutbox.Add(db, merchantId, KuaishouSeller.Core.Webhooks.WebhookEvents.StockLow, new
        {
            skuId = entry.SkuId, shopId = entry.ShopId, available = availableAfter, threshold, movement = entry.Kind.ToString(), reference = entry.Reference,
        }, entry.At);
    }

    /// <summary>
    /// A person adds or removes physical stock (count, damage, receipt). On-hand may not fall below what is promised.
    /// The pool is every shop's, so this needs stock.adjust over all shops.
    /// </summary>
    public Task AdjustAsync(string userId, long skuId, int delta, string reason, CancellationToken ct = default)
    {
        if (delta == 0) throw new DomainException(new("调整数量不能为 0。", "The adjustment cannot be 0."));
        if (Math.Abs(delta) > MaxQuantity) throw TooLarge();
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException(new("请填写调整原因。", "Give a reason for the adjustment."));
        reason = reason.Trim();
        return commands.RunInTransactionAsync(userId, AuditActions.StockAdjusted, async c =>
        {
            var item = await RequirePoolAsync(c, skuId);
            var changed = await c.Db.StockItems
                .Where(s => s.SkuId == skuId && s.OnHand + delta >= s.Reserved + s.CampaignLocked + s.QuotaAllocated)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + delta), c.Cancellation);
            if (changed == 0)
                throw new DomainException(new("调整后实物库存将少于已预占、活动锁定和店铺配额的数量，未执行。",
                    "After this adjustment on-hand stock would be less than what is reserved, campaign-locked and in shop quotas; nothing was changed."));
            var movement = new StockLedgerEntry
            {
                SkuId = skuId, MerchantId = item.MerchantId, Kind = delta > 0 ? StockMovementKind.Receipt : StockMovementKind.Adjustment,
                OnHandDelta = delta, Actor = c.Actor.DisplayName, Reason = reason, At = c.Now,
            };
            c.Db.StockLedger.Add(movement);
            await AnnounceIfLowAsync(c.Db, movement, c.Cancellation);
            c.Audit(await SkuSubjectAsync(c, skuId), new { onHand = item.OnHand }, new { onHand = item.OnHand + delta, reason });
        }, ct);
    }

    /// <summary>
    /// Moves quota in one action: from the shared pool (null) to a shop, between two shops, or from a shop back to
    /// the pool. Emptying a shop's quota into the pool ends it, so the shop sells from the shared pool again.
    /// Needs stock.adjust on each shop involved.
    /// </summary>
    public Task MoveQuotaAsync(string userId, long skuId, long? fromShopId, long? toShopId, int quantity, string? reason, CancellationToken ct = default)
    {
        RequireQuantity(quantity);
        if (fromShopId == toShopId)
            throw new DomainException(new("调出和调入不能相同。", "Moving quota needs two different places (a shop or the shared pool)."));
        var note = string.IsNullOrWhiteSpace(reason) ? "" : reason.Trim();
        return commands.RunInTransactionAsync(userId, AuditActions.StockQuotaMoved, async c =>
        {
            var (db, ct) = (c.Db, c.Cancellation);
            var item = await db.StockItems.AsNoTracking().FirstOrDefaultAsync(s => s.SkuId == skuId, ct) ?? throw UnknownSku();
            foreach (var shopId in new[] { fromShopId, toShopId }.OfType<long>())
            {
                if (!await db.Shops.AnyAsync(s => s.Id == shopId && s.MerchantId == item.MerchantId, ct))
                    throw NotFoundException.Of("店铺", "shop");
                await c.RequireAsync(Permission.StockAdjust, item.MerchantId, ShopTarget.Shop(shopId));
            }
            var reference = $"quota:{Guid.NewGuid():N}";

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
                var carved = await db.StockItems.Where(s => s.SkuId == skuId).WithSharedAvailableAtLeast(quantity)
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
                        Actor = c.Actor.DisplayName, Reason = note, Reference = reference, At = c.Now,
                    });
            var names = await db.Shops.Where(s => s.Id == fromShopId || s.Id == toShopId).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            // A null place is the shared pool; the log stores the shop names a reader knows.
            c.Audit(await SkuSubjectAsync(c, skuId), new { from = fromShopId is { } f ? names[f] : null },
                new { to = toShopId is { } t ? names[t] : null, quantity, reason = note }, shopId: toShopId ?? fromShopId);
        }, ct);
    }

    /// <summary>Sets the low-stock rule of one SKU: alert when available stock is at or below the threshold. Merchant-wide.</summary>
    public Task SetLowStockThresholdAsync(string userId, long skuId, int threshold, CancellationToken ct = default)
    {
        if (threshold < 0 || threshold > MaxQuantity)
            throw new DomainException(new($"预警阈值须在 0 到 {MaxQuantity:N0} 之间。", $"The low-stock threshold must be between 0 and {MaxQuantity:N0}."));
        return commands.RunAsync(userId, AuditActions.StockThresholdSet, async c =>
        {
            var item = await RequirePoolAsync(c, skuId, tracked: true);
            if (item.LowStockThreshold == threshold) return;
            c.Audit(await SkuSubjectAsync(c, skuId), new { threshold = item.LowStockThreshold }, new { threshold });
            item.LowStockThreshold = threshold;
        }, ct);
    }

    /// <summary>The SKU's pool row once the actor may change the pool (stock.adjust over all shops); foreign and missing SKUs look alike.</summary>
    private static async Task<StockItem> RequirePoolAsync(CommandContext c, long skuId, bool tracked = false)
    {
        var items = tracked ? c.Db.StockItems.AsTracking() : c.Db.StockItems.AsNoTracking();
        var item = await items.FirstOrDefaultAsync(s => s.SkuId == skuId, c.Cancellation) ?? throw UnknownSku();
        await c.RequireAsync(Permission.StockAdjust, item.MerchantId, ShopTarget.AllShops, foreignAs: UnknownSku());
        return item;
    }

    /// <summary>The SKU as the audit log names it: its code and the product's title.</summary>
    internal static async Task<AuditSubject> SkuSubjectAsync(CommandContext c, long skuId)
    {
        var label = await (from sku in c.Db.Skus where sku.Id == skuId join spu in c.Db.Spus on sku.SpuId equals spu.Id
                           select sku.Code + " " + spu.Title).FirstOrDefaultAsync(c.Cancellation);
        return new AuditSubject("Sku", skuId.ToString(), label);
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

    // ---- Order fulfilment: the stock movement each order move implies, inside the order command's transaction ----

    /// <summary>
    /// The order's units leave the warehouse: its reservation is consumed (on-hand and reserved both go down), or, for an
    /// order that holds none, the units come from the shared available stock. One conditional update; false when the
    /// stock is not there (nothing changed).
    /// </summary>
    internal static async Task<bool> ShipOrderInAsync(CommandContext c, long merchantId, long shopId, long skuId, int quantity, bool reserved, string orderReference)
    {
        if (await TakeShippedUnitsAsync(c, [skuId], quantity, reserved) == 0) return false;
        var movement = ShipmentEntry(c, new ShipmentLine(merchantId, shopId, skuId, quantity, reserved, orderReference));
        c.Append(movement);
        await AnnounceIfLowAsync(c.Db, movement, c.Cancellation);
        return true;
    }

    /// <summary>
    /// Many shipped orders at once (a selection, a shipping file): the SKUs' pool rows locked and read once, each SKU
    /// checked in memory for the sum of its orders, then one conditional update per distinct sum for all the SKUs taking
    /// it (a few dozen statements for thousands of SKUs), and a ledger row per order. Returns the lines whose SKU could
    /// not take its sum; the caller ships those one by one (some may fit) or undoes them. Nothing is changed for them.
    /// </summary>
    internal static async Task<IReadOnlyList<ShipmentLine>> ShipOrdersInAsync(CommandContext c, IReadOnlyList<ShipmentLine> lines)
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var pool = new Dictionary<long, StockItem>();
        foreach (var chunk in lines.Select(l => l.SkuId).Distinct().Order().Chunk(500))
        {
            // A no-op update locks the rows (PostgreSQL; SQLite's write transaction is exclusive already), so what is read
            // next holds until the commit: no reservation can slip in between the check and the take.
            await db.StockItems.Where(s => chunk.Contains(s.SkuId)).ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand), ct);
            foreach (var item in await db.StockItems.AsNoTracking().Where(s => chunk.Contains(s.SkuId)).ToListAsync(ct)) pool[item.SkuId] = item;
        }

        var refused = new List<ShipmentLine>();
        var takes = new List<(long SkuId, int Quantity, bool Reserved)>();
        foreach (var group in lines.GroupBy(l => (l.SkuId, l.Reserved)))
        {
            var (item, quantity, reserved) = (pool[group.Key.SkuId], group.Sum(l => l.Quantity), group.Key.Reserved);
            // The same conditions as the conditional update below, which still guards the write.
            var fits = (reserved ? StockRules.ReservedOnHand(item) : StockRules.SharedAvailable(item)) >= quantity;
            if (!fits) { refused.AddRange(group); continue; }
            item.OnHand -= quantity;
            if (reserved) item.Reserved -= quantity;
            takes.Add((item.SkuId, quantity, reserved));
            foreach (var line in group) c.Append(ShipmentEntry(c, line));
            // One stock.low check for the SKU's whole sum (only unreserved units lower what is available).
            AnnounceIfLow(db, ShipmentEntry(c, group.Last() with { Quantity = quantity }), item.MerchantId, StockRules.Available(item), item.LowStockThreshold);
        }

        foreach (var same in takes.GroupBy(t => (t.Quantity, t.Reserved)))
            foreach (var chunk in same.Select(t => t.SkuId).Chunk(500))
                if (await TakeShippedUnitsAsync(c, chunk, same.Key.Quantity, same.Key.Reserved) != chunk.Length)
                    throw new InvalidOperationException("A locked pool row changed between the check and the shipment.");
        return refused;
    }

    /// <summary>
    /// Shipped units leave the warehouse in one conditional update: out of the reservation (on-hand and reserved both
    /// go down) or, for orders that hold none, out of the shared available stock. Returns how many SKUs gave them.
    /// </summary>
    private static Task<int> TakeShippedUnitsAsync(CommandContext c, IReadOnlyCollection<long> skuIds, int quantity, bool reserved)
    {
        var items = c.Db.StockItems.Where(s => skuIds.Contains(s.SkuId));
        return reserved
            ? items.WithReservedOnHandAtLeast(quantity).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Reserved, x => x.Reserved - quantity)
                .SetProperty(x => x.OnHand, x => x.OnHand - quantity), c.Cancellation)
            : items.WithSharedAvailableAtLeast(quantity).ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand - quantity), c.Cancellation);
    }

    private static StockLedgerEntry ShipmentEntry(CommandContext c, ShipmentLine line) => new()
    {
        SkuId = line.SkuId, MerchantId = line.MerchantId, ShopId = line.ShopId, Kind = StockMovementKind.Shipment, OnHandDelta = -line.Quantity,
        ReservedDelta = line.Reserved ? -line.Quantity : 0, Actor = c.Actor.DisplayName, Reference = line.OrderReference, At = c.Now,
    };

    /// <summary>
    /// A cancelled order's reservation goes back where it came from: the shop's quota (while the shop still has one for
    /// the SKU), otherwise the shared pool. False when the pool does not hold that many reserved units (nothing changed).
    /// </summary>
    internal static async Task<bool> ReleaseOrderInAsync(CommandContext c, long merchantId, long shopId, long skuId, int quantity, bool toQuota, string orderReference)
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var backToQuota = toQuota && await db.ShopStockQuotas.Where(q => q.SkuId == skuId && q.ShopId == shopId)
            .ExecuteUpdateAsync(q => q.SetProperty(x => x.Remaining, x => x.Remaining + quantity), ct) == 1;
        var quotaDelta = backToQuota ? quantity : 0;
        var changed = await db.StockItems.Where(s => s.SkuId == skuId && s.Reserved >= quantity).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Reserved, x => x.Reserved - quantity)
            .SetProperty(x => x.QuotaAllocated, x => x.QuotaAllocated + quotaDelta), ct);
        if (changed == 0) return false;
        db.StockLedger.Add(new StockLedgerEntry
        {
            SkuId = skuId, MerchantId = merchantId, ShopId = shopId, Kind = StockMovementKind.ReservationRelease, ReservedDelta = -quantity, QuotaDelta = quotaDelta,
            Actor = c.Actor.DisplayName, Reference = orderReference, At = c.Now,
        });
        return true;
    }

    private static void RequireQuantity(int quantity)
    {
        if (quantity <= 0) throw new DomainException(new("数量必须大于 0。", "The quantity must be more than 0."));
        if (quantity > MaxQuantity) throw TooLarge();
    }

    private static DomainException TooLarge() => new(new($"单次数量不能超过 {MaxQuantity:N0}。", $"One movement cannot exceed {MaxQuantity:N0} units."));

    private static NotFoundException UnknownSku() => NotFoundException.Of(" SKU", "SKU");
}
