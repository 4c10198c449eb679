using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Commands;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace KuaishouSeller.Core.AfterSales;

/// <summary>The buyer's request as the order intake (and later the open API) hands it over.</summary>
public sealed record AfterSaleRequest(long OrderId, RefundKind Kind, RefundReason Reason, long AmountFen, string? BuyerWords);

/// <summary>Audit actions of after-sales, named once (also the command names a refusal carries).</summary>
public static class AfterSaleActions
{
    public const string Requested = "aftersales.requested", Accepted = "aftersales.accepted", Rejected = "aftersales.rejected",
        ReturnAsked = "aftersales.return-asked", AutoAccepted = "aftersales.auto-accepted", ReturnShipped = "aftersales.return-shipped",
        ReturnArrived = "aftersales.return-arrived", Restocked = "aftersales.restocked", WrittenOff = "aftersales.written-off",
        Closed = "aftersales.closed", ReplacementShipped = "aftersales.replacement-shipped";

    public static string Of(RefundAction action) => action switch
    {
        RefundAction.Accept => Accepted,
        RefundAction.Reject => Rejected,
        RefundAction.AskReturn => ReturnAsked,
        RefundAction.AutoAccept => AutoAccepted,
        RefundAction.ShipReturn => ReturnShipped,
        RefundAction.ReturnArrived => ReturnArrived,
        RefundAction.Restock => Restocked,
        RefundAction.WriteOff => WrittenOff,
        RefundAction.ShipReplacement => ReplacementShipped,
        _ => Closed,
    };
}

/// <summary>What the deadline job did in one run.</summary>
public sealed record AfterSaleDeadlineReport(int AutoAccepted, int Closed);

/// <summary>
/// Every change to an after-sale request: the buyer side's intake (request, return waybill, the carrier's delivery
/// scan) as system actors, the merchant's decisions with <see cref="Permission.AfterSalesHandle"/> on the request's
/// shop, and the deadline job. Each move is one conditional update through <see cref="RefundTransitions"/> plus what
/// it implies (the ledgered return, the order's refunded state) in one transaction.
/// </summary>
public sealed class AfterSaleCommands(CommandRunner commands)
{
    private sealed record Target(Refund Refund, long MerchantId, string OrderNo, long SkuId, int Quantity, long OrderAmountFen);

    // ---- the buyer side (order intake, carrier scans) ----

    /// <summary>A buyer asks for an after-sale on a shipped order; returns the request's id.</summary>
    public Task<long> RequestAsync(AfterSaleRequest request, CancellationToken ct = default)
    {
        var words = (request.BuyerWords ?? "").Trim();
        if (words.Length > Refund.MaxWordsLength) words = words[..Refund.MaxWordsLength];
        if (!Enum.IsDefined(request.Kind) || !Enum.IsDefined(request.Reason))
            throw new DomainException(new("售后类型或原因无效。", "Unknown after-sale kind or reason."));
        return commands.RunAsSystemAsync(SystemActor.OrderIntake, AfterSaleActions.Requested, async c =>
        {
            var (db, token) = (c.Db, c.Cancellation);
            var order = await db.Orders.AsNoTracking().Where(o => o.Id == request.OrderId)
                .Select(o => new { o.Id, o.OrderNo, o.ShopId, o.MerchantId, o.Status, o.ShippedAt, o.AmountFen }).FirstOrDefaultAsync(token)
                ?? throw UnknownOrder();
            if (order.ShippedAt is null || order.Status is OrderStatus.Cancelled or OrderStatus.Paid)
                throw new DomainException(new("订单尚未发货，不能申请售后（未发货的订单请直接取消）。", "The order has not shipped; an unshipped order is cancelled, not taken to after-sales."));
            var earlier = await db.Refunds.Where(r => r.OrderId == order.Id).Select(r => new { r.Status, r.AmountFen }).ToListAsync(token);
            if (earlier.Any(r => RefundTransitions.Open.Contains(r.Status)))
                throw new ConflictException(new("该订单已有进行中的售后，请等它结束。", "This order already has an after-sale in progress."));
            var claimed = earlier.Where(r => !RefundTransitions.Void.Contains(r.Status)).Sum(r => r.AmountFen);
            AfterSaleRules.RequireAmount(request.Kind, request.AmountFen, AfterSaleRules.MaxRefundFen(order.AmountFen, claimed));

            var refund = new Refund
            {
                OrderId = order.Id, ShopId = order.ShopId, Kind = request.Kind, Reason = request.Reason, Status = RefundStatus.Requested,
                AmountFen = request.AmountFen, BuyerWords = words, RequestedAt = c.Now,
            };
            db.Refunds.Add(refund);
            await db.SaveChangesAsync(token);
            // The buyer's words stay out of the log: they are the buyer's, and may hold what only the shop may read.
            c.Audit(Subject(refund.Id, order.OrderNo), after: new { kind = request.Kind.ToString(), reason = request.Reason.ToString(), amountFen = request.AmountFen },
                organisationId: order.MerchantId, shopId: order.ShopId);
            WebhookOutbox.Add(c, order.MerchantId, WebhookEvents.AfterSaleCreated, new
            {
                afterSaleId = refund.Id, orderId = order.Id, orderNo = order.OrderNo, shopId = order.ShopId, kind = request.Kind.ToString(),
                reason = request.Reason.ToString(), amountFen = request.AmountFen, state = refund.Status.ToString(), respondDueAt = refund.RespondDueAt,
            });
            return refund.Id;
        }, ct);
    }

