using KuaishouSeller.Core.Common;
using KuaishouSeller.Core.Scores;

namespace KuaishouSeller.Tests.Scores;

/// <summary>The rulebook is data: validated with the exact problem; the engine maps facts to points the same way everywhere.</summary>
public sealed class RulebookAndEngineTests
{
    private static RulebookDefinition Shop => RulebookDefaults.Shop;

    private static RulebookDefinition WithIndicator(RulebookDefinition book, string code, Func<IndicatorRule, IndicatorRule> change) =>
        book with
        {
            Dimensions = book.Dimensions.Select(d => d with { Indicators = d.Indicators.Select(i => i.Code == code ? change(i) : i).ToList() }).ToList(),
        };

    [Fact]
    public void The_default_rulebooks_are_valid_and_round_trip_as_json()
    {
        foreach (var book in new[] { RulebookDefaults.Shop, RulebookDefaults.Product, RulebookDefaults.Creator })
        {
            Assert.Empty(RulebookValidator.Problems(book));
            var again = RulebookDefinition.Parse(book.ToJson());
            Assert.Equal(book.ToJson(), again.ToJson());
        }
    }

    [Fact]
    public void Weights_that_do_not_add_up_to_100_are_refused_with_the_sum()
    {
        var book = WithIndicator(Shop, IndicatorCatalog.QualityRefundRate, i => i with { Weight = 25 });
        var problem = Assert.Single(RulebookValidator.Problems(book));
        Assert.Contains("103%", problem.En);
        Assert.Contains("100%", problem.Zh);
    }

    [Fact]
    public void Overlapping_and_missing_bands_and_unknown_indicators_are_named_exactly()
    {
        var overlapping = WithIndicator(Shop, IndicatorCatalog.Pickup48hRate, i => i with { Bands = [new(0, 0.8m, 30), new(0.7m, 1, 100)] });
        Assert.Contains(RulebookValidator.Problems(overlapping), p => p.En.Contains("[0, 0.8) and [0.7, 1) of \"pickup_48h_rate\" overlap"));
        var gap = WithIndicator(Shop, IndicatorCatalog.Pickup48hRate, i => i with { Bands = [new(0, 0.5m, 30), new(0.6m, 1, 100)] });
        Assert.Contains(RulebookValidator.Problems(gap), p => p.En.Contains("miss the range 0.5 to 0.6"));
        var unknown = WithIndicator(Shop, IndicatorCatalog.Pickup48hRate, i => i with { Code = "followers_growth" });
        Assert.Contains(RulebookValidator.Problems(unknown), p => p.En == "Unknown indicator \"followers_growth\".");
        var chatsForProducts = RulebookDefaults.Product with
        {
            Dimensions = [RulebookDefaults.Product.Dimensions[0] with { Indicators = [new(IndicatorCatalog.ChatReply3minRate, 100, Direction.HigherIsBetter, [new(0, 1, 100)], 1, 80)] }],
        };
        Assert.Contains(RulebookValidator.Problems(chatsForProducts), p => p.En.Contains("cannot be used for product scores"));
    }

    [Fact]
    public void The_product_dimension_must_weigh_most_and_bad_json_is_a_clear_refusal()
    {
        var book = WithIndicator(WithIndicator(Shop, IndicatorCatalog.QualityRefundRate, i => i with { Weight = 2 }), IndicatorCatalog.Pickup48hRate, i => i with { Weight = 30 });
        Assert.Single(RulebookValidator.Problems(book)); // weights still add up to 100
        Assert.Contains(RulebookValidator.Problems(book), p => p.En.Contains("product dimension must carry the largest weight"));
        var e = Assert.Throws<DomainException>(() => RulebookDefinition.Parse("{ \"subject\": "));
        Assert.Contains("not valid JSON", e.UserMessage.En);
    }

    [Fact]
    public void Points_follow_the_bands_small_samples_fall_back_and_the_total_is_the_weighted_sum()
    {
        var rule = Shop.Indicators.First(i => i.Code == IndicatorCatalog.QualityRefundRate);
        Assert.Equal(100, ScoreEngine.PointsFor(rule, 0));
        Assert.Equal(92, ScoreEngine.PointsFor(rule, 0.005m)); // a band's lower end belongs to it
        Assert.Equal(20, ScoreEngine.PointsFor(rule, 1m));     // the last band includes its end

        var measures = new Dictionary<string, Measure>
        {
            [IndicatorCatalog.QualityRefundRate] = new(3, 200),  // 1.5% → 80
            [IndicatorCatalog.NegativeReviewRate] = new(1, 10),  // sample 10 < 20 → fallback 80
            [IndicatorCatalog.ChatReply3minRate] = new(95, 100), // 95% → 100
        };
        var result = ScoreEngine.Evaluate(Shop, measures);
        var quality = result.Indicators.Single(i => i.Rule.Code == IndicatorCatalog.QualityRefundRate);
        Assert.Equal((0.015m, 80m, 17.6m), (quality.Value!.Value, quality.Points, quality.Contribution));
        Assert.True(result.Indicators.Single(i => i.Rule.Code == IndicatorCatalog.NegativeReviewRate).Fallback);
        Assert.Equal(result.Indicators.Sum(i => i.Contribution), result.Total);
        Assert.Equal(result.Dimensions.Sum(d => d.Contribution), result.Total);
    }

    [Fact]
    public void What_if_uses_the_same_engine_and_the_advice_names_the_fastest_indicator()
    {
        var measures = Shop.Indicators.ToDictionary(i => i.Code, _ => new Measure(90, 100));
        measures[IndicatorCatalog.QualityRefundRate] = new(6, 100);      // 6% → 40 points, 22% weight
        foreach (var lower in new[] { IndicatorCatalog.NegativeReviewRate, IndicatorCatalog.ProductComplaintRate, IndicatorCatalog.LogisticsComplaintRate, IndicatorCatalog.ServiceComplaintRate })
            measures[lower] = new(0, 100);
        var now = ScoreEngine.Evaluate(Shop, measures);
        Assert.NotNull(now.Next);
        Assert.Equal(IndicatorCatalog.QualityRefundRate, now.Next.Fastest!.Rule.Code);
        Assert.Equal(0.02m, now.Next.FastestBand!.From); // from 6% it takes getting under 4%

        var simulated = ScoreEngine.Evaluate(Shop, measures, new Dictionary<string, decimal> { [IndicatorCatalog.QualityRefundRate] = 0.004m });
        Assert.Equal(now.Total + 22m * (100 - 40) / 100, simulated.Total);
        Assert.True(simulated.Indicators.Single(i => i.Rule.Code == IndicatorCatalog.QualityRefundRate).WhatIf);
        Assert.True(simulated.Tier.MinScore >= now.Tier.MinScore);
    }
}
