using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Orders;

/// <summary>自动确认收货: delivered orders complete themselves once the rule's days have passed, and only those.</summary>
public sealed class OrderCompletionTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Delivered_orders_complete_once_the_days_after_delivery_have_passed_and_the_others_wait(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        List<Order> delivered;
        await using (var db = world.Db())
            delivered = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Delivered && o.DeliveredAt != null).OrderBy(o => o.DeliveredAt).ToListAsync();
        // The oldest order still waiting (the world may also hold some already past their days, as after a quiet night).
        var now = world.Clock.GetUtcNow().UtcDateTime;
        var waiting = delivered.Where(o => o.DeliveredAt > OrderDueRules.DeliveredBy(now)).ToList();
        var (oldest, newest) = (waiting[0], waiting[^1]);
        Assert.True(newest.DeliveredAt > oldest.DeliveredAt!.Value.AddMinutes(1), "the seeded world delivers over several days");

        // Just past the oldest delivery's deadline: that order completes, the newest still waits for its buyer.
        world.Clock.Advance(OrderDueRules.CompletesAt(oldest.DeliveredAt!.Value) - now + TimeSpan.FromSeconds(30));
        var due = delivered.Count(o => o.DeliveredAt <= OrderDueRules.DeliveredBy(world.Clock.GetUtcNow().UtcDateTime));

        var completed = await world.Services.Get<OrderCommands>().CompleteDeliveredAsync();

        Assert.Equal(due, completed);
        await using (var db = world.Db())
        {
            Assert.Equal(OrderStatus.Completed, await db.Orders.Where(o => o.Id == oldest.Id).Select(o => o.Status).SingleAsync());
            Assert.Equal(OrderStatus.Delivered, await db.Orders.Where(o => o.Id == newest.Id).Select(o => o.Status).SingleAsync());
        }
        Assert.Equal(0, await world.Services.Get<OrderCommands>().CompleteDeliveredAsync());
    }
}