    /// <summary>The buyer sent the goods back: the return waybill, within the return window.</summary>
    public Task ShipReturnAsync(long refundId, string carrier, string waybill, CancellationToken ct = default)
    {
        carrier = (carrier ?? "").Trim();
        waybill = (waybill ?? "").Trim().ToUpperInvariant();
        if (carrier.Length is 0 or > 20)
            throw new DomainException(new("请填写退货快递公司。", "Name the carrier of the return."));
        if (waybill.Length is < 6 or > Refund.MaxWaybillLength || !waybill.All(char.IsAsciiLetterOrDigit))
            throw new DomainException(new("退货运单号须为 6–40 位字母或数字。", "The return waybill must be 6 to 40 letters or digits."));
        return commands.RunAsSystemAsync(SystemActor.OrderIntake, AfterSaleActions.ReturnShipped, async c =>
        {
            var target = await LoadAsync(c, refundId);
            await MoveAsync(c, target, RefundAction.ShipReturn, s => s
                .SetProperty(r => r.ReturnCarrier, carrier)
                .SetProperty(r => r.ReturnWaybill, waybill)
                .SetProperty(r => r.ReturnShippedAt, c.Now), new { carrier, waybill });
        }, ct);
    }

    /// <summary>The carrier delivered the return to the warehouse: it waits for the merchant's inspection.</summary>
    public Task ReturnArrivedAsync(long refundId, CancellationToken ct = default) =>
        commands.RunAsSystemAsync(SystemActor.Carrier, AfterSaleActions.ReturnArrived, async c =>
        {
            var target = await LoadAsync(c, refundId);
            await MoveAsync(c, target, RefundAction.ReturnArrived, s => s.SetProperty(r => r.ReturnArrivedAt, c.Now));
        }, ct);

    // ---- the merchant ----

    /// <summary>Refund without the goods back (仅退款, or 退款不退货 on a return request).</summary>
    public Task AcceptAsync(string userId, long refundId, CancellationToken ct = default) =>
        DecideAsync(userId, refundId, RefundAction.Accept, null, ct);

