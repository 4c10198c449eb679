using KuaishouSeller.Core.Access;
using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Orders;
using KuaishouSeller.Core.Persistence;
using KuaishouSeller.Core.Scores;
using KuaishouSeller.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KuaishouSeller.Tests.Scores;

/// <summary>Scores computed from the demo world's facts, explained down to the order, on both providers.</summary>
public sealed class ScoreComputationTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_shop_is_scored_from_its_facts_and_the_weak_shop_scores_lowest(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        await using var db = world.Db();
        var yesterday = ShanghaiTime.Today(world.Clock).AddDays(-1);
        var shops = await db.Shops.CountAsync();
        var latest = await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Shop && s.Day == yesterday).ToListAsync();
        Assert.Equal(shops, latest.Count);
        Assert.Equal(30, await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Shop && s.SubjectId == world.Shops[0]).CountAsync());
        Assert.True(await db.ScoreSnapshots.CountAsync(s => s.Subject == ScoreSubject.Product && s.Day == yesterday) > 100);
        Assert.True(await db.ScoreSnapshots.CountAsync(s => s.Subject == ScoreSubject.Creator && s.Day == yesterday) >= 1);
        var weakest = latest.MinBy(s => s.Total)!;
        Assert.True(latest.Max(s => s.Total) - weakest.Total > 5, "scores must tell shops apart");

        // Recount one indicator straight from the rows, in memory, and compare with what the snapshot holds.
        var shopId = world.Shops[0];
        var from = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(-29));
        var to = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(1));
        var orders = (await db.Orders.Where(o => o.ShopId == shopId).ToListAsync())
            .Where(o => o.PaidAt >= from && o.PaidAt < to && o.Status != OrderStatus.Cancelled && o.AmountFen >= 0 &&
                        (o.ShippedAt == null || o.ShippedAt >= o.PaidAt) && (o.DeliveredAt == null || (o.ShippedAt != null && o.DeliveredAt >= o.ShippedAt)))
            .ToDictionary(o => o.Id);
        var refunds = (await db.Refunds.Where(r => r.ShopId == shopId).ToListAsync())
            // Only what was known by the end of the day counts (today's after-sales queue is not in yesterday's score).
            .Where(r => orders.TryGetValue(r.OrderId, out var o) && r.AmountFen >= 0 && r.AmountFen <= o.AmountFen && r.RequestedAt < to).ToList();
        var page = await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, shopId);
        Assert.NotNull(page);
        var quality = page.Measures[IndicatorCatalog.QualityRefundRate];
        Assert.Equal(orders.Count, quality.Denominator);
        Assert.Equal(refunds.Count(r => Refund.IsQualityReason(r.Reason)), quality.Numerator);
        // Pickup counts the orders picked up by the end of the day or 48 h past payment; the rest are in assessment.
        var pickedOrDue = orders.Values.Count(o => (o.PickedUpAt != null && o.PickedUpAt < to) || o.PaidAt.AddHours(48) < to);
        Assert.Equal(pickedOrDue, page.Measures[IndicatorCatalog.Pickup48hRate].Denominator);
        Assert.Equal(orders.Count - pickedOrDue, page.Measures[IndicatorCatalog.Pickup48hRate].Pending);
        Assert.True(page.Measures[IndicatorCatalog.Pickup48hRate].Pending > 0, "yesterday's orders are still within their 48 hours");
        Assert.Equal((decimal)latest.Single(s => s.SubjectId == shopId).Total, page.Result.Total);

        // The orders that cost points are exactly the numerator.
        var costing = await world.Services.ScoreViews.CostingAsync(world.Owner, ScoreSubject.Shop, shopId, IndicatorCatalog.QualityRefundRate, page.Day, 30, new PageRequest(0, 200));
        Assert.Equal(quality.Numerator, costing.TotalCount);
        Assert.All(costing.Rows, r => Assert.StartsWith("退款原因", r.Detail.Zh));
        Assert.Equal(30, page.History.Count);
        Assert.Contains(page.Peers.Values, p => p.Count >= 1);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Facts_counted_shop_group_by_shop_group_on_several_connections_are_those_of_one_statement(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        await using var db = world.Db();
        var shops = await db.Shops.Select(s => s.Id).ToListAsync();
        var yesterday = ShanghaiTime.Today(world.Clock).AddDays(-1);
        var from = ShanghaiTime.StartOfDayUtc(yesterday.AddDays(-29));
        var asOf = DueRules.AsOfEndOf(yesterday);

        var whole = await ScoreFacts.CollectAsync(db, null, shops, from, asOf, asOf, CancellationToken.None);
        var split = await ScoreFacts.CollectAsync(db, world.Db, shops, from, asOf, asOf, CancellationToken.None);

        Assert.True(shops.Count >= 2, "the world must have shops to split");
        Assert.True(whole.Cells.Sum(c => c.Counts.Refunds) > 0 && whole.Cells.Sum(c => c.Counts.Reviews) > 0, "the window must hold refunds and reviews");
        // A creator sells in several shops, so its cells come from several groups and are summed afterwards.
        foreach (var subject in new[] { ScoreSubject.Shop, ScoreSubject.Product, ScoreSubject.Creator })
            Assert.Equal(Measures(whole, subject), Measures(split, subject));

        static SortedDictionary<long, string> Measures(FactCells cells, ScoreSubject subject) => new(cells.For(subject).ToDictionary(f => f.Key,
            f => string.Join(" ", f.Value.ToMeasures().OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.Numerator}/{m.Value.Denominator}/{m.Value.Pending}"))));
    }

    [Fact]
    public async Task Impossible_facts_are_listed_and_never_counted()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var issues = await world.Services.ScoreViews.DataQualityAsync(world.Owner, new PageRequest(0, 50));
        Assert.NotEmpty(issues.Rows);
        Assert.All(issues.Rows, i => Assert.Contains(i.ShopId, world.Shops));
        Assert.Contains(issues.Rows, i => i.Problem.En == "Delivered before it was shipped" || i.Problem.En.StartsWith("Negative"));
        await using var db = world.Db();
        var impossible = await DataQuality.CountableOrders(db).CountAsync() - await db.Orders.CountAsync();
        Assert.True(impossible < 0);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_new_rulebook_version_leaves_old_snapshots_explained_by_the_old_one(DatabaseProvider provider)
    {
        await using var world = await SeededWorld.CreateAsync(provider);
        var reviewer = await world.Services.UserIdAsync("reviewer@demo.ks");
        var yesterday = ShanghaiTime.Today(world.Clock).AddDays(-1);
        var before = await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, world.Shops[0], yesterday.AddDays(-1));
        Assert.Equal(1, before!.Rulebook.Version);

        // Move weight from complaints to quality refunds: still 100%, product still weighs most.
        var changed = RulebookDefaults.Shop with
        {
            Dimensions = RulebookDefaults.Shop.Dimensions.Select(d => d with
            {
                Indicators = d.Indicators.Select(i => i.Code switch
                {
                    IndicatorCatalog.QualityRefundRate => i with { Weight = 27 },
                    IndicatorCatalog.ProductComplaintRate => i with { Weight = 5 },
                    _ => i,
                }).ToList(),
            }).ToList(),
        };
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.Scores.PublishAsync(world.Owner, changed.ToJson(), "x"));
        var bad = await Assert.ThrowsAsync<DomainException>(() => world.Services.Scores.PublishAsync(reviewer,
            (changed with { Dimensions = changed.Dimensions.Take(2).ToList() }).ToJson(), "missing service"));
        Assert.Contains("75%", bad.UserMessage.En);
        var v2 = await world.Services.Scores.PublishAsync(reviewer, changed.ToJson(), "品质权重上调");
        Assert.Equal(2, v2.Version);

        await world.Services.Scores.RecomputeForUserAsync(world.Owner, world.Shops[0]);
        var latest = await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, world.Shops[0]);
        Assert.Equal(2, latest!.Rulebook.Version);
        Assert.Equal(27, latest.Result.Indicators.Single(i => i.Rule.Code == IndicatorCatalog.QualityRefundRate).Rule.Weight);
        var old = await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Shop, world.Shops[0], yesterday.AddDays(-1));
        Assert.Equal((1, before.Result.Total), (old!.Rulebook.Version, old.Result.Total));
        Assert.Equal(22, old.Result.Indicators.Single(i => i.Rule.Code == IndicatorCatalog.QualityRefundRate).Rule.Weight);
    }

    [Fact]
    public async Task Scores_are_shown_only_to_those_with_the_right_on_that_shop()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        var agency = await world.Services.UserIdAsync("agency@demo.ks");
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        Assert.NotNull(await world.Services.ScoreViews.PageAsync(agency, ScoreSubject.Shop, world.Shops[0]));    // delegated, with scores
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.ScoreViews.PageAsync(agency, ScoreSubject.Shop, world.Shops[2]));
        await Assert.ThrowsAsync<NotFoundException>(() => world.Services.ScoreViews.PageAsync(creator, ScoreSubject.Shop, world.Shops[0])); // foreign = missing
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Services.Scores.RecomputeForUserAsync(world.Owner, null)); // all shops: platform only
        await using var db = world.Db();
        var creatorId = await db.ScoreSnapshots.Where(s => s.Subject == ScoreSubject.Creator).Select(s => s.SubjectId).FirstAsync();
        Assert.NotNull(await world.Services.ScoreViews.PageAsync(world.Owner, ScoreSubject.Creator, creatorId)); // reputation is public
    }

    [Fact]
    public async Task The_orders_behind_a_creators_public_score_are_shown_only_to_the_creator_and_to_the_merchants_who_sold_them()
    {
        await using var world = await SeededWorld.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = world.Db();
        var creator = await world.Services.UserIdAsync("creator@demo.ks");
        var creatorId = await db.Memberships.Where(m => m.UserId == creator).Select(m => m.OrganisationId).FirstAsync();
        var page = await world.Services.ScoreViews.PageAsync(creator, ScoreSubject.Creator, creatorId);
        Assert.NotNull(page);

        async Task<IReadOnlyList<string>> OrdersSeenBy(string userId) =>
            (await world.Services.ScoreViews.CostingAsync(userId, ScoreSubject.Creator, creatorId, IndicatorCatalog.RefundRate, page.Day, 30, new PageRequest(0, 500)))
            .Rows.Select(r => r.Reference).ToList();
        var all = await OrdersSeenBy(creator);
        var owners = await OrdersSeenBy(world.Owner);
        var reviewer = await OrdersSeenBy(await world.Services.UserIdAsync("reviewer@demo.ks"));

        var ownMerchants = await db.Orders.Where(o => all.Contains(o.OrderNo)).Select(o => new { o.OrderNo, o.MerchantId }).ToListAsync();
        Assert.True(ownMerchants.Select(o => o.MerchantId).Distinct().Count() > 1, "the demo creator carries for several merchants");
        Assert.Equal(ownMerchants.Where(o => o.MerchantId == world.Merchant).Select(o => o.OrderNo).Order(), owners.Order());
        Assert.NotEmpty(owners);
        Assert.Empty(reviewer);
    }
}
