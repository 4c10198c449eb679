using KuaishouSeller.Core.Common;

namespace KuaishouSeller.Core.Scores;

/// <summary>Refuses a rulebook with the exact problem: weights not summing to 100%, gaps or overlaps in bands, unknown indicators, bad tiers.</summary>
public static class RulebookValidator
{
    public static IReadOnlyList<Bilingual> Problems(RulebookDefinition book)
    {
        var problems = new List<Bilingual>();
        if (book.WindowDays is < 7 or > 180) problems.Add(new("统计窗口须在 7 到 180 天之间。", "The window must be 7 to 180 days."));
        var indicators = book.Indicators.ToList();
        if (indicators.Count == 0) problems.Add(new("规则中没有任何指标。", "The rulebook has no indicators."));

        var total = indicators.Sum(i => i.Weight);
        if (total != 100m)
            problems.Add(new($"所有指标的权重合计为 {total}%，必须正好是 100%。", $"The indicator weights add up to {total}%; they must add up to exactly 100%."));
        var supported = IndicatorCatalog.For(book.Subject);
        foreach (var duplicate in indicators.GroupBy(i => i.Code).Where(g => g.Count() > 1))
            problems.Add(new($"指标“{duplicate.Key}”出现了不止一次。", $"The indicator \"{duplicate.Key}\" appears more than once."));
        foreach (var indicator in indicators)
        {
            var code = indicator.Code;
            if (!IndicatorCatalog.IsKnown(code)) { problems.Add(new($"未知指标“{code}”。", $"Unknown indicator \"{code}\".")); continue; }
            if (!supported.Contains(code))
                problems.Add(new($"指标“{code}”不能用于{SubjectZh(book.Subject)}。", $"The indicator \"{code}\" cannot be used for {book.Subject.ToString().ToLowerInvariant()} scores."));
            if (indicator.Weight <= 0) problems.Add(new($"指标“{code}”的权重必须大于 0。", $"The weight of \"{code}\" must be more than 0."));
            if (indicator.MinSample < 1) problems.Add(new($"指标“{code}”的最小样本至少为 1。", $"The minimum sample of \"{code}\" must be at least 1."));
            if (indicator.FallbackPoints is < 0 or > 100) problems.Add(new($"指标“{code}”的兜底分须在 0 到 100 之间。", $"The fallback points of \"{code}\" must be 0 to 100."));
            problems.AddRange(BandProblems(code, indicator.Bands));
        }
        // The platform's promise: what the product is like weighs most in a shop's experience score.
        if (book.Subject == ScoreSubject.Shop && book.Dimensions.Count > 1)
        {
            var product = book.Dimensions.FirstOrDefault(d => d.Code == "product");
            var weights = book.Dimensions.Select(d => (d.Code, Weight: d.Indicators.Sum(i => i.Weight))).ToList();
            if (product is null || weights.Any(w => w.Code != "product" && w.Weight >= weights.First(x => x.Code == "product").Weight))
                problems.Add(new("店铺体验分中“商品”维度的权重必须最大。", "In the shop experience score the product dimension must carry the largest weight."));
        }
        problems.AddRange(TierProblems(book.Tiers));
        return problems;
    }

    private static IEnumerable<Bilingual> BandProblems(string code, IReadOnlyList<Band> bands)
    {
        if (bands.Count == 0) { yield return new($"指标“{code}”没有分段。", $"The indicator \"{code}\" has no bands."); yield break; }
        var sorted = bands.OrderBy(b => b.From).ToList();
        if (sorted[0].From != 0) yield return new($"指标“{code}”的分段须从 0 开始，现在从 {sorted[0].From} 开始。", $"The bands of \"{code}\" must start at 0; they start at {sorted[0].From}.");
        if (sorted[^1].To != 1) yield return new($"指标“{code}”的分段须到 1（100%）为止，现在到 {sorted[^1].To}。", $"The bands of \"{code}\" must end at 1 (100%); they end at {sorted[^1].To}.");
        foreach (var band in sorted)
        {
            if (band.To <= band.From) yield return new($"指标“{code}”的分段 [{band.From}, {band.To}) 是空的。", $"The band [{band.From}, {band.To}) of \"{code}\" is empty.");
            if (band.Points is < 0 or > 100) yield return new($"指标“{code}”的分段分数须在 0 到 100 之间。", $"Band points of \"{code}\" must be 0 to 100.");
        }
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].From < sorted[i - 1].To)
                yield return new($"指标“{code}”的分段 [{sorted[i - 1].From}, {sorted[i - 1].To}) 与 [{sorted[i].From}, {sorted[i].To}) 重叠。",
                    $"The bands [{sorted[i - 1].From}, {sorted[i - 1].To}) and [{sorted[i].From}, {sorted[i].To}) of \"{code}\" overlap.");
            else if (sorted[i].From > sorted[i - 1].To)
                yield return new($"指标“{code}”在 {sorted[i - 1].To} 到 {sorted[i].From} 之间缺少分段。", $"The bands of \"{code}\" miss the range {sorted[i - 1].To} to {sorted[i].From}.");
        }
    }

    private static IEnumerable<Bilingual> TierProblems(IReadOnlyList<TierRule> tiers)
    {
        if (tiers.Count == 0) { yield return new("规则中没有等级。", "The rulebook has no tiers."); yield break; }
        if (tiers.Min(t => t.MinScore) != 0) yield return new("最低等级须从 0 分开始。", "The lowest tier must start at 0 points.");
        foreach (var duplicate in tiers.GroupBy(t => t.MinScore).Where(g => g.Count() > 1))
            yield return new($"多个等级都从 {duplicate.Key} 分开始。", $"Several tiers start at {duplicate.Key} points.");
        if (tiers.Any(t => t.MinScore is < 0 or > 100 || t.TrafficWeight <= 0))
            yield return new("等级起始分须在 0 到 100 之间，流量权重须大于 0。", "Tiers start between 0 and 100 points and need a traffic weight above 0.");
    }

    public static void EnsureValid(RulebookDefinition book)
    {
        var problems = Problems(book);
        if (problems.Count > 0)
            throw new DomainException(new(string.Join("；", problems.Select(p => p.Zh)), string.Join("; ", problems.Select(p => p.En))));
    }

    private static string SubjectZh(ScoreSubject subject) => subject switch
    {
        ScoreSubject.Shop => "店铺体验分",
        ScoreSubject.Product => "商品分",
        _ => "带货口碑分",
    };
}
