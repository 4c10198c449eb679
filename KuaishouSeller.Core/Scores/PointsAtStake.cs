namespace KuaishouSeller.Core.Scores;

/// <summary>
/// What a set of open facts on one time-bound indicator is worth: the shop's score if every one of them meets its
/// deadline minus the score if every one misses it, computed by <see cref="ScoreEngine.Evaluate"/> on the shop's current
/// measures under the current rulebook. So "ship these 12 today to keep 1.8 points" is the same engine as the score page.
/// </summary>
public sealed record Stake(string IndicatorCode, int Facts, decimal Points, decimal RateIfOnTime, decimal RateIfLate)
{
    public static Stake None(string code) => new(code, 0, 0, 0, 0);
}

public static class PointsAtStake
{
    /// <summary>
    /// The indicators whose numerator counts the facts done on time (<see cref="DueRules.OnTimeExpression"/>): a fact
    /// still open adds one to the denominator either way, and one to the numerator only when it is done in time.
    /// </summary>
    public static readonly IReadOnlySet<string> DueIndicators = new HashSet<string>
    {
        IndicatorCatalog.Pickup48hRate, IndicatorCatalog.Delivery5dRate, IndicatorCatalog.Refund3dResolveRate, IndicatorCatalog.ChatReply3minRate,
    };

    public static Stake Of(RulebookDefinition book, IReadOnlyDictionary<string, Measure> measures, string code, int facts)
    {
        if (!DueIndicators.Contains(code)) throw new ArgumentException($"{code} has no deadline.", nameof(code));
        if (facts <= 0 || !book.Dimensions.Any(d => d.Indicators.Any(i => i.Code == code))) return Stake.None(code);
        var now = measures.GetValueOrDefault(code) ?? new Measure(0, 0);
        var onTime = new Measure(now.Numerator + facts, now.Denominator + facts);
        var late = new Measure(now.Numerator, now.Denominator + facts);
        var ifOnTime = ScoreEngine.Evaluate(book, With(measures, code, onTime)).Total;
        var ifLate = ScoreEngine.Evaluate(book, With(measures, code, late)).Total;
        return new Stake(code, facts, Math.Max(0, ifOnTime - ifLate), ScoreEngine.Rate(onTime), ScoreEngine.Rate(late));
    }

    private static Dictionary<string, Measure> With(IReadOnlyDictionary<string, Measure> measures, string code, Measure measure) =>
        new(measures) { [code] = measure };
}
