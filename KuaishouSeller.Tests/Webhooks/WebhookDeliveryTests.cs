using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Webhooks;
using KuaishouSeller.Tests.Infrastructure;
using KuaishouSeller.Tests.Orders;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Webhooks;

/// <summary>
/// Delivery to a real receiver (Kestrel on loopback) that checks the signature and deduplicates: every event arrives
/// exactly once after deduplication, through an outage and recovery; repeated failure switches the subscription off.
/// The worker is driven run by run and the clock moved by the retry schedule: nothing waits on time.
/// </summary>
public sealed class WebhookDeliveryTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_event_reaches_the_receiver_once_after_dedup_through_an_outage_and_a_replay(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync(() => world.Clock.GetUtcNow());
        var webhooks = world.Services.Get<WebhookService>();
        var orders = world.Services.Get<OrderCommands>();
        var worker = WebhookTestKit.Dispatcher(world);
        var created = await webhooks.CreateAsync(world.Owner, receiver.Url, [WebhookEvents.OrderShipped, WebhookEvents.OrderCancelled]);
        receiver.Secret = created.Secret;

        for (var i = 0; i < 3; i++)
        {
            var order = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);
            await orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, OrderShippingTests.Zto(100 + i));
        }
        var first = await worker.RunOnceAsync();
        Assert.Equal(3, first.Delivered);
        Assert.Equal(3, receiver.Events.Count);

        // The receiver goes down: two more shipments and a cancellation fail, and fail again at the first retry.
        receiver.Down = true;
        for (var i = 0; i < 2; i++)
        {
            var order = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);
            await orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, OrderShippingTests.Zto(200 + i));
        }
        await orders.CancelAsync(world.Owner, (await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool)).Id, "买家要求取消");
        Assert.Equal((0, 3), ((await worker.RunOnceAsync()).Delivered, (await DeliveriesAsync(world)).Count(d => d.State == WebhookDeliveryState.Pending)));
        // Not due yet: a run before the first delay sends nothing.
        Assert.Equal(0, (await worker.RunOnceAsync()).Failed);
        world.Clock.Advance(WebhookRules.RetryDelays[0]);
        Assert.Equal(3, (await worker.RunOnceAsync()).Failed);

        // Back up: the second retry delivers all three.
        receiver.Down = false;
        world.Clock.Advance(WebhookRules.RetryDelays[1]);
        Assert.Equal(3, (await worker.RunOnceAsync()).Delivered);

        var expected = (await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderShipped)).Concat(await WebhookTestKit.EventsAsync(world, WebhookEvents.OrderCancelled))
            .Where(e => e.CreatedAt >= world.Clock.GetUtcNow().UtcDateTime.AddHours(-1)).Select(e => e.Id.ToString()).Order().ToList();
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected, receiver.Events.Keys.Order().ToList());
        Assert.Equal(0, receiver.BadSignatures);
        var deliveries = await DeliveriesAsync(world);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryState.Delivered, d.State));
        await using (var db = world.Db())
        {
            // Every attempt is on record: three outage deliveries tried three times (503, 503, 204), the others once.
            var attempts = await db.WebhookAttempts.AsNoTracking().ToListAsync();
            Assert.Equal(3 + 3 * 3, attempts.Count);
            Assert.Equal(6, attempts.Count(a => a.StatusCode == 503 && a.Error == "HTTP 503" && !a.Succeeded));
            Assert.Equal(6, attempts.Count(a => a.StatusCode == 204 && a.Succeeded));
        }

        // The merchant sends one again: the receiver is called, recognises the id, and still has each event once.
        var hits = receiver.Hits;
        await webhooks.ReplayAsync(world.Owner, deliveries[0].Id);
        Assert.Equal(1, (await worker.RunOnceAsync()).Delivered);
        Assert.Equal((hits + 1, 1, 6), (receiver.Hits, receiver.Duplicates, receiver.Events.Count));
        var page = await webhooks.DeliveriesAsync(world.Owner);
        Assert.Equal(deliveries[0].Id, page.Rows[0].ReplayOf);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Repeated_failure_disables_the_subscription_and_nothing_more_is_sent_until_it_is_enabled(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync(() => world.Clock.GetUtcNow());
        var webhooks = world.Services.Get<WebhookService>();
        var orders = world.Services.Get<OrderCommands>();
        var worker = WebhookTestKit.Dispatcher(world, disableAfter: 3);
        var created = await webhooks.CreateAsync(world.Owner, receiver.Url, [WebhookEvents.OrderShipped]);
        receiver.Secret = created.Secret;
        receiver.Down = true;
        var order = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);
        await orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, OrderShippingTests.Zto(300));

        await worker.RunOnceAsync();
        world.Clock.Advance(WebhookRules.RetryDelays[0]);
        await worker.RunOnceAsync();
        world.Clock.Advance(WebhookRules.RetryDelays[1]);
        Assert.Equal(1, (await worker.RunOnceAsync()).Disabled);

        var row = Assert.Single((await webhooks.OverviewAsync(world.Owner)).Subscriptions);
        Assert.Equal(WebhookDisabledReason.RepeatedFailures, row.DisabledReason);
        var hits = receiver.Hits;
        world.Clock.Advance(WebhookRules.RetryDelays[2]);
        await worker.RunOnceAsync();
        Assert.Equal(hits, receiver.Hits);
        await using (var db = world.Db())
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == WebhookActions.AutoDisabled && a.OrganisationId == world.Merchant));

        // Enabled again with the receiver back: the pending delivery goes out.
        receiver.Down = false;
        await webhooks.EnableAsync(world.Owner, created.Id);
        Assert.Equal(1, (await worker.RunOnceAsync()).Delivered);
        Assert.Single(receiver.Events);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_workers_running_at_once_send_each_attempt_once(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        await using var receiver = await WebhookReceiver.StartAsync(() => world.Clock.GetUtcNow());
        var webhooks = world.Services.Get<WebhookService>();
        var orders = world.Services.Get<OrderCommands>();
        var created = await webhooks.CreateAsync(world.Owner, receiver.Url, [WebhookEvents.OrderShipped]);
        receiver.Secret = created.Secret;
        for (var i = 0; i < 10; i++)
        {
            var order = await OrderShippingTests.UnshippedAsync(world, ReservationSource.Pool);
            await orders.ShipAsync(world.Owner, order.Id, Carrier.Zto, OrderShippingTests.Zto(400 + i));
        }

        var runs = await Task.WhenAll(WebhookTestKit.Dispatcher(world).RunOnceAsync(), WebhookTestKit.Dispatcher(world).RunOnceAsync());
        // Whatever one run did not take, a later run does; no attempt is ever made twice.
        await WebhookTestKit.Dispatcher(world).RunOnceAsync();

        Assert.Equal(10, receiver.Events.Count);
        Assert.Equal(0, receiver.Duplicates);
        Assert.True(runs.Sum(r => r.Delivered) <= 10);
        await using var db = world.Db();
        Assert.Equal(10, await db.WebhookAttempts.CountAsync());
    }

    private static async Task<List<WebhookDelivery>> DeliveriesAsync(SeededWorld world)
    {
        await using var db = world.Db();
        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.ReplayOf == null).OrderBy(d => d.Id).ToListAsync();
    }
}
