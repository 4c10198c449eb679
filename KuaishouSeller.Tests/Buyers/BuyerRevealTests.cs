using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Auditing;
using KuaishouSeller.Core.Buyers;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Buyers;

/// <summary>Revealing one field of a buyer: the right on the shop, a reason, an audit entry without the value, a daily limit.</summary>
public sealed class BuyerRevealTests
{
    private static BuyerRevealService Reveals(SeededWorld world) => world.Services.Get<BuyerRevealService>();

    private static async Task<(long OrderId, Buyer Buyer)> OrderAsync(SeededWorld world, long shop)
    {
        await using var db = world.Db();
        var order = await db.Orders.AsNoTracking().Where(o => o.ShopId == shop).OrderByDescending(o => o.Id).FirstAsync();
        return (order.Id, await db.Buyers.AsNoTracking().SingleAsync(b => b.Id == order.BuyerId));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_reveal_needs_the_right_and_a_reason_and_is_audited_without_the_value(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var reveals = Reveals(world);
        var (orderId, buyer) = await OrderAsync(world, world.Shops[0]);

        var card = await reveals.CardAsync(world.Owner, RevealContext.Order, orderId);
        Assert.NotNull(card);
        Assert.Equal(BuyerMasking.Phone(buyer.Phone), card.Buyer.Phone);
        Assert.NotEqual(buyer.Phone, card.Buyer.Phone);
        Assert.True(card.CanReveal);

        var noReason = await Assert.ThrowsAsync<DomainException>(() => reveals.RevealAsync(world.Owner, RevealContext.Order, orderId, BuyerField.Phone, " "));
        Assert.Equal(("请填写查看原因。", "Give a reason for revealing it."), (noReason.UserMessage.Zh, noReason.UserMessage.En));

        // The operator sees orders but may not reveal: refused, and the refusal is in the log.
        var operatorId = await world.Services.UserIdAsync("operator@demo.ks");
        Assert.False((await reveals.CardAsync(operatorId, RevealContext.Order, orderId))!.CanReveal);
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => reveals.RevealAsync(operatorId, RevealContext.Order, orderId, BuyerField.Phone, "联系买家"));
        Assert.Contains("查看买家完整信息", denied.UserMessage.Zh);
        Assert.Contains("Reveal buyer data", denied.UserMessage.En);

        // Another merchant's order reads like a missing one.
        long foreign;
        await using (var db = world.Db())
            foreign = await db.Orders.Where(o => o.MerchantId != world.Merchant).Select(o => o.Id).FirstAsync();
        var a = await Assert.ThrowsAsync<NotFoundException>(() => reveals.RevealAsync(world.Owner, RevealContext.Order, foreign, BuyerField.Phone, "联系买家"));
        var b = await Assert.ThrowsAsync<NotFoundException>(() => reveals.RevealAsync(world.Owner, RevealContext.Order, 999_999_999, BuyerField.Phone, "联系买家"));
        Assert.Equal(a.UserMessage, b.UserMessage);

        Assert.Equal(buyer.Phone, await reveals.RevealAsync(world.Owner, RevealContext.Order, orderId, BuyerField.Phone, "联系买家改地址"));
        Assert.Equal(buyer.Region + buyer.Street, await reveals.RevealAsync(world.Owner, RevealContext.Order, orderId, BuyerField.Address, "核对地址"));

        await using (var db = world.Db())
        {
            var entries = await db.AuditLog.AsNoTracking().Where(e => e.Action == AuditActions.BuyerRevealed).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(2, entries.Count);
            Assert.All(entries, e =>
            {
                Assert.Equal(buyer.Id.ToString(), e.EntityId);
                Assert.Equal(world.Shops[0], e.ShopId);
                var text = (e.Subject ?? "") + e.Before + e.After;
                Assert.DoesNotContain(buyer.Phone, text);
                Assert.DoesNotContain(buyer.Street, text);
                Assert.DoesNotContain(buyer.Name, text);
            });
            var row = new AuditRow(entries[0].Id, entries[0].At, entries[0].ActorName, entries[0].Action, entries[0].EntityType, entries[0].EntityId,
                null, null, null, entries[0].Before, entries[0].After, entries[0].Subject);
            Assert.StartsWith($"王老板 查看了买家「{buyer.Nickname}」的完整手机号（订单 ", row.Sentence.Zh);
            Assert.EndsWith("（联系买家改地址）", row.Sentence.Zh);
            Assert.StartsWith($"王老板 revealed the full phone number of the buyer {buyer.Nickname} (order ", row.Sentence.En);
            Assert.True(await db.AuditLog.AnyAsync(e => e.Action == AuditActions.AccessDenied && e.ActorUserId == operatorId && e.EntityId == "buyers.reveal"));
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Past_the_daily_limit_a_reveal_is_refused_until_the_next_Beijing_day(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var reveals = Reveals(world);
        var (orderId, buyer) = await OrderAsync(world, world.Shops[0]);
        // Start late in the Beijing evening, so the next day is a few minutes away.
        var nextDay = ShanghaiTime.StartOfDayUtc(ShanghaiTime.Today(world.Clock).AddDays(1));
        world.Clock.SetUtcNow(new DateTimeOffset(nextDay.AddMinutes(-30)));

        for (var i = 0; i < BuyerReveals.DailyLimit; i++)
            await reveals.RevealAsync(world.Owner, RevealContext.Order, orderId, BuyerField.Name, $"核对第 {i + 1} 次");
        Assert.Equal(0, await reveals.LeftTodayAsync(world.Owner));
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => reveals.RevealAsync(world.Owner, RevealContext.Order, orderId, BuyerField.Name, "再看一次"));
        Assert.Contains($"{BuyerReveals.DailyLimit} 次", refused.UserMessage.Zh);
        Assert.Contains("daily limit", refused.UserMessage.En);
        await using (var db = world.Db())
        {
            var refusal = await db.AuditLog.AsNoTracking().SingleAsync(e => e.Action == AuditActions.AccessDenied && e.EntityId == BuyerReveals.LimitRefusal);
            Assert.Equal(world.Owner, refusal.ActorUserId);
            Assert.Equal(BuyerReveals.DailyLimit, await db.AuditLog.CountAsync(e => e.Action == AuditActions.BuyerRevealed));
        }

        // Beijing midnight: a new day, a new allowance.
        world.Clock.SetUtcNow(new DateTimeOffset(nextDay));
        Assert.Equal(buyer.Name, await reveals.RevealAsync(world.Owner, RevealContext.Order, orderId, BuyerField.Name, "新的一天"));
        Assert.Equal(BuyerReveals.DailyLimit - 1, await reveals.LeftTodayAsync(world.Owner));
    }
}
