using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.AfterSales;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Inventory;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Settlement;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.AfterSales;

/// <summary>
/// After-sales on both providers: the amount rule, the merchant's answers, the return from waybill to restock or
/// write-off, the refusals, two people deciding at once, the deadline job, settlement and the handling score.
/// </summary>
public sealed class AfterSaleTests
{
    private static AfterSaleCommands Commands(SeededWorld world) => world.Services.Get<AfterSaleCommands>();
    private static AfterSaleQueries Queries(SeededWorld world) => world.Services.Get<AfterSaleQueries>();

    /// <summary>Delivered orders of the shop that have never had an after-sale (the test's own rows).</summary>
    private static async Task<List<Order>> FreshOrdersAsync(SeededWorld world, long shopId, int count)
    {
        await using var db = world.Db();
        return await db.Orders.AsNoTracking()
            .Where(o => o.ShopId == shopId && o.DeliveredAt != null && o.AmountFen > 100 && o.Status == OrderStatus.Delivered && !db.Refunds.Any(r => r.OrderId == o.Id))
            .OrderBy(o => o.Id).Take(count).ToListAsync();
    }

    private static async Task<Refund> RefundAsync(SeededWorld world, long id)
    {
        await using var db = world.Db();
        return await db.Refunds.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private static Task<long> RequestAsync(SeededWorld world, Order order, RefundKind kind, long? amount = null, RefundReason reason = RefundReason.QualityProblem) =>
        Commands(world).RequestAsync(new AfterSaleRequest(order.Id, kind, reason, kind == RefundKind.Exchange ? 0 : amount ?? order.AmountFen, "收到就坏了"));

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_queue_lists_the_nearest_deadline_first_pages_by_keys_and_masks_the_buyer(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        foreach (var stage in new[] { AfterSaleStage.Open, AfterSaleStage.ToAnswer, AfterSaleStage.Done })
        {
            var filter = new AfterSaleFilter(stage);
            var seen = new List<AfterSaleRow>();
            string? after = null;
            int total;
            do
            {
                var page = await Queries(world).ListAsync(world.Owner, filter, new PageRequest(0, 4, after));
                (total, after) = (page.TotalCount, page.Next);
                seen.AddRange(page.Rows);
            } while (after is not null && seen.Count < 400);
            if (stage != AfterSaleStage.Done) Assert.Equal(total, seen.Count);
            Assert.Equal(seen.Count, seen.Select(r => r.Id).Distinct().Count());
            Assert.All(seen, r => Assert.Contains(r.Status, AfterSaleQueries.StatusesOf(stage)));
            // Nearest deadline first; requests nobody is on the clock for come after, newest first.
            var keys = seen.Select(r => (r.DueAt ?? DateTime.MaxValue, -r.Id)).ToList();
            Assert.Equal(keys.Order().ToList(), keys);
            Assert.All(seen, r => Assert.Matches(@"^\S\*$", r.BuyerName));
        }
        var counts = await Queries(world).CountsAsync(world.Owner);
        // Today's demo queue has every stage.
        Assert.All(new[] { AfterSaleStage.ToAnswer, AfterSaleStage.AwaitingReturn, AfterSaleStage.ReturnInTransit, AfterSaleStage.ToInspect, AfterSaleStage.Done,
            AfterSaleStage.Rejected, AfterSaleStage.Closed }, stage => Assert.True(counts.Single(c => c.Stage == stage).Count > 0, stage.ToString()));
        // Without the after-sales right the queue is empty, not someone else's.
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        await world.Services.Workspaces.SwitchAsync(operatorId, world.Merchant, null);
        Assert.Empty((await Queries(world).ListAsync(operatorId, new AfterSaleFilter(AfterSaleStage.All), new PageRequest(0, 10))).Rows);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_refund_above_what_was_paid_less_earlier_refunds_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var order = (await FreshOrdersAsync(world, world.Shops[0], 1))[0];

        var above = await Assert.ThrowsAsync<DomainException>(() => RequestAsync(world, order, RefundKind.RefundOnly, order.AmountFen + 1));
        Assert.Contains("超过可退金额", above.UserMessage.Zh);
        Assert.Contains("more than", above.UserMessage.En);

        // A partial refund, then the rest: the second may claim only what is left.
        var first = await RequestAsync(world, order, RefundKind.RefundOnly, 100);
        await Commands(world).AcceptAsync(world.Owner, first);
        var rest = await Assert.ThrowsAsync<DomainException>(() => RequestAsync(world, order, RefundKind.RefundOnly, order.AmountFen - 99));
        Assert.Contains(Money.Format(order.AmountFen - 100), rest.UserMessage.Zh);
        var second = await RequestAsync(world, order, RefundKind.RefundOnly, order.AmountFen - 100);

        await using var db = world.Db();
        Assert.Equal([first, second], await db.Refunds.Where(r => r.OrderId == order.Id).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
        // The first refund was partial: the order is not refunded until the second one is.
        Assert.Equal(OrderStatus.Delivered, await db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync());
        await Commands(world).AcceptAsync(world.Owner, second);
        Assert.Equal(OrderStatus.Refunded, await db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Accepting_rejecting_and_asking_for_the_goods_back_record_the_merchants_answer(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = await FreshOrdersAsync(world, world.Shops[0], 3);
        var now = world.Clock.GetUtcNow().UtcDateTime;
        var refundOnly = await RequestAsync(world, orders[0], RefundKind.RefundOnly);
        var toReject = await RequestAsync(world, orders[1], RefundKind.ReturnAndRefund);
        var exchange = await RequestAsync(world, orders[2], RefundKind.Exchange);
        world.Clock.Advance(TimeSpan.FromHours(5));

        await Commands(world).AcceptAsync(world.Owner, refundOnly);
        var accepted = await RefundAsync(world, refundOnly);
        Assert.Equal((RefundStatus.Approved, "王老板"), (accepted.Status, accepted.HandledBy));
        Assert.Equal(now.AddHours(5), accepted.ResolvedAt);
        Assert.Equal(now.AddHours(5), accepted.CompletedAt);

        var noReason = await Assert.ThrowsAsync<DomainException>(() => Commands(world).RejectAsync(world.Owner, toReject, "  "));
        Assert.Contains("拒绝原因", noReason.UserMessage.Zh);
        await Commands(world).RejectAsync(world.Owner, toReject, "商品已使用，不支持退货");
        var rejected = await RefundAsync(world, toReject);
        Assert.Equal((RefundStatus.Rejected, "商品已使用，不支持退货"), (rejected.Status, rejected.RejectReason));

        // An exchange is never "accepted" without the goods: it is asked back, and the buyer has 7 days to send them.
        var noAccept = await Assert.ThrowsAsync<DomainException>(() => Commands(world).AcceptAsync(world.Owner, exchange));
        Assert.Contains("换货", noAccept.UserMessage.Zh);
        await Commands(world).AskReturnAsync(world.Owner, exchange);
        var asked = await RefundAsync(world, exchange);
        Assert.Equal(RefundStatus.AwaitingReturn, asked.Status);
        Assert.Equal(now.AddHours(5).AddDays(AfterSaleDueRules.ReturnShipDays), asked.ReturnDueAt);

        // The audit log names each decision, without the buyer's words.
        await using var db = world.Db();
        var entries = await db.AuditLog.Where(a => a.EntityType == "Refund" && a.ActorName == "王老板").Select(a => new { a.Action, a.After }).ToListAsync();
        Assert.Equal(new[] { AfterSaleActions.Accepted, AfterSaleActions.Rejected, AfterSaleActions.ReturnAsked }.Order(), entries.Select(e => e.Action).Order());
        Assert.DoesNotContain(await db.AuditLog.Where(a => a.EntityType == "Refund").Select(a => a.After ?? "").ToListAsync(), after => after.Contains("收到就坏了"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_return_restocked_is_a_ledgered_return_and_a_written_off_one_moves_no_stock(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = await FreshOrdersAsync(world, world.Shops[0], 2);
        var (restock, writeOff) = (await RequestAsync(world, orders[0], RefundKind.ReturnAndRefund), await RequestAsync(world, orders[1], RefundKind.ReturnAndRefund));
        async Task<int> OnHandAsync(long sku)
        {
            await using var db = world.Db();
            return await db.StockItems.Where(s => s.SkuId == sku).Select(s => s.OnHand).SingleAsync();
        }
        var before = (await OnHandAsync(orders[0].SkuId), await OnHandAsync(orders[1].SkuId));

        foreach (var id in new[] { restock, writeOff })
        {
            await Commands(world).AskReturnAsync(world.Owner, id);
            // Nothing came back yet: there is nothing to inspect.
            await Assert.ThrowsAsync<ConflictException>(() => Commands(world).RestockAsync(world.Owner, id));
            await Assert.ThrowsAsync<DomainException>(() => Commands(world).ShipReturnAsync(id, "中通快递", "12-3"));
            await Commands(world).ShipReturnAsync(id, "中通快递", $"ZT7755{id:D6}");
            world.Clock.Advance(TimeSpan.FromHours(30));
            await Commands(world).ReturnArrivedAsync(id);
        }
        await Commands(world).RestockAsync(world.Owner, restock);
        await Commands(world).WriteOffAsync(world.Owner, writeOff);

        var restocked = await RefundAsync(world, restock);
        Assert.Equal((RefundStatus.Approved, ReturnOutcome.Restocked, $"ZT7755{restock:D6}"), (restocked.Status, restocked.Outcome, restocked.ReturnWaybill));
        Assert.Equal((RefundStatus.Approved, ReturnOutcome.WrittenOff), ((await RefundAsync(world, writeOff)).Status, (await RefundAsync(world, writeOff)).Outcome));
        // Same SKU on both orders or not, only the restocked units came back.
        var expected0 = before.Item1 + orders[0].Quantity;
        Assert.Equal(expected0, await OnHandAsync(orders[0].SkuId));
        if (orders[1].SkuId != orders[0].SkuId) Assert.Equal(before.Item2, await OnHandAsync(orders[1].SkuId));

        await using var db = world.Db();
        var returns = await db.StockLedger.Where(l => l.Kind == StockMovementKind.Return && (l.Reference == orders[0].OrderNo || l.Reference == orders[1].OrderNo)).ToListAsync();
        var entry = Assert.Single(returns);
        Assert.Equal((orders[0].SkuId, orders[0].Quantity, orders[0].OrderNo, "王老板"), (entry.SkuId, entry.OnHandDelta, entry.Reference, entry.Actor));
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
        Assert.All(await db.Orders.Where(o => o.Id == orders[0].Id || o.Id == orders[1].Id).Select(o => o.Status).ToListAsync(), s => Assert.Equal(OrderStatus.Refunded, s));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_exchange_ends_when_the_replacement_leaves_with_a_waybill_in_the_carriers_format_and_its_units_out_of_the_pool(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var order = (await FreshOrdersAsync(world, world.Shops[0], 1))[0];
        var id = await RequestAsync(world, order, RefundKind.Exchange, reason: RefundReason.Other);
        async Task<int> OnHandAsync()
        {
            await using var db = world.Db();
            return await db.StockItems.Where(s => s.SkuId == order.SkuId).Select(s => s.OnHand).SingleAsync();
        }
        await Commands(world).AskReturnAsync(world.Owner, id);
        await Commands(world).ShipReturnAsync(id, "中通快递", $"ZT7756{id:D6}");
        await Commands(world).ReturnArrivedAsync(id);
        // Not before the old goods are inspected.
        await Assert.ThrowsAsync<ConflictException>(() => Commands(world).ShipReplacementAsync(world.Owner, id, Carrier.Zto, OrderShippingTestsWaybill(id)));
        await Commands(world).RestockAsync(world.Owner, id);
        var inspected = await RefundAsync(world, id);
        Assert.Equal((RefundStatus.ReplacementDue, ReturnOutcome.Restocked, 0L), (inspected.Status, inspected.Outcome, inspected.AmountFen));
        var restocked = await OnHandAsync();
        Assert.Contains((await Queries(world).ListAsync(world.Owner, new AfterSaleFilter(AfterSaleStage.ToShipReplacement), new PageRequest(0, 50))).Rows, r => r.Id == id);
        var offer = (await Queries(world).GetAsync(world.Owner, id)).Offers.Single(o => o.Action == RefundAction.ShipReplacement);
        Assert.Null(offer.Refusal);

        var wrong = await Assert.ThrowsAsync<DomainException>(() => Commands(world).ShipReplacementAsync(world.Owner, id, Carrier.SfExpress, "12345"));
        Assert.Contains("SF Express", wrong.UserMessage.En);
        Assert.Equal(RefundStatus.ReplacementDue, (await RefundAsync(world, id)).Status);
        Assert.Equal(restocked, await OnHandAsync());

        await Commands(world).ShipReplacementAsync(world.Owner, id, Carrier.Zto, OrderShippingTestsWaybill(id));
        var done = await RefundAsync(world, id);
        Assert.Equal((RefundStatus.Exchanged, Carrier.Zto, OrderShippingTestsWaybill(id)), (done.Status, done.ReplacementCarrier!.Value, done.ReplacementWaybill!));
        Assert.NotNull(done.CompletedAt);
        Assert.Equal(restocked - order.Quantity, await OnHandAsync());
        await using (var db = world.Db())
        {
            var shipment = await db.StockLedger.Where(l => l.Kind == StockMovementKind.Shipment && l.Reference == order.OrderNo && l.At >= done.CompletedAt).SingleAsync();
            Assert.Equal((-order.Quantity, 0), (shipment.OnHandDelta, shipment.ReservedDelta));
            // An exchange refunds nothing: the order stays as it was.
            Assert.Equal(order.Status, await db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync());
        }
        Assert.Empty(await world.Services.Stock.LedgerMismatchesAsync(world.Merchant));
        await Assert.ThrowsAsync<ConflictException>(() => Commands(world).ShipReplacementAsync(world.Owner, id, Carrier.Zto, OrderShippingTestsWaybill(id + 1)));
    }

    private static string OrderShippingTestsWaybill(long id) => KuaishouSeller.Tests.Orders.OrderShippingTests.Zto(500_000 + (int)id);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Deciding_past_the_deadline_in_the_wrong_stage_in_a_foreign_shop_or_without_the_right_is_refused_audited_and_changes_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var (first, second) = ((await FreshOrdersAsync(world, world.Shops[0], 1))[0], (await FreshOrdersAsync(world, world.Shops[1], 1))[0]);
        var late = await RequestAsync(world, first, RefundKind.RefundOnly);
        var inOtherShop = await RequestAsync(world, second, RefundKind.ReturnAndRefund);
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        await using (var db = world.Db())
        {
            // The operator becomes customer service of the first shop only.
            var membership = await db.Memberships.AsTracking().SingleAsync(m => m.UserId == operatorId && m.OrganisationId == world.Merchant);
            (membership.RoleId, membership.AllShops) = (BuiltInRoles.CustomerService, false);
            db.MembershipShops.Add(new MembershipShop { MembershipId = membership.Id, ShopId = world.Shops[0] });
            await db.SaveChangesAsync();
        }
        var agency = await world.Services.UserIdAsync("agency@demo.ks");

        // Without the right (the agency's delegation has no after-sales), and in a shop the grant does not cover.
        await Assert.ThrowsAsync<AccessDeniedException>(() => Commands(world).AcceptAsync(agency, late));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Commands(world).AcceptAsync(operatorId, inOtherShop));
        // Another merchant's request and a missing one read the same.
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        var foreign = await Assert.ThrowsAsync<NotFoundException>(() => Commands(world).AcceptAsync(creator, inOtherShop));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => Commands(world).AcceptAsync(world.Owner, -1));
        Assert.Equal(missing.UserMessage, foreign.UserMessage);
        await Assert.ThrowsAsync<NotFoundException>(() => Queries(world).GetAsync(operatorId, inOtherShop));

        // The wrong stage: a refund-only request is never asked back; a return not yet shipped is not restocked.
        await Assert.ThrowsAsync<DomainException>(() => Commands(world).AskReturnAsync(world.Owner, late));
        await Assert.ThrowsAsync<ConflictException>(() => Commands(world).RestockAsync(world.Owner, inOtherShop));

        // Past the 48 h the merchant may no longer decide: the platform accepts.
        world.Clock.Advance(TimeSpan.FromHours(AfterSaleDueRules.RespondHours));
        var past = await Assert.ThrowsAsync<DomainException>(() => Commands(world).AcceptAsync(operatorId, late));
        Assert.Contains("已超过处理时限", past.UserMessage.Zh);
        await Assert.ThrowsAsync<DomainException>(() => Commands(world).RejectAsync(world.Owner, late, "太晚了"));

        await using var check = world.Db();
        Assert.All(await check.Refunds.Where(r => r.Id == late || r.Id == inOtherShop).ToListAsync(), r => Assert.Equal((RefundStatus.Requested, null), (r.Status, r.HandledBy)));
        var refusals = await check.AuditLog.Where(a => a.Action == AuditActions.AccessDenied && (a.ActorName == "李运营" || a.ActorName == "王老板" || a.ActorName == "小美"))
            .Select(a => new { a.ActorName, a.EntityId }).ToListAsync();
        Assert.Contains(refusals, r => r.ActorName == "李运营" && r.EntityId == Permission.AfterSalesHandle.Code());
        Assert.Contains(refusals, r => r.ActorName == "李运营" && r.EntityId == $"{AfterSaleActions.Accepted}:{late}");
        Assert.Contains(refusals, r => r.ActorName == "王老板" && r.EntityId == $"{AfterSaleActions.Rejected}:{late}");
        Assert.Contains(refusals, r => r.ActorName == "王老板" && r.EntityId == $"{AfterSaleActions.Restocked}:{inOtherShop}");
        Assert.Contains(await check.AuditLog.Where(a => a.Action == AuditActions.AccessDenied && a.EntityId == Permission.AfterSalesHandle.Code()).Select(a => a.ActorUserId).ToListAsync(), u => u == agency);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_people_deciding_at_once_one_wins_and_the_other_is_told_who_did(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var order = (await FreshOrdersAsync(world, world.Shops[0], 1))[0];
        var id = await RequestAsync(world, order, RefundKind.ReturnAndRefund);
        var ownerId = world.Owner;
        var colleague = await world.Services.UserIdAsync("operator@demo.ks");
        await using (var db = world.Db())
        {
            var membership = await db.Memberships.AsTracking().SingleAsync(m => m.UserId == colleague && m.OrganisationId == world.Merchant);
            membership.RoleId = BuiltInRoles.CustomerService;
            await db.SaveChangesAsync();
        }

        // Each on their own services (two circuits): one accepts, the other asks for the goods back, at once.
        var other = new CoreServicesFor(world.Database, world.Clock);
        var outcomes = await Task.WhenAll(
            Attempt(() => Commands(world).AcceptAsync(ownerId, id)),
            Attempt(() => other.Get<AfterSaleCommands>().AskReturnAsync(colleague, id)));
        Assert.Single(outcomes, o => o is null);
        var refusal = Assert.IsType<ConflictException>(Assert.Single(outcomes, o => o is not null));

        var refund = await RefundAsync(world, id);
        var winner = refund.HandledBy;
        Assert.Contains(winner!, refusal.UserMessage.Zh);
        Assert.Contains(AfterSaleTexts.Stage(refund.Status).Zh, refusal.UserMessage.Zh);
        Assert.Equal(winner == "王老板" ? RefundStatus.Approved : RefundStatus.AwaitingReturn, refund.Status);
        await using var check = world.Db();
        Assert.Single(await check.AuditLog.Where(a => a.EntityType == "Refund" && a.EntityId == id.ToString() && a.ActorUserId != null).ToListAsync());
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try { await action(); return null; }
        catch (UserFacingException e) { return e; }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_deadline_job_accepts_exactly_the_overdue_requests_and_closes_returns_not_sent_in_time(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var orders = await FreshOrdersAsync(world, world.Shops[0], 4);
        var overdueRefund = await RequestAsync(world, orders[0], RefundKind.RefundOnly);
        var overdueReturn = await RequestAsync(world, orders[1], RefundKind.ReturnAndRefund);
        var unreturned = await RequestAsync(world, orders[2], RefundKind.Exchange);
        await Commands(world).AskReturnAsync(world.Owner, unreturned);
        world.Clock.Advance(TimeSpan.FromHours(47));
        var inTime = await RequestAsync(world, orders[3], RefundKind.RefundOnly);
        world.Clock.Advance(TimeSpan.FromHours(1));   // the first two are exactly 48 h old now

        var now = world.Clock.GetUtcNow().UtcDateTime;
        List<long> overdue, waiting;
        await using (var db = world.Db())
        {
            overdue = await db.Refunds.Where(r => r.Status == RefundStatus.Requested && r.RespondDueAt <= now).Select(r => r.Id).ToListAsync();
            waiting = await db.Refunds.Where(r => r.Status == RefundStatus.Requested && r.RespondDueAt > now).Select(r => r.Id).ToListAsync();
        }
        Assert.Contains(overdueRefund, overdue);
        Assert.Contains(inTime, waiting);

        var report = await Commands(world).ApplyDeadlinesAsync();
        Assert.Equal((overdue.Count, 0), (report.AutoAccepted, report.Closed));
        await using (var db = world.Db())
        {
            var moved = await db.Refunds.Where(r => overdue.Contains(r.Id)).ToListAsync();
            Assert.All(moved, r => Assert.Equal("system:Scheduler", r.HandledBy));
            Assert.All(moved, r => Assert.Equal(r.Kind == RefundKind.RefundOnly ? RefundStatus.Approved : RefundStatus.AwaitingReturn, r.Status));
            // The platform answered, not the merchant: the handling indicator still sees no answer.
            Assert.All(moved.Where(r => r.Id == overdueRefund || r.Id == overdueReturn), r => Assert.Null(r.ResolvedAt));
            Assert.Equal(waiting.Order(), (await db.Refunds.Where(r => r.Status == RefundStatus.Requested).Select(r => r.Id).ToListAsync()).Order());
            Assert.Equal(overdue.Count, await db.AuditLog.CountAsync(a => a.Action == AfterSaleActions.AutoAccepted && a.ActorName == "system:Scheduler"));
        }
        // Repeating is harmless.
        Assert.Equal(new AfterSaleDeadlineReport(0, 0), await Commands(world).ApplyDeadlinesAsync());

        // Seven days after the exchange was asked back, nothing was sent: it closes; a waybill afterwards is refused.
        world.Clock.Advance(TimeSpan.FromDays(AfterSaleDueRules.ReturnShipDays) - TimeSpan.FromHours(48));
        var closing = await Commands(world).ApplyDeadlinesAsync();
        Assert.True(closing.Closed >= 1);
        Assert.Equal(RefundStatus.Closed, (await RefundAsync(world, unreturned)).Status);
        await Assert.ThrowsAsync<ConflictException>(() => Commands(world).ShipReturnAsync(unreturned, "圆通速递", "YT1234567890"));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_refund_reaches_settlement_with_the_commission_it_gives_back(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var settlement = world.Services.Get<SettlementQueries>();
        var order = (await FreshOrdersAsync(world, world.Shops[0], 20)).First(o => o.CommissionFen > 0 && o.Channel != SalesChannel.Shelf);
        var id = await RequestAsync(world, order, RefundKind.RefundOnly, order.AmountFen / 2);
        await Commands(world).AcceptAsync(world.Owner, id);
        // Settlement runs to yesterday (T+1): the refund shows there tomorrow.
        world.Clock.Advance(TimeSpan.FromDays(1));
        var view = await settlement.GetAsync(world.Owner, 30);
        var field = view.Shops.Single(s => s.ShopId == order.ShopId).Fields.Single(f => f.Channel == order.Channel);

        // Exactly the refunds that went back in the period, with the commission each gives back by the one rule.
        await using var db = world.Db();
        var (fromUtc, toUtc) = (ShanghaiTime.StartOfDayUtc(view.From), ShanghaiTime.StartOfDayUtc(view.To.AddDays(1)));
        var raw = await (from r in db.Refunds
                         where r.ShopId == order.ShopId && r.Status == RefundStatus.Approved
                         let at = r.CompletedAt ?? r.ResolvedAt
                         where at >= fromUtc && at < toUtc
                         join o in db.Orders on r.OrderId equals o.Id
                         where o.Channel == order.Channel
                         select new { r.Id, r.AmountFen, OrderAmount = o.AmountFen, o.CommissionFen }).ToListAsync();
        Assert.Contains(raw, r => r.Id == id && r.AmountFen == order.AmountFen / 2);
        Assert.Equal(raw.Sum(r => r.AmountFen), field.RefundedFen);
        var reversed = raw.Sum(r => AfterSaleRules.CommissionReversedFen(r.CommissionFen, r.OrderAmount, r.AmountFen));
        Assert.Equal(reversed, field.CommissionReversedFen);
        Assert.True(AfterSaleRules.CommissionReversedFen(order.CommissionFen, order.AmountFen, order.AmountFen / 2) > 0);
        Assert.Equal(field.CommissionFen - field.WaivedFen - field.CommissionReversedFen, field.DueFen);
        Assert.Equal(view.CommissionFen - view.WaivedFen - view.CommissionReversedFen, view.DueFen);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_refund_handled_in_time_counts_as_handled_in_time_after_a_recompute(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var shop = world.Shops[0];
        // Today's score (as of tonight's midnight): the request is made and answered today, an hour apart.
        var day = ShanghaiTime.Today(world.Clock);
        var order = (await FreshOrdersAsync(world, shop, 400)).Last(o => o.PaidAt < world.Clock.GetUtcNow().UtcDateTime.AddDays(-2));
        await world.Services.Scores.RecomputeAsync(day, [shop]);
        var before = (await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop, day))!.Measures;

        var id = await RequestAsync(world, order, RefundKind.RefundOnly, reason: RefundReason.ChangedMind);
        world.Clock.Advance(TimeSpan.FromHours(1));
        await Commands(world).AcceptAsync(world.Owner, id);
        await world.Services.Scores.RecomputeAsync(day, [shop]);
        var after = (await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop, day))!.Measures;

        var (b, a) = (before[IndicatorCatalog.Refund3dResolveRate], after[IndicatorCatalog.Refund3dResolveRate]);
        Assert.Equal((b.Numerator + 1, b.Denominator + 1), (a.Numerator, a.Denominator));
        Assert.Equal(before[IndicatorCatalog.RefundRate].Numerator + 1, after[IndicatorCatalog.RefundRate].Numerator);
        // Changed mind is not a quality reason.
        Assert.Equal(before[IndicatorCatalog.QualityRefundRate].Numerator, after[IndicatorCatalog.QualityRefundRate].Numerator);
    }
}
