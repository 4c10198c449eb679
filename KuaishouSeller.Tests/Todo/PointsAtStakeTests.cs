using KuaishouSeller.Core.Scores;

namespace KuaishouSeller.Tests.Todo;

/// <summary>Points at stake are the engine's score with the open facts on time minus the score with them late.</summary>
public sealed class PointsAtStakeTests
{
    private static readonly RulebookDefinition Book = RulebookDefaults.For(ScoreSubject.Shop);

    private static Dictionary<string, Measure> Measures(long onTime, long counted) => new()
    {
        [IndicatorCatalog.Pickup48hRate] = new Measure(onTime, counted),
    };

    [Fact]
    public void The_stake_is_the_difference_of_two_full_evaluations()
    {
        var measures = Measures(1_900, 2_000);
        var stake = PointsAtStake.Of(Book, measures, IndicatorCatalog.Pickup48hRate, 200);
        var onTime = ScoreEngine.Evaluate(Book, new Dictionary<string, Measure>(measures) { [IndicatorCatalog.Pickup48hRate] = new(2_100, 2_200) }).Total;
        var late = ScoreEngine.Evaluate(Book, new Dictionary<string, Measure>(measures) { [IndicatorCatalog.Pickup48hRate] = new(1_900, 2_200) }).Total;
        Assert.Equal(onTime - late, stake.Points);
        Assert.True(stake.Points > 0, "200 late pickups on 2,000 move the 48-hour pickup rate across a band");
        Assert.Equal(2_100m / 2_200m, stake.RateIfOnTime, 4);
        Assert.Equal(1_900m / 2_200m, stake.RateIfLate, 4);
    }

    [Fact]
    public void Nothing_open_or_an_indicator_the_rulebook_lacks_puts_nothing_at_stake()
    {
        Assert.Equal(0, PointsAtStake.Of(Book, Measures(1_900, 2_000), IndicatorCatalog.Pickup48hRate, 0).Points);
        var withoutPickup = Book with { Dimensions = [.. Book.Dimensions.Select(d => d with { Indicators = [.. d.Indicators.Where(i => i.Code != IndicatorCatalog.Pickup48hRate)] })] };
        Assert.Equal(0, PointsAtStake.Of(withoutPickup, Measures(1_900, 2_000), IndicatorCatalog.Pickup48hRate, 50).Points);
        Assert.Throws<ArgumentException>(() => PointsAtStake.Of(Book, Measures(1, 1), IndicatorCatalog.QualityRefundRate, 1));
    }

    [Fact]
    public void One_late_order_in_a_large_window_inside_one_band_costs_nothing_and_the_stake_never_goes_negative()
    {
        // 99.0 % on 100,000: one more order either way stays in the same band.
        var stake = PointsAtStake.Of(Book, Measures(99_000, 100_000), IndicatorCatalog.Pickup48hRate, 1);
        Assert.Equal(0, stake.Points);
        Assert.True(stake.RateIfOnTime >= stake.RateIfLate);
    }
}
