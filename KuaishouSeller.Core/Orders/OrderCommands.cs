using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Core.Orders;

/// <summary>One order to ship: by id (a page) or by order number (a file), with the carrier and waybill given for it.</summary>
public sealed record ShipRequest(int Row, long? OrderId, string? OrderNo, Carrier? Carrier, string Waybill);

/// <summary>What happens (or happened) to one requested shipment: shipped, or refused with the reason.</summary>
public sealed record ShipOutcome(int Row, string OrderNo, long? OrderId, Carrier? Carrier, string Waybill, Bilingual? Refusal)
{
    public bool Ships => Refusal is null;
}

/// <summary>
/// Shipping and cancelling orders. Each move is the transition table's conditional update (WHERE Status = the state it
/// leaves) plus the stock movement it implies, in one transaction; a colleague who loses the race is told who won.
/// </summary>
public sealed class OrderCommands(IDbContextFactory<AppDbContext> contexts, CommandRunner commands)
{
    public const int MaxReasonLength = 200;
    /// <summary>A selection or a file ships at most this many orders at once.</summary>
    public const int MaxShipments = 20_000;

    /// <summary>Ships one order; a refusal (wrong state, waybill format or reuse, no right) throws with its message.</summary>
    public async Task ShipAsync(string userId, long orderId, Carrier carrier, string waybill, CancellationToken ct = default)
    {
        try
        {
            await commands.RunInTransactionAsync(userId, AuditActions.OrderShipped, async c =>
            {
                var order = await c.Db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, c.Cancellation) ?? throw UnknownOrder();
                await c.RequireAsync(Permission.OrdersFulfil, order.MerchantId, ShopTarget.Shop(order.ShopId), foreignAs: UnknownOrder());
                var outcome = (await CheckAsync(c.Db, c.Actor, [new ShipRequest(1, orderId, null, carrier, waybill)], c.Cancellation))[0];
                if (outcome.Refusal is { } refused) throw new ConflictException(refused);
                if (await TryShipInAsync(c, order, carrier, outcome.Waybill) is { } lost) throw new ConflictException(lost);
            }, ct);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // Another order took the waybill between the check and the write: the unique index turned the race into this.
            if (await WaybillTakenAsync(carrier, waybill, orderId, ct)) throw new ConflictException(WaybillUsed(waybill.Trim().ToUpperInvariant()));
            throw;
        }
    }

    /// <summary>
    /// Ships a selection or a checked file in one transaction: every row that may ship does (its order and its stock
    /// together), every other row is refused with its reason and changes nothing.
    /// </summary>
    public async Task<IReadOnlyList<ShipOutcome>> ShipManyAsync(string userId, IReadOnlyList<ShipRequest> requests, string? fileName = null, CancellationToken ct = default)
    {
        if (requests.Count > MaxShipments)
            throw new DomainException(new($"一次最多发货 {MaxShipments:N0} 单。", $"At most {MaxShipments:N0} orders ship at once."));
        try
        {
            return await commands.RunInTransactionAsync(userId, fileName is null ? AuditActions.OrderShipped : AuditActions.ImportShipments, async c =>
            {
                // Checked again inside the transaction: the state may have moved since the preview.
                var outcomes = (await CheckAsync(c.Db, c.Actor, requests, c.Cancellation)).ToList();
                var shipped = await ShipCheckedInAsync(c, outcomes, audit: fileName is null);
                if (fileName is not null && shipped.Count > 0)
                    c.Audit(new AuditSubject("File", fileName, fileName), after: new { rows = requests.Count, shipped = shipped.Count },
                        organisationId: shipped[0].MerchantId);
                return (IReadOnlyList<ShipOutcome>)outcomes;
            }, ct);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // The waybill's unique index refused a checked row: another order took one of them after the check.
            if (!await AnyWaybillTakenAsync(requests, ct)) throw;
            throw new ConflictException(new("有运单号刚被另一个订单使用，本次未发货，请重新检查后再试。",
                "Another order took one of these waybills just now; nothing was shipped. Check the file again and retry."));
        }
    }

    /// <summary>
    /// The checked rows shipped set-based, so a 10,000-row file is a few dozen statements rather than 30,000: the
    /// conditional move with each order's carrier and waybill a chunk at a time, one stock update per distinct quantity
    /// (<see cref="StockService.ShipOrdersInAsync"/>), and the ledger rows, events and audit entries written in bulk. A row someone else moved in between, or whose stock is short, gets
    /// its refusal and changes nothing.
    /// </summary>
    private static async Task<List<ShippedOrder>> ShipCheckedInAsync(CommandContext c, List<ShipOutcome> outcomes, bool audit)
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var rowOf = outcomes.Select((o, i) => (o, i)).Where(x => x.o.Ships).ToDictionary(x => x.o.OrderId!.Value, x => x.i);
        var moved = await SetBasedShipping.ShipAsync(db, rowOf.Select(r => (r.Key, outcomes[r.Value].Carrier!.Value, outcomes[r.Value].Waybill)).ToList(),
            c.Now, c.Actor.DisplayName, ct);
        var won = moved.Select(o => o.Id).ToHashSet();
        // Someone shipped or cancelled these since the check: they are told who.
        foreach (var id in rowOf.Keys.Where(id => !won.Contains(id)))
            outcomes[rowOf[id]] = outcomes[rowOf[id]] with { Refusal = await LostRaceAsync(db, id, OrderMove.Ship, ct) };

        var lines = moved.Select(o => new ShipmentLine(o.MerchantId, o.ShopId, o.SkuId, o.Quantity, o.ReservedFrom != ReservationSource.None, o.OrderNo)).ToList();
        var byNo = moved.ToDictionary(o => o.OrderNo);
        foreach (var line in await StockService.ShipOrdersInAsync(c, lines))
        {
            // That SKU could not take its sum at once: one order at a time, so those that fit still ship.
            if (await StockService.ShipOrderInAsync(c, line.MerchantId, line.ShopId, line.SkuId, line.Quantity, line.Reserved, line.OrderReference)) continue;
            var order = byNo[line.OrderReference];
            await UndoShipAsync(db, order.Id, ct);
            won.Remove(order.Id);
            outcomes[rowOf[order.Id]] = outcomes[rowOf[order.Id]] with { Refusal = NotEnoughStock(order.OrderNo) };
        }

        var shipped = moved.Where(o => won.Contains(o.Id)).ToList();
        foreach (var order in shipped)
        {
            var outcome = outcomes[rowOf[order.Id]];
            if (audit)
                c.Audit(new AuditSubject("Order", order.Id.ToString(), order.OrderNo), after: new { carrier = Carriers.Of(outcome.Carrier!.Value).Code, waybill = outcome.Waybill },
                    organisationId: order.MerchantId, shopId: order.ShopId);
            AnnounceShipped(c, order, outcome.Carrier!.Value, outcome.Waybill);
        }
        return shipped;
    }

    /// <summary>
    /// What each request would do now, without changing anything: the preview of a file and the check before applying.
    /// Refusals: unknown order (a foreign shop's order looks the same), cancelled, already shipped (by whom, when),
    /// unknown carrier, waybill format, waybill already used, and an order or waybill repeated in the same request.
    /// </summary>
    public static async Task<IReadOnlyList<ShipOutcome>> CheckAsync(AppDbContext db, Actor actor, IReadOnlyList<ShipRequest> requests, CancellationToken ct)
    {
        var byNo = requests.Where(r => r.OrderId is null && !string.IsNullOrWhiteSpace(r.OrderNo)).Select(r => r.OrderNo!.Trim()).Distinct().ToList();
        var byId = requests.Where(r => r.OrderId is not null).Select(r => r.OrderId!.Value).Distinct().ToList();
        var found = new List<OrderState>();
        foreach (var chunk in byNo.Chunk(500))
            found.AddRange(await States(db.Orders.Where(o => chunk.Contains(o.OrderNo))).ToListAsync(ct));
        foreach (var chunk in byId.Chunk(500))
            found.AddRange(await States(db.Orders.Where(o => chunk.Contains(o.Id))).ToListAsync(ct));
        var ordersByNo = found.GroupBy(o => o.OrderNo).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var ordersById = found.GroupBy(o => o.Id).ToDictionary(g => g.Key, g => g.First());

        var normalised = requests.Select(r => r.Carrier is { } carrier ? Carriers.Normalise(carrier, r.Waybill) : null).ToList();
        var wanted = requests.Select((r, i) => (r.Carrier, Waybill: normalised[i])).Where(w => w.Carrier is not null && w.Waybill is not null)
            .Select(w => w.Waybill!).Distinct().ToList();
        var used = new HashSet<(Carrier, string)>();
        foreach (var chunk in wanted.Chunk(500))
            foreach (var u in await db.Orders.AsNoTracking().Where(o => o.WaybillNo != null && chunk.Contains(o.WaybillNo))
                         .Select(o => new { o.Carrier, o.WaybillNo }).ToListAsync(ct))
                used.Add((u.Carrier!.Value, u.WaybillNo!));

        var seenOrders = new Dictionary<long, int>();
        var seenWaybills = new Dictionary<(Carrier, string), int>();
        var outcomes = new List<ShipOutcome>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            var order = r.OrderId is { } id ? ordersById.GetValueOrDefault(id) : r.OrderNo is { } no ? ordersByNo.GetValueOrDefault(no.Trim()) : null;
            var label = order?.OrderNo ?? r.OrderNo?.Trim() ?? "";
            var waybill = normalised[i] ?? r.Waybill.Trim();
            Bilingual? refusal = null;
            // A foreign shop's order answers exactly like one that does not exist.
            if (order is null || !actor.Can(Permission.OrdersFulfil, order.MerchantId, ShopTarget.Shop(order.ShopId)))
                refusal = string.IsNullOrWhiteSpace(label) ? new("缺少订单号。", "The order number is missing.") : new($"找不到订单“{label}”。", $"There is no order \"{label}\".");
            else if (OrderTransitions.Refusal(OrderMove.Ship, order.Status, order.ShippedBy, order.ShippedAt, order.CancelledBy, order.CancelledAt) is { } wrongState)
                refusal = wrongState;
            else if (!seenOrders.TryAdd(order.Id, r.Row))
                refusal = new($"订单“{label}”与第 {seenOrders[order.Id]} 行重复。", $"The order \"{label}\" repeats row {seenOrders[order.Id]}.");
            else if (r.Carrier is not { } carrier)
                refusal = new("请选择快递公司（例如 中通、圆通、顺丰）。", "Choose a carrier (e.g. ZTO, YTO, SF).");
            else if (normalised[i] is null)
                refusal = Carriers.BadFormat(carrier, r.Waybill.Trim());
            else if (used.Contains((carrier, waybill)))
                refusal = WaybillUsed(waybill);
            else if (!seenWaybills.TryAdd((carrier, waybill), r.Row))
                refusal = new($"运单号“{waybill}”与第 {seenWaybills[(carrier, waybill)]} 行重复。", $"The waybill \"{waybill}\" repeats row {seenWaybills[(carrier, waybill)]}.");
            if (refusal is not null && order is not null) seenOrders.TryAdd(order.Id, r.Row);
            outcomes.Add(new ShipOutcome(r.Row, label, order?.Id, r.Carrier, waybill, refusal));
        }
        return outcomes;
    }

    private sealed record OrderState(long Id, string OrderNo, long MerchantId, long ShopId, OrderStatus Status, string? ShippedBy, DateTime? ShippedAt,
        string? CancelledBy, DateTime? CancelledAt);

    private static IQueryable<OrderState> States(IQueryable<Order> orders) => orders.AsNoTracking()
        .Select(o => new OrderState(o.Id, o.OrderNo, o.MerchantId, o.ShopId, o.Status, o.ShippedBy, o.ShippedAt, o.CancelledBy, o.CancelledAt));

    /// <summary>
    /// The move itself: the conditional update, then the stock. Null when shipped; otherwise the refusal, with nothing
    /// changed (a lost race changes no row; a stock shortfall undoes the order's update in the same transaction).
    /// </summary>
    private static async Task<Bilingual?> TryShipInAsync(CommandContext c, Order order, Carrier carrier, string waybill, bool audit = true)
    {
        var (db, ct) = (c.Db, c.Cancellation);
        var from = OrderTransitions.From(OrderMove.Ship);
        var to = OrderTransitions.To(OrderMove.Ship);
        var by = c.Actor.DisplayName;
        var changed = await db.Orders.Where(o => o.Id == order.Id && o.Status == from).ExecuteUpdateAsync(o => o
            .SetProperty(x => x.Status, to)
            .SetProperty(x => x.ShippedAt, c.Now)
            .SetProperty(x => x.ShippedBy, by)
            .SetProperty(x => x.Carrier, carrier)
            .SetProperty(x => x.WaybillNo, waybill), ct);
        if (changed == 0) return await LostRaceAsync(db, order.Id, OrderMove.Ship, ct);
        if (!await StockService.ShipOrderInAsync(c, order.MerchantId, order.ShopId, order.SkuId, order.Quantity, order.ReservedFrom != ReservationSource.None, order.OrderNo))
        {
            await UndoShipAsync(db, order.Id, ct);
            return NotEnoughStock(order.OrderNo);
        }
        if (audit)
            c.Audit(new AuditSubject("Order", order.Id.ToString(), order.OrderNo), after: new { carrier = Carriers.Of(carrier).Code, waybill },
                organisationId: order.MerchantId, shopId: order.ShopId);
        AnnounceShipped(c, ShippedOrder.Of(order), carrier, waybill);
        return null;
    }

    /// <summary>The order.shipped event, in the shipment's own transaction: ids, state, carrier and waybill, no buyer data.</summary>
    private static void AnnounceShipped(CommandContext c, ShippedOrder order, Carrier carrier, string waybill) =>
        WebhookOutbox.Add(c, order.MerchantId, WebhookEvents.OrderShipped, new
        {
            orderId = order.Id, orderNo = order.OrderNo, shopId = order.ShopId, skuId = order.SkuId, quantity = order.Quantity,
            state = OrderTransitions.To(OrderMove.Ship).ToString(), carrier = Carriers.Of(carrier).Code, waybill, shippedAt = c.Now,
        });

    /// <summary>Puts an order this command just shipped back to paid (its stock was short), in the same transaction.</summary>
    private static Task<int> UndoShipAsync(AppDbContext db, long orderId, CancellationToken ct) =>
        db.Orders.Where(o => o.Id == orderId && o.Status == OrderTransitions.To(OrderMove.Ship)).ExecuteUpdateAsync(o => o
            .SetProperty(x => x.Status, OrderTransitions.From(OrderMove.Ship))
            .SetProperty(x => x.ShippedAt, (DateTime?)null)
            .SetProperty(x => x.ShippedBy, (string?)null)
            .SetProperty(x => x.Carrier, (Carrier?)null)
            .SetProperty(x => x.WaybillNo, (string?)null), ct);

    private static Bilingual NotEnoughStock(string orderNo) =>
        new($"库存不足，订单“{orderNo}”未发货。", $"Not enough stock to ship the order \"{orderNo}\"; it was not shipped.");

    /// <summary>Cancels an unshipped order with the person's reason; its reservation goes back to its quota or the pool.</summary>
    public Task CancelAsync(string userId, long orderId, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException(new("请填写取消原因。", "Give a reason for cancelling."));
        reason = reason.Trim();
        if (reason.Length > MaxReasonLength)
            throw new DomainException(new($"原因不能超过 {MaxReasonLength} 个字。", $"The reason cannot be longer than {MaxReasonLength} characters."));
        return commands.RunInTransactionAsync(userId, AuditActions.OrderCancelled, async c =>
        {
            var (db, cancel) = (c.Db, c.Cancellation);
            var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancel) ?? throw UnknownOrder();
            await c.RequireAsync(Permission.OrdersFulfil, order.MerchantId, ShopTarget.Shop(order.ShopId), foreignAs: UnknownOrder());
            if (OrderTransitions.Refusal(OrderMove.Cancel, order.Status, order.ShippedBy, order.ShippedAt, order.CancelledBy, order.CancelledAt) is { } wrongState)
                throw new ConflictException(wrongState);
            var from = OrderTransitions.From(OrderMove.Cancel);
            var by = c.Actor.DisplayName;
            var changed = await db.Orders.Where(o => o.Id == orderId && o.Status == from).ExecuteUpdateAsync(o => o
                .SetProperty(x => x.Status, OrderTransitions.To(OrderMove.Cancel))
                .SetProperty(x => x.CancelledAt, c.Now)
                .SetProperty(x => x.CancelledBy, by)
                .SetProperty(x => x.CancelReason, reason), cancel);
            if (changed == 0) throw new ConflictException((await LostRaceAsync(db, orderId, OrderMove.Cancel, cancel))!.Value);
            if (order.ReservedFrom != ReservationSource.None
                && !await StockService.ReleaseOrderInAsync(c, order.MerchantId, order.ShopId, order.SkuId, order.Quantity, order.ReservedFrom == ReservationSource.Quota, order.OrderNo))
                throw new DomainException(new("该 SKU 没有这么多已预占库存，未执行。", "That SKU does not have that many reserved units; nothing was changed."));
            c.Audit(new AuditSubject("Order", order.Id.ToString(), order.OrderNo), after: new { reason }, organisationId: order.MerchantId, shopId: order.ShopId);
            // The reason is the person's own words and stays out of the event.
            WebhookOutbox.Add(c, order.MerchantId, WebhookEvents.OrderCancelled, new
            {
                orderId = order.Id, orderNo = order.OrderNo, shopId = order.ShopId, skuId = order.SkuId, quantity = order.Quantity,
                state = OrderTransitions.To(OrderMove.Cancel).ToString(), cancelledAt = c.Now,
            });
        }, ct);
    }

    /// <summary>
    /// A paid order arriving (live room, storefront, open API): the order and its reservation in one transaction,
    /// remembering whether the units came from the shop's quota or the shared pool. Null when the stock is not there.
    /// </summary>
    public Task<long?> AcceptPaidAsync(Order order, CancellationToken ct = default) =>
        commands.RunAsSystemAsync(SystemActor.OrderIntake, OrderCommandNames.Accept, async c =>
        {
            var fromQuota = await c.Db.ShopStockQuotas.AnyAsync(q => q.SkuId == order.SkuId && q.ShopId == order.ShopId, c.Cancellation);
            if (await StockService.ReserveInAsync(c, order.ShopId, order.SkuId, order.Quantity, order.OrderNo) != ReservationOutcome.Reserved)
                return (long?)null;
            order.Status = OrderStatus.Paid;
            order.ReservedFrom = fromQuota ? ReservationSource.Quota : ReservationSource.Pool;
            c.Db.Orders.Add(order);
            await c.Db.SaveChangesAsync(c.Cancellation);
            // Saved by the runner's final SaveChanges, inside the same transaction as the order and its reservation.
            AnnounceCreated(c, order);
            return order.Id;
        }, ct);

    /// <summary>The order.created event, saved with the order and its reservation: ids, amounts and state, no buyer data.</summary>
    internal static void AnnounceCreated(CommandContext c, Order order) =>
        WebhookOutbox.Add(c, order.MerchantId, WebhookEvents.OrderCreated, new
        {
            orderId = order.Id, orderNo = order.OrderNo, shopId = order.ShopId, skuId = order.SkuId, quantity = order.Quantity,
            amountFen = order.AmountFen, channel = order.Channel.ToString(), state = order.Status.ToString(), paidAt = order.PaidAt,
        });

    /// <summary>
    /// 自动确认收货: every order delivered at least <see cref="OrderDueRules.CompleteAfterDeliveryDays"/> days ago
    /// completes, in one conditional update over the (Status, DeliveredAt) index. Returns how many moved.
    /// </summary>
    public Task<int> CompleteDeliveredAsync(CancellationToken ct = default) =>
        commands.RunAsSystemAsync(SystemActor.Scheduler, OrderCommandNames.Complete, async c =>
        {
            var (from, to, by) = (OrderTransitions.From(OrderMove.Complete), OrderTransitions.To(OrderMove.Complete), OrderDueRules.DeliveredBy(c.Now));
            return await c.Db.Orders.Where(o => o.Status == from && o.DeliveredAt <= by).ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, to), c.Cancellation);
        }, ct);

    /// <summary>The refusal for someone whose conditional update changed nothing: the order moved first, and here is who moved it.</summary>
    internal static async Task<Bilingual?> LostRaceAsync(AppDbContext db, long orderId, OrderMove move, CancellationToken ct)
    {
        var now = await States(db.Orders.Where(o => o.Id == orderId)).FirstAsync(ct);
        return OrderTransitions.Refusal(move, now.Status, now.ShippedBy, now.ShippedAt, now.CancelledBy, now.CancelledAt)
               ?? new("订单刚被他人修改，请刷新后重试。", "Someone changed the order just now; refresh and try again.");
    }

    private async Task<bool> AnyWaybillTakenAsync(IReadOnlyList<ShipRequest> requests, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var waybills = requests.Select(r => r.Carrier is { } carrier ? Carriers.Normalise(carrier, r.Waybill) : null).OfType<string>().Distinct();
        foreach (var chunk in waybills.Chunk(500))
            if (await db.Orders.AnyAsync(o => o.WaybillNo != null && chunk.Contains(o.WaybillNo), ct)) return true;
        return false;
    }

    private async Task<bool> WaybillTakenAsync(Carrier carrier, string waybill, long orderId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var w = Carriers.Normalise(carrier, waybill);
        return w is not null && await db.Orders.AnyAsync(o => o.Carrier == carrier && o.WaybillNo == w && o.Id != orderId, ct);
    }

    internal static Bilingual WaybillUsed(string waybill) =>
        new($"运单号“{waybill}”已用于另一个订单。", $"The waybill \"{waybill}\" is already used by another order.");

    internal static NotFoundException UnknownOrder() => NotFoundException.Of("订单", "order");
}

/// <summary>Names of the system's order commands (their traces and refusals).</summary>
public static class OrderCommandNames
{
    public const string Accept = "orders.accept", CarrierScan = "orders.carrier-scan", Complete = "orders.complete";
}
