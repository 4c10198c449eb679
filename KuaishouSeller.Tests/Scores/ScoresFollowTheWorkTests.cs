using KuaishouSeller.Core.AfterSales;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Core.Service;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Scores;

/// <summary>
/// The scores are the result of the merchant's own work: an order shipped late, a refund answered in time and a chat
/// answered late, each through the same commands as the pages, move exactly those indicator counts after a recompute.
/// </summary>
public sealed class ScoresFollowTheWorkTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_late_shipment_a_refund_answered_in_time_and_a_late_reply_move_exactly_their_counts(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var shop = world.Shops[0];
        var start = world.Clock.GetUtcNow().UtcDateTime;
        // The day scored: two days on, when all three facts are past their deadlines or done (as of its end, Beijing time).
        var day = DateOnly.FromDateTime(ShanghaiTime.ToLocal(start)).AddDays(2);
        var before = await MeasuresAsync(world, shop, day);

        // A new order, a refund request on a delivered one, and a buyer's message, all now.
        await using var db = world.Db();
        var listing = await db.Listings.AsNoTracking().Where(l => l.ShopId == shop && l.OnShelf).OrderBy(l => l.Id).FirstAsync();
        var orderId = (await world.Services.Get<OrderCommands>().AcceptPaidAsync(new Order
        {
            OrderNo = "KSWORK000000001", MerchantId = world.Merchant, ShopId = shop, ListingId = listing.Id, SkuId = listing.SkuId, BuyerId = 1,
            Quantity = 1, AmountFen = listing.PriceFen, PaidAt = start, Channel = SalesChannel.Shelf,
        }))!.Value;
        var delivered = await db.Orders.AsNoTracking()
            .Where(o => o.ShopId == shop && o.DeliveredAt != null && !db.Refunds.Any(r => r.OrderId == o.Id))
            .OrderByDescending(o => o.Id).FirstAsync();
        var refundId = await world.Services.Get<AfterSaleCommands>().RequestAsync(
            new AfterSaleRequest(delivered.Id, RefundKind.RefundOnly, RefundReason.ChangedMind, delivered.AmountFen, "不想要了"));
        var chatId = await world.Services.Get<ConversationService>().ReceiveBuyerMessageAsync(shop, 1, "在吗？什么时候发货");

        // The reply after ten minutes (late), the refund answered after an hour (in time), the order shipped after 50 hours
        // and picked up an hour later (late).
        world.Clock.Advance(TimeSpan.FromMinutes(10));
        await world.Services.Get<ConversationService>().ReplyAsync(world.Owner, chatId, "亲，在的～");
        world.Clock.Advance(TimeSpan.FromMinutes(50));
        await world.Services.Get<AfterSaleCommands>().AcceptAsync(world.Owner, refundId);
        world.Clock.Advance(TimeSpan.FromHours(49));
        await world.Services.Get<OrderCommands>().ShipAsync(world.Owner, orderId, Carrier.Zto, "731234509876");
        world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(CarrierScanResult.Recorded, await world.Services.Get<CarrierScans>().RecordAsync(Carrier.Zto, "731234509876", CarrierScanKind.PickedUp, world.Clock.GetUtcNow().UtcDateTime));
        world.Clock.SetUtcNow(new DateTimeOffset(DueRules.AsOfEndOf(day)).AddHours(2));

        var after = await MeasuresAsync(world, shop, day);
        Assert.Equal(Late(before[IndicatorCatalog.Pickup48hRate]), after[IndicatorCatalog.Pickup48hRate]);
        Assert.Equal(Late(before[IndicatorCatalog.ChatReply3minRate]), after[IndicatorCatalog.ChatReply3minRate]);
        Assert.Equal(OnTime(before[IndicatorCatalog.Refund3dResolveRate]), after[IndicatorCatalog.Refund3dResolveRate]);
    }

    /// <summary>One more counted fact that missed its deadline; one more that met it.</summary>
    private static (long, long, long) Late((long N, long D, long P) m) => (m.N, m.D + 1, m.P);
    private static (long, long, long) OnTime((long N, long D, long P) m) => (m.N + 1, m.D + 1, m.P);

    private static async Task<Dictionary<string, (long N, long D, long P)>> MeasuresAsync(SeededWorld world, long shop, DateOnly day)
    {
        await world.Services.Scores.RecomputeAsync(day, [shop]);
        var page = (await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop, day))!;
        return page.Measures.ToDictionary(m => m.Key, m => (m.Value.Numerator, m.Value.Denominator, m.Value.Pending));
    }
}
