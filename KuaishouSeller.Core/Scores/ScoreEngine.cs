namespace KuaishouSeller.Core.Scores;

/// <summary>
/// What was counted for one indicator over the window; Pending counts the facts still in assessment (see
/// <see cref="DueRules"/>), which are in neither the numerator nor the denominator.
/// </summary>
public sealed record Measure(long Numerator, long Denominator, long Pending = 0);

public sealed record IndicatorScore(IndicatorRule Rule, string DimensionCode, Measure Measure, decimal? Value, decimal Points, bool Fallback, bool WhatIf)
{
    /// <summary>Points this indicator adds to the total (weight × points).</summary>
    public decimal Contribution => Math.Round(Rule.Weight * Points / 100m, 2);
    /// <summary>Points the total misses because of this indicator.</summary>
    public decimal Lost => Math.Round(Rule.Weight * (100m - Points) / 100m, 2);
}

public sealed record DimensionScore(DimensionRule Rule, decimal Weight, decimal Contribution, IReadOnlyList<IndicatorScore> Indicators);

/// <summary>The step to the next tier: how many points it needs and the single indicator whose next band gives the most.</summary>
public sealed record NextTierAdvice(TierRule Tier, decimal PointsNeeded, IndicatorScore? Fastest, decimal FastestGain, Band? FastestBand);

public sealed record ScoreResult(decimal Total, TierRule Tier, IReadOnlyList<DimensionScore> Dimensions, NextTierAdvice? Next)
{
    public IEnumerable<IndicatorScore> Indicators => Dimensions.SelectMany(d => d.Indicators);
}

/// <summary>
/// The one scoring engine: the nightly job, the score pages and the what-if simulator all call Evaluate, so a
/// simulated score is computed exactly like a real one.
/// </summary>
public static class ScoreEngine
{
    public static ScoreResult Evaluate(RulebookDefinition book, IReadOnlyDictionary<string, Measure> measures,
        IReadOnlyDictionary<string, decimal>? whatIf = null)
    {
        var dimensions = new List<DimensionScore>();
        foreach (var dimension in book.Dimensions)
        {
            var indicators = new List<IndicatorScore>();
            foreach (var rule in dimension.Indicators)
            {
                var measure = measures.GetValueOrDefault(rule.Code) ?? new Measure(0, 0);
                if (whatIf is not null && whatIf.TryGetValue(rule.Code, out var simulated))
                {
                    var value = Math.Clamp(simulated, 0m, 1m);
                    indicators.Add(new IndicatorScore(rule, dimension.Code, measure, value, PointsFor(rule, value), Fallback: false, WhatIf: true));
                }
                else if (measure.Denominator < rule.MinSample)
                    indicators.Add(new IndicatorScore(rule, dimension.Code, measure, measure.Denominator == 0 ? null : Rate(measure), rule.FallbackPoints, Fallback: true, WhatIf: false));
                else
                {
                    var value = Rate(measure);
                    indicators.Add(new IndicatorScore(rule, dimension.Code, measure, value, PointsFor(rule, value), Fallback: false, WhatIf: false));
                }
            }
            dimensions.Add(new DimensionScore(dimension, dimension.Indicators.Sum(i => i.Weight), indicators.Sum(i => i.Contribution), indicators));
        }
        var total = Math.Round(dimensions.Sum(d => d.Contribution), 2);
        var tiers = SortedTiers.GetValue(book.Tiers, t => t.OrderBy(x => x.MinScore).ToList());
        var tier = tiers.Last(t => t.MinScore <= total);
        var next = tiers.FirstOrDefault(t => t.MinScore > total);
        return new ScoreResult(total, tier, dimensions, next is null ? null : Advise(next, total, dimensions.SelectMany(d => d.Indicators)));
    }

    public static decimal Rate(Measure measure) => measure.Denominator == 0 ? 0 : Math.Round((decimal)measure.Numerator / measure.Denominator, 6);

    /// <summary>The points of the band holding the value; bands are [From, To), the last one includes its end.</summary>
    public static decimal PointsFor(IndicatorRule rule, decimal value)
    {
        var bands = Sorted(rule);
        foreach (var band in bands)
            if (value >= band.From && value < band.To) return band.Points;
        return bands[^1].Points;
    }

    /// <summary>The next better band of an indicator: lower values for lower-is-better, higher for higher-is-better.</summary>
    public static Band? NextBetterBand(IndicatorRule rule, decimal value)
    {
        var bands = Sorted(rule);
        var index = bands.FindIndex(b => value >= b.From && value < b.To);
        if (index < 0) index = bands.Count - 1;
        var candidate = rule.Direction == Direction.LowerIsBetter ? index - 1 : index + 1;
        return candidate >= 0 && candidate < bands.Count && bands[candidate].Points > bands[index].Points ? bands[candidate] : null;
    }

    // Bands sorted once per rulebook version (a recompute scores 100k+ subjects with the same rules), not on every call.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Band>, List<Band>> SortedBands = new();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<TierRule>, List<TierRule>> SortedTiers = new();

    private static List<Band> Sorted(IndicatorRule rule) => SortedBands.GetValue(rule.Bands, bands => bands.OrderBy(b => b.From).ToList());

    private static NextTierAdvice Advise(TierRule next, decimal total, IEnumerable<IndicatorScore> indicators)
    {
        IndicatorScore? fastest = null;
        Band? fastestBand = null;
        decimal gain = 0;
        foreach (var indicator in indicators.Where(i => !i.Fallback && i.Value is not null))
        {
            if (NextBetterBand(indicator.Rule, indicator.Value!.Value) is not { } band) continue;
            var g = Math.Round(indicator.Rule.Weight * (band.Points - indicator.Points) / 100m, 2);
            if (g > gain) (fastest, fastestBand, gain) = (indicator, band, g);
        }
        return new NextTierAdvice(next, Math.Round(next.MinScore - total, 2), fastest, gain, fastestBand);
    }
}
