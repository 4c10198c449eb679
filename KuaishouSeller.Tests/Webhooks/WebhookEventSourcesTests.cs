using KuaishouSeller.Core.AfterSales;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Webhooks;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Webhooks;

/// <summary>The after-sales desk and the score recompute announce what changed, and only that.</summary>
public sealed class WebhookEventSourcesTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_after_sale_announces_its_request_and_each_decision_and_a_refused_decision_announces_nothing(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var afterSales = world.Services.Get<AfterSaleCommands>();
        List<Order> orders;
        await using (var db = world.Db())
            orders = await db.Orders.AsNoTracking()
                .Where(o => o.MerchantId == world.Merchant && o.Status == OrderStatus.Delivered && o.AmountFen > 100 && !db.Refunds.Any(r => r.OrderId == o.Id))
                .OrderBy(o => o.Id).Take(2).ToListAsync();

        var rejected = await afterSales.RequestAsync(new AfterSaleRequest(orders[0].Id, RefundKind.RefundOnly, RefundReason.QualityProblem, 100, "坏了，电话 13800000000"));
        await afterSales.RejectAsync(world.Owner, rejected, "已与买家沟通");
        await Assert.ThrowsAsync<ConflictException>(() => afterSales.AcceptAsync(world.Owner, rejected));
        var accepted = await afterSales.RequestAsync(new AfterSaleRequest(orders[1].Id, RefundKind.RefundOnly, RefundReason.QualityProblem, 100, null));
        await afterSales.AcceptAsync(world.Owner, accepted);

        Assert.Equal(2, (await WebhookTestKit.EventsAsync(world, WebhookEvents.AfterSaleCreated)).Count(e => e.Payload.Contains($"\"afterSaleId\":{rejected},") || e.Payload.Contains($"\"afterSaleId\":{accepted},")));
        var rejectedEvent = Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.AfterSaleRejected), e => e.Payload.Contains($"\"afterSaleId\":{rejected},"));
        Assert.Contains("\"state\":\"Rejected\"", rejectedEvent.Payload);
        Assert.DoesNotContain("13800000000", rejectedEvent.Payload);
        Assert.DoesNotContain("已与买家沟通", rejectedEvent.Payload);
        Assert.DoesNotContain(await WebhookTestKit.EventsAsync(world, WebhookEvents.AfterSaleAccepted), e => e.Payload.Contains($"\"afterSaleId\":{rejected},"));
        var acceptedEvent = Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.AfterSaleAccepted), e => e.Payload.Contains($"\"afterSaleId\":{accepted},"));
        Assert.Contains("\"state\":\"Approved\"", acceptedEvent.Payload);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_recompute_announces_a_shop_score_only_when_it_actually_changed(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var scores = world.Services.Scores;
        var day = scores.LatestCompleteDay;

        // The same facts again: every shop keeps its score, nothing is announced.
        await scores.RecomputeAsync(day);
        Assert.Empty(await WebhookTestKit.EventsAsync(world, WebhookEvents.ScoreChanged));

        // One shop's stored score differs from what its facts give: exactly that shop is announced, from the old total to the new.
        var shop = world.Shops[0];
        double stored;
        await using (var db = world.Db())
        {
            stored = await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Shop && s.SubjectId == shop && s.Day == day).Select(s => s.Total).SingleAsync();
            await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Shop && s.SubjectId == shop && s.Day == day)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Total, stored - 3));
        }
        await scores.RecomputeAsync(day);

        var changed = Assert.Single(await WebhookTestKit.EventsAsync(world, WebhookEvents.ScoreChanged));
        Assert.Contains($"\"shopId\":{shop},", changed.Payload);
        Assert.Contains($"\"score\":{stored.ToString(System.Globalization.CultureInfo.InvariantCulture)}", changed.Payload);
    }
}
