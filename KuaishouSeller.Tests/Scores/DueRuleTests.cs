using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Scores;

/// <summary>
/// Time-bound indicators count a fact only once its outcome is known or its deadline has passed; before that it is in
/// assessment and costs nothing. Checked on the rule itself, on the engine's counts across the day's edges (Beijing
/// time), on the orders behind an indicator and on the order page.
/// </summary>
public sealed class DueRuleTests
{
    private static readonly DateOnly Day = new(2026, 11, 30);
    private static DateTime Beijing(DateOnly day, int hour, int minute = 0) => ShanghaiTime.StartOfDayUtc(day).AddHours(hour).AddMinutes(minute);

    [Fact]
    public void A_day_is_assessed_as_of_the_next_Beijing_midnight_exclusive()
    {
        var asOf = DueRules.AsOfEndOf(Day);
        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), asOf);
        var due = asOf;
        // A deadline falling exactly at the end of the day has not passed yet: the work may still be done at 00:00.
        Assert.Equal(DueOutcome.InAssessment, DueRules.Assess(null, due, asOf));
        Assert.Equal(DueOutcome.Late, DueRules.Assess(null, due.AddSeconds(-1), asOf));
        // Done exactly at the deadline is on time; a second later is late, once it is known.
        Assert.Equal(DueOutcome.OnTime, DueRules.Assess(due.AddHours(-2), due.AddHours(-2), asOf));
        Assert.Equal(DueOutcome.Late, DueRules.Assess(due.AddHours(-2).AddSeconds(1), due.AddHours(-2), asOf));
        // Done early is known at once; done at 00:00 belongs to the next day.
        Assert.Equal(DueOutcome.OnTime, DueRules.Assess(asOf.AddHours(-1), asOf.AddDays(1), asOf));
        Assert.Equal(DueOutcome.InAssessment, DueRules.Assess(asOf, asOf.AddDays(1), asOf));
    }

    [Fact]
    public void Setting_when_a_fact_happened_sets_its_deadline()
    {
        var paid = Beijing(Day, 17, 16);
        var order = new Order { PaidAt = paid };
        Assert.Equal(paid.AddHours(48), order.PickupDueAt);
        Assert.Equal(paid.AddDays(5), order.DeliveryDueAt);
        Assert.Equal(paid.AddDays(3), new Refund { RequestedAt = paid }.HandlingDueAt);
        var chat = new ChatSession { FirstResponseSeconds = 200, StartedAt = paid };
        Assert.Equal(paid.AddMinutes(3), chat.ReplyDueAt);
        Assert.Equal(paid.AddSeconds(200), chat.FirstRepliedAt);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Orders_within_their_time_are_in_assessment_and_never_cost_points(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var day = world.Services.Scores.LatestCompleteDay;
        var shop = world.Shops[0];
        var before = (await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop))!.Measures;

        Order template;
        await using (var db = world.Db())
            template = await db.Orders.AsNoTracking().Where(o => o.ShopId == shop).OrderBy(o => o.Id).FirstAsync();
        var next = 0;
        Order New(DateTime paidAt, DateTime? shipped = null, DateTime? pickedUp = null, DateTime? delivered = null) => new()
        {
            OrderNo = $"DUE{++next:D6}", MerchantId = template.MerchantId, ShopId = shop, ListingId = template.ListingId, SkuId = template.SkuId,
            Channel = template.Channel, BuyerId = 1, Quantity = 1, AmountFen = 100, PaidAt = paidAt, ShippedAt = shipped, PickedUpAt = pickedUp,
            DeliveredAt = delivered, Status = shipped is null ? OrderStatus.Paid : OrderStatus.Shipped,
        };
        // The case from the report: paid yesterday at 17:16, shipped, not picked up yet.
        var yesterdayEvening = New(Beijing(day, 17, 16), shipped: Beijing(day, 20));
        var lateUnshipped = New(Beijing(day.AddDays(-2), 23));                                        // due yesterday 23:00: late
        var dueAtMidnight = New(Beijing(day.AddDays(-1), 0), shipped: Beijing(day.AddDays(-1), 5));   // due exactly at the end of the day
        var onTheDot = New(Beijing(day.AddDays(-2), 0), shipped: Beijing(day.AddDays(-2), 5), pickedUp: Beijing(day, 0)); // picked up at its deadline
        var earlyPickup = New(Beijing(day, 10), shipped: Beijing(day, 11), pickedUp: Beijing(day, 12));
        var pickedUpAtMidnight = New(Beijing(day, 10), shipped: Beijing(day, 11), pickedUp: Beijing(day.AddDays(1), 0)); // known only the next day
        var firstDayOfWindow = New(Beijing(day.AddDays(-29), 0), shipped: Beijing(day.AddDays(-29), 1), pickedUp: Beijing(day.AddDays(-29), 2),
            delivered: Beijing(day.AddDays(-28), 2));
        var afterTheWindow = New(Beijing(day.AddDays(1), 0), shipped: Beijing(day.AddDays(1), 1));
        Order[] orders = [yesterdayEvening, lateUnshipped, dueAtMidnight, onTheDot, earlyPickup, pickedUpAtMidnight, firstDayOfWindow, afterTheWindow];
        await using (var db = world.Db())
        {
            db.Orders.AddRange(orders);
            await db.SaveChangesAsync();
            db.Refunds.AddRange(
                new Refund { OrderId = earlyPickup.Id, ShopId = shop, Reason = RefundReason.ChangedMind, Status = RefundStatus.Requested, AmountFen = 100, RequestedAt = Beijing(day, 20) },
                new Refund { OrderId = firstDayOfWindow.Id, ShopId = shop, Reason = RefundReason.ChangedMind, Status = RefundStatus.Requested, AmountFen = 100, RequestedAt = Beijing(day.AddDays(-4), 12) });
            db.ChatSessions.AddRange(
                new ChatSession { ShopId = shop, BuyerId = 1, StartedAt = Beijing(day, 23, 58) },  // reply due 00:01 today: in assessment
                new ChatSession { ShopId = shop, BuyerId = 1, StartedAt = Beijing(day, 23, 50) }); // nobody replied by 23:53: late
            await db.SaveChangesAsync();
        }

        await world.Services.Scores.RecomputeAsync(day, [shop]);
        var after = (await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shop))!.Measures;

        // Pickup: the late unshipped order, and three on time (on the dot, early, first day of the window); three wait.
        AssertMoved(before, after, IndicatorCatalog.Pickup48hRate, numerator: 3, denominator: 4, pending: 3);
        // Delivery: only the first day's order is delivered or past its 5 days (on time); the six others wait.
        AssertMoved(before, after, IndicatorCatalog.Delivery5dRate, numerator: 1, denominator: 1, pending: 6);
        AssertMoved(before, after, IndicatorCatalog.Refund3dResolveRate, numerator: 0, denominator: 1, pending: 1);
        AssertMoved(before, after, IndicatorCatalog.ChatReply3minRate, numerator: 0, denominator: 1, pending: 1);
        Assert.Equal(before[IndicatorCatalog.RefundRate].Denominator + 7, after[IndicatorCatalog.RefundRate].Denominator);

        // The orders behind the pickup indicator: the late one is there, none still in time is.
        var costing = await world.Services.ScoreViews.CostingAsync(world.Owner, ScoreSubject.Shop, shop, IndicatorCatalog.Pickup48hRate, day, 30, new PageRequest(0, 500));
        var listed = costing.Rows.Select(r => r.Reference).ToHashSet();
        Assert.Contains(lateUnshipped.OrderNo, listed);
        Assert.DoesNotContain(yesterdayEvening.OrderNo, listed);
        Assert.DoesNotContain(dueAtMidnight.OrderNo, listed);
        Assert.DoesNotContain(pickedUpAtMidnight.OrderNo, listed);
        Assert.Equal(after[IndicatorCatalog.Pickup48hRate].Denominator - after[IndicatorCatalog.Pickup48hRate].Numerator, costing.TotalCount);
        Assert.All(costing.Rows, r => Assert.False(string.IsNullOrEmpty(r.Product)));

        // The order page, as of now (the test clock stands on today): yesterday evening's order is still in its 48 hours.
        var page = await world.Services.OrderViews.DetailAsync(world.Owner, yesterdayEvening.Id);
        var pickup = page.Indicators.Single(i => i.Code == IndicatorCatalog.Pickup48hRate);
        Assert.Equal(OrderOutcome.InAssessment, pickup.Outcome);
        Assert.StartsWith("考核中", pickup.Why.Zh);
        Assert.DoesNotContain(page.Indicators, i => i.Outcome == OrderOutcome.CostsPoints);
        var late = await world.Services.OrderViews.DetailAsync(world.Owner, lateUnshipped.Id);
        Assert.Equal(OrderOutcome.CostsPoints, late.Indicators.Single(i => i.Code == IndicatorCatalog.Pickup48hRate).Outcome);
    }

    private static void AssertMoved(IReadOnlyDictionary<string, Measure> before, IReadOnlyDictionary<string, Measure> after, string code,
        long numerator, long denominator, long pending)
    {
        var (b, a) = (before.GetValueOrDefault(code) ?? new(0, 0), after[code]);
        Assert.Equal((numerator, denominator), (a.Numerator - b.Numerator, a.Denominator - b.Denominator));
        Assert.Equal(pending, a.Pending - b.Pending);
    }
}