    public Task RejectAsync(string userId, long refundId, string reason, CancellationToken ct = default)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length == 0) throw new DomainException(new("请填写拒绝原因，买家会看到它。", "Give the reason for rejecting; the buyer sees it."));
        if (reason.Length > Refund.MaxReasonLength)
            throw new DomainException(new($"拒绝原因最多 {Refund.MaxReasonLength} 字。", $"The reason may be at most {Refund.MaxReasonLength} characters."));
        return DecideAsync(userId, refundId, RefundAction.Reject, reason, ct);
    }

    /// <summary>Agree to the return: the buyer now has <see cref="AfterSaleDueRules.ReturnShipDays"/> days to send the goods back.</summary>
    public Task AskReturnAsync(string userId, long refundId, CancellationToken ct = default) =>
        DecideAsync(userId, refundId, RefundAction.AskReturn, null, ct);

    /// <summary>The returned goods are fine: back into the shared pool (a ledgered return) and the refund goes out.</summary>
    public Task RestockAsync(string userId, long refundId, CancellationToken ct = default) =>
        DecideAsync(userId, refundId, RefundAction.Restock, null, ct);

    /// <summary>The returned goods are not sellable: the refund goes out, nothing comes back into stock.</summary>
    public Task WriteOffAsync(string userId, long refundId, CancellationToken ct = default) =>
        DecideAsync(userId, refundId, RefundAction.WriteOff, null, ct);

    /// <summary>
    /// The exchange's replacement leaves the warehouse: carrier and waybill in the carrier's format, its units out of the
    /// shared pool (a ledgered shipment), and the exchange is done. Short stock refuses it and changes nothing.
    /// </summary>
    public Task ShipReplacementAsync(string userId, long refundId, Carrier carrier, string waybill, CancellationToken ct = default) =>
        commands.RunInTransactionAsync(userId, AfterSaleActions.ReplacementShipped, async c =>
        {
            var target = await LoadAsync(c, refundId);
            await c.RequireAsync(Permission.AfterSalesHandle, target.MerchantId, ShopTarget.Shop(target.Refund.ShopId), UnknownRequest());
            var normalised = Carriers.Normalise(carrier, waybill ?? "")
                ?? throw await RefusedAsync(c, target, RefundAction.ShipReplacement, new DomainException(Carriers.BadFormat(carrier, (waybill ?? "").Trim())));
            var code = Carriers.Of(carrier).Code;
            await MoveAsync(c, target, RefundAction.ShipReplacement, s => s
                .SetProperty(r => r.ReplacementCarrier, carrier)
                .SetProperty(r => r.ReplacementWaybill, normalised)
                .SetProperty(r => r.CompletedAt, c.Now), new { carrier = code, waybill = normalised });
            if (!await StockService.ShipOrderInAsync(c, target.MerchantId, target.Refund.ShopId, target.SkuId, target.Quantity, reserved: false, target.OrderNo))
                throw new DomainException(new($"可售库存不足 {target.Quantity} 件，换货未发出。", $"Fewer than {target.Quantity} units are available; the replacement was not shipped."));
        }, ct);

    private Task DecideAsync(string userId, long refundId, RefundAction action, string? rejectReason, CancellationToken ct) =>
        commands.RunInTransactionAsync(userId, AfterSaleActions.Of(action), async c =>
        {
            var target = await LoadAsync(c, refundId);
            await c.RequireAsync(Permission.AfterSalesHandle, target.MerchantId, ShopTarget.Shop(target.Refund.ShopId), UnknownRequest());
            switch (action)
            {
                case RefundAction.Reject:
                    await MoveAsync(c, target, action, s => s.SetProperty(r => r.RejectReason, rejectReason).SetProperty(r => r.ResolvedAt, c.Now)
                        .SetProperty(r => r.CompletedAt, c.Now), new { reason = rejectReason });
                    break;
                case RefundAction.AskReturn:
                    await MoveAsync(c, target, action, s => s.SetProperty(r => r.ResolvedAt, c.Now)
                        .SetProperty(r => r.ReturnDueAt, AfterSaleDueRules.ReturnShipDue(c.Now)));
                    break;
                case RefundAction.Accept:
                    await MoveAsync(c, target, action, s => s.SetProperty(r => r.ResolvedAt, c.Now).SetProperty(r => r.CompletedAt, c.Now));
                    await RefundedAsync(c, target);
                    break;
                case RefundAction.Restock or RefundAction.WriteOff:
                    var outcome = action == RefundAction.Restock ? ReturnOutcome.Restocked : ReturnOutcome.WrittenOff;
                    await MoveAsync(c, target, action, s => s.SetProperty(r => r.Outcome, outcome).SetProperty(r => r.CompletedAt, c.Now));
                    if (outcome == ReturnOutcome.Restocked)
                        await StockService.ReturnInAsync(c, target.Refund.ShopId, target.SkuId, target.Quantity, target.OrderNo);
                    if (target.Refund.Kind != RefundKind.Exchange) await RefundedAsync(c, target);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(action));
            }
        }, ct);

    // ---- the deadlines ----

    /// <summary>
    /// What the platform does when a deadline passes: requests unanswered for 48 h are accepted (the money for a refund
    /// only, the return for the others) and requests whose goods did not leave within the window close. Each request in
    /// its own command, audited as the scheduler; a merchant deciding at the same moment is kept apart by the deadline
    /// itself (they may decide only before it, the job only after it).
    /// </summary>
    public async Task<AfterSaleDeadlineReport> ApplyDeadlinesAsync(CancellationToken ct = default)
    {
        var (accepted, closed) = (0, 0);
        foreach (var action in new[] { RefundAction.AutoAccept, RefundAction.CloseUnreturned })
        {
            while (true)
            {
                var due = await commands.RunAsSystemAsync(SystemActor.Scheduler, "aftersales.deadlines", c => action == RefundAction.AutoAccept
                    ? c.Db.Refunds.Where(r => r.Status == RefundStatus.Requested && r.RespondDueAt <= c.Now).OrderBy(r => r.RespondDueAt).Select(r => r.Id).Take(200).ToListAsync(c.Cancellation)
                    : c.Db.Refunds.Where(r => r.Status == RefundStatus.AwaitingReturn && r.ReturnDueAt <= c.Now).OrderBy(r => r.ReturnDueAt).Select(r => r.Id).Take(200).ToListAsync(c.Cancellation), ct);
                var moved = 0;
                foreach (var id in due)
                {
                    try
                    {
                        await commands.RunAsSystemAsync(SystemActor.Scheduler, AfterSaleActions.Of(action), async c =>
                        {
                            var target = await LoadAsync(c, id);
                            if (action == RefundAction.AutoAccept)
                            {
                                // ResolvedAt stays empty: the merchant did not answer, and the handling indicator must see that.
                                var refunds = target.Refund.Kind == RefundKind.RefundOnly;
                                await MoveAsync(c, target, action, s =>
                                {
                                    if (refunds) s.SetProperty(r => r.CompletedAt, c.Now);
                                    else s.SetProperty(r => r.ReturnDueAt, AfterSaleDueRules.ReturnShipDue(c.Now));
                                });
                                if (refunds) await RefundedAsync(c, target);
                            }
                            else
                                await MoveAsync(c, target, action, s => s.SetProperty(r => r.CompletedAt, c.Now));
                        }, ct);
                        moved++;
                    }
                    catch (ConflictException)
                    {
                        // Someone moved it first (the buyer shipped at the last second): nothing to do.
                    }
                }
                if (action == RefundAction.AutoAccept) accepted += moved; else closed += moved;
                if (due.Count < 200) break;
            }
        }
        return new AfterSaleDeadlineReport(accepted, closed);
    }

    // ---- the one move ----

    private static async Task<Target> LoadAsync(CommandContext c, long refundId) =>
        await (from r in c.Db.Refunds.AsNoTracking()
               where r.Id == refundId
               join o in c.Db.Orders on r.OrderId equals o.Id
               select new Target(r, o.MerchantId, o.OrderNo, o.SkuId, o.Quantity, o.AmountFen)).FirstOrDefaultAsync(c.Cancellation)
        ?? throw UnknownRequest();

    /// <summary>
    /// The transition as one conditional update: from the stage the request was read in, inside its deadline (or past
    /// it, for the job). Zero rows means someone moved it in between; they are named in the refusal.
    /// </summary>
    private static async Task MoveAsync(CommandContext c, Target target, RefundAction action, Action<UpdateSettersBuilder<Refund>> set, object? details = null)
    {
        var refund = target.Refund;
        if (!RefundTransitions.AppliesTo(action, refund.Kind))
            throw await RefusedAsync(c, target, action, new DomainException(new($"{AfterSaleTexts.Kind(refund.Kind).Zh}申请不能“{AfterSaleTexts.Action(action).Zh}”。",
                $"A {AfterSaleTexts.Kind(refund.Kind).En.ToLowerInvariant()} request cannot be handled with “{AfterSaleTexts.Action(action).En}”.")));
        if (!RefundTransitions.From(action).Contains(refund.Status)) throw await RefusedAsync(c, target, action, MovedAlready(refund));

        var now = c.Now;
        var query = c.Db.Refunds.Where(r => r.Id == refund.Id && r.Status == refund.Status);
        switch (action)
        {
            case RefundAction.Accept or RefundAction.Reject or RefundAction.AskReturn:
                if (!AfterSaleDueRules.IsOpen(refund.RespondDueAt, now)) throw await RefusedAsync(c, target, action, PastDeadline(refund.RespondDueAt, merchant: true));
                query = query.Where(r => r.RespondDueAt > now);
                break;
            case RefundAction.AutoAccept:
                query = query.Where(r => r.RespondDueAt <= now);
                break;
            case RefundAction.ShipReturn:
                if (refund.ReturnDueAt is { } due && !AfterSaleDueRules.IsOpen(due, now)) throw PastDeadline(due, merchant: false);
                query = query.Where(r => r.ReturnDueAt == null || r.ReturnDueAt > now);
                break;
            case RefundAction.CloseUnreturned:
                query = query.Where(r => r.ReturnDueAt <= now);
                break;
        }
        var to = RefundTransitions.Target(action, refund.Kind);
        var by = c.Actor.DisplayName;
        var changed = await query.ExecuteUpdateAsync(s =>
        {
            s.SetProperty(r => r.Status, to).SetProperty(r => r.HandledBy, by).SetProperty(r => r.HandledAt, now);
            set(s);
        }, c.Cancellation);
        if (changed == 0)
        {
            var current = await c.Db.Refunds.AsNoTracking().FirstAsync(r => r.Id == refund.Id, c.Cancellation);
            throw await RefusedAsync(c, target, action, current.Status != refund.Status ? MovedAlready(current)
                : action == RefundAction.ShipReturn ? PastDeadline(current.ReturnDueAt ?? now, merchant: false) : PastDeadline(current.RespondDueAt, merchant: true));
        }
        c.Audit(Subject(refund.Id, target.OrderNo), new { status = refund.Status.ToString() }, details is null ? new { status = to.ToString() } : new { status = to.ToString(), details },
            organisationId: target.MerchantId, shopId: refund.ShopId);
        // Ids, stages and the action only: the buyer's words and a reject reason stay in the back office.
        WebhookOutbox.Add(c, target.MerchantId, EventOf(action, refund.Kind), new
        {
            afterSaleId = refund.Id, orderId = refund.OrderId, orderNo = target.OrderNo, shopId = refund.ShopId, kind = refund.Kind.ToString(),
            action = action.ToString(), from = refund.Status.ToString(), state = to.ToString(), amountFen = refund.AmountFen, at = now,
        });
    }

    /// <summary>The webhook event each move announces.</summary>
    internal static string EventOf(RefundAction action, RefundKind kind) => action switch
    {
        RefundAction.Accept or RefundAction.AutoAccept or RefundAction.AskReturn => WebhookEvents.AfterSaleAccepted,
        RefundAction.Reject => WebhookEvents.AfterSaleRejected,
        RefundAction.ShipReturn or RefundAction.ReturnArrived => WebhookEvents.AfterSaleReturned,
        // An exchange's inspection is still the return; it completes when the replacement leaves.
        RefundAction.Restock or RefundAction.WriteOff => kind == RefundKind.Exchange ? WebhookEvents.AfterSaleReturned : WebhookEvents.AfterSaleCompleted,
        RefundAction.ShipReplacement => WebhookEvents.AfterSaleCompleted,
        _ => WebhookEvents.AfterSaleClosed,
    };

    /// <summary>
    /// A person's refusal (wrong stage, past the deadline, someone was first) is recorded like a missing right, after the
    /// rollback; the system's are only thrown (the job skips a request that moved under it).
    /// </summary>
    private static async Task<DomainException> RefusedAsync(CommandContext c, Target target, RefundAction action, DomainException refusal) =>
        c.Actor.IsSystem ? refusal : await c.DenyAsync(target.MerchantId, target.Refund.ShopId, $"{AfterSaleActions.Of(action)}:{target.Refund.Id}", refusal);

    /// <summary>The money went back: once the order's refunds reach what was paid, the order itself is refunded.</summary>
    private static async Task RefundedAsync(CommandContext c, Target target)
    {
        var refunded = await c.Db.Refunds.Where(r => r.OrderId == target.Refund.OrderId && r.Status == RefundStatus.Approved).SumAsync(r => r.AmountFen, c.Cancellation);
        if (refunded >= target.OrderAmountFen)
            await c.Db.Orders.Where(o => o.Id == target.Refund.OrderId && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Refunded), c.Cancellation);
    }

    private static AuditSubject Subject(long refundId, string orderNo) => new("Refund", refundId.ToString(), orderNo);

    /// <summary>Someone else moved it first: who, when, and where it stands now.</summary>
    internal static ConflictException MovedAlready(Refund current)
    {
        var stage = AfterSaleTexts.Stage(current.Status);
        if (current.HandledBy is null || current.HandledAt is null)
            return new(new($"该售后当前为「{stage.Zh}」，不能这样处理，未执行。", $"This after-sale is “{stage.En}” now and cannot be handled that way; nothing was changed."));
        var who = AuditText.SystemName(current.HandledBy) ?? new(current.HandledBy, current.HandledBy);
        var at = ShanghaiTime.Format(current.HandledAt.Value);
        return new(new($"该售后已由 {who.Zh} 于 {at} 处理，现为「{stage.Zh}」，未执行。",
            $"{who.En} already handled this after-sale at {at}; it is “{stage.En}” now and nothing was changed."));
    }

    private static DomainException PastDeadline(DateTime dueAt, bool merchant) => merchant
        ? new(new($"已超过处理时限（{ShanghaiTime.Format(dueAt)}），平台将自动同意，不能再处理。",
            $"The answer deadline ({ShanghaiTime.Format(dueAt)}) has passed; the platform accepts the request automatically and it can no longer be decided."))
        : new(new($"已超过退货寄回时限（{ShanghaiTime.Format(dueAt)}），售后已关闭。",
            $"The return window ended at {ShanghaiTime.Format(dueAt)}; the after-sale is closed."));

    internal static NotFoundException UnknownRequest() => NotFoundException.Of("售后申请", "after-sale request");

    private static NotFoundException UnknownOrder() => NotFoundException.Of("订单", "order");
}
